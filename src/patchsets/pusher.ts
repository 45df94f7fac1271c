// Who is pushing, and what they may do. The environment contract with `dit server` lives here.
import { readFile } from 'node:fs/promises';
import { committerIdentity } from '../git/commits.js';
import type { Git } from '../git/repo.js';
import type { Author } from '../model/schema.js';
import type { Ticket } from '../model/ticket.js';
import { personKey } from '../model/ticket.js';

/**
 * The hook's environment contract (set by `dit server` before it runs `git http-backend`; absent for
 * file:// and ssh pushes, where git's own identity is used):
 *
 * - `DIT_PUSHER_NAME`, `DIT_PUSHER_EMAIL`: the authenticated account. Entries the push records are
 *   authored by them. When `DIT_PUSHER_ROLE` is set and both are empty, the push is anonymous and refused.
 * - `DIT_PUSHER_ROLE`: `read`, `write` or `admin`. A `read` pusher may open proposals and push to their
 *   own, but not rewrite someone else's patchset. Unset means the pusher can write the repository
 *   (they reached it through the file system or ssh).
 * - `DIT_PEOPLE_FILE` (optional): a JSON array of `{ "username", "name", "email" }` accounts; `-o r=`
 *   and `-o cc=` must name one of them. Unset: anyone who authored or is responsible for a ticket.
 * - `DIT_BASE_URL` (optional): the repository's web address; the hook prints `<DIT_BASE_URL>/tickets/<id>`.
 */
export type Role = 'read' | 'write' | 'admin';
export interface Pusher extends Author {
  role: Role | null;
}

export const PUSHER_ENV = [
  'DIT_PUSHER_NAME',
  'DIT_PUSHER_EMAIL',
  'DIT_PUSHER_ROLE',
  'DIT_PEOPLE_FILE',
  'DIT_BASE_URL',
] as const;

/** The pusher from the environment, else git's committer identity; null when anonymous. */
export async function pusherFrom(env: NodeJS.ProcessEnv, git: Git): Promise<Pusher | null> {
  const roleText = env.DIT_PUSHER_ROLE?.trim().toLowerCase();
  const role =
    roleText === 'read' || roleText === 'write' || roleText === 'admin' ? roleText : roleText ? 'read' : null;
  const name = env.DIT_PUSHER_NAME?.trim() ?? '';
  const email = env.DIT_PUSHER_EMAIL?.trim() ?? '';
  if (name || email) return { name: name || email, email, role };
  if (role) return null; // the server says who pushes; nobody means anonymous
  const me = await committerIdentity(git);
  return me ? { ...me, role: null } : null;
}

export const canWrite = (p: Pusher): boolean => p.role === null || p.role === 'write' || p.role === 'admin';

/** The same person: the same email (any case), or the same name when neither has an email. */
export const samePerson = (a: Author, b: Author): boolean =>
  (a.email !== '' && a.email.toLowerCase() === b.email.toLowerCase()) ||
  (a.email === '' && b.email === '' && a.name === b.name);

/** Who may rewrite a ticket's patchset: its author, anyone who pushed a patchset to it, its responsible person, or a writer. */
export function mayRewrite(p: Pusher, t: Ticket): boolean {
  if (canWrite(p)) return true;
  if (samePerson(p, t.author)) return true;
  if (t.patchsets.some((ps) => ps.revisions.some((r) => samePerson(p, r.author)))) return true;
  const resp = t.responsible?.toLowerCase();
  return (
    !!resp && (resp === p.email.toLowerCase() || resp === p.name.toLowerCase() || resp === personKey(p).toLowerCase())
  );
}

export interface Person {
  username?: string;
  name?: string;
  email?: string;
}

/** Accounts from DIT_PEOPLE_FILE, or null when the file is not set. */
export async function peopleFromEnv(env: NodeJS.ProcessEnv): Promise<Person[] | null> {
  const file = env.DIT_PEOPLE_FILE;
  if (!file) return null;
  const parsed = JSON.parse(await readFile(file, 'utf8')) as unknown;
  return Array.isArray(parsed) ? parsed.filter((p): p is Person => typeof p === 'object' && p !== null) : [];
}

/** Finds a person by username, email, name or the email's local part (any case); returns how dit stores them. */
export function findPerson(people: readonly Person[], value: string): string | null {
  const v = value.replace(/^@/, '').toLowerCase();
  for (const p of people) {
    const email = p.email?.toLowerCase() ?? '';
    const names = [p.username, p.name, email, email.slice(0, Math.max(0, email.indexOf('@')))]
      .filter(Boolean)
      .map((s) => s!.toLowerCase());
    if (names.includes(v)) return p.email || p.username || p.name || value;
  }
  return null;
}
