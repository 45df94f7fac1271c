// Webhooks, as GitHub's: per repository an admin registers a URL; ticket events are POSTed as JSON
// with an HMAC-SHA256 signature, retried with backoff, and the last deliveries are kept. They reach
// public addresses only, unless the server allows a range (webhook-targets.ts).
import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { DitError } from '../errors.js';
import type { Accounts } from './accounts.js';
import type { Delivery } from './pages/repo-settings.js';
import { WebhookTargets } from './webhook-targets.js';

export const SIGNATURE_HEADER = 'X-Dit-Signature-256';
const KEEP = 20;
const TIMEOUT_MS = 10_000;

export interface HookEvent {
  event: string;
  repo: string;
  [k: string]: unknown;
}

export class Webhooks {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly accounts: Accounts,
    private readonly delays: number[] = [1000, 5000, 30_000],
    private readonly targets = new WebhookTargets(),
  ) {}

  add(repo: string, url: string, secret: string): void {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw new DitError(
        'invalid-value',
        `"${url.slice(0, 100)}" is not a URL; write it like https://example.com/hook`,
      );
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:')
      throw new DitError('invalid-value', 'a webhook URL starts with http:// or https://');
    this.targets.checkUrl(u);
    if (!secret || secret.length > 200)
      throw new DitError(
        'invalid-value',
        'a webhook needs a secret (up to 200 characters) to sign its deliveries with',
      );
    this.accounts.db
      .prepare('INSERT INTO webhooks (repo, url, secret, created) VALUES (?, ?, ?, ?)')
      .run(repo, u.href, secret, new Date().toISOString());
  }

  remove(repo: string, id: number): void {
    const r = this.accounts.db.prepare('DELETE FROM webhooks WHERE repo = ? AND id = ?').run(repo, id);
    if (!r.changes) throw new DitError('not-found', 'no such webhook on this repository');
  }

  list(repo: string): { id: number; url: string; deliveries: Delivery[] }[] {
    const hooks = this.accounts.db.prepare('SELECT id, url FROM webhooks WHERE repo = ? ORDER BY id').all(repo) as {
      id: number;
      url: string;
    }[];
    const q = this.accounts.db.prepare(
      'SELECT event, status, attempts, error, at FROM deliveries WHERE hook_id = ? ORDER BY id DESC LIMIT ?',
    );
    return hooks.map((h) => ({ ...h, deliveries: q.all(h.id, KEEP) as Delivery[] }));
  }

  /** Sends an event to every webhook of its repository, in the background. */
  emit(e: HookEvent): void {
    const hooks = this.accounts.db.prepare('SELECT id, url, secret FROM webhooks WHERE repo = ?').all(e.repo) as {
      id: number;
      url: string;
      secret: string;
    }[];
    for (const h of hooks) {
      const p = this.deliver(h, e).finally(() => this.pending.delete(p));
      this.pending.add(p);
    }
  }

  private async deliver(h: { id: number; url: string; secret: string }, e: HookEvent): Promise<void> {
    const body = JSON.stringify(e);
    const signature = `sha256=${createHmac('sha256', h.secret).update(body).digest('hex')}`;
    let status: number | null = null;
    let error: string | null = null;
    let attempts = 0;
    for (let i = 0; i <= this.delays.length; i++) {
      attempts++;
      const sent = await this.post(h.url, body, {
        'Content-Type': 'application/json',
        'User-Agent': 'dit-webhooks',
        'X-Dit-Event': e.event,
        [SIGNATURE_HEADER]: signature,
      });
      status = sent.status;
      error = sent.error;
      if (!error || sent.refused) break; // a refused address stays refused: no retry
      if (i < this.delays.length) await new Promise((r) => setTimeout(r, this.delays[i]));
    }
    const db = this.accounts.db;
    if (!db.open) return;
    db.prepare('INSERT INTO deliveries (hook_id, event, status, attempts, error, at) VALUES (?, ?, ?, ?, ?, ?)').run(
      h.id,
      e.event,
      status,
      attempts,
      error,
      new Date().toISOString(),
    );
    db.prepare(
      'DELETE FROM deliveries WHERE hook_id = ? AND id NOT IN (SELECT id FROM deliveries WHERE hook_id = ? ORDER BY id DESC LIMIT ?)',
    ).run(h.id, h.id, KEEP);
  }

  /** One POST, connected only to an address the targets allow; redirects are not followed. */
  private post(
    url: string,
    body: string,
    headers: Record<string, string>,
  ): Promise<{ status: number | null; error: string | null; refused?: boolean }> {
    const u = new URL(url);
    const host = u.hostname.replace(/^\[|\]$/g, '');
    const literal = isIP(host) ? this.targets.refusal(host) : null;
    if (literal) return Promise.resolve({ status: null, error: `refused: ${literal}`.slice(0, 300), refused: true });
    return new Promise((resolve) => {
      const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(
        u,
        { method: 'POST', headers, lookup: this.targets.lookup as never, timeout: TIMEOUT_MS, agent: false },
        (res) => {
          res.resume();
          res.on('end', () => {
            const ok = res.statusCode! >= 200 && res.statusCode! < 300;
            resolve({ status: res.statusCode!, error: ok ? null : `HTTP ${res.statusCode}` });
          });
          res.on('error', (err) => resolve({ status: res.statusCode!, error: err.message.slice(0, 200) }));
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer in ${TIMEOUT_MS / 1000} s`)));
      req.on('error', (err) => {
        const refused = err.message.startsWith('refused: ');
        resolve({ status: null, error: err.message.slice(0, refused ? 300 : 200), refused });
      });
      req.end(body);
    });
  }

  /** Waits for deliveries under way (tests, shutdown). */
  async settle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }
}
