// Reads the git config keys that say how to sign and verify (one `git config` call for all of them).
import { SIGNING_KEYS, type SigningConfig, signingConfig } from '../model/trust/signing-config.js';
import type { Git } from './repo.js';

/** Every scope git reads (system, global, local, worktree, `-c`), last value winning, as git signs commits. */
export async function readSigningConfig(git: Git): Promise<SigningConfig> {
  const pattern = `^(${SIGNING_KEYS.map((k) => k.replace(/\./g, '\\.')).join('|')})$`;
  const r = await git.run(['config', '-z', '--get-regexp', pattern], { okCodes: [1] });
  const pairs = r.stdout
    .toString('utf8')
    .split('\0')
    .filter(Boolean)
    .map((item) => {
      const nl = item.indexOf('\n');
      // `-z` prints a key set without "=" as the name alone: git reads that as true
      return nl < 0 ? { name: item, value: 'true' } : { name: item.slice(0, nl), value: item.slice(nl + 1) };
    });
  return signingConfig(pairs, git.env.HOME);
}
