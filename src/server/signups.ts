// Sign-up (`dit server --signup`): who may make an account from /-/signup, the limits on it (kept in the
// account store for their hour, so a restart does not reset them), and with mail the sign-ups waiting for
// their confirmation link (kept hashed, like tokens, for a day).
import { createHash } from 'node:crypto';
import { DitError } from '../errors.js';
import type { Accounts, User } from './accounts.js';
import { SlidingCount } from './rate-limit.js';
import { hashPassword, newSecret, secretHash } from './secrets.js';

/** How long a confirmation link works. */
export const CONFIRM_HOURS = 24;
const HOUR = 3_600_000;

/** What one hour of sign-ups may cost: accounts made or mails sent, per client address, per email address, in all. */
export interface SignupLimits {
  perAddress: number;
  perEmail: number;
  perHour: number;
  /** Sign-ups waiting for their link at once (a flood of unconfirmed ones stops here). */
  pending: number;
}
export const SIGNUP_LIMITS: SignupLimits = { perAddress: 5, perEmail: 3, perHour: 100, pending: 1000 };

/** `--signup-limit KIND=N`: the names a limit goes by, and the most any may be set to. */
export const LIMIT_NAMES: Record<string, keyof SignupLimits> = {
  address: 'perAddress',
  email: 'perEmail',
  hour: 'perHour',
  waiting: 'pending',
};
const MAX_LIMIT = 1_000_000;

/** The limits `--signup-limit address=10 --signup-limit hour=500` ask for, over the defaults; a bad one is refused. */
export function parseSignupLimits(given: readonly string[]): SignupLimits {
  const limits = { ...SIGNUP_LIMITS };
  for (const g of given) {
    const m = /^([a-z]+)=(\d{1,7})$/.exec(g.trim());
    const key = m ? LIMIT_NAMES[m[1]!] : undefined;
    const n = m ? Number(m[2]) : Number.NaN;
    if (!key || !(n >= 1 && n <= MAX_LIMIT))
      throw new DitError(
        'invalid-value',
        `--signup-limit takes KIND=N with KIND one of ${Object.keys(LIMIT_NAMES).join(', ')} and N from 1 to ` +
          `${MAX_LIMIT}, like --signup-limit address=10; not "${g.slice(0, 60)}"`,
        { field: 'signup-limit' },
      );
    limits[key] = n;
  }
  return limits;
}

/** Which count a row of `signup_counts` adds to. */
type Kind = 'address' | 'email' | 'all';
/** The key a count is kept under: a hash, so the store holds no client or email address for it. */
const keyOf = (key: string): string => createHash('sha256').update(key).digest('hex').slice(0, 32);

export interface Pending {
  name: string;
  email: string;
  expires: number;
}

/** A sign-up the form asked for: an account at once (no mail), or a link to mail (the account waits for it). */
export type Asked = { kind: 'account'; user: User } | { kind: 'mail'; link: string; pending: Pending };

export class Signups {
  private readonly byAddress: SlidingCount;
  private readonly byEmail: SlidingCount;
  private readonly all: SlidingCount;

  constructor(
    private readonly accounts: Accounts,
    readonly limits: SignupLimits = SIGNUP_LIMITS,
  ) {
    this.byAddress = new SlidingCount(limits.perAddress, HOUR);
    this.byEmail = new SlidingCount(limits.perEmail, HOUR);
    this.all = new SlidingCount(limits.perHour, HOUR);
    // the last hour's sign-ups count after a restart too
    const db = accounts.db;
    db.prepare('DELETE FROM signup_counts WHERE at <= ?').run(Date.now() - HOUR);
    const rows = db.prepare('SELECT kind, key, at FROM signup_counts ORDER BY at').all() as {
      kind: Kind;
      key: string;
      at: number;
    }[];
    for (const r of rows) this.count(r.kind).take(r.key, r.at);
  }

  private count(kind: Kind): SlidingCount {
    return kind === 'address' ? this.byAddress : kind === 'email' ? this.byEmail : this.all;
  }

  /** Counts a sign-up in memory and in the store, where the next start finds it. */
  private take(kind: Kind, key: string, now: number): void {
    this.count(kind).take(key, now);
    this.accounts.db.prepare('INSERT INTO signup_counts (kind, key, at) VALUES (?, ?, ?)').run(kind, key, now);
  }

