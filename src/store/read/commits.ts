// Commits as tickets see them: a commit's message and author, and which hex words in text are commits.
import type { Store } from '../store.js';

export const commit = (store: Store, rev: string) => store.vcs.readCommit(rev);

/** Which of these hex words name a commit, mapped to its full id (for linking them in text). */
export async function resolveCommits(store: Store, hexes: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  await Promise.all(
    hexes.map(async (h) => {
      const oid = await store.vcs.resolve(h).catch(() => null);
      if (oid?.startsWith(h.toLowerCase())) found.set(h, oid);
    }),
  );
  return found;
}
