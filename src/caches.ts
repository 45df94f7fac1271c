// Every cache dit keeps, in one table: what it is keyed by, its bounds, and when it is cleared.
// The in-memory ones live here, each on a BoundedMap (entries and bytes, least recently used first)
// shared by every repository the process opens; the files under .git/dit/ take their bounds from here.
import { BoundedMap, type Bounds, sizeOf } from './bounded-map.js';

const MiB = 1 << 20;

export interface CacheSpec extends Bounds {
  /** What an entry is keyed by. */
  key: string;
  /** When entries are dropped besides the bounds. */
  cleared: string;
}

/** The in-memory caches, one BoundedMap each (see `cache(name)`). */
export const MEMORY = {
  trees: {
    key: 'tree object id (only trees of 256 entries or more: a collection of tickets)',
    entries: 64,
    bytes: 64 * MiB,
    cleared: 'never: trees are immutable',
  },
  markdown: {
    key: 'sha1 of the text and of how each #id and commit reference in it resolved',
    entries: 5000,
    bytes: 32 * MiB,
    cleared: 'never: the same key renders the same HTML',
  },
  highlights: {
    key: 'sha1 of a language and the lines highlighted as one text (a side of a diff hunk)',
    entries: 20_000,
    bytes: 32 * MiB,
    cleared: 'never: the same key highlights the same way',
  },
  diffs: {
    key: 'repository and commits: files changed between two (and one file asked for), a range-diff of four, the conflicts of merging two',
    entries: 64,
    bytes: 64 * MiB,
    cleared: 'never: the key names the content',
  },
  states: {
    key: 'fold key: the trees of a ticket journal and the commits naming it (branch matrices)',
    entries: 20_000,
    bytes: 32 * MiB,
    cleared: 'never: the key names the content',
  },
  merged: {
    key: 'repository, a commit, and the kept patchset tips (refs/dit/patchsets/, names and ids) → the tips the commit contains',
    entries: 1024,
    bytes: 32 * MiB,
    cleared: 'never: the key names the content (a push or a force-push changes the commit or the tips)',
  },
  listings: {
    key: 'repository, view key (the trees and history a view reads), parsed query, state',
    entries: 256,
    bytes: 64 * MiB,
    cleared: 'never: the key names the content',
  },
  views: {
    key: 'repository, git state (HEAD, index, refs), branch',
    entries: 32,
    bytes: 128 * MiB,
    cleared: 'when git state changes (Site.epoch), for that repository',
  },
  stateFacts: {
    key: 'repository, git state, and what was asked (branch list, pending entries, matrix, releases, identity, ticket page data)',
    entries: 1024,
    bytes: 64 * MiB,
    cleared: 'when git state changes, for that repository',
  },
  verdicts: {
    key: "key set id (the allowed-signers file, the gpg keyring, or a server's accounts and keys) and entry id → verdict",
    entries: 100_000,
    bytes: 32 * MiB,
    cleared: 'never: a new key set has a new id',
  },
  pages: {
    key: 'repository, git state, path and the query parameters the page reads (never the raw query string)',
    entries: 200,
    bytes: 64 * MiB,
    cleared: 'when git state changes, for that repository; a page is served for at most 30 s',
  },
} as const satisfies Record<string, CacheSpec>;

