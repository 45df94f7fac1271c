// A clone's first dit command: dit's refs fetched from origin (saying so), and the tips its entries name kept.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fetchRefs, remoteRefs } from '../../git/commits.js';
import { getConfig } from '../../git/config.js';
import { listRefs } from '../../git/refs.js';
import type { Store } from '../store.js';
import { JOURNAL_REF } from '../view/journals.js';
import { PATCHSET_REFS } from '../view/merged.js';
import { keepNamedTips } from './named-tips.js';
import { fetchJournalToo } from './sync.js';

/** `.git/dit/first-use`: this working copy had its first-use step (delete it to run the step again). */
export const FIRST_USE_FILE = 'first-use';

/**
 * A plain `git clone` brings branches and tags, not dit's refs: the shared journal (proposals, reviews,
 * merges recorded there) and the kept patchset tips (what "merged" looks for). The first command that
 * reads tickets in a working copy that has none of refs/dit/ fetches them from origin once, says so,
 * and adds the journal to origin's fetch refspecs (as `dit sync` does), so `git fetch` brings it from
 * then on. Then the tips its entries name are kept (see named-tips.ts). Never fails the command: a
 * remote it cannot reach is named in a note, with `dit sync` to try again.
 */
export async function firstUse(store: Store, say: (line: string) => void): Promise<void> {
  const mark = join(store.cacheDir, FIRST_USE_FILE);
  // an hg clone pulls every named branch, dit/journal with them, and proposals (kept tips) are git's
  if (store.bare || store.vcs.kind !== 'git' || existsSync(mark)) return;
  try {
    const remote = (await getConfig(store.git, 'remote.origin.url')) ? 'origin' : null;
    if (remote && !(await listRefs(store.git, 'refs/dit/')).length) {
      const { refs, error } = await remoteRefs(store.git, remote, 'refs/dit/');
      if (error) say(`note: could not ask ${remote} for dit's refs (${error}); \`dit sync\` fetches them later`);
      const journal = refs.some((r) => r.ref === JOURNAL_REF);
      const tips = refs.filter((r) => r.ref.startsWith(PATCHSET_REFS)).length;
      if (journal || tips) {
        const specs = [`${PATCHSET_REFS}*:${PATCHSET_REFS}*`];
        if (journal) specs.unshift((await fetchJournalToo(store, remote)).refspec);
        const ok = await fetchRefs(store.git, remote, specs);
        store.invalidate();
        say(
          ok
            ? `dit: first use of this clone: fetched ${journal ? `the shared journal${tips ? ' and ' : ''}` : ''}` +
                `${tips ? `${tips} patchset tip${tips === 1 ? '' : 's'}` : ''} from ${remote}` +
                `${journal ? ' (`git fetch` brings the journal from now on; `dit sync` shares yours)' : ''}`
            : `note: could not fetch dit's refs from ${remote}; \`dit sync\` fetches them later`,
        );
      }
    }
    await keepNamedTips(store);
  } catch (err) {
    say(
      `note: dit's first-use step in this clone failed (${(err as Error).message.split('\n')[0]}); \`dit sync\` does it too`,
    );
  }
  await mkdir(store.cacheDir, { recursive: true }).catch(() => {});
  await writeFile(mark, `${new Date().toISOString()}\n`).catch(() => {});
}
