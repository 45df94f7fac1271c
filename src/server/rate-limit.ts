// Sign-in attempts limited per account and per address: after a few failures, a clear 429 for a while.
export class RateLimit {
  private readonly hits = new Map<string, { failures: number; until: number }>();

  constructor(
    private readonly max = 10,
    private readonly windowMs = 15 * 60_000,
    private readonly size = 10_000,
  ) {}

  /** Seconds until `key` may try again, or 0 when it may now. */
  blocked(key: string): number {
    const h = this.hits.get(key);
    if (!h || h.until < Date.now()) return 0;
    return h.failures >= this.max ? Math.ceil((h.until - Date.now()) / 1000) : 0;
  }

  fail(key: string): void {
    const t = Date.now();
    let h = this.hits.get(key);
    if (!h || h.until < t) {
      if (this.hits.size >= this.size) this.hits.delete(this.hits.keys().next().value!); // bounded: the oldest goes
      h = { failures: 0, until: t + this.windowMs };
      this.hits.set(key, h);
    }
    h.failures++;
  }

  succeed(key: string): void {
    this.hits.delete(key);
  }
}
