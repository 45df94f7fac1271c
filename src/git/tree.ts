// Git tree objects as pure parse/serialise functions over bytes.

export interface TreeEntry { mode: string; name: string; oid: string }

export const isTree = (e: TreeEntry): boolean => e.mode === '40000';

/** Parses a raw tree object (`<mode> <name>\0<binary oid>` repeated). */
export function parseTree(data: Buffer, oidBytes = 20): TreeEntry[] {
  const out: TreeEntry[] = [];
  let i = 0;
  while (i < data.length) {
    const sp = data.indexOf(0x20, i);
    const nul = data.indexOf(0, sp);
    if (sp < 0 || nul < 0 || nul + 1 + oidBytes > data.length) throw new Error('malformed git tree object');
    out.push({
      mode: data.toString('latin1', i, sp),
      name: data.toString('utf8', sp + 1, nul),
      oid: data.toString('hex', nul + 1, nul + 1 + oidBytes),
    });
    i = nul + 1 + oidBytes;
  }
  return out;
}

/** `git mktree` input for a list of entries. */
export function mktreeInput(entries: readonly TreeEntry[]): string {
  return entries.map((e) => `${e.mode} ${isTree(e) ? 'tree' : 'blob'} ${e.oid}\t${e.name}\n`).join('');
}
