// Who git says the user is, remembered while the environment and config files that decide it are unchanged.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Git } from './repo.js';

type Who = { name: string; email: string };

/** Environment variables git reads when it works out GIT_AUTHOR_IDENT. */
const ENV = /^(GIT_AUTHOR_(NAME|EMAIL)|EMAIL|HOME|XDG_CONFIG_HOME|GIT_CONFIG(_.*)?|GIT_DIR|GIT_COMMON_DIR)$/;

/**
 * A fingerprint of everything `git var GIT_AUTHOR_IDENT` depends on: the variables above and the
 * identity (inode, size, mtime) of each config file it may read. Null when a config file includes
 * another (its changes would not show here) or changed in the last two seconds (too recent to tell).
 */
function fingerprint(git: Git): string | null {
  const env = git.env;
  const home = env.HOME ?? '';
  const common = (() => {
    try {
      return resolve(git.gitDir, readFileSync(join(git.gitDir, 'commondir'), 'utf8').trim());
    } catch {
      return git.gitDir;
    }
  })();
  const files = [
    env.GIT_CONFIG_NOSYSTEM ? null : (env.GIT_CONFIG_SYSTEM ?? '/etc/gitconfig'),
    ...(env.GIT_CONFIG_GLOBAL !== undefined
      ? [env.GIT_CONFIG_GLOBAL]
      : [join(env.XDG_CONFIG_HOME || join(home, '.config'), 'git/config'), join(home, '.gitconfig')]),
    join(common, 'config'),
    join(git.gitDir, 'config.worktree'),
  ];
  const h = createHash('sha1');
  for (const k of Object.keys(env)
    .filter((k) => ENV.test(k))
    .sort())
    h.update(`${k}=${env[k]}\0`);
  const now = Date.now();
  for (const f of files) {
    if (!f) continue;
    const st = statSync(f, { throwIfNoEntry: false, bigint: true });
    if (!st) {
      h.update(`${f}:-\0`);
      continue;
    }
    if (now - Number(st.mtimeMs) < 2000) return null;
    if (/^\s*\[\s*include/im.test(readFileSync(f, 'utf8'))) return null;
    h.update(`${f}:${st.ino}:${st.size}:${st.mtimeNs}\0`);
  }
  return h.digest('hex');
}

/** `ask()` (which runs git), unless the same fingerprint was answered before; then that answer. */
export async function cachedIdentity(git: Git, ask: () => Promise<Who>): Promise<Who> {
  let key: string | null = null;
  const file = join(git.gitDir, 'dit', 'identity.json');
  try {
    key = fingerprint(git);
    if (key) {
      const known = JSON.parse(readFileSync(file, 'utf8')) as { key?: unknown; name?: unknown; email?: unknown };
      if (known.key === key && typeof known.name === 'string' && typeof known.email === 'string')
        return { name: known.name, email: known.email };
    }
  } catch {
    // no cached answer yet, or an unreadable one: ask git
  }
  const who = await ask();
  if (key) {
    try {
      mkdirSync(join(git.gitDir, 'dit'), { recursive: true });
      const tmp = `${file}.${process.pid}`;
      writeFileSync(tmp, JSON.stringify({ key, ...who }));
      renameSync(tmp, file);
    } catch {
      // a cache file that cannot be written costs a git process next time, never an answer
    }
  }
  return who;
}
