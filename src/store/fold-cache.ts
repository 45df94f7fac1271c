// Ticket summaries cached by the object ids of the trees (and commits) they were folded from.
import type { Summary } from '../model/ticket.js';
import { FOLD_VERSION } from '../model/fold.js';
import { isRecord, readCache, writeCache } from './cache.js';
import type { Warning } from './journals.js';

export interface CachedFold { s: Summary | null; w: Warning[] }

const FILE = `folds-v${FOLD_VERSION}.json`;
const MAX = 200_000;

export class FoldCache {
  private map: Map<string, CachedFold> | null = null;
  private readonly used = new Set<string>();
  private dirty = false;
  constructor(private readonly dir: string) {}

  async load(): Promise<void> {
    if (this.map) return;
    const data = await readCache(this.dir, FILE, (d): d is Record<string, CachedFold> => isRecord(d));
    this.map = new Map(Object.entries(data ?? {}));
  }

  get(key: string): CachedFold | undefined {
    const hit = this.map?.get(key);
    if (hit) this.used.add(key);
    return hit;
  }

  set(key: string, value: CachedFold): void {
    this.map ??= new Map();
    this.map.set(key, value);
    this.used.add(key);
    this.dirty = true;
  }

  /** Keeps what this process used, then the newest others, up to a bound. */
  async save(): Promise<void> {
    if (!this.dirty || !this.map) return;
    const out: Record<string, CachedFold> = {};
    const others = [...this.map.keys()].filter((k) => !this.used.has(k));
    const keep = others.slice(Math.max(0, others.length - (MAX - this.used.size)));
    for (const k of [...keep, ...this.used]) out[k] = this.map.get(k)!;
    await writeCache(this.dir, FILE, out);
    this.dirty = false;
  }
}
