// Unified diffs as data: files, hunks and numbered lines parsed from `git diff` text, side-by-side rows, and which files to summarise.

export type LineKind = 'context' | 'add' | 'del';
export interface DiffLine {
  kind: LineKind;
  /** Line numbers in the old and new file (null on the side the line is not on). */
  old: number | null;
  new: number | null;
  text: string;
}
export interface Hunk {
  header: string;
  oldStart: number;
  newStart: number;
  lines: DiffLine[];
}
export interface FilePatch {
  path: string;
  oldPath: string | null;
  binary: boolean;
  hunks: Hunk[];
  /** Lines cut to this many characters; a longer line is marked. */
  cut: boolean;
}

/** A line longer than this is shown cut (a minified file's one line must not make the page huge). */
export const MAX_LINE_CHARS = 2000;

/** Undoes git's C-style quoting of unusual paths (`"a\tb\303\251"`), bytes decoded as UTF-8. */
export function unquotePath(s: string): string {
  if (!s.startsWith('"') || !s.endsWith('"') || s.length < 2) return s;
  const bytes: number[] = [];
  const body = s.slice(1, -1);
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, b: 8, f: 12, a: 7, v: 11, '"': 34, '\\': 92 };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      for (const b of Buffer.from(ch, 'utf8')) bytes.push(b);
      continue;
    }
    const next = body[i + 1] ?? '';
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8) & 0xff);
      i += 3;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

const strip = (p: string, prefix: string): string => {
  // git ends a ---/+++ name that holds a space with a tab
  const u = unquotePath(p.replace(/\t$/, ''));
  return u.startsWith(prefix) ? u.slice(prefix.length) : u;
};

/** The path pair of a `diff --git a/X b/Y` header when it is unambiguous (no quoting, the same name twice). */
function headerPath(rest: string): string | null {
  if (rest.startsWith('"')) {
    const m = /^("(?:[^"\\]|\\.)*") ("(?:[^"\\]|\\.)*"|\S.*)$/.exec(rest);
    return m ? strip(m[2]!, 'b/') : null;
  }
  const half = (rest.length - 1) / 2;
  if (Number.isInteger(half) && rest.slice(0, half).slice(2) === rest.slice(half + 1).slice(2))
    return rest.slice(half + 3);
  return null;
}

/** Parses `git diff` output (with a/ and b/ prefixes) into files; a cut-off last file keeps what arrived. */
export function parsePatch(text: string): FilePatch[] {
  const files: FilePatch[] = [];
  let f: FilePatch | null = null;
  let h: Hunk | null = null;
  let oldNo = 0;
  let newNo = 0;
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const line of lines) {
    if (line.startsWith('diff --git ')) {
      f = { path: headerPath(line.slice(11)) ?? '', oldPath: null, binary: false, hunks: [], cut: false };
      files.push(f);
      h = null;
      continue;
    }
    if (!f) continue;
    if (h) {
      const c = line[0];
      if (c === ' ' || c === '+' || c === '-') {
        let body = line.slice(1);
        if (body.length > MAX_LINE_CHARS) {
          body = `${body.slice(0, MAX_LINE_CHARS)}…`;
          f.cut = true;
        }
        if (c === ' ') h.lines.push({ kind: 'context', old: oldNo++, new: newNo++, text: body });
        else if (c === '+') h.lines.push({ kind: 'add', old: null, new: newNo++, text: body });
        else h.lines.push({ kind: 'del', old: oldNo++, new: null, text: body });
        continue;
      }
      if (c === '\\') continue; // "\ No newline at end of file"
      h = null;
    }
    const hunk = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@(.*)$/.exec(line);
    if (hunk) {
      oldNo = Number(hunk[1]);
      newNo = Number(hunk[2]);
      h = { header: line, oldStart: oldNo, newStart: newNo, lines: [] };
      f.hunks.push(h);
      continue;
    }
    if (line.startsWith('rename from ') || line.startsWith('copy from '))
      f.oldPath = strip(line.replace(/^\w+ from /, ''), '');
    else if (line.startsWith('rename to ') || line.startsWith('copy to '))
      f.path = strip(line.replace(/^\w+ to /, ''), '');
    else if (line.startsWith('+++ ') && line !== '+++ /dev/null') f.path = strip(line.slice(4), 'b/');
    else if (line.startsWith('--- ') && line !== '--- /dev/null' && !f.path) f.path = strip(line.slice(4), 'a/');
    else if (line.startsWith('Binary files ') || line === 'GIT binary patch') f.binary = true;
  }
  return files;
}

