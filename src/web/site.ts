// The web server's hold on one repository: a fresh view for every request (so any git change shows on
// the next one), writes one at a time, and caches written back to .git/dit/ shortly after use.
import { basename } from 'node:path';
import type { Store } from '../store/store.js';
import type { View } from '../store/view.js';
import type { Target } from '../store/write.js';

interface Epoch { stamp: string | null; views: Map<string, Promise<View>>; memo: Map<string, Promise<unknown>>; pages: Map<string, Page> }
interface Page { at: number; html: string }

/** How long a rendered page is reused while nothing in git changes: its relative times ("3 minutes ago") age. */
const PAGE_TTL_MS = 30_000;

export class Site {
  private queue: Promise<unknown> = Promise.resolve();
  private current: Epoch | null = null;
  private flushTimer: NodeJS.Timeout | null = null;

  /** Whether Markdown may load images from other hosts (`git config dit.remoteImages true`; off by default). */
  remoteImages = false;

  constructor(readonly store: Store) {}

  /** The repository's name for titles: its folder. */
  get name(): string {
    return basename(this.store.git.worktree ?? this.store.git.gitDir.replace(/\/\.git$/, '')).replace(/\.git$/, '');
  }

  /**
   * What this request may reuse from earlier ones: while HEAD, the index and the refs are unchanged
   * (same stamp), views and the answers computed from them stay valid; any change starts afresh.
   */
  private async epoch(): Promise<Epoch> {
    const stamp = this.store.stamp();
    if (stamp !== null && this.current?.stamp === stamp) return this.current;
    this.store.invalidate();
    this.current = { stamp, views: new Map(), memo: new Map(), pages: new Map() };
    this.flushSoon();
    return this.current;
  }

  /** A view as the repository is now: a git change (checkout, commit, fetch, CLI write) shows at once. */
  async view(branch?: string): Promise<View> {
    const epoch = await this.epoch();
    const key = branch ?? '';
    let view = epoch.views.get(key);
    if (!view) epoch.views.set(key, (view = this.store.view(branch || undefined)));
    return view;
  }

  /** An answer computed once per state of the repository (branch lists, matrices, pending changes). */
  async memo<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const epoch = await this.epoch();
    let p = epoch.memo.get(key) as Promise<T> | undefined;
    if (!p) {
      epoch.memo.set(key, (p = fn()));
      p.catch(() => epoch.memo.delete(key));
    }
    return p;
  }

  /** A page rendered earlier for this URL, if git has not changed since and it is recent. */
  async page(url: string): Promise<string | null> {
    const hit = (await this.epoch()).pages.get(url);
    return hit && Date.now() - hit.at < PAGE_TTL_MS ? hit.html : null;
  }

  async keepPage(url: string, html: string, since: Epoch | null): Promise<void> {
    const epoch = await this.epoch();
    if (epoch !== since || epoch.stamp === null) return; // git changed while it was rendered
    if (epoch.pages.size >= 200) epoch.pages.delete(epoch.pages.keys().next().value!);
    epoch.pages.set(url, { at: Date.now(), html });
  }

  /** The current state's token, to check a page was rendered within one state. */
  async state(): Promise<Epoch> {
    return this.epoch();
  }

  /** Runs writes one after another: two requests staging entries at once would race for the index. */
  write<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run.finally(() => { this.current = null; this.store.invalidate(); });
  }

  /** Where a write from the UI goes: the working tree (staged), or the shared journal when asked or bare. */
  target(shared: boolean): Target {
    return shared || this.store.bare ? { store: 'shared' } : { store: 'tree', commit: false };
  }

  private flushSoon(): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      this.store.flush().catch(() => {}); // a cache that fails to save only costs speed
    }, 500);
    this.flushTimer.unref();
  }

  async close(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    await this.queue;
    await this.store.close();
  }
}
