// The web server's hold on one repository: a fresh view for every request (so any git change shows on
// the next one), writes one at a time, and caches written back to .git/dit/ shortly after use.
import { basename } from 'node:path';
import type { Store } from '../store/store.js';
import type { View } from '../store/view.js';
import type { Target } from '../store/write.js';

export class Site {
  private queue: Promise<unknown> = Promise.resolve();
  private flushTimer: NodeJS.Timeout | null = null;

  constructor(readonly store: Store) {}

  /** The repository's name for titles: its folder. */
  get name(): string {
    return basename(this.store.git.worktree ?? this.store.git.gitDir.replace(/\/\.git$/, '')).replace(/\.git$/, '');
  }

  /** A view as the repository is now: HEAD, refs and the index are read again. */
  async view(branch?: string): Promise<View> {
    this.store.invalidate();
    const view = await this.store.view(branch || undefined);
    this.flushSoon();
    return view;
  }

  /** Runs writes one after another: two requests staging entries at once would race for the index. */
  write<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run.finally(() => this.store.invalidate());
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
