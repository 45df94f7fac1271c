// What every route of the hosting server reads from a request: who is asking, from which address, the
// frame of its pages, the form it posted; and the answers routes share (sign in first, the form again).
import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import { DitError, statusOf } from '../errors.js';
import { type Form, formOf } from '../web/form.js';
import type { User } from './accounts.js';
import { SESSION_COOKIE, type Who } from './auth.js';
import type { Hosting } from './hosting.js';
import type { HostFrame } from './pages/layout.js';
import { mayChangeAccount } from './permissions.js';

export type Env = { Bindings: HttpBindings; Variables: { who: Who } };
export type C = Context<Env>;

const ANONYMOUS: Who = { kind: 'anonymous', user: null };

/** Who the request comes from (anonymous until the `who` middleware has run). */
export const whoOf = (c: C): Who => c.get('who') ?? ANONYMOUS;

/** The peer's address, which the sign-in limits count by. */
export const addressOf = (c: C): string => c.env?.incoming?.socket?.remoteAddress ?? '';

export const isApi = (path: string): boolean => /\/api(\/|$)/.test(path);

export const frameOf = (c: C, title: string): HostFrame => {
  const who = whoOf(c);
  return { user: who.user, csrf: who.kind === 'session' ? who.session.csrf : '', title };
};

/** The posted form (URL-encoded or multipart); an empty one for any other body. */
export const formBody = (c: C): Promise<Form> =>
  /^(application\/x-www-form-urlencoded|multipart\/form-data)/.test(c.req.header('content-type') ?? '')
    ? formOf(c)
    : Promise.resolve({});

/** The signed-in account, or the answer to give instead (to the sign-in page). */
export const signedIn = (c: C): User | Response =>
  whoOf(c).user ?? c.redirect(`/-/signin?next=${encodeURIComponent(c.req.path)}`, 303);

/**
 * The signed-in account, for what changes an account or the server: a session or a password, never a
 * token (a token that could mint tokens or change the email would outlive any revocation).
 */
export function accountOwner(c: C): User | Response {
  const u = signedIn(c);
  if (u instanceof Response || mayChangeAccount(whoOf(c))) return u;
  throw new DitError(
    'forbidden',
    'a token may not change an account or the server (tokens, email, password, users); sign in with a browser',
    { need: 'session' },
  );
}

/** A server administrator; anyone else learns nothing (404, as for a page that does not exist). */
export function serverAdmin(c: C): User | Response {
  const u = accountOwner(c);
  if (u instanceof Response || u.admin) return u;
  throw new DitError('not-found', `There is nothing at ${c.req.path}.`, { path: c.req.path });
}

export type Outcome = { flash?: string; notice?: string };

/** Runs a form's action: its page again with a notice, or with the error's message and status. */
export async function attempt(
  fn: () => Promise<unknown> | unknown,
  page: (extra: Outcome, status: 200 | ReturnType<typeof statusOf>) => Response | Promise<Response>,
  notice: string,
): Promise<Response> {
  try {
    await fn();
  } catch (err) {
    if (!(err instanceof DitError)) throw err;
    return page({ flash: err.message }, statusOf(err.code));
  }
  return page({ notice }, 200);
}

/** Sets (or with null, clears) the session cookie. */
export function sessionCookie(c: C, hosting: Hosting, cookie: string | null): void {
  const life = cookie ? `Max-Age=${30 * 86400}` : 'Max-Age=0';
  c.header(
    'Set-Cookie',
    `${SESSION_COOKIE}=${cookie ?? ''}; Path=/; HttpOnly; SameSite=Lax; ${life}${hosting.secure ? '; Secure' : ''}`,
  );
}

/** Where sign-in goes next: a path on this server only. */
export function safeNext(next: string | null | undefined): string {
  return next?.startsWith('/') && !next.startsWith('//') && !next.includes('\\') ? next : '/';
}
