// How to sign and verify, from git's own configuration keys (read by git/, decided here without I/O).
import type { SignatureFormat } from './signed-entry.js';

/** The config keys this reads, lower-cased as `git config --get-regexp` prints them. */
export const SIGNING_KEYS = [
  'user.signingkey',
  'gpg.format',
  'gpg.program',
  'gpg.openpgp.program',
  'gpg.x509.program',
  'gpg.ssh.program',
  'gpg.ssh.defaultkeycommand',
  'gpg.ssh.allowedsignersfile',
  'commit.gpgsign',
  'dit.sign',
  'dit.verify',
] as const;

export interface SigningConfig {
  /** Whether writes are signed unless a command says otherwise: `dit.sign`, else `commit.gpgSign`. */
  sign: boolean;
  format: SignatureFormat;
  /** The program git runs for this format (`ssh-keygen`, `gpg`, `gpgsm` unless configured). */
  program: string;
  /** `user.signingKey` as written (a key file, `key::` literal, or a gpg key id), or null. */
  key: string | null;
  /** `gpg.ssh.defaultKeyCommand`: run when no key is set, its first output line names the key. */
  defaultKeyCommand: string | null;
  /** `gpg.ssh.allowedSignersFile` (with `~/` expanded), or null. */
  allowedSigners: string | null;
  /** `dit.verify`: false when a repository's push rule is relaxed (a server setting). */
  verify: boolean;
  /** Values git would refuse, said in `dit doctor`. */
  problems: string[];
}

/** git's boolean: a key with no value is true; yes/on/true/1 and no/off/false/0/"" otherwise. */
export function gitBool(value: string | null | undefined): boolean | null {
  if (value === undefined || value === null) return null;
  const v = value.trim().toLowerCase();
  if (v === 'true' || v === 'yes' || v === 'on' || v === '1') return true;
  if (v === 'false' || v === 'no' || v === 'off' || v === '0' || v === '') return false;
  if (/^-?\d+$/.test(v)) return Number(v) !== 0;
  return null;
}

/** `~/x` as git's `interpolate_path` reads it. */
export function expandHome(path: string, home: string | undefined): string {
  if (path === '~') return home ?? path;
  return path.startsWith('~/') && home ? `${home.replace(/\/$/, '')}${path.slice(1)}` : path;
}

/**
 * The signing configuration from `name -> value` pairs in git's order (the last value wins, as git
 * reads a single-valued key). A key set without `=` arrives as `true`.
 */
export function signingConfig(pairs: readonly { name: string; value: string }[], home?: string): SigningConfig {
  const last = new Map<string, string>();
  for (const p of pairs) last.set(p.name.toLowerCase(), p.value);
  const problems: string[] = [];
  const fmt = (last.get('gpg.format') ?? 'openpgp').toLowerCase();
  let format: SignatureFormat = 'openpgp';
  if (fmt === 'ssh' || fmt === 'x509' || fmt === 'openpgp') format = fmt;
  else problems.push(`gpg.format "${fmt}" is not one git knows (openpgp, x509, ssh); using openpgp`);
  const program =
    format === 'ssh'
      ? (last.get('gpg.ssh.program') ?? 'ssh-keygen')
      : format === 'x509'
        ? (last.get('gpg.x509.program') ?? 'gpgsm')
        : (last.get('gpg.openpgp.program') ?? last.get('gpg.program') ?? 'gpg');
  const bool = (name: string): boolean | null => {
    if (!last.has(name)) return null;
    const b = gitBool(last.get(name));
    if (b === null) problems.push(`${name} "${last.get(name)}" is not a boolean`);
    return b;
  };
  const sign = bool('dit.sign') ?? bool('commit.gpgsign') ?? false;
  const rawKey = last.get('user.signingkey')?.trim() || null;
  const key = rawKey && format === 'ssh' && !isLiteralSshKey(rawKey) ? expandHome(rawKey, home) : rawKey;
  const signers = last.get('gpg.ssh.allowedsignersfile')?.trim() || null;
  return {
    sign,
    format,
    program,
    key,
    defaultKeyCommand: last.get('gpg.ssh.defaultkeycommand')?.trim() || null,
    allowedSigners: signers ? expandHome(signers, home) : null,
    verify: bool('dit.verify') ?? true,
    problems,
  };
}

/** git's rule: `key::` then a key, or (deprecated) a value that starts with `ssh-`, is the public key itself. */
export function isLiteralSshKey(key: string): boolean {
  return key.startsWith('key::') || key.startsWith('ssh-');
}

/** The public key text of a literal `user.signingKey`. */
export function literalSshKey(key: string): string {
  return key.startsWith('key::') ? key.slice(5) : key;
}
