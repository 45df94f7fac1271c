// Symbolic links in the working tree under `.dit/`: a repository can commit `.dit/templates/x.md ->
// /etc/passwd` or `.dit/tickets -> ~/.ssh`, so dit never reads or writes through one.
import { lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { DitError } from '../errors.js';

/** The first component of `rel` (a path from `top`, `/`-separated) that is a symbolic link; null if none is. */
export async function linkOn(top: string, rel: string): Promise<string | null> {
  let at = '';
  for (const part of rel.split('/')) {
    if (!part) continue;
    at = at ? `${at}/${part}` : part;
    const st = await lstat(join(top, at)).catch(() => null);
    if (!st) return null; // what does not exist is made by dit, as a real folder or file
    if (st.isSymbolicLink()) return at;
  }
  return null;
}

/** The error for a link dit met where it reads or writes (`bad-path`: a path that would leave its place). */
export function linkError(link: string, doing: 'read' | 'write'): DitError {
  return new DitError(
    'bad-path',
    `${link} is a symbolic link, and dit never ${doing === 'read' ? 'reads' : 'writes'} through one under .dit/; ` +
      `replace it with a real ${doing === 'read' ? 'file' : 'folder'} (git rm ${link}) and try again`,
    { path: link },
  );
}

/**
 * Refuses to write `paths` when one passes through a link. Each folder is looked at once, however many
 * files go in it; the files themselves are replaced by a rename (or removed first), never written through.
 */
export async function refuseLinkedFolders(top: string, paths: readonly string[]): Promise<void> {
  const folders = new Set(paths.map((p) => p.slice(0, Math.max(0, p.lastIndexOf('/')))));
  for (const folder of folders) {
    const link = folder ? await linkOn(top, folder) : null;
    if (link) throw linkError(link, 'write');
  }
}
