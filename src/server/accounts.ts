// The server's account store: users, tokens, grants, sessions, repository settings and webhooks, in
// one SQLite file under the root (`<root>/.dit-server/accounts.sqlite`).
// Over 300 lines: one file for the one SQLite schema: users, tokens, grants, sessions, settings and webhooks share
// tables and migrations.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DitError } from '../errors.js';
import { checkPassword, hashPassword, newSecret, secretHash, wasteTime } from './secrets.js';

export const LEVELS = ['none', 'read', 'write', 'admin'] as const;
export type Level = (typeof LEVELS)[number];
export const rank = (l: Level): number => LEVELS.indexOf(l);

export interface User {
  id: number;
  name: string;
  email: string;
  admin: boolean;
  notifySelf: boolean;
  created: string;
}
/** What a token may do: `read`, `write` (the default), `admin` (up to the account's own grants) and `checks` (post CI results). */
export const TOKEN_SCOPES = ['read', 'write', 'admin', 'checks'] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export interface TokenRow {
  id: number;
  name: string;
  created: string;
  lastUsed: string | null;
  hint: string;
  scopes: TokenScope[];
}
export interface Grant {
  user: string;
  repo: string;
  level: Level;
}
export interface RepoSettings {
  name: string;
  public: boolean;
  description: string;
}
export interface Session {
  user: User;
  csrf: string;
}

export const STATE_DIR = '.dit-server';
const SESSION_DAYS = 30;
const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,38}$/;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE, email TEXT NOT NULL DEFAULT '',
  password TEXT NOT NULL, admin INTEGER NOT NULL DEFAULT 0, notify_self INTEGER NOT NULL DEFAULT 0, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tokens (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL, hash TEXT NOT NULL UNIQUE, hint TEXT NOT NULL, created TEXT NOT NULL, last_used TEXT, UNIQUE(user_id, name));
CREATE TABLE IF NOT EXISTS grants (user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE, repo TEXT NOT NULL,
  level TEXT NOT NULL, PRIMARY KEY (user_id, repo));
