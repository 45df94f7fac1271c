// OpenPGP and X.509 signing and checking as git does it: `gpg -bsu KEY` / `gpgsm`, `--verify` with --status-fd.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DitError } from '../errors.js';
import { colonEmails, type GpgCheck, parseGpgStatus } from '../model/trust/gpg-status.js';
import type { SigningConfig } from '../model/trust/signing-config.js';
import { runProgram, withTempDir } from './run.js';

/**
 * Detached binary signatures of each message, one gpg (or gpgsm) call each: gpg signs one input per
 * process. Without `user.signingKey` git signs as the committer; dit signs as the entries' author.
 */
export async function gpgSign(
  config: SigningConfig,
  messages: readonly Buffer[],
  as: string,
  env: NodeJS.ProcessEnv,
): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (const m of messages) {
    const r = await runProgram(config.program, ['--status-fd=2', '-bsu', config.key ?? as], { input: m, env });
    if (r.code !== 0 || !/^\[GNUPG:\] SIG_CREATED /m.test(r.stderr) || !r.stdout.length)
      throw new DitError(
        'sign-failed',
        `${config.program} could not sign (${lastLine(r.stderr) || `exit code ${r.code}`}); check user.signingKey, or write unsigned with --no-sign`,
        { program: config.program, code: r.code, stderr: r.stderr },
      );
    out.push(r.stdout);
  }
  return out;
}

/** Checks one detached signature of `message` against the keyring `env` names (GNUPGHOME). */
export async function gpgVerify(
  program: string,
  message: Buffer,
  signature: Buffer,
  env: NodeJS.ProcessEnv,
): Promise<GpgCheck> {
  return withTempDir(async (dir) => {
    const sig = join(dir, 'entry.sig');
    writeFileSync(sig, signature);
    const r = await runProgram(program, ['--batch', '--status-fd=1', '--verify', sig, '-'], { input: message, env });
    return parseGpgStatus(r.stdout.toString('utf8'));
  });
}

export interface GpgKeyInfo {
  fingerprint: string;
  emails: string[];
  uids: string[];
}

/** The fingerprint and user ids of a key in the keyring (`--list-keys`), or null when it is not there. */
export async function gpgKeyInfo(
  program: string,
  fingerprint: string,
  env: NodeJS.ProcessEnv,
): Promise<GpgKeyInfo | null> {
  const r = await runProgram(program, ['--batch', '--with-colons', '--fixed-list-mode', '--list-keys', fingerprint], {
    env,
  });
  if (r.code !== 0) return null;
  const c = colonEmails(r.stdout.toString('utf8'));
  return c.fingerprint ? { fingerprint: c.fingerprint, emails: c.emails, uids: c.uids } : null;
}

/** What an armored public key holds, without importing it anywhere (`gpg --show-keys`). */
export async function gpgShowKey(armored: string, env: NodeJS.ProcessEnv): Promise<GpgKeyInfo | { problem: string }> {
  const r = await runProgram('gpg', ['--batch', '--with-colons', '--fixed-list-mode', '--show-keys'], {
    input: armored,
    env,
  });
  const keys = r.stdout
    .toString('utf8')
    .split('\n')
    .filter((l) => l.startsWith('pub:')).length;
  if (r.code !== 0 || keys === 0)
    return { problem: `not an OpenPGP public key (${lastLine(r.stderr) || 'gpg read nothing'})` };
  if (keys > 1) return { problem: 'that is several OpenPGP keys; add them one at a time' };
  if (/^sec:/m.test(r.stdout.toString('utf8')) || /PRIVATE KEY/.test(armored))
    return { problem: 'that is a private key; add the public key (gpg --armor --export KEYID)' };
  const c = colonEmails(r.stdout.toString('utf8'));
  if (!c.fingerprint) return { problem: 'gpg found no fingerprint in that key' };
  return { fingerprint: c.fingerprint, emails: c.emails, uids: c.uids };
}

/** Imports an armored public key into the keyring `env` names (a server's own keyring). */
export async function gpgImport(armored: string, env: NodeJS.ProcessEnv): Promise<void> {
  const r = await runProgram('gpg', ['--batch', '--status-fd=1', '--import'], { input: armored, env });
  if (r.code !== 0 && !/IMPORT_OK/.test(r.stdout.toString('utf8')))
    throw new DitError('sign-failed', `gpg could not import the key (${lastLine(r.stderr)})`, {
      program: 'gpg',
      code: r.code,
      stderr: r.stderr,
    });
}

/** Removes a public key from the keyring `env` names. */
export async function gpgDelete(fingerprint: string, env: NodeJS.ProcessEnv): Promise<void> {
  await runProgram('gpg', ['--batch', '--yes', '--delete-keys', fingerprint], { env });
}

const lastLine = (s: string): string =>
  s
    .trim()
    .split('\n')
    .filter((l) => !l.startsWith('[GNUPG:]'))
    .pop() ?? '';
