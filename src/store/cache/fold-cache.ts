// Ticket summaries cached by the object ids they were folded from, per ticket (what origins are read from).

import { DISK } from '../../caches.js';
import type { Warning } from '../../model/entry-file.js';
import { FOLD_VERSION } from '../../model/fold.js';
import { type PackedSummary, packSummary, unpackSummary } from '../../model/summary-fields.js';
import type { Summary } from '../../model/ticket.js';
import { readCache, writeCache } from './json-file.js';

export interface CachedFold {
  s: Summary | null;
  w: Warning[];
}

/** Summaries are stored as arrays (no repeated keys): a 10,000-ticket view parses in milliseconds. */
type Packed = PackedSummary;
export const pack = (s: Summary): Packed => packSummary(s);
export const unpack = (p: Packed): Summary => unpackSummary(p);

const FILE = `folds-v${FOLD_VERSION}.json`;
const MAX = DISK.folds.entries;

type Stored = Record<string, [Packed | null, Warning[]]>;

const isStored = (d: unknown): d is Stored => typeof d === 'object' && d !== null && !Array.isArray(d);

export class FoldCache {
  private map: Map<string, [Packed | null, Warning[]]> | null = null;
  private loading: Promise<Map<string, [Packed | null, Warning[]]>> | null = null;
  private readonly used = new Set<string>();
  private dirty = false;
  constructor(private readonly dir: string) {}

  /** One read of the file however many lookups wait on it. */
  private load(): Promise<Map<string, [Packed | null, Warning[]]>> {
    this.loading ??= readCache(this.dir, FILE, isStored).then(
      (data) => (this.map = new Map(Object.entries(data ?? {}))),
    );
    return this.loading;
  }

  async get(key: string): Promise<CachedFold | undefined> {
    const hit = (await this.load()).get(key);
    if (!hit) return undefined;
    this.used.add(key);
    return { s: hit[0] ? unpack(hit[0]) : null, w: hit[1] };
  }

  async set(key: string, value: CachedFold): Promise<void> {
    (await this.load()).set(key, [value.s ? pack(value.s) : null, value.w]);
    this.used.add(key);
    this.dirty = true;
  }

  /** Keeps what this process used, then the newest others, up to a bound. */
  async save(): Promise<void> {
    if (!this.dirty || !this.map) return;
    const out: Stored = {};
    const others = [...this.map.keys()].filter((k) => !this.used.has(k));
    const keep = others.slice(Math.max(0, others.length - (MAX - this.used.size)));
    for (const k of [...keep, ...this.used]) out[k] = this.map.get(k)!;
    await writeCache(this.dir, FILE, out);
    this.dirty = false;
  }
}
