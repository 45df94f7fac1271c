// The verdict on an SSH-signed entry: a good SSHSIG under namespace "dit" by a key the key set gives the author.
import { type AllowedSigners, allowedFor, principalsOf } from './allowed-signers.js';
import { type EntrySig, SSH_NAMESPACE } from './signed-entry.js';
import { parseSshsig, verifySshsig } from './sshsig.js';
import type { Verdict } from './verdict.js';

/** Which SSH keys speak for whom: git's allowed-signers file locally, account keys on a server. */
export interface SshKeySet {
  /** Whom `fingerprint` signs for when it may sign as `email` at `time` (seconds since 1970); null when not. */
  allows(fingerprint: string, email: string, time: number): { signer: string; server?: string } | null;
  /** Whom the key belongs to otherwise, if anyone: "a key of someone else" rather than "an unknown key". */
  owner(fingerprint: string): string | null;
}

export function allowedSignersKeySet(list: AllowedSigners): SshKeySet {
  return {
    allows: (fp, email, time) => (allowedFor(list, fp, email, SSH_NAMESPACE, time) ? { signer: email } : null),
    owner: (fp) => principalsOf(list, fp)[0] ?? null,
  };
}

/** Checks an SSH signature of an entry's canonical bytes and who may have made it. */
export function verifySshEntry(
  canonical: Buffer,
  sig: EntrySig,
  email: string,
  time: string,
  keys: SshKeySet,
): Verdict {
  const parsed = parseSshsig(Buffer.from(sig.signature, 'base64'));
  if ('problem' in parsed) return { state: 'unverified', format: 'ssh', reason: parsed.problem };
  const key = parsed.key.fingerprint;
  const check = verifySshsig(parsed, canonical, SSH_NAMESPACE);
  if (!check.ok) return { state: 'unverified', format: 'ssh', key, reason: check.problem };
  const at = Math.floor(Date.parse(time) / 1000);
  const ok = keys.allows(key, email, at);
  if (ok)
    return { state: 'verified', format: 'ssh', key, signer: ok.signer, ...(ok.server ? { server: ok.server } : {}) };
  const owner = keys.owner(key);
  return {
    state: 'unverified',
    format: 'ssh',
    key,
    ...(owner ? { signer: owner } : {}),
    reason: owner
      ? `signed with a key of ${owner}, not of ${email || 'the author'}`
      : `the key is not known as ${email || 'the author'}'s (no allowed signer for it)`,
  };
}
