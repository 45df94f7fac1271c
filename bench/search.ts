// Bench: the search index in-process (issue 3): building it, updating it after a write, warm queries.
// Opens the repository as a `dit` process does (Store.open, the working tree's view).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseQuery } from '../src/query/parse.js';
import { openIndex, search } from '../src/store/read/search.js';
import { Store } from '../src/store/store.js';
import type { View } from '../src/store/view/view.js';

const INDEX = 'search-v1.sqlite';

async function ms(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function withView<T>(dir: string, fn: (store: Store, view: View) => Promise<T>): Promise<T> {
  const store = await Store.open(dir);
  try {
    return await fn(store, await store.view());
  } finally {
    await store.close();
  }
}

/** Brings the working tree's part of the index up to date in a fresh store; returns the time taken. */
export function indexUpdate(dir: string): Promise<number> {
  return withView(dir, (store, view) => ms(async () => (await openIndex(store, view)).index.close()));
}

/** Builds the index from nothing, keeping the other caches under .git/dit/ (folds, history). */
export function indexBuild(dir: string): Promise<number> {
  for (const suffix of ['', '-wal', '-shm']) rmSync(join(dir, '.git/dit', INDEX + suffix), { force: true });
  return indexUpdate(dir);
}

/** `runs` timings of one query (parse, check the view is current, SQL, rows) in one warm store. */
export function warmQuery(dir: string, query: string, runs: number): Promise<{ samples: number[]; hits: number }> {
  return withView(dir, async (store, view) => {
    const hits = (await search(store, view, parseQuery(query))).length;
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) samples.push(await ms(() => search(store, view, parseQuery(query))));
    return { samples, hits };
  });
}
