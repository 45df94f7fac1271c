// Verdicts: whether an entry's signature proves its author, as GitHub badges commits.
import { createHash } from 'node:crypto';
import type { EntrySig, SignatureFormat } from './signed-entry.js';

export type VerdictState = 'verified' | 'unverified' | 'unsigned';

export interface Verdict {
  state: VerdictState;
  /** How it was signed; absent when unsigned. */
  format?: SignatureFormat;
  /** The signing key's fingerprint (`SHA256:...` for SSH, the primary key's hex fingerprint for OpenPGP). */
  key?: string;
  /** Whom the key belongs to, as the key set says: an allowed-signers principal, a key's user id, an account. */
  signer?: string;
  /** Why it is not verified, in words a person reads in the badge's popover. */
  reason?: string;
  /** Written through a dit server's pages or API: the server's name (its key signed for the signed-in account). */
  server?: string;
}

export const UNSIGNED: Verdict = { state: 'unsigned' };

/** The one-word label pages and `dit show` print for a state. */
export const VERDICT_LABEL: Record<VerdictState, string> = {
  verified: 'Verified',
  unverified: 'Unverified',
  unsigned: 'Unsigned',
};

/**
 * What a verdict is kept under, beside the key set: the entry id and a digest of its signature. Two
 * copies of one entry (same id) may carry different signatures, a good one and a forged one, and
 * each gets its own verdict.
 */
export const verdictKey = (id: string, sig: EntrySig): string =>
  `${id}:${createHash('sha1').update(`${sig.format}\0${sig.signature}`).digest('hex').slice(0, 16)}`;

/** The entry id in a verdict key. */
export const keyedEntry = (key: string): string => key.slice(0, key.indexOf(':'));
