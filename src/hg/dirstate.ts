// hg's dirstate (format v1) read without hg: the working copy's parents and what is added, removed or merged.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One tracked file: `n` normal, `a` added, `r` removed, `m` merged from the second parent. */
export interface DirstateEntry {
  state: 'n' | 'a' | 'r' | 'm';
  path: string;
}

export interface Dirstate {
  /** The working copy's parent, or null before the first commit. */
  p1: string | null;
  p2: string | null;
  entries: DirstateEntry[];
}

const NULL = '0'.repeat(40);

/**
 * Parses a v1 dirstate: two 20-byte parents, then per file a state byte, mode, size and mtime (32-bit
 * big-endian each), the name's length and the name (`name\0copysource` for a copy). Null when the
 * bytes are not a v1 dirstate (a v2 one names its data file instead).
 */
export function parseDirstate(data: Buffer, prefix = ''): Dirstate | null {
  if (data.length < 40) return data.length === 0 ? { p1: null, p2: null, entries: [] } : null;
  const hex = (a: number) => {
    const h = data.toString('hex', a, a + 20);
    return h === NULL ? null : h;
  };
  const out: Dirstate = { p1: hex(0), p2: hex(20), entries: [] };
  let at = 40;
  const want = Buffer.from(prefix, 'utf8');
  while (at < data.length) {
    if (at + 17 > data.length) return null;
    const state = String.fromCharCode(data[at]!);
    const len = data.readUInt32BE(at + 13);
    const start = at + 17;
    if (start + len > data.length || !'narm'.includes(state)) return null;
    at = start + len;
    if (want.length && data.compare(want, 0, want.length, start, start + Math.min(len, want.length)) !== 0) continue;
    let end = data.indexOf(0, start);
    if (end < 0 || end > at) end = at;
    out.entries.push({ state: state as DirstateEntry['state'], path: data.toString('utf8', start, end) });
  }
  return out;
}

/** The working copy's dirstate under `.hg/`, or null when it is in a format dit does not read (ask hg then). */
export async function readDirstate(hgDir: string, prefix = ''): Promise<Dirstate | null> {
  const requires = await readFile(join(hgDir, 'requires'), 'utf8').catch(() => '');
  if (/^dirstate-v2$/m.test(requires)) return null;
  const data = await readFile(join(hgDir, 'dirstate')).catch((e: NodeJS.ErrnoException) =>
    e.code === 'ENOENT' ? Buffer.alloc(0) : null,
  );
  return data ? parseDirstate(data, prefix) : null;
}
