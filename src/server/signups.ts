// Sign-up (`dit server --signup`): who may make an account from /-/signup, the limits on it, and with
// mail the sign-ups waiting for their confirmation link (kept hashed, like tokens, for a day).
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
    const wait = Math.max(
      this.byAddress.wait(address),
      mailed ? this.byEmail.wait(email.toLowerCase()) : 0,
      this.all.wait(''),
    );
    if (wait) throw tooMany(wait);
    const count = (db.prepare('SELECT count(*) AS n FROM signups').get() as { n: number }).n;
    if (mailed && count >= this.limits.pending) throw tooMany(HOUR / 1000);
    this.byAddress.take(address);
    if (mailed) this.byEmail.take(email.toLowerCase());
    this.all.take('');
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
    this.accounts.db.prepare('DELETE FROM signups WHERE expires <= ?').run(Date.now());
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
