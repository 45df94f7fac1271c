// Saved queries: `git config dit.query.<name> '<query>'` (in hg, `query.<name>` in the `[dit]` section) names a query the list page offers in its side list.
import type { Store } from '../store.js';

export interface SavedQuery {
  name: string;
  query: string;
}

/** The saved queries git's config holds (local over global: the last value of a name wins), by name. */
export async function savedQueries(store: Store): Promise<SavedQuery[]> {
  const found = new Map<string, string>();
  for (const { name, value } of await store.vcs.configMatching('^dit\\.query\\.')) {
    const key = name.slice('dit.query.'.length);
    if (key && value.trim()) found.set(key, value.trim());
  }
  return [...found].map(([name, query]) => ({ name, query })).sort((a, b) => a.name.localeCompare(b.name, 'en'));
}

/** What the saved queries depend on: git's config files (so an answer can be cached until they change). */
export const savedQueriesStamp = (store: Store): string => store.vcs.configStamp();
