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
