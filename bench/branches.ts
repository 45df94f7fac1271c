// Bench set-up: branches whose views differ, by closing and commenting tickets and by `fixes #id` commits.

import { bulkCommit } from '../src/git/fast-import.js';
import { commitTree } from '../src/git/write.js';
import { entryFileName, entryId, serialize } from '../src/model/entry-file.js';
import { FORMAT_VERSION } from '../src/model/schema.js';
import { Store } from '../src/store/store.js';

/** Deterministic pseudo-random numbers, so every run builds the same branches. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** The name of the bench's branch number `b` (from 1): release-1 to release-3, then feature-1 onwards. */
export const branchName = (b: number): string => (b <= 3 ? `release-${b}` : `feature-${b - 3}`);

export async function makeBranches(dir: string, count: number): Promise<void> {
  const store = await Store.open(dir);
  try {
    const ids = (await (await store.view('main')).summaries()).map((s) => s.id).sort();
    const main = (await store.git.oid('refs/heads/main^{commit}'))!;
    const who = { name: 'Bench', email: 'bench@example.com' };
    const rand = rng(7);
    const pick = () => ids[Math.floor(rand() * ids.length)]!;
    for (let b = 1; b <= count; b++) {
      const ref = `refs/heads/${branchName(b)}`;
      const files: { path: string; data: Buffer }[] = [];
      for (let i = 0; i < 40; i++) {
        const ticket = pick();
        const entry =
          i % 2
            ? {
                v: FORMAT_VERSION,
                kind: 'status',
                ticket,
                clock: 100,
                time: `2025-0${1 + (b % 9)}-15T12:00:00.000Z`,
                author: who,
                status: 'closed',
                comment: `closed on ${ref}`,
              }
            : {
                v: FORMAT_VERSION,
                kind: 'comment',
                ticket,
                clock: 100,
                time: `2025-0${1 + (b % 9)}-15T12:00:00.000Z`,
                author: who,
                body: `seen on ${ref}`,
              };
        const data = serialize(entry);
        files.push({ path: `.dit/tickets/${ticket}/${entryFileName(entryId(data))}`, data });
      }
      await store.git.run(['update-ref', ref, main]);
      const withEntries = (await bulkCommit(store.git, ref, main, `bench: states on ${ref}`, who, files))!;
      const tree = (await store.git.oid(`${withEntries}^{tree}`))!;
      const fixes = [pick(), pick(), pick()].map((id) => `fixes #${id.slice(0, 8)}`).join(', ');
      const tip = await commitTree(store.git, tree, [withEntries], `Fix things on ${ref}\n\nThis ${fixes}.`);
      await store.git.run(['update-ref', ref, tip]);
    }
  } finally {
    await store.close();
  }
}
