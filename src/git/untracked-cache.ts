// Turns on git's untracked cache in a working copy with tickets, so git status need not read every ticket folder.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Git } from './repo.js';

/**
 * Looking for untracked files in ten thousand ticket folders was most of what `git status` cost in a
 * repository with tickets (194 ms of 253 at 10,000 tickets). git's untracked cache (`core.untrackedCache`,
 * which `feature.manyFiles` also turns on) remembers each folder's listing by its mtime, so git reads only
 * folders that changed; what status shows is the same. Set once in the repository's own config unless the
 * user already chose (in any config file, so a global `false` is kept).
 */
export async function useUntrackedCache(git: Git): Promise<void> {
  if (!git.worktree) return;
  const marker = join(git.gitDir, 'dit', 'untracked-cache-checked');
  try {
    if (existsSync(marker)) return;
    const local = readFileSync(join(commonDir(git.gitDir), 'config'), 'utf8');
    if (!/^\s*untrackedcache\s*=/im.test(local)) {
      const r = await git.run(['config', '--get', 'core.untrackedCache'], { okCodes: [1] });
      if (r.code === 1) await git.run(['config', 'core.untrackedCache', 'true']);
    }
    mkdirSync(join(git.gitDir, 'dit'), { recursive: true });
    writeFileSync(marker, 'core.untrackedCache was looked at; delete this file to look again\n');
  } catch {
    // a config that cannot be read or written costs git status time, never an answer
  }
}

function commonDir(gitDir: string): string {
  try {
    return resolve(gitDir, readFileSync(join(gitDir, 'commondir'), 'utf8').trim());
  } catch {
    return gitDir;
  }
}
