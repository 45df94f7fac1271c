// Failed sign-ins answered with growing delays, per key (an address, or an address and an account): the
// first few are free, then each failure doubles the wait before the next try, and a quiet hour forgets
// them. Nothing is a hard lock, and a key names the guesser, never only the account they guess at.
export interface BackoffRule {
  /** Failures allowed before the first wait. */
  free: number;
  /** The first wait; each further failure doubles it. */
  firstMs: number;
  maxMs: number;
  /** A key with no failure for this long starts over. */
  forgetMs: number;
  /** Keys kept at most (the oldest goes first). */
  size: number;
}

export class Backoff {
  private readonly hits = new Map<string, { failures: number; next: number; last: number }>();

  constructor(private readonly rule: BackoffRule) {}

  /** Seconds until `key` may try again, or 0 when it may now. */
  wait(key: string, now = Date.now()): number {
    const h = this.current(key, now);
    return h && h.next > now ? Math.ceil((h.next - now) / 1000) : 0;
  }

  /** Counts a failure; callers count an attempt before they check it, and take it back on success. */
  fail(key: string, now = Date.now()): void {
    let h = this.current(key, now);
    if (!h) {
      if (this.hits.size >= this.rule.size) this.hits.delete(this.hits.keys().next().value!);
      h = { failures: 0, next: 0, last: now };
      this.hits.set(key, h);
    }
    h.failures++;
    h.last = now;
    const over = h.failures - this.rule.free;
    if (over >= 0) h.next = now + Math.min(this.rule.maxMs, this.rule.firstMs * 2 ** Math.min(over, 30));
  }

  /** Takes back one counted attempt (it succeeded), leaving earlier failures counted. */
  undo(key: string): void {
    const h = this.hits.get(key);
    if (!h) return;
    h.failures = Math.max(0, h.failures - 1);
    if (h.failures < this.rule.free) h.next = 0;
  }

  /** Forgets a key's failures (the right password for this account from this address). */
  succeed(key: string): void {
    this.hits.delete(key);
  }

  private current(key: string, now: number) {
    const h = this.hits.get(key);
    if (h && now - h.last > this.rule.forgetMs) {
      this.hits.delete(key);
      return undefined;
    }
    return h;
  }
}

/** How many checks run at once per key: a burst past the bound is answered at once, not queued. */
export class InFlight {
  private readonly counts = new Map<string, number>();

  constructor(private readonly max: number) {}

  /** Whether another check may start for every key given; if so it is counted until `end`. */
  start(keys: string[]): boolean {
    if (keys.some((k) => (this.counts.get(k) ?? 0) >= this.max)) return false;
    for (const k of keys) this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
    return true;
  }

  end(keys: string[]): void {
    for (const k of keys) {
      const n = (this.counts.get(k) ?? 1) - 1;
      if (n <= 0) this.counts.delete(k);
      else this.counts.set(k, n);
    }
  }
}

/** At most `max` events per key in any window of `ms` (sign-ups an hour): a count that slides, not a bucket. */
export class SlidingCount {
  private readonly times = new Map<string, number[]>();

  constructor(
    private readonly max: number,
    private readonly ms: number,
    private readonly size = 20_000,
  ) {}

  /** Seconds until `key` may have another, or 0 when it may now. */
  wait(key: string, now = Date.now()): number {
    const t = this.recent(key, now);
    return t.length < this.max ? 0 : Math.max(1, Math.ceil((t[0]! + this.ms - now) / 1000));
  }

  /** Counts one event for `key`. */
  take(key: string, now = Date.now()): void {
    const t = this.recent(key, now);
    if (!this.times.has(key)) {
      if (this.times.size >= this.size) this.times.delete(this.times.keys().next().value!);
      this.times.set(key, t);
    }
    t.push(now);
  }

  private recent(key: string, now: number): number[] {
    const t = this.times.get(key);
    if (!t) return [];
    while (t.length && t[0]! <= now - this.ms) t.shift();
    if (!t.length) this.times.delete(key);
    return t;
  }
}
