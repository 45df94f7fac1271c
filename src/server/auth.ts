// Who a request comes from: HTTP Basic (password or token, so git's credential helpers work), a
// Bearer token, or a session cookie; failed passwords and tokens count towards the sign-in limits.
import { createHash } from 'node:crypto';
import type { Accounts, Session, TokenScope, User } from './accounts.js';
import { Backoff, InFlight } from './rate-limit.js';

export const SESSION_COOKIE = 'dit_session';

export type Who =
  | { kind: 'anonymous'; user: null }
  /** Basic or Bearer: a password is the whole account; a token is held to its scopes. */
  | { kind: 'credentials'; user: User; scopes: TokenScope[] | null }
  | { kind: 'session'; user: User; session: Session; cookie: string }
  | { kind: 'refused'; user: null; status: 401 | 429; message: string; retryAfter?: number };

/** A check not made: this address (or this address at this account) must wait that many seconds. */
export interface Limited {
  retryAfter: number;
}
export const isLimited = (x: unknown): x is Limited => typeof x === 'object' && x !== null && 'retryAfter' in x;

const ANON: Who = { kind: 'anonymous', user: null };
const MINUTE = 60_000;

export class Auth {
  /**
   * Failures per address and per address at one account, with growing waits: the guesser is slowed,
   * never the account (its owner signs in from elsewhere, and tokens and sessions are never refused).
   * An address gets more free failures than a pair, since an office may share one.
   */
  readonly pairLimits = new Backoff({
    free: 10,
    firstMs: 2000,
    maxMs: 15 * MINUTE,
    forgetMs: 60 * MINUTE,
    size: 20_000,
  });
  readonly addressLimits = new Backoff({
    free: 40,
    firstMs: 2000,
    maxMs: 15 * MINUTE,
    forgetMs: 60 * MINUTE,
    size: 20_000,
  });
  /** Password checks (scrypt, slow on purpose) at once per address and per account; more are refused, not queued. */
  readonly checking = new InFlight(4);
  /** Recently checked name and password pairs (by hash): git sends them on every request, scrypt is slow on purpose. */
  private readonly recent = new Map<string, { userId: number; until: number }>();

  constructor(readonly accounts: Accounts) {}

  /**
   * Checks a name and password (the sign-in form and Basic auth). The attempt is counted before the
   * slow check starts, so parallel guesses cannot all pass the limit while the first are being checked.
   */
  async password(name: string, password: string, address: string): Promise<User | Limited | null> {
    const byAddress = `a:${address}`;
    const byPair = `p:${address}\0${name.toLowerCase()}`;
    const wait = Math.max(this.addressLimits.wait(byAddress), this.pairLimits.wait(byPair));
    if (wait) return { retryAfter: wait };
    const key = createHash('sha256').update(`${name}\0${password}`).digest('hex');
    const hit = this.recent.get(key);
    if (hit && hit.until > Date.now()) {
      const u = this.accounts.userById(hit.userId);
      if (u) return u;
    }
    const running = [byAddress, `u:${name.toLowerCase()}`];
    if (!this.checking.start(running)) return { retryAfter: 1 };
    this.addressLimits.fail(byAddress);
    this.pairLimits.fail(byPair);
    let user: User | null;
    try {
      user = name.length <= 100 && password.length <= 1024 ? await this.accounts.verifyPassword(name, password) : null;
    } finally {
      this.checking.end(running);
    }
    if (!user) return null;
    this.pairLimits.succeed(byPair);
    this.addressLimits.undo(byAddress);
    if (this.recent.size > 1000) this.recent.clear();
    this.recent.set(key, { userId: user.id, until: Date.now() + MINUTE });
    return user;
  }

  /** Forgets remembered passwords (after a password change). */
  forget(): void {
    this.recent.clear();
  }

  /** A token's account and scopes. A valid token always works; a wrong one counts against its address. */
  token(token: string, address: string): { user: User; scopes: TokenScope[] } | Limited | null {
    const t = this.accounts.verifyToken(token);
    if (t) return t;
    const byAddress = `a:${address}`;
    const wait = this.addressLimits.wait(byAddress);
    if (wait) return { retryAfter: wait };
    this.addressLimits.fail(byAddress);
    return null;
  }

  /** The request's identity from its Authorization header or its session cookie. */
  async who(
    headers: { authorization?: string | undefined; cookie?: string | undefined },
    address: string,
  ): Promise<Who> {
    const auth = headers.authorization;
    if (auth) {
      const [scheme, value = ''] = auth.trim().split(/\s+/, 2) as [string, string?];
      let found: { user: User; scopes: TokenScope[] | null } | Limited | null = null;
      const byPassword = async (name: string, secret: string) => {
        const u = await this.password(name, secret, address);
        return u && !isLimited(u) ? { user: u, scopes: null } : u;
      };
      if (/^bearer$/i.test(scheme) || /^token$/i.test(scheme)) found = this.token(value, address);
      else if (/^basic$/i.test(scheme)) {
        const text = Buffer.from(value, 'base64').toString('utf8');
        const colon = text.indexOf(':');
        const name = colon < 0 ? text : text.slice(0, colon);
        const secret = colon < 0 ? '' : text.slice(colon + 1);
        found = secret.startsWith('dit_') ? this.token(secret, address) : await byPassword(name, secret);
      } else {
        return {
          kind: 'refused',
          user: null,
          status: 401,
          message: 'use HTTP Basic (name and password or token) or Authorization: Bearer TOKEN',
        };
      }
      if (isLimited(found))
        return {
          kind: 'refused',
          user: null,
          status: 429,
          retryAfter: found.retryAfter,
          message: `too many failed sign-ins from this address; wait ${found.retryAfter} s and try again`,
        };
      if (!found) return { kind: 'refused', user: null, status: 401, message: 'wrong name, password or token' };
      return { kind: 'credentials', user: found.user, scopes: found.scopes };
    }
    const cookie = cookieValue(headers.cookie, SESSION_COOKIE);
    if (cookie) {
      const session = this.accounts.session(cookie);
      if (session) return { kind: 'session', user: session.user, session, cookie };
    }
    return ANON;
  }
}

export function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}