CREATE TABLE IF NOT EXISTS repos (name TEXT PRIMARY KEY, public INTEGER NOT NULL DEFAULT 0, description TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS sessions (hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf TEXT NOT NULL, expires INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS webhooks (id INTEGER PRIMARY KEY, repo TEXT NOT NULL, url TEXT NOT NULL, secret TEXT NOT NULL, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS deliveries (id INTEGER PRIMARY KEY, hook_id INTEGER NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  event TEXT NOT NULL, status INTEGER, attempts INTEGER NOT NULL, error TEXT, at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS keys (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  format TEXT NOT NULL, fingerprint TEXT NOT NULL UNIQUE, title TEXT NOT NULL, public TEXT NOT NULL,
  emails TEXT NOT NULL DEFAULT '[]', created TEXT NOT NULL, last_used TEXT);
CREATE INDEX IF NOT EXISTS keys_user ON keys (user_id);
CREATE TABLE IF NOT EXISTS signups (id INTEGER PRIMARY KEY, name TEXT NOT NULL COLLATE NOCASE, email TEXT NOT NULL COLLATE NOCASE,
  password TEXT NOT NULL, hash TEXT NOT NULL UNIQUE, address TEXT NOT NULL, created TEXT NOT NULL, expires INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS signup_counts (kind TEXT NOT NULL, key TEXT NOT NULL, at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS signup_counts_at ON signup_counts (at);
`;

interface UserRow {
  id: number;
  name: string;
  email: string;
  password: string;
  admin: number;
  notify_self: number;
  created: string;
}
const toUser = (r: UserRow): User => ({
  id: r.id,
  name: r.name,
  email: r.email,
  admin: !!r.admin,
  notifySelf: !!r.notify_self,
  created: r.created,
});
const now = () => new Date().toISOString();

export class Accounts {
  private constructor(
    readonly db: Database.Database,
    readonly root: string,
  ) {}

  static path(root: string): string {
    return join(root, STATE_DIR, 'accounts.sqlite');
  }

  /** Opens the store of an initialised root; `create` makes it (for `dit server init`). */
  static open(root: string, create = false): Accounts {
    if (create) mkdirSync(join(root, STATE_DIR), { recursive: true, mode: 0o700 });
    let db: Database.Database;
    try {
      db = new Database(Accounts.path(root), { fileMustExist: !create });
    } catch (err) {
      if (/unable to open|does not exist|directory does not exist/i.test((err as Error).message)) {
        throw new DitError(
          'not-found',
          `${root} is not a dit server root; create it with \`dit server init --root ${root}\``,
          { path: root },
        );
      }
      throw err;
    }
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    db.exec(SCHEMA);
    migrate(db);
    return new Accounts(db, root);
  }

  close(): void {
    this.db.close();
  }

  /** Changes whenever anything in the store may have: a write here, or by another process (`dit server key add`). */
  generation(): string {
    const version = this.db.pragma('data_version', { simple: true }) as number;
    const mine = (this.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
    return `${version}:${mine}`;
  }

  // ---- users -------------------------------------------------------------------------------------

  async addUser(name: string, password: string, opts: { email?: string; admin?: boolean } = {}): Promise<User> {
    this.checkNewUser(name, password, opts.email ?? '');
    return this.insertUser(name, await hashPassword(password), opts);
  }

  /**
   * What a new account must be: a well-formed name no one holds, a password by the rules, an address no
   * other account holds (the admin's form, `dit server user add` and sign-up all ask here).
   */
  checkNewUser(name: string, password: string, email: string): void {
    if (!USER_NAME.test(name))
      throw new DitError(
        'invalid-value',
        `"${name.slice(0, 60)}" is not a user name; use up to 39 letters, digits, ".", "_" or "-", starting with a letter or digit`,
        { field: 'name' },
      );
    checkNewPassword(password);
    if (email) this.checkEmail(email, null);
    if (this.findUser(name))
      throw new DitError(
        'exists',
        `user ${name} exists already; change the password with \`dit server user passwd ${name}\``,
        { name },
      );
  }

  /** Adds an account whose password is hashed already (a confirmed sign-up); the name and email are checked again. */
  insertUser(name: string, passwordHash: string, opts: { email?: string; admin?: boolean } = {}): User {
    if (opts.email) this.checkEmail(opts.email, null);
    if (this.findUser(name))
      throw new DitError('exists', `the name ${name} is taken now; sign up again with another`, { name });
    const r = this.db
      .prepare('INSERT INTO users (name, email, password, admin, created) VALUES (?, ?, ?, ?, ?)')
      .run(name, opts.email ?? '', passwordHash, opts.admin ? 1 : 0, now());
    return this.userById(Number(r.lastInsertRowid))!;
  }

  findUser(name: string): User | null {
    const r = this.db.prepare('SELECT * FROM users WHERE name = ?').get(name) as UserRow | undefined;
    return r ? toUser(r) : null;
  }

  user(name: string): User {
    const u = this.findUser(name);
    if (!u) throw new DitError('not-found', `no user ${name}; list them with \`dit server user ls\``, { name });
    return u;
  }

  userById(id: number): User | null {
    const r = this.db.prepare('SELECT * FROM users WHERE id = ?').get(id) as UserRow | undefined;
    return r ? toUser(r) : null;
  }

  users(): User[] {
    return (this.db.prepare('SELECT * FROM users ORDER BY name').all() as UserRow[]).map(toUser);
  }

  removeUser(name: string): void {
    const u = this.user(name);
    if (u.admin && this.users().filter((x) => x.admin).length === 1) {
      throw new DitError(
        'usage',
        `${name} is the last administrator; make another one first (\`dit server user add NAME --admin\`)`,
      );
    }
    this.db.prepare('DELETE FROM users WHERE id = ?').run(u.id);
  }

  /** A new password signs every browser out; with `revokeTokens` every token stops working too. */
  async setPassword(name: string, password: string, opts: { revokeTokens?: boolean } = {}): Promise<void> {
    const u = this.user(name);
    checkNewPassword(password);
    const hash = await hashPassword(password);
    this.db.transaction(() => {
      this.db.prepare('UPDATE users SET password = ? WHERE id = ?').run(hash, u.id);
      this.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(u.id);
      if (opts.revokeTokens) this.db.prepare('DELETE FROM tokens WHERE user_id = ?').run(u.id);
    })();
  }

  updateUser(name: string, fields: { email?: string; admin?: boolean; notifySelf?: boolean }): User {
    const u = this.user(name);
    if (fields.email !== undefined) {
      if (fields.email) this.checkEmail(fields.email, u.id);
      this.db.prepare('UPDATE users SET email = ? WHERE id = ?').run(fields.email, u.id);
    }
    if (fields.admin !== undefined)
      this.db.prepare('UPDATE users SET admin = ? WHERE id = ?').run(fields.admin ? 1 : 0, u.id);
    if (fields.notifySelf !== undefined)
      this.db.prepare('UPDATE users SET notify_self = ? WHERE id = ?').run(fields.notifySelf ? 1 : 0, u.id);
    return this.userById(u.id)!;
  }

  /** The account an email address belongs to (one at most: the address is what entries name their author by). */
  userByEmail(email: string): User | null {
    if (!email) return null;
    const r = this.db.prepare('SELECT * FROM users WHERE lower(email) = lower(?) ORDER BY id').get(email) as
      | UserRow
      | undefined;
    return r ? toUser(r) : null;
  }

  /** A well-formed address no other account holds (an entry's email must name one account at most). */
  private checkEmail(email: string, self: number | null): void {
    if (!/^[^\s@<>]+@[^\s@<>]+$/.test(email))
      throw new DitError('invalid-value', `"${email.slice(0, 80)}" is not an email address`);
    const owner = this.userByEmail(email);
    if (owner && owner.id !== self)
      throw new DitError(
        'exists',
        `${email} belongs to the account ${owner.name} already; an email address belongs to one account`,
        { name: email },
      );
  }

  /** The account a name and password belong to, or null; as slow for an unknown name as for a wrong password. */
  async verifyPassword(name: string, password: string): Promise<User | null> {
    const r = this.db.prepare('SELECT * FROM users WHERE name = ?').get(name) as UserRow | undefined;
    if (!r) {
      await wasteTime(password);
      return null;
    }
    return (await checkPassword(password, r.password)) ? toUser(r) : null;
  }

  // ---- tokens ------------------------------------------------------------------------------------

  /** A new token for git over HTTP and the API; only its hash is kept, so it is shown once. */
  addToken(
    userName: string,
    tokenName: string,
    scopes: readonly string[] = ['write'],
  ): { token: string; row: TokenRow } {
    const u = this.user(userName);
    if (!/^[^\n\r]{1,100}$/.test(tokenName))
      throw new DitError('invalid-value', 'a token name is one line of at most 100 characters', { field: 'name' });
    const given = scopes.length ? scopes : ['write'];
    const bad = given.find((x) => !(TOKEN_SCOPES as readonly string[]).includes(x));
    if (bad !== undefined)
      throw new DitError(
        'invalid-value',
        `"${bad.slice(0, 40)}" is not a token scope; use ${TOKEN_SCOPES.join(', ')}`,
        {
          field: 'scope',
          value: bad.slice(0, 40),
          allowed: TOKEN_SCOPES,
        },
      );
    const token = newSecret('dit');
    try {
      const r = this.db
        .prepare('INSERT INTO tokens (user_id, name, hash, hint, created, scopes) VALUES (?, ?, ?, ?, ?, ?)')
        .run(u.id, tokenName, secretHash(token), token.slice(0, 8), now(), [...new Set(given)].sort().join(' '));
      return { token, row: this.tokens(userName).find((t) => t.id === Number(r.lastInsertRowid))! };
    } catch (err) {
      if (/UNIQUE/.test((err as Error).message))
        throw new DitError(
          'exists',
          `${userName} has a token named "${tokenName}" already; remove it first or pick another name`,
        );
      throw err;
    }
  }

  tokens(userName: string): TokenRow[] {
    const u = this.user(userName);
    const rows = this.db
      .prepare(
        'SELECT id, name, created, last_used AS lastUsed, hint, scopes FROM tokens WHERE user_id = ? ORDER BY created, id',
      )
      .all(u.id) as (Omit<TokenRow, 'scopes'> & { scopes: string })[];
    return rows.map((r) => ({ ...r, scopes: scopesOf(r.scopes) }));
  }

  /** Revokes every token of an account (after a password change, when its owner asks); how many there were. */
  removeTokens(userName: string): number {
    const u = this.user(userName);
    return this.db.prepare('DELETE FROM tokens WHERE user_id = ?').run(u.id).changes;
  }

  removeToken(userName: string, tokenName: string): void {
    const u = this.user(userName);
    const r = this.db.prepare('DELETE FROM tokens WHERE user_id = ? AND name = ?').run(u.id, tokenName);
    if (!r.changes)
      throw new DitError(
        'not-found',
        `${userName} has no token named "${tokenName}"; see \`dit server token ls ${userName}\``,
      );
  }

  /** The account a token belongs to and what the token may do, or null. */
  verifyToken(token: string): { user: User; scopes: TokenScope[] } | null {
    if (!token.startsWith('dit_') || token.length > 200) return null;
    const r = this.db
      .prepare(
        'SELECT t.id AS tid, t.scopes AS token_scopes, u.* FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = ?',
      )
      .get(secretHash(token)) as (UserRow & { tid: number; token_scopes: string }) | undefined;
    if (!r) return null;
    // a minute's precision is enough, and spares the store a write on every request
    this.db
      .prepare('UPDATE tokens SET last_used = ? WHERE id = ? AND (last_used IS NULL OR last_used < ?)')
      .run(now(), r.tid, new Date(Date.now() - 60_000).toISOString());
    return { user: toUser(r), scopes: scopesOf(r.token_scopes) };
  }

  // ---- grants and repositories -------------------------------------------------------------------

  grant(userName: string, repo: string, level: Level): void {
    const u = this.user(userName);
    if (!LEVELS.includes(level))
      throw new DitError('invalid-value', `"${level}" is not a permission; use none, read, write or admin`);
    if (level === 'none') this.db.prepare('DELETE FROM grants WHERE user_id = ? AND repo = ?').run(u.id, repo);
    else
      this.db
        .prepare(
          'INSERT INTO grants (user_id, repo, level) VALUES (?, ?, ?) ON CONFLICT (user_id, repo) DO UPDATE SET level = excluded.level',
        )
        .run(u.id, repo, level);
  }

  grantOf(userId: number, repo: string): Level {
    const r = this.db.prepare('SELECT level FROM grants WHERE user_id = ? AND repo = ?').get(userId, repo) as
      | { level: Level }
      | undefined;
    return r?.level ?? 'none';
  }

  grants(repo?: string): Grant[] {
    const sql =
      `SELECT u.name AS user, g.repo, g.level FROM grants g JOIN users u ON u.id ` +
      `= g.user_id ${repo ? 'WHERE g.repo = ?' : ''} ORDER BY g.repo, u.name`;
    return (repo ? this.db.prepare(sql).all(repo) : this.db.prepare(sql).all()) as Grant[];
  }

  repoSettings(name: string): RepoSettings {
    const r = this.db.prepare('SELECT name, public, description FROM repos WHERE name = ?').get(name) as
      | { name: string; public: number; description: string }
      | undefined;
    return { name, public: !!r?.public, description: r?.description ?? '' };
  }

  setRepo(name: string, fields: { public?: boolean; description?: string }): void {
    const cur = this.repoSettings(name);
    this.db
      .prepare(
        'INSERT INTO repos (name, public, description) VALUES (?, ?, ?) ON CONFLICT ' +
          '(name) DO UPDATE SET public = excluded.public, description = excluded.description',
      )
      .run(name, (fields.public ?? cur.public) ? 1 : 0, fields.description ?? cur.description);
  }

  /** Forgets a removed repository's settings, grants and webhooks (a new one of that name starts clean). */
  forgetRepo(name: string): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM repos WHERE name = ?').run(name);
      this.db.prepare('DELETE FROM grants WHERE repo = ?').run(name);
      this.db.prepare('DELETE FROM webhooks WHERE repo = ?').run(name);
    })();
  }

  // ---- sessions ----------------------------------------------------------------------------------

  /** A browser session: the cookie value (kept only hashed) and its CSRF token. */
  newSession(userId: number): { cookie: string; csrf: string } {
    const cookie = newSecret('s');
    const csrf = newSecret('c');
    this.db.prepare('DELETE FROM sessions WHERE expires < ?').run(Date.now());
    this.db
      .prepare('INSERT INTO sessions (hash, user_id, csrf, expires) VALUES (?, ?, ?, ?)')
      .run(secretHash(cookie), userId, csrf, Date.now() + SESSION_DAYS * 86_400_000);
    return { cookie, csrf };
  }

  session(cookie: string): Session | null {
    if (cookie.length > 200) return null;
    const r = this.db
      .prepare('SELECT s.csrf, s.expires, u.* FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.hash = ?')
      .get(secretHash(cookie)) as (UserRow & { csrf: string; expires: number }) | undefined;
    if (!r || r.expires < Date.now()) return null;
    return { user: toUser(r), csrf: r.csrf };
  }

  endSession(cookie: string): void {
    this.db.prepare('DELETE FROM sessions WHERE hash = ?').run(secretHash(cookie));
  }

  // ---- settings ----------------------------------------------------------------------------------

  setting(key: string): string | null {
    return (
      (this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined)?.value ??
      null
    );
  }

  setSetting(key: string, value: string): void {
    this.db
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(key, value);
  }
}

const scopesOf = (text: string): TokenScope[] =>
  text.split(' ').filter((x): x is TokenScope => (TOKEN_SCOPES as readonly string[]).includes(x));

/** Columns later versions added to a store an older dit made. */
function migrate(db: Database.Database): void {
  const has = (table: string, column: string) =>
    (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).some((c) => c.name === column);
  // tokens made before scopes could do what their account does short of administering it: `write`
  if (!has('tokens', 'scopes')) db.exec("ALTER TABLE tokens ADD COLUMN scopes TEXT NOT NULL DEFAULT 'write'");
}

export function checkNewPassword(password: string): void {
  if (password.length < 8) throw new DitError('invalid-value', 'a password needs at least 8 characters');
  if (password.length > 1024) throw new DitError('invalid-value', 'a password is at most 1024 characters');
}
