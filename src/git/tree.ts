// Git tree objects as pure parse/serialise functions over bytes.
import { createHash } from 'node:crypto';

export interface TreeEntry {
  mode: string;
  name: string;
  oid: string;
}

export const isTree = (e: TreeEntry): boolean => e.mode === '40000';

/**
 * Parses a raw tree object (`<mode> <name>\0<binary oid>` repeated). Hot: a view lists trees of
 * ten thousand entries, so names and ids are sliced from two strings each decoded in one native call.
 */
export function parseTree(data: Buffer, oidBytes = 20): TreeEntry[] {
  const out: TreeEntry[] = [];
  const text = data.toString('latin1');
  const hex = data.toString('hex');
  let i = 0;
  while (i < data.length) {
    const sp = text.indexOf(' ', i);
    const nul = text.indexOf('\0', sp);
    if (sp < 0 || nul < 0 || nul + 1 + oidBytes > data.length) throw new Error('malformed git tree object');
    let name = text.slice(sp + 1, nul);
    if (/[^\x00-\x7f]/.test(name)) name = data.toString('utf8', sp + 1, nul); // non-ASCII names are UTF-8
    const oid = hex.slice(2 * (nul + 1), 2 * (nul + 1 + oidBytes));
    out.push({ mode: text.slice(i, sp), name, oid });
    i = nul + 1 + oidBytes;
  }
  return out;
}

/** `git mktree` input for a list of entries. */
export function mktreeInput(entries: readonly TreeEntry[]): string {
  return entries.map((e) => `${e.mode} ${isTree(e) ? 'tree' : 'blob'} ${e.oid}\t${e.name}\n`).join('');
}

/** A git object id: sha1 of `<type> <size>\0<data>`. */
export function objectId(type: 'blob' | 'tree' | 'commit', data: Buffer): string {
  return createHash('sha1').update(`${type} ${data.length}\0`).update(data).digest('hex');
}

/** Serialises a tree in git's order: by name, a directory sorting as if its name ended in `/`. */
export function serializeTree(entries: readonly TreeEntry[]): Buffer {
  const key = (e: TreeEntry) => Buffer.from(isTree(e) ? `${e.name}/` : e.name, 'utf8');
  const sorted = entries.map((e) => ({ e, k: key(e) })).sort((a, b) => Buffer.compare(a.k, b.k));
  return Buffer.concat(
    sorted.flatMap(({ e }) => [Buffer.from(`${e.mode} ${e.name}\0`, 'utf8'), Buffer.from(e.oid, 'hex')]),
  );
}

/** Where a directory entry is in a raw tree: its bytes `start..end` and id, or (`oid` null) where it would go. */
export interface DirSlot {
  name: string;
  start: number;
  end: number;
  oid: string | null;
}

const SLASH = 0x2f;

/** Git's order of a raw entry's name (with `/` after a directory's) against `key`: <0, 0 or >0. */
function compareKey(data: Buffer, s: number, e: number, dir: boolean, key: Buffer): number {
  if (e > s && key.length && data[s] !== key[0]) return data[s]! < key[0]! ? -1 : 1; // most names differ at once
  const len = e - s;
  const min = Math.min(len, key.length);
  const c = data.compare(key, 0, min, s, s + min);
  if (c) return c;
  for (let i = min; ; i++) {
    const a = i < len ? data[s + i]! : i === len && dir ? SLASH : -1;
    const b = i < key.length ? key[i]! : -1;
    if (a !== b) return a < b ? -1 : 1;
    if (a === -1) return 0;
  }
}

/**
 * Finds directories by name in a raw tree in one pass over its bytes, without decoding its entries:
 * what lets a write into a folder of a hundred thousand tickets cost one scan instead of a parse and a
 * re-serialisation. Slots come in git's order; null when a name is there as a file (the caller edits
 * the tree the slow way).
 */
export function locateDirs(data: Buffer, names: readonly string[], oidBytes = 20): DirSlot[] | null {
  const wanted = names
    .map((name) => ({ name, key: Buffer.from(`${name}/`, 'utf8') }))
    .sort((a, b) => Buffer.compare(a.key, b.key));
  const asNames = new Set(names);
  const slots: DirSlot[] = [];
  let pos = 0;
  let t = 0;
  while (t < wanted.length) {
    if (pos >= data.length) {
      slots.push({ name: wanted[t++]!.name, start: pos, end: pos, oid: null });
      continue;
    }
    const sp = data.indexOf(0x20, pos);
    const nul = sp < 0 ? -1 : data.indexOf(0, sp);
    const end = nul + 1 + oidBytes;
    if (sp < 0 || nul < 0 || end > data.length) throw new Error('malformed git tree object');
    const dir = sp - pos === 5; // 40000, the one mode of five digits
    if (!dir && asNames.has(data.toString('utf8', sp + 1, nul))) return null;
    const c = compareKey(data, sp + 1, nul, dir, wanted[t]!.key);
    if (c < 0) {
      pos = end;
    } else if (c === 0) {
      slots.push({ name: wanted[t++]!.name, start: pos, end, oid: data.toString('hex', nul + 1, end) });
      pos = end;
    } else {
      slots.push({ name: wanted[t++]!.name, start: pos, end: pos, oid: null });
    }
  }
  return slots;
}

/** The raw tree with each slot's directory set to `oids.get(name)` (null or absent: removed). */
export function spliceDirs(data: Buffer, slots: readonly DirSlot[], oids: ReadonlyMap<string, string | null>): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (const s of slots) {
    parts.push(data.subarray(at, s.start));
    const oid = oids.get(s.name);
    if (oid) parts.push(Buffer.from(`40000 ${s.name}\0`, 'utf8'), Buffer.from(oid, 'hex'));
    at = s.end;
  }
  parts.push(data.subarray(at));
  return Buffer.concat(parts);
}
