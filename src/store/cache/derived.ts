// The derived store: one SQLite file under .git/dit/ with every indexed view's tickets (summaries, fold
// keys, membership, full text), opened once per process and kept current per ticket (view/view-index.ts).
import { join } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Ticket } from '../../model/ticket.js';
import { isDamage, SearchIndex } from '../../query/sqlite-index.js';

export const DERIVED_FILE = 'search-v1.sqlite';

export class Derived {
  private index: SearchIndex | null = null;
  /** The bring-up-to-date under way per view name (one at a time: view-index.ts' syncView waits for it). */
  readonly syncing = new Map<string, Promise<void>>();
  constructor(private readonly dir: string) {}

  get path(): string {
    return join(this.dir, DERIVED_FILE);
  }

  /**
   * The open index. A file SQLite cannot open or write (a read-only repository) gives an index in memory:
   * answers stay right, only nothing is remembered for the next command.
   */
  open(): SearchIndex {
    if (this.index) return this.index;
    try {
      this.index = SearchIndex.open(this.path);
    } catch {
      this.index = SearchIndex.open(':memory:');
    }
    return this.index;
  }

  /**
   * Runs `fn` on the index; if the file turns out damaged (truncated, overwritten), it is deleted and
   * `fn` runs once more on a new one, which rebuilds what it needs from the journals. Never trusted.
   */
  async guard<T>(fn: (index: SearchIndex) => Promise<T> | T): Promise<T> {
    try {
      return await fn(this.open());
    } catch (err) {
      if (!isDamage(err)) throw err;
      this.close();
      this.syncing.clear();
      SearchIndex.remove(this.path);
      return fn(this.open());
    }
  }

  close(): void {
    this.index?.close();
    this.index = null;
  }
}

/** A folded ticket as the derived store keeps it for `dit show`: JSON, compressed (a third of the size). */
export const packTicket = (t: Ticket): Buffer => deflateRawSync(JSON.stringify(t), { level: 1 });
export const unpackTicket = (b: Buffer): Ticket => JSON.parse(inflateRawSync(b).toString('utf8')) as Ticket;
