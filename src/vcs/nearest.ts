// Which system a folder is in: the nearest `.git` or `.hg` above it (a git repository inside an hg working copy is git's, and the other way round).
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** `git` or `hg` for the nearest repository folder above `start`, or null when there is none. */
export function nearestVcs(start: string): 'git' | 'hg' | null {
  for (let d = resolve(start); ; ) {
    if (statSync(join(d, '.hg'), { throwIfNoEntry: false })?.isDirectory()) return 'hg';
    if (statSync(join(d, '.git'), { throwIfNoEntry: false })) return 'git';
    const up = resolve(d, '..');
    if (up === d) return null;
    d = up;
  }
}