/** The caches kept as files under .git/dit/ (each safe to delete), with the bounds their modules use. */
export const DISK = {
  folds: {
    key: 'fold key → a ticket summary and its warnings (folds-v<N>.json): what the original numbers of imported tickets are read from',
    entries: 200_000,
    bytes: 256 * MiB,
    cleared: 'on save: keeps what this process used, then the newest others',
  },
  history: {
    key: 'branch tip → the commits in its history that mention tickets (history-v<N>.json)',
    entries: 200,
    bytes: 256 * MiB,
    cleared: 'on save: the 200 newest tips; commits no tip reaches are dropped',
  },
  lookups: {
    key: '<tree oid>:<name> → the entry it names (lookups.json)',
    entries: 20_000,
    bytes: 4 * MiB,
    cleared: 'on save: the newest 20,000',
  },
  roots: {
    key: 'a commit (or a shared journal commit) → its tickets, milestones and labels trees (roots.json)',
    entries: 256,
    bytes: 64 * 1024,
    cleared: 'on save: the newest 256',
  },
  ids: {
    key: 'the ticket trees a view reads, or one tickets tree → its sorted ticket ids (ids/, a file each)',
    entries: 32,
    bytes: 32 * MiB,
    cleared: 'on save: the newest 32 files',
  },
  verdicts: {
    key:
      'key set id and verdict key (entry id, signature digest) → verdict: rows of the derived store ' +
      '(search-v1.sqlite), beside which key set git config gave last (keysets)',
    entries: 50_000,
    bytes: 16 * MiB,
    cleared: 'when more are kept: the newest 50,000',
  },
  origins: {
    key: 'the ticket trees a view reads → the original numbers of its imported tickets (origins/, a file each)',
    entries: 32,
    bytes: 8 * MiB,
    cleared: 'on save: the newest 32 files',
  },
  reach: {
    key: 'a viewed commit → which evidence commits (commits closing statuses name) its history contains (reach-v1.json)',
    entries: 4096,
    bytes: 16 * MiB,
    cleared: 'on save: the newest 4,096 commits',
  },
  search: {
    key: 'view name → its tickets (fold keys, membership); fold key → a summary, its warnings and its text (search-v1.sqlite, the derived store)',
    entries: Number.POSITIVE_INFINITY,
    bytes: Number.POSITIVE_INFINITY,
    cleared:
      'a view is brought up to date by the tickets that changed; documents no view holds are dropped; the file is rebuilt if damaged',
  },
} as const satisfies Record<string, CacheSpec>;

export type CacheName = keyof typeof MEMORY;

/** How entries of some caches are measured: objects too entangled for sizeOf get a nominal size. */
const MEASURE: Partial<Record<CacheName, (value: unknown) => number>> = {
  views: () => 4 * MiB, // a view's journal listings; measured by count, sized generously
};

const maps = new Map<CacheName, BoundedMap<string, unknown>>();

/** The process's cache of a name: one BoundedMap with the bounds in MEMORY. */
export function cache<V>(name: CacheName): BoundedMap<string, V> {
  let m = maps.get(name);
  if (!m) {
    const spec = MEMORY[name];
    m = new BoundedMap<string, unknown>({ entries: spec.entries, bytes: spec.bytes }, MEASURE[name] ?? sizeOf);
    maps.set(name, m);
  }
  return m as BoundedMap<string, V>;
}

/** Caches a promised value under a key, measured when it settles; equal keys share one computation. */
export function cached<T>(name: CacheName, key: string, fn: () => Promise<T>): Promise<T> {
  const m = cache<Promise<T>>(name);
  const hit = m.get(key);
  if (hit) return hit;
  const p = fn();
  m.setPromise(key, p, MEASURE[name] ?? sizeOf);
  return p;
}

/** Drops every entry of a cache whose key starts with a prefix (one repository's git state, say). */
export function clearPrefix(name: CacheName, prefix: string): void {
  const m = maps.get(name);
  if (!m) return;
  for (const k of [...m.keys()]) if (k.startsWith(prefix)) m.delete(k);
}

/** What each in-memory cache holds now: entries and bytes. */
export function cacheSizes(): Record<CacheName, { entries: number; bytes: number }> {
  const out = {} as Record<CacheName, { entries: number; bytes: number }>;
  for (const name of Object.keys(MEMORY) as CacheName[]) {
    const m = maps.get(name);
    out[name] = { entries: m?.size ?? 0, bytes: m?.bytes ?? 0 };
  }
  return out;
}

/** Gives a cache other bounds (tests make them small); forgets what it held. */
export function resizeCache(name: CacheName, bounds: Bounds): void {
  maps.set(name, new BoundedMap<string, unknown>(bounds, MEASURE[name] ?? sizeOf));
}
