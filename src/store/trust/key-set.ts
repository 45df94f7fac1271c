// The keys verdicts are decided with: git's allowed-signers file and gpg's keyring locally, or a server's accounts.
import { isAbsolute, join } from 'node:path';
import { parseAllowedSigners } from '../../model/trust/allowed-signers.js';
import type { SignatureFormat } from '../../model/trust/signed-entry.js';
import type { SigningConfig } from '../../model/trust/signing-config.js';
import { allowedSignersKeySet, type SshKeySet } from '../../model/trust/verify-ssh.js';
import type { GpgKeyInfo } from '../../sign/gpg.js';
import { localKeySetId } from './key-set-id.js';

/** Whom a good OpenPGP or X.509 signature speaks for, given the author's email. */
export type GpgBinding = { ok: true; signer: string; server?: string } | { ok: false; signer?: string; reason: string };

export interface KeySet {
  /** Changes whenever any verdict could: part of every verdict's cache key. */
  id: string;
  /** A working copy's allowed-signers file (absolute), null when none: the quick path reads it too. */
  signers?: string | null;
  ssh: SshKeySet;
  /** The environment gpg and gpgsm run in (GNUPGHOME names the keyring). */
  gpgEnv: NodeJS.ProcessEnv;
  programs: Record<Exclude<SignatureFormat, 'ssh'>, string>;
  /** Whether the key `primary` (whose listing `info` gives) belongs to `email`. */
  bindGpg(primary: string, email: string, info: () => Promise<GpgKeyInfo | null>): Promise<GpgBinding>;
  /** Notes that a key verified an entry (a server keeps each key's last use). */
  used?(fingerprint: string): void;
}

/** Where git's `gpg.ssh.allowedSignersFile` is: a relative path is the working copy's top folder's. */
export const allowedSignersPath = (config: SigningConfig, cwd: string): string | null =>
  config.allowedSigners
    ? isAbsolute(config.allowedSigners)
      ? config.allowedSigners
      : join(cwd, config.allowedSigners)
    : null;

/**
 * The key set of a working copy, as git verifies signed commits there: SSH keys from
 * `gpg.ssh.allowedSignersFile` (a key allowed for the author's email under namespace "dit"), OpenPGP
 * and X.509 keys from gpg's keyring (a key one of whose user ids holds the author's email).
 */
export function localKeySet(config: SigningConfig, env: NodeJS.ProcessEnv, cwd: string): KeySet {
  const signers = allowedSignersPath(config, cwd);
  const { id, text } = localKeySetId(signers, config.program, env);
  const list = parseAllowedSigners(text);
  return {
    id,
    signers,
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
