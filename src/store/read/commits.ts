// Commits as tickets see them: a commit's message and author, and which hex words in text are commits.
import { readCommit } from '../../git/log.js';
import type { Store } from '../store.js';

export const commit = (store: Store, rev: string) => readCommit(store.git, rev);

/** Which of these hex words name a commit, mapped to its full id (for linking them in text). */
export async function resolveCommits(store: Store, hexes: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  await Promise.all(
    hexes.map(async (h) => {
      const info = await store.git.cat.info(`${h}^{commit}`).catch(() => null);
      if (info && info.type === 'commit') found.set(h, info.oid);
    }),
  );
  return found;
}
