// Accounts' public keys (SSH and OpenPGP): added, listed and removed per account, found by fingerprint.
// The signature checks of pushes and the SSH door both ask here: `keyOwner` and `keysOf`.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DitError } from '../errors.js';
import { parseSshPublicKey } from '../model/trust/ssh-key.js';
import { gpgDelete, gpgImport, gpgShowKey } from '../sign/gpg.js';
import { type Accounts, STATE_DIR, type User } from './accounts.js';

export type KeyFormat = 'ssh' | 'openpgp';

export interface AccountKey {
  id: number;
  user: string;
  format: KeyFormat;
  /** `SHA256:...` for SSH keys (as `ssh-keygen -l` prints it), the primary key's hex fingerprint for OpenPGP. */
  fingerprint: string;
  title: string;
  /** The public key as added: `type base64` for SSH, the armored key for OpenPGP. */
  public: string;
  /** OpenPGP: the emails of the key's user ids (shown, never trusted: the account's own email counts). */
  emails: string[];
  created: string;
  lastUsed: string | null;
}

interface KeyRow {
  id: number;
  user: string;
  format: KeyFormat;
  fingerprint: string;
  title: string;
  public: string;
  emails: string;
  created: string;
  last_used: string | null;
}
const toKey = (r: KeyRow): AccountKey => ({
  id: r.id,
  user: r.user,
  format: r.format,
  fingerprint: r.fingerprint,
  title: r.title,
  public: r.public,
  emails: JSON.parse(r.emails) as string[],
  created: r.created,
  lastUsed: r.last_used,
});

const SELECT = 'SELECT k.*, u.name AS user FROM keys k JOIN users u ON u.id = k.user_id';
const MAX_KEY_TEXT = 64 * 1024;

/** The server's own OpenPGP keyring: every account's OpenPGP keys, for `gpg --verify` (GNUPGHOME). */
export function serverGnupgHome(root: string): string {
  const home = join(root, STATE_DIR, 'gnupg');
  mkdirSync(home, { recursive: true, mode: 0o700 });
  return home;
}

/**
 * Adds a public key to an account: an SSH key line (`ssh-ed25519 AAAA... comment`, a `.pub` file) or
 * an armored OpenPGP public key. A key belongs to one account; adding it twice is refused.
 */
export async function addKey(accounts: Accounts, userName: string, text: string, title?: string): Promise<AccountKey> {
  const u = accounts.user(userName);
  const trimmed = text.trim();
  if (!trimmed)
    throw new DitError(
      'invalid-value',
      'the key is empty; paste a public key (an SSH .pub file or gpg --armor --export)',
    );
  if (trimmed.length > MAX_KEY_TEXT)
    throw new DitError('invalid-value', `a public key is at most ${MAX_KEY_TEXT} bytes`);
  let row: Omit<KeyRow, 'id' | 'user' | 'created' | 'last_used'>;
  if (/BEGIN PGP/.test(trimmed)) {
    const env = { ...process.env, GNUPGHOME: serverGnupgHome(accounts.root) };
    const info = await gpgShowKey(trimmed, env);
    if ('problem' in info) throw new DitError('invalid-value', info.problem, { field: 'key' });
    row = {
      format: 'openpgp',
      fingerprint: info.fingerprint,
      title: title?.trim() || info.uids[0] || 'OpenPGP key',
      public: trimmed,
      emails: JSON.stringify(info.emails),
    };
    refuseTaken(accounts, row.fingerprint);
    await gpgImport(trimmed, env);
  } else {
    if (/PRIVATE KEY/.test(trimmed))
      throw new DitError('invalid-value', 'that is a private key; add the public one (the .pub file)', {
        field: 'key',
      });
    const key = parseSshPublicKey(trimmed.split('\n').find((l) => l.trim() && !l.startsWith('#')) ?? '');
    if ('problem' in key) throw new DitError('invalid-value', `${key.problem}`, { field: 'key' });
    row = {
      format: 'ssh',
      fingerprint: key.fingerprint,
      title: title?.trim() || key.comment || key.type,
      public: `${key.type} ${key.blob.toString('base64')}`,
      emails: '[]',
    };
    refuseTaken(accounts, row.fingerprint);
  }
  if (row.title.length > 200) row.title = row.title.slice(0, 200);
  const r = accounts.db
    .prepare(
      'INSERT INTO keys (user_id, format, fingerprint, title, public, emails, created) VALUES (?, ?, ?, ?, ?, ?, ?)',
    )
    .run(u.id, row.format, row.fingerprint, row.title, row.public, row.emails, new Date().toISOString());
  return keyById(accounts, Number(r.lastInsertRowid))!;
}

function refuseTaken(accounts: Accounts, fingerprint: string): void {
  const owner = keyOwner(accounts, fingerprint);
  if (owner)
    throw new DitError(
      'exists',
      `that key (${fingerprint}) belongs to ${owner.user.name} already; a key belongs to one account`,
      {
        name: fingerprint,
      },
    );
}

/** A key by its number (`dit server key ls`), with its owner's name. */
export function keyById(accounts: Accounts, id: number): AccountKey | null {
  const r = accounts.db.prepare(`${SELECT} WHERE k.id = ?`).get(id) as KeyRow | undefined;
  return r ? toKey(r) : null;
}

/** An account's keys, oldest first. */
export function keysOf(accounts: Accounts, userName: string): AccountKey[] {
  const u = accounts.user(userName);
  return (accounts.db.prepare(`${SELECT} WHERE k.user_id = ? ORDER BY k.created, k.id`).all(u.id) as KeyRow[]).map(
    toKey,
  );
}

/** Every key on the server (for the push check's snapshot). */
export function allKeys(accounts: Accounts): AccountKey[] {
  return (accounts.db.prepare(`${SELECT} ORDER BY k.id`).all() as KeyRow[]).map(toKey);
}

/** The key with this fingerprint and the account it belongs to, or null: the lookup the SSH door and pushes share. */
export function keyOwner(accounts: Accounts, fingerprint: string): { key: AccountKey; user: User } | null {
  const r = accounts.db.prepare(`${SELECT} WHERE k.fingerprint = ?`).get(fingerprint) as KeyRow | undefined;
  if (!r) return null;
  const user = accounts.findUser(r.user);
  return user ? { key: toKey(r), user } : null;
}

/** Removes a key of an account by fingerprint (or its number in `key ls`). */
export async function removeKey(accounts: Accounts, userName: string, which: string): Promise<AccountKey> {
  const key = keysOf(accounts, userName).find((k) => k.fingerprint === which || String(k.id) === which);
  if (!key)
    throw new DitError('not-found', `${userName} has no key ${which}; see \`dit server key ls ${userName}\``, {
      name: which,
    });
  accounts.db.prepare('DELETE FROM keys WHERE id = ?').run(key.id);
  if (key.format === 'openpgp')
    await gpgDelete(key.fingerprint, { ...process.env, GNUPGHOME: serverGnupgHome(accounts.root) });
  return key;
}

/** Notes that a key was used (a verified signature in a push, an SSH sign-in); a minute's precision. */
export function touchKey(accounts: Accounts, fingerprint: string, at = new Date()): void {
  accounts.db
    .prepare('UPDATE keys SET last_used = ? WHERE fingerprint = ? AND (last_used IS NULL OR last_used < ?)')
    .run(at.toISOString(), fingerprint, new Date(at.getTime() - 60_000).toISOString());
}
