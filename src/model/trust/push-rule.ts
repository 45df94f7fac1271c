// The rule a dit server holds pushes to: no entry may speak for another account unless that account's key
// signed it, and what goes beyond the reader's rights (reader-rights.ts, the same rule the pages and API
// follow) needs write access. Pure: the hook gathers the entries and verdicts, this decides.
import type { Author } from '../schema.js';
import { beyondReader, NO_FACTS, type TicketFacts } from './reader-rights.js';
import type { Verdict } from './verdict.js';

export type Level = 'none' | 'read' | 'write' | 'admin';

/** What a server tells its hooks about its accounts (the trust file, `DIT_TRUST_FILE`). */
export interface TrustSnapshot {
  /** The server's name, as pages show it ("written on <server> by <account>"). */
  server: string;
  /** The repository the push goes to. */
  repo: string;
  /** The server's own signing key (`SHA256:...`): it signs its accounts' web and API writes. */
  serverKey: string | null;
  /** The server's OpenPGP keyring (every account's OpenPGP keys), for gpg --verify. */
  gnupgHome: string | null;
  accounts: TrustAccount[];
}

export interface TrustAccount {
  name: string;
  email: string;
  /** The account's permission on this repository. */
  level: Level;
  keys: { format: 'ssh' | 'openpgp'; fingerprint: string }[];
}

/** An entry a push adds that the repository did not hold, with its verdict against the server's keys. */
export interface PushedEntry {
  id: string;
  collection: string;
  journal: string;
  entry: Record<string, unknown> & { author: Author; kind?: string };
  verdict: Verdict;
}

const RANK: Record<Level, number> = { none: 0, read: 1, write: 2, admin: 3 };

/** The account an email belongs to (one at most: the server keeps it so), case-insensitively. */
export function accountOf(s: TrustSnapshot, email: string): TrustAccount | null {
  if (!email) return null;
  const e = email.toLowerCase();
  return s.accounts.find((a) => a.email.toLowerCase() === e) ?? null;
}

const who = (a: Author) => `${a.name} <${a.email}>`;
const short = (id: string) => id.slice(0, 7);

/**
 * Null when the push may go in; otherwise why not, naming the entry, the ticket, the claimed author and
 * what to do. `verify` false (a repository's `dit.verify off`) accepts every entry, as before this rule.
 */
export function pushRefusal(
  entries: readonly PushedEntry[],
  s: TrustSnapshot,
  pusher: Author,
  factsOf: (ticket: string) => TicketFacts,
): string | null {
  for (const p of entries) {
    const e = p.entry;
    const where =
      p.collection === 'tickets'
        ? `ticket #${short(p.journal)}`
        : `${p.collection.replace(/s$/, '')} ${short(p.journal)}`;
    const claimed = accountOf(s, e.author.email);
    const mine = pusher.email !== '' && e.author.email.toLowerCase() === pusher.email.toLowerCase();
    if (claimed && !mine) {
      const v = p.verdict;
      const verifiedForIt = v.state === 'verified' && v.signer === claimed.name;
      if (!verifiedForIt) {
        const why =
          v.state === 'unsigned' ? 'it is not signed' : `its signature does not verify (${v.reason ?? 'unverified'})`;
        return (
          `entry ${short(p.id)} on ${where} says it was written by ${who(e.author)}, the account ${claimed.name}, ` +
          `but ${why}. Only ${claimed.name}'s own key can sign for them: write the entry as yourself ` +
          `(${who(pusher)}), or have ${claimed.name} sign it (git config dit.sign true, with the key added on /-/account).`
        );
      }
    }
    const level = claimed?.level ?? 'none';
    if (RANK[level] >= RANK.write) continue;
    const what = beyondReader(p.collection, e, p.collection === 'tickets' ? factsOf(p.journal) : NO_FACTS);
    if (what) {
      const account = claimed
        ? `the account ${claimed.name} has ${level === 'none' ? 'no' : level} access`
        : 'no account here has that email';
      return (
        `entry ${short(p.id)} on ${where} ${what}, but it is by ${who(e.author)} and ${account} to ${s.repo}: ` +
        'that takes write access. Leave a comment instead, or ask a repository administrator for write access.'
      );
    }
  }
  return null;
}
