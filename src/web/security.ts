// What keeps a local web UI safe from the other pages a browser has open: the Host check (DNS
// rebinding), a same-origin check and a token on every state-changing request (cross-site requests),
// and headers that forbid inline script, framing and sniffing.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { DitError } from '../errors.js';

export const TOKEN_FIELD = '_csrf';
export const TOKEN_HEADER = 'x-csrf-token';

/** Where Gravatar serves avatars from: the one host img-src adds when a server turns Gravatar on. */
export const GRAVATAR = 'https://www.gravatar.com';

/** The Content-Security-Policy; images from other hosts only when the repository allows them. */
export const csp = (remoteImages = false, gravatar = false): string =>
  [
    "default-src 'none'",
    "script-src 'self'",
    "style-src-elem 'self'",
    "style-src-attr 'unsafe-inline'",
    `img-src 'self' data:${remoteImages ? ' https:' : gravatar ? ` ${GRAVATAR}` : ''}`,
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
export const CSP = csp();

/** A fresh secret per server process; pages carry it in forms, scripts in a header. */
export const newToken = (): string => randomBytes(24).toString('hex');

export function sameToken(given: string | undefined | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The Host values the server answers to: its bound address and localhost, with its port. */
export function allowedHosts(host: string, port: number): Set<string> {
  const names = new Set([host, 'localhost', '127.0.0.1', '[::1]']);
  if (host.includes(':') && !host.startsWith('[')) names.add(`[${host}]`);
  return new Set([...names].flatMap((n) => [`${n}:${port}`, ...(port === 80 ? [n] : [])]));
}

export function securityHeaders(
  remoteImages: () => boolean = () => false,
  gravatar: () => boolean = () => false,
): MiddlewareHandler {
  return async (c, next) => {
    await next();
    // a response that set a policy of its own keeps it: an attachment's sandbox, or a repository's
    // page under `dit server` (whose repository may allow Gravatar or remote images)
    if (!c.res.headers.get('Content-Security-Policy'))
      c.header('Content-Security-Policy', csp(remoteImages(), gravatar()));
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('X-Frame-Options', 'DENY');
    c.header('Referrer-Policy', 'same-origin');
    c.header('Cross-Origin-Opener-Policy', 'same-origin');
    c.header('Cross-Origin-Resource-Policy', 'same-origin');
  };
}

/** Methods that change nothing (a guard lets them through without origin or token). */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const isSafeMethod = (method: string): boolean => SAFE_METHODS.has(method);

/**
 * Refuses a Host this server does not answer to (DNS rebinding): one check for every door, the pages,
 * the API and git over HTTP alike. `allowed` null answers any (in-process tests through `app.request`).
 */
export function checkHost(allowed: Set<string> | null, host: string | undefined, hint = ''): void {
  if (!allowed || (host && allowed.has(host.toLowerCase()))) return;
  const expected = [...allowed][0]!;
  const message = `this server answers to ${expected}, not ${host || 'a request without a Host header'}; open it by that address${hint}`;
  throw new DitError('bad-host', message, { host: host ?? null, expected });
}

/** The same-origin rule for a state change: no Origin, or one of ours; no cross-site fetch metadata. */
export function checkOrigin(allowed: Set<string> | null, host: string | undefined, origin?: string, site?: string) {
  const own = new Set([...(allowed ?? [host ?? ''])].flatMap((h) => [`http://${h}`, `https://${h}`]));
  if ((origin && !own.has(origin.toLowerCase())) || (site && site !== 'same-origin' && site !== 'none')) {
    const message = 'cross-site requests may not change anything here; use the pages this server serves';
    throw new DitError('cross-origin', message, { origin: origin ?? site ?? null });
  }
}

export interface WriteGuard {
  hosts: () => Set<string> | null;
  /** The token this request must carry on a state change; null when it needs none (it brought credentials). */
  token: (c: Context) => string | null;
  /** Where a script gets a token, said in the refusal. */
  hint: string;
}

/** Refuses a state-changing request that is cross-origin or lacks its token (forms: the `_csrf` field). */
export function writeGuard(opts: WriteGuard): MiddlewareHandler {
  return async (c, next) => {
    if (isSafeMethod(c.req.method)) return next();
    checkOrigin(opts.hosts(), c.req.header('host'), c.req.header('origin'), c.req.header('sec-fetch-site'));
    const token = opts.token(c);
    if (token === null) return next();
    let given = c.req.header(TOKEN_HEADER);
    if (
      !given &&
      /^(application\/x-www-form-urlencoded|multipart\/form-data)/.test(c.req.header('content-type') ?? '')
    ) {
      const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
      const field = form[TOKEN_FIELD];
      given = typeof field === 'string' ? field : undefined;
    }
    if (!sameToken(given, token))
      throw new DitError('bad-token', `this request has no valid ${TOKEN_HEADER} token; ${opts.hint}`);
    return next();
  };
}

/** Refuses a request whose Host is not ours before anything else reads it. */
export const hostGuard =
  (hosts: () => Set<string> | null, hint = ''): MiddlewareHandler =>
  async (c, next) => {
    checkHost(hosts(), c.req.header('host'), hint);
    return next();
  };

/**
 * `dit serve`'s guard: the Host check, then for a state change the same origin and the page token.
 * `dit server` uses the same two parts with who is asking in between (a session needs its token).
 */
export function guard(hosts: () => Set<string> | null, token: string): MiddlewareHandler {
  const host = hostGuard(hosts);
  const write = writeGuard({
    hosts,
    token: () => token,
    hint: 'reload the page (scripts: GET /api/session for the token)',
  });
  return (c, next) =>
    host(c, async () => {
      await write(c, next);
    });
}
