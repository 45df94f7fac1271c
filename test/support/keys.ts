// Real signing keys for tests: SSH keys made by ssh-keygen, OpenPGP keys in a temporary gpg home.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './helpers.js';

export interface SshTestKey {
  /** The private key file (what `user.signingKey` names). */
  priv: string;
  pub: string;
  /** The `type base64 comment` line. */
  line: string;
  fingerprint: string;
}

/** A new SSH key without a passphrase (`ed25519`, `ecdsa` with bits 256/384/521, `rsa`). */
export function sshKey(
  type: 'ed25519' | 'ecdsa' | 'rsa' = 'ed25519',
  bits?: number,
  dir = tempDir('dit-key-'),
): SshTestKey {
  const priv = join(dir, `id_${type}${bits ?? ''}`);
  execFileSync(
    'ssh-keygen',
    ['-q', '-t', type, ...(bits ? ['-b', String(bits)] : []), '-N', '', '-C', 'test key', '-f', priv],
    {
      stdio: 'pipe',
    },
  );
  const line = readFileSync(`${priv}.pub`, 'utf8').trim();
  const fingerprint = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${priv}.pub`], {
    encoding: 'utf8',
  }).split(' ')[1]!;
  return { priv, pub: `${priv}.pub`, line, fingerprint };
}

export interface GpgTestKey {
  home: string;
  fingerprint: string;
  /** The armored public key, as an account adds it. */
  armored: string;
}

const homes = new Set<string>();
// gpg starts an agent per home; the tests stop the ones they started (the folders go with the temp dirs)
process.on('exit', () => {
  for (const home of homes) spawnSync('gpgconf', ['--kill', 'all'], { env: { ...process.env, GNUPGHOME: home } });
});

/** A gpg home with one new ed25519 signing key for `name <email>`, no passphrase. */
export function gpgKey(name: string, email: string, home = tempDir('dit-gpg-')): GpgTestKey {
  mkdirSync(home, { recursive: true, mode: 0o700 });
  homes.add(home);
  const env = { ...process.env, GNUPGHOME: home };
  execFileSync(
    'gpg',
    ['--batch', '--passphrase', '', '--quick-gen-key', `${name} <${email}>`, 'ed25519', 'sign', 'never'],
    {
      env,
      stdio: 'pipe',
    },
  );
  const colons = execFileSync('gpg', ['--batch', '--with-colons', '--list-keys', email], { env, encoding: 'utf8' });
  const fingerprint = /^fpr:+([0-9A-F]{40,64}):/m.exec(colons)![1]!;
  const armored = execFileSync('gpg', ['--batch', '--armor', '--export', fingerprint], { env, encoding: 'utf8' });
  return { home, fingerprint, armored };
}
