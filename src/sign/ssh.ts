// SSH signing as git does it: `ssh-keygen -Y sign -n dit -f KEY FILE...`, every entry of a command in one call.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DitError } from '../errors.js';
import { SSH_NAMESPACE } from '../model/trust/signed-entry.js';
import { isLiteralSshKey, literalSshKey, type SigningConfig } from '../model/trust/signing-config.js';
import { dearmor } from '../model/trust/sshsig.js';
import { runProgram, withTempDir } from './run.js';

/**
 * Signs each message with the configured key; one ssh-keygen process signs them all (it accepts many
 * files and writes FILE.sig beside each). A literal key (`key::ssh-ed25519 ...`) is signed by the
 * agent holding it (`-U`), as git does; no key but `gpg.ssh.defaultKeyCommand` asks that command.
 */
export async function sshSign(
  config: SigningConfig,
  messages: readonly Buffer[],
  env: NodeJS.ProcessEnv,
): Promise<Buffer[]> {
  if (!messages.length) return [];
  return withTempDir(async (dir) => {
    let key = config.key;
    if (!key && config.defaultKeyCommand) key = await defaultKey(config.defaultKeyCommand, env);
    if (!key)
      throw new DitError(
        'sign-failed',
        'signing is on but git names no SSH key: set `git config user.signingKey ' +
          '~/.ssh/id_ed25519.pub` (or gpg.ssh.defaultKeyCommand), or turn signing off with --no-sign',
        { program: config.program },
      );
    let keyFile = key;
    const literal = isLiteralSshKey(key);
    if (literal) {
      keyFile = join(dir, 'key.pub');
      writeFileSync(keyFile, `${literalSshKey(key)}\n`);
    }
    const files = messages.map((m, i) => {
      const f = join(dir, `entry-${i}`);
      writeFileSync(f, m);
      return f;
    });
    const args = ['-Y', 'sign', '-n', SSH_NAMESPACE, '-f', keyFile, ...(literal ? ['-U'] : []), ...files];
    const r = await runProgram(config.program, args, { env });
    if (r.code !== 0) throw failed(config.program, r.code, r.stderr);
    return files.map((f) => {
      const blob = dearmor(readFileSync(`${f}.sig`));
      if (!blob) throw failed(config.program, r.code, `${f}.sig is not an SSH signature`);
      return blob;
    });
  });
}

async function defaultKey(command: string, env: NodeJS.ProcessEnv): Promise<string | null> {
  // git runs the command through the shell and takes the first line that is a key
  const r = await runProgram('/bin/sh', ['-c', command], { env });
  if (r.code !== 0) throw failed(command, r.code, r.stderr);
  const line = r.stdout
    .toString('utf8')
    .split('\n')
    .find((l) => /^(ssh-|ecdsa-|sk-)/.test(l.trim()));
  return line ? `key::${line.trim()}` : null;
}

function failed(program: string, code: number, stderr: string): DitError {
  return new DitError(
    'sign-failed',
    `${program} could not sign (${stderr.trim().split('\n').pop() || `exit code ${code}`}); check user.signingKey, or write unsigned with --no-sign`,
    { program, code, stderr },
  );
}

/** Makes an ed25519 key pair without a passphrase at `path` (and `path.pub`), as a server's own signing key. */
export async function sshKeygenCreate(path: string, comment: string): Promise<void> {
  const r = await runProgram('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', path]);
  if (r.code !== 0) throw failed('ssh-keygen', r.code, r.stderr);
}
