// Who may do what on a repository: anonymous people read public ones; grants give read, write, admin;
// server administrators may do everything; a token may do no more than its scopes say.
import { type Accounts, type Level, rank, type TokenScope, type User } from './accounts.js';
import type { Who } from './auth.js';

export function levelFor(accounts: Accounts, user: User | null, repo: string): Level {
  if (user?.admin) return 'admin';
  const granted: Level = user ? accounts.grantOf(user.id, repo) : 'none';
  if (granted !== 'none') return granted;
  return accounts.repoSettings(repo).public ? 'read' : 'none';
}

/** The most a token's scopes allow on any repository (`checks` reads, and posts checks besides). */
const CAP: Record<TokenScope, Level> = { read: 'read', checks: 'read', write: 'write', admin: 'admin' };

/** The scopes of the credentials a request came with; null for a session or a password (the whole account). */
export const scopesOf = (who: Who): TokenScope[] | null => (who.kind === 'credentials' ? who.scopes : null);

/** What this request may do on a repository: the account's level, held to its token's scopes. */
export function levelOf(accounts: Accounts, who: Who, repo: string): Level {
  const level = levelFor(accounts, who.user, repo);
  const scopes = scopesOf(who);
  if (!scopes) return level;
  const cap = scopes.reduce<Level>((m, s) => (rank(CAP[s]) > rank(m) ? CAP[s] : m), 'none');
  return rank(cap) < rank(level) ? cap : level;
}

/** Whether this request may push at all: a `read` or `checks` token never does, whatever its account may. */
export const mayPushWith = (who: Who): boolean => {
  const scopes = scopesOf(who);
  return !scopes || scopes.includes('write') || scopes.includes('admin');
};

/** Whether this request may post CI checks on a repository: `write` there, or a token with `checks`. */
export const mayPostChecks = (accounts: Accounts, who: Who, repo: string): boolean =>
  may(levelOf(accounts, who, repo), 'write') ||
  (!!scopesOf(who)?.includes('checks') && may(levelFor(accounts, who.user, repo), 'read'));

/**
 * Whether this request may take part on a repository with the reader's rights (open tickets, comment, react,
 * vote, propose): signed in, able to read it, and not with a token held to reading (`read`, `checks`).
 */
export const mayTakePart = (accounts: Accounts, who: Who, repo: string): boolean =>
  !!who.user && mayPushWith(who) && may(levelFor(accounts, who.user, repo), 'read');

/** Whether this request may change its account (email, password, tokens): never with a token. */
export const mayChangeAccount = (who: Who): boolean => who.kind === 'session' || scopesOf(who) === null;

export const may = (have: Level, want: Level): boolean => rank(have) >= rank(want);
