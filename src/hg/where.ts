// Where an hg working copy's folders are, found without running hg: its top, its `.hg`, and its store (a share's is elsewhere).
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface HgFolders {
  /** The working copy's top folder. */
  root: string;
  /** Its `.hg` folder. */
  hgDir: string;
  /** Where the store is (`.hg/store`, or the shared source's for a share). */
  storeDir: string;
}

/** The working copy `dir` is in (found by walking up to `.hg/`, as hg does), or null when none is above it. */
export function hgFolders(dir: string): HgFolders | null {
  let d = resolve(dir);
  for (;;) {
    if (statSync(join(d, '.hg'), { throwIfNoEntry: false })?.isDirectory()) break;
    const up = resolve(d, '..');
    if (up === d) return null;
    d = up;
  }
  const hgDir = join(d, '.hg');
  let storeDir = join(hgDir, 'store');
  try {
    storeDir = join(resolve(d, readFileSync(join(hgDir, 'sharedpath'), 'utf8').trim()), 'store'); // a share
  } catch {
    /* not a share */
  }
  return { root: d, hgDir, storeDir };
}
