// A working copy set up to sign as git users set it up: gpg.format, user.signingKey, an allowed-signers file.
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Repo } from './helpers.js';
import { type GpgTestKey, gpgKey, type SshTestKey, sshKey } from './keys.js';

/** SSH signing with a new ed25519 key, and git's allowed-signers file naming it for the repository's author. */
export function sshSigning(
  repo: Repo,
  opts: { key?: SshTestKey; email?: string; on?: 'dit.sign' | 'commit.gpgSign' } = {},
) {
  const key = opts.key ?? sshKey('ed25519');
  const allowed = join(repo.env.HOME!, 'allowed_signers');
  writeFileSync(allowed, `${opts.email ?? repo.env.GIT_AUTHOR_EMAIL} ${key.line}\n`);
  repo.git('config', 'gpg.format', 'ssh');
  repo.git('config', 'user.signingKey', key.priv);
  repo.git('config', 'gpg.ssh.allowedSignersFile', allowed);
  repo.git('config', opts.on ?? 'dit.sign', 'true');
  return { key, allowed, allow: (email: string, k: SshTestKey) => appendFileSync(allowed, `${email} ${k.line}\n`) };
}

/** OpenPGP signing with a new key in the repository's own GNUPGHOME (the environment the repo's commands get). */
export function gpgSigning(repo: Repo, opts: { on?: 'dit.sign' | 'commit.gpgSign' } = {}): GpgTestKey {
  const home = join(repo.env.HOME!, '.gnupg');
  const key = gpgKey(repo.env.GIT_AUTHOR_NAME!, repo.env.GIT_AUTHOR_EMAIL!, home);
  repo.env.GNUPGHOME = home;
  repo.git('config', 'user.signingKey', key.fingerprint);
  repo.git('config', opts.on ?? 'commit.gpgSign', 'true');
  return key;
}
