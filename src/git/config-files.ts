// The config files git reads for a repository, in git's order, for answers Node can give without starting git.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Git } from './repo.js';

/** System, global (XDG and ~/.gitconfig, or GIT_CONFIG_GLOBAL), the repository's, the worktree's. */
export function configFiles(git: Pick<Git, 'env' | 'gitDir'>): string[] {
  const env = git.env;
  const home = env.HOME ?? '';
  let common = git.gitDir;
  try {
    common = resolve(git.gitDir, readFileSync(join(git.gitDir, 'commondir'), 'utf8').trim());
  } catch {
    /* not a linked worktree */
  }
  return [
    ...(env.GIT_CONFIG_NOSYSTEM ? [] : [env.GIT_CONFIG_SYSTEM ?? '/etc/gitconfig']),
    ...(env.GIT_CONFIG_GLOBAL !== undefined
      ? [env.GIT_CONFIG_GLOBAL]
      : [join(env.XDG_CONFIG_HOME || join(home, '.config'), 'git/config'), join(home, '.gitconfig')]),
    join(common, 'config'),
    join(git.gitDir, 'config.worktree'),
  ].filter(Boolean);
}

/**
 * Whether any config git reads could mention `pattern`: false only when no file does, none includes
 * another and no setting comes from the environment (`git -c`, GIT_CONFIG_COUNT); otherwise null
 * (ask git).
 */
export function configMayMention(git: Pick<Git, 'env' | 'gitDir'>, pattern: RegExp): false | null {
  if (Object.keys(git.env).some((k) => k === 'GIT_CONFIG_PARAMETERS' || k === 'GIT_CONFIG_COUNT')) return null;
  for (const f of configFiles(git)) {
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch {
      continue;
    }
    if (pattern.test(text) || /^\s*\[\s*include/im.test(text)) return null;
  }
  return false;
}
