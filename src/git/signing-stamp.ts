// A stamp of the git config that decides how entries are verified, so a verdict kept in .git/dit/ is only
// reused while that config is unchanged, without a git process to ask.
import { readFileSync } from 'node:fs';
import { configFiles } from './config-files.js';
import type { Git } from './repo.js';
import { configStamp } from './terminal.js';

/**
 * The config files' stamp (their size, time and inode, as for colour and the pager), or null whenever a
 * stamp could miss a change: a file that includes another, settings from the environment (`git -c`,
 * GIT_CONFIG_COUNT), a file changed too recently to tell by its time. `~/` in a path is HOME's.
 */
export function signingStamp(git: Pick<Git, 'env' | 'gitDir'>): string | null {
  const env = git.env;
  if (env.GIT_CONFIG_PARAMETERS !== undefined || env.GIT_CONFIG_COUNT !== undefined) return null;
  for (const f of configFiles(git)) {
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch {
      continue;
    }
    if (/^\s*\[\s*include/im.test(text)) return null;
  }
  const stamp = configStamp(git);
  return stamp && `${stamp}\nHOME=${env.HOME ?? ''}`;
}
