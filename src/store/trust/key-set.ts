// The keys verdicts are decided with: git's allowed-signers file and gpg's keyring locally, or a server's accounts.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { parseAllowedSigners } from '../../model/trust/allowed-signers.js';
import type { SignatureFormat } from '../../model/trust/signed-entry.js';
import type { SigningConfig } from '../../model/trust/signing-config.js';
import { allowedSignersKeySet, type SshKeySet } from '../../model/trust/verify-ssh.js';
import type { GpgKeyInfo } from '../../sign/gpg.js';

/** Whom a good OpenPGP or X.509 signature speaks for, given the author's email. */
export type GpgBinding = { ok: true; signer: string; server?: string } | { ok: false; signer?: string; reason: string };

export interface KeySet {
  /** Changes whenever any verdict could: part of every verdict's cache key. */
  id: string;
  ssh: SshKeySet;
  /** The environment gpg and gpgsm run in (GNUPGHOME names the keyring). */
  gpgEnv: NodeJS.ProcessEnv;
  programs: Record<Exclude<SignatureFormat, 'ssh'>, string>;
  /** Whether the key `primary` (whose listing `info` gives) belongs to `email`. */
  bindGpg(primary: string, email: string, info: () => Promise<GpgKeyInfo | null>): Promise<GpgBinding>;
  /** Notes that a key verified an entry (a server keeps each key's last use). */
  used?(fingerprint: string): void;
}

/** A stamp of the files that make up gpg's keyring: a key imported or trusted changes it. */
function keyringStamp(env: NodeJS.ProcessEnv): string {
  const home = env.GNUPGHOME || join(env.HOME ?? '', '.gnupg');
  const parts: string[] = [home];
  for (const f of ['pubring.kbx', 'pubring.gpg', 'trustdb.gpg']) {
    const st = statSync(join(home, f), { throwIfNoEntry: false, bigint: true });
    parts.push(st ? `${f}:${st.size}:${st.mtimeNs}` : `${f}:-`);
  }
  return parts.join('|');
}

/**
 * The key set of a working copy, as git verifies signed commits there: SSH keys from
 * `gpg.ssh.allowedSignersFile` (a key allowed for the author's email under namespace "dit"), OpenPGP
 * and X.509 keys from gpg's keyring (a key one of whose user ids holds the author's email).
 */
export function localKeySet(config: SigningConfig, env: NodeJS.ProcessEnv, cwd: string): KeySet {
  let text = '';
  let problem = '';
  if (config.allowedSigners) {
    const path = isAbsolute(config.allowedSigners) ? config.allowedSigners : join(cwd, config.allowedSigners);
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      problem = (err as Error).message;
    }
  }
  const list = parseAllowedSigners(text);
  const id = createHash('sha1')
    .update(`local\0${text}\0${problem}\0${keyringStamp(env)}\0${config.program}`)
    .digest('hex');
  return {
    id,
    ssh: allowedSignersKeySet(list),
    gpgEnv: env,
    programs: {
      openpgp: config.format === 'openpgp' ? config.program : 'gpg',
      x509: config.format === 'x509' ? config.program : 'gpgsm',
    },
    async bindGpg(_primary, email, info) {
      const key = await info();
      if (!key) return { ok: false, reason: 'the key is not in your keyring' };
      const mine = key.emails.some((e) => e.toLowerCase() === email.toLowerCase());
      if (mine)
        return { ok: true, signer: key.uids.find((u) => u.toLowerCase().includes(email.toLowerCase())) ?? email };
      return {
        ok: false,
        signer: key.uids[0] ?? key.fingerprint,
        reason: `signed with a key of ${key.uids[0] ?? key.fingerprint}, none of whose user ids is ${email || 'the author'}`,
      };
    },
  };
}