/** One row of the split view: the old line on the left, the new on the right (either may be empty). */
export interface SplitRow {
  left: DiffLine | null;
  right: DiffLine | null;
}

/** Pairs each run of removed lines with the added lines that follow it, as side-by-side views do. */
export function splitRows(lines: readonly DiffLine[]): SplitRow[] {
  const rows: SplitRow[] = [];
  let i = 0;
  while (i < lines.length) {
    const l = lines[i]!;
    if (l.kind === 'context') {
      rows.push({ left: l, right: l });
      i++;
      continue;
    }
    const dels: DiffLine[] = [];
    const adds: DiffLine[] = [];
    while (i < lines.length && lines[i]!.kind === 'del') dels.push(lines[i++]!);
    while (i < lines.length && lines[i]!.kind === 'add') adds.push(lines[i++]!);
    for (let k = 0; k < Math.max(dels.length, adds.length); k++)
      rows.push({ left: dels[k] ?? null, right: adds[k] ?? null });
  }
  return rows;
}

const GENERATED = [
  /(^|\/)(package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|Cargo\.lock|Gemfile\.lock|composer\.lock|poetry\.lock|go\.sum)$/,
  /\.min\.(js|css)$/,
  /\.map$/,
  /(^|\/)(dist|vendor|node_modules)\//,
  /(^|\/)\.dit\//,
];

/** Files a reviewer rarely reads line by line (lock files, minified and vendored code, dit's own entries): collapsed. */
export const isGenerated = (path: string): boolean => GENERATED.some((r) => r.test(path));

/** The few lines of a diff that lead up to a line (what a line comment quotes as its context). */
export function contextOf(file: FilePatch, side: 'old' | 'new', line: number, count = 4): DiffLine[] | null {
  for (const h of file.hunks) {
    const at = h.lines.findIndex((l) =>
      side === 'old' ? l.old === line && l.kind !== 'add' : l.new === line && l.kind !== 'del',
    );
    if (at >= 0) return h.lines.slice(Math.max(0, at - count + 1), at + 1);
  }
  return null;
}

/**
 * Where a line of a diff's old file is in its new file: its own line when the diff keeps it as context,
 * else shifted by what the hunks above it added and removed; null when the diff removes or changes it
 * (an outdated line comment then goes above its file). `file` null: the file did not change.
 */
export function movedLine(file: FilePatch | null, line: number): number | null {
  if (!file) return line;
  if (file.binary) return null;
  let moved = line; // above the first hunk a line stays where it was
  for (const h of file.hunks) {
    const hit = h.lines.find((l) => l.old === line);
    if (hit) return hit.kind === 'context' ? hit.new : null;
    const olds = h.lines.filter((l) => l.old !== null).length;
    const news = h.lines.filter((l) => l.new !== null).length;
    // a side with no lines names the line before the change (`@@ -5,0 +6,2 @@` inserts after old line 5)
    const oldEnd = olds ? h.oldStart + olds - 1 : h.oldStart;
    const newEnd = news ? h.newStart + news - 1 : h.newStart;
    if (line <= oldEnd) return line >= h.oldStart && olds ? null : moved;
    moved = line - oldEnd + newEnd;
  }
  return moved;
}
