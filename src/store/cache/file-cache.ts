// A persistent cache with one file per key under .git/dit/ (.hg/dit/), for big values read one at a time (a view's ids).
import { createHash } from 'node:crypto';
import { readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Vcs } from '../../vcs/port.js';
import { readCache, writeCache } from './json-file.js';

/** What a view needs of a file cache: get and set by key (JsonMapCache keeps small ones in one file, FileCache one file each). */
export interface KeyedCache<T> {
  get(key: string): Promise<T | undefined>;
  set(key: string, value: T): Promise<void>;
}

/**
 * Values by key, each in its own file named by the key's hash: a lookup reads one value, not every
 * value the cache holds (ten thousand ids of eight views made a 3.4 MB file that `dit show` parsed whole).
 * The newest `max` files are kept.
 */
export class FileCache<T> implements KeyedCache<T> {
  private readonly seen = new Map<string, Promise<T | undefined>>();
  private readonly pending = new Map<string, T>();
  constructor(
    private readonly dir: string,
    private readonly max: number,
    private readonly check: (d: unknown) => d is T,
  ) {}

  private file(key: string): string {
    return `${createHash('sha1').update(key).digest('hex')}.json`;
  }

  get(key: string): Promise<T | undefined> {
    const mine = this.pending.get(key);
    if (mine !== undefined) return Promise.resolve(mine);
    let p = this.seen.get(key);
    if (!p) {
      p = readCache(this.dir, this.file(key), (d): d is { key: string; value: T } => {
        const r = d as { key?: unknown; value?: unknown } | null;
        return typeof r === 'object' && r !== null && r.key === key && this.check(r.value);
      }).then((r) => r?.value);
      this.seen.set(key, p);
      // a server lives long and every journal that moves makes new keys: hold the last few only
      if (this.seen.size > 16) this.seen.delete(this.seen.keys().next().value!);
    }
    return p;
  }

  async set(key: string, value: T): Promise<void> {
    this.pending.set(key, value);
    this.seen.set(key, Promise.resolve(value));
    if (this.seen.size > 16) this.seen.delete(this.seen.keys().next().value!);
  }

  async save(): Promise<void> {
    if (!this.pending.size) return;
    for (const [key, value] of this.pending) await writeCache(this.dir, this.file(key), { key, value });
    this.pending.clear();
    try {
      const names = (await readdir(this.dir)).filter((n) => n.endsWith('.json'));
      if (names.length <= this.max) return;
      const dated = await Promise.all(names.map(async (n) => ({ n, t: (await stat(join(this.dir, n))).mtimeMs })));
      for (const { n } of dated.sort((a, b) => b.t - a.t).slice(this.max))
        await unlink(join(this.dir, n)).catch(() => {});
    } catch {
      // pruning is housekeeping; failing it costs disk, not answers
    }
  }
}

const HEX40 = /^[0-9a-f]{40}$/;
const treeKey = (tree: string) => `tree:${tree}`;

/** The ticket ids a `tickets` folder holds, sorted, kept by its key. */
export async function treeIds(vcs: Vcs, idCache: KeyedCache<string[]>, tree: string): Promise<string[]> {
  const known = await idCache.get(treeKey(tree));
  if (known) return known;
  const ids = ((await vcs.readDir(tree))?.entries ?? []) // sorted by name, as the port promises
    .filter((e) => e.dir && HEX40.test(e.name))
    .map((e) => e.name);
  await idCache.set(treeKey(tree), ids);
  return ids;
}

/**
 * What a writer knows: `after` is `before` with the journals `added` written into it, so its ids are
 * before's and those (when before's are remembered); the next reader lists neither tree.
 */
export async function deriveTreeIds(
  idCache: KeyedCache<string[]>,
  before: string | null,
  after: string,
  added: readonly string[],
): Promise<void> {
  const base = before ? await idCache.get(treeKey(before)) : [];
  if (!base || (await idCache.get(treeKey(after)))) return;
  const fresh = added.filter((id) => HEX40.test(id) && !sortedHas(base, id));
  // a comment adds no ticket: the same list, not a hundred thousand ids sorted again
  await idCache.set(treeKey(after), fresh.length ? [...new Set([...base, ...fresh])].sort() : base);
}

function sortedHas(ids: readonly string[], id: string): boolean {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ids[mid] === id) return true;
    if (ids[mid]! < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
