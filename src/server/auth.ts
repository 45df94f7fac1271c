// Who a request comes from: HTTP Basic (password or token, so git's credential helpers work), a
// Bearer token, or a session cookie; failed passwords count towards the sign-in limits.
import { createHash } from 'node:crypto';
import type { Accounts, Session, User } from './accounts.js';
import { RateLimit } from './rate-limit.js';

export const SESSION_COOKIE = 'dit_session';

export type Who =
  | { kind: 'anonymous'; user: null }
  | { kind: 'credentials'; user: User }
  | { kind: 'session'; user: User; session: Session; cookie: string }
  | { kind: 'refused'; user: null; status: 401 | 429; message: string };

const ANON: Who = { kind: 'anonymous', user: null };

export class Auth {
  /** Failures per account; per address more are allowed, since an office may share one. */
  readonly limits = new RateLimit(10);
  readonly addressLimits = new RateLimit(40);
  /** Recently checked name and password pairs (by hash): git sends them on every request, scrypt is slow on purpose. */
  private readonly recent = new Map<string, { userId: number; until: number }>();

  constructor(readonly accounts: Accounts) {}

  /** Checks a name and password (the sign-in form and Basic auth), counting failures per account and address. */
  async password(name: string, password: string, address: string): Promise<User | 'limited' | null> {
    if (this.limits.blocked(`u:${name.toLowerCase()}`) || this.addressLimits.blocked(address)) return 'limited';
    const key = createHash('sha256').update(`${name}\0${password}`).digest('hex');
    const hit = this.recent.get(key);
    if (hit && hit.until > Date.now()) {
      const u = this.accounts.userById(hit.userId);
      if (u) return u;
    }
    const user =
      name.length <= 100 && password.length <= 1024 ? await this.accounts.verifyPassword(name, password) : null;
    if (!user) {
      this.limits.fail(`u:${name.toLowerCase()}`);
      this.addressLimits.fail(address);
      return null;
    }
    this.limits.succeed(`u:${name.toLowerCase()}`);
    if (this.recent.size > 1000) this.recent.clear();
    this.recent.set(key, { userId: user.id, until: Date.now() + 60_000 });
    return user;
  }

  /** Forgets remembered passwords (after a password change). */
  forget(): void {
    this.recent.clear();
  }

  token(token: string, address: string): User | 'limited' | null {
    if (this.addressLimits.blocked(address)) return 'limited';
    const u = this.accounts.verifyToken(token);
    if (!u) this.addressLimits.fail(address);
    return u;
  }

  /** The request's identity from its Authorization header or its session cookie. */
  async who(
    headers: { authorization?: string | undefined; cookie?: string | undefined },
    address: string,
  ): Promise<Who> {
    const auth = headers.authorization;
    if (auth) {
      const [scheme, value = ''] = auth.trim().split(/\s+/, 2) as [string, string?];
      let user: User | 'limited' | null = null;
      if (/^bearer$/i.test(scheme) || /^token$/i.test(scheme)) user = this.token(value, address);
      else if (/^basic$/i.test(scheme)) {
        const text = Buffer.from(value, 'base64').toString('utf8');
        const colon = text.indexOf(':');
        const name = colon < 0 ? text : text.slice(0, colon);
        const secret = colon < 0 ? '' : text.slice(colon + 1);
        user = secret.startsWith('dit_') ? this.token(secret, address) : await this.password(name, secret, address);
      } else {
        return {
          kind: 'refused',
          user: null,
          status: 401,
          message: 'use HTTP Basic (name and password or token) or Authorization: Bearer TOKEN',
        };
      }
      if (user === 'limited')
        return {
          kind: 'refused',
          user: null,
          status: 429,
          message: 'too many failed sign-ins; wait a few minutes and try again',
        };
      if (!user) return { kind: 'refused', user: null, status: 401, message: 'wrong name, password or token' };
      return { kind: 'credentials', user };
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