  /**
   * Checks and takes a sign-up. With `mailed` (the server has --smtp) the account waits for the link
   * sent to its address; without, it is made at once. The limits are counted before the slow password
   * hash, so a burst cannot pass them while the first are being hashed.
   */
  async ask(form: { name: string; email: string; password: string }, address: string, mailed: boolean): Promise<Asked> {
    const { name, email, password } = form;
    if (mailed && !email)
      throw new DitError('invalid-value', 'give an email address: the link that confirms the account goes there', {
        field: 'email',
      });
    if (this.accounts.findUser(name)) throw new DitError('exists', `the name ${name} is taken; pick another`, { name });
    this.accounts.checkNewUser(name, password, email);
    this.prune();
    const db = this.accounts.db;
    const waiting = db.prepare('SELECT email FROM signups WHERE name = ? AND expires > ?').get(name, Date.now()) as
      | { email: string }
      | undefined;
    if (waiting && waiting.email.toLowerCase() !== email.toLowerCase())
      throw new DitError('exists', `the name ${name} is taken (a sign-up waits for its confirmation); pick another`, {
        name,
      });
    const at = keyOf(address);
    const to = keyOf(email.toLowerCase());
    const wait = Math.max(this.byAddress.wait(at), mailed ? this.byEmail.wait(to) : 0, this.all.wait(''));
    if (wait) throw tooMany(wait);
    const count = (db.prepare('SELECT count(*) AS n FROM signups').get() as { n: number }).n;
    if (mailed && count >= this.limits.pending) throw tooMany(HOUR / 1000);
    const now = Date.now();
    db.transaction(() => {
      this.take('address', at, now);
      if (mailed) this.take('email', to, now);
      this.take('all', '', now);
    })();
    const hash = await hashPassword(password);
    if (!mailed) return { kind: 'account', user: this.accounts.insertUser(name, hash, { email }) };
    const code = newSecret('signup');
    const expires = Date.now() + CONFIRM_HOURS * HOUR;
    db.transaction(() => {
      // asking again for the same address replaces its earlier link
      db.prepare('DELETE FROM signups WHERE email = ? OR name = ?').run(email, name);
      db.prepare(
        'INSERT INTO signups (name, email, password, hash, address, created, expires) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ).run(name, email, hash, secretHash(code), address.slice(0, 100), new Date().toISOString(), expires);
    })();
    return { kind: 'mail', link: code, pending: { name, email, expires } };
  }

  /** The sign-up a link's code names, while it works; null for an unknown, used or expired one. */
  pending(code: string): Pending | null {
    if (code.length > 200) return null;
    const r = this.accounts.db
      .prepare('SELECT name, email, expires FROM signups WHERE hash = ? AND expires > ?')
      .get(secretHash(code), Date.now()) as Pending | undefined;
    return r ?? null;
  }

  /** Makes the account a link confirms (once: the link is used up), with the password given at sign-up. */
  confirm(code: string): User {
    const db = this.accounts.db;
    return db.transaction(() => {
      const r = db
        .prepare('SELECT id, name, email, password FROM signups WHERE hash = ? AND expires > ?')
        .get(secretHash(code), Date.now()) as { id: number; name: string; email: string; password: string } | undefined;
      if (!r) throw unknownLink();
      db.prepare('DELETE FROM signups WHERE id = ?').run(r.id);
      return this.accounts.insertUser(r.name, r.password, { email: r.email });
    })();
  }

  /** Drops an unconfirmed sign-up whose mail could not be sent. */
  drop(code: string): void {
    this.accounts.db.prepare('DELETE FROM signups WHERE hash = ?').run(secretHash(code));
  }

  private prune(): void {
    const db = this.accounts.db;
    db.prepare('DELETE FROM signups WHERE expires <= ?').run(Date.now());
    db.prepare('DELETE FROM signup_counts WHERE at <= ?').run(Date.now() - HOUR);
  }
}

export const unknownLink = (): DitError =>
  new DitError(
    'not-found',
    `This confirmation link is unknown, used already or expired (links work for ${CONFIRM_HOURS} hours). Sign up again.`,
  );

const tooMany = (seconds: number): DitError => {
  const s = Math.max(1, Math.ceil(seconds));
  const words = s < 90 ? `${s} seconds` : `${Math.ceil(s / 60)} minutes`;
  return new DitError('too-many', `Too many sign-ups in the last hour; try again in ${words}.`, { retryAfter: s });
};
