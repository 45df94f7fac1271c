// Request paths checked before anything routes them: every traversal form is refused as it arrives.
const BAD_SEGMENT = /[\\\0]|^\.\.?$/;

/**
 * The decoded path segments of a raw request target, or null when it tries to leave its place:
 * `..` or `.` (plain or percent-encoded, in any case), encoded slashes, backslashes, NUL, control
 * characters, bad percent escapes.
 */
export function pathSegments(rawTarget: string): string[] | null {
  const q = rawTarget.indexOf('?');
  const path = q < 0 ? rawTarget : rawTarget.slice(0, q);
  if (!path.startsWith('/') || path.startsWith('//') || path.length > 2048 || /[\\\0]/.test(path)) return null;
  const out: string[] = [];
  const raw = path.slice(1).split('/');
  for (let i = 0; i < raw.length; i++) {
    let seg: string;
    try {
      seg = decodeURIComponent(raw[i]!);
    } catch {
      return null;
    }
    if (seg.includes('/') || BAD_SEGMENT.test(seg) || /[\x00-\x1f\x7f]/.test(seg)) return null;
    if (seg === '' && i !== raw.length - 1 && i !== 0) return null; // `a//b`
    out.push(seg);
  }
  return out;
}
