// Patchsets in the fold: revisions and rewrites, reviews reset by a new revision, review states, merged state.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { TicketEntry } from './entries/index.js';
import type { Score } from './entries/review.js';
import { entryId, type Loaded, serialize } from './entry-file.js';
import { fold } from './fold.js';
import { mergedOnBranch, reviewState } from './patchsets.js';
import type { Decider, Review } from './ticket.js';

const ann = { name: 'Ann', email: 'ann@example.com' };
const bob = { name: 'Bob', email: 'bob@example.com' };
const cat = { name: 'Cat', email: 'cat@example.com' };
const create: TicketEntry = {
  v: 1,
  kind: 'create',
  clock: 1,
  time: '2024-01-01T00:00:00Z',
  author: ann,
  title: 'Guard the empty buffer',
  body: '',
  type: 'proposal',
};
const id = entryId(serialize(create));
const hex = (n: number) => n.toString(16).padStart(40, '0');
const load = (e: TicketEntry): Loaded<TicketEntry> => ({ id: entryId(serialize(e)), entry: e });
let clock = 1;
const at = () => `2024-01-0${Math.min(9, 1 + Math.floor(clock / 3))}T00:00:${String(clock % 60).padStart(2, '0')}Z`;
const push = (
  number: number,
  revision: number,
  tip: number,
  type: 'proposal' | 'fast-forward' | 'amend' = 'amend',
): TicketEntry => ({
  v: 1,
  kind: 'patchset',
  ticket: id,
  clock: ++clock,
  time: at(),
  author: ann,
  number,
  revision,
  type,
  base: hex(1),
  tip: hex(tip),
  target: 'main',
  commits: 1,
  added: 1,
});
const review = (who: typeof ann, patchset: number, revision: number, score: Score): TicketEntry => ({
  v: 1,
  kind: 'review',
  ticket: id,
  clock: ++clock,
  time: at(),
  author: who,
  patchset,
  revision,
  score,
});

test('a new revision makes earlier reviews stale; they are kept, and no longer count', () => {
  clock = 1;
  const entries = [
    create,
    push(1, 1, 10, 'proposal'),
    review(bob, 1, 1, 2),
    review(cat, 1, 1, -1),
    push(1, 2, 11, 'fast-forward'),
  ].map(load);
  const t = fold(id, entries)!;
  assert.deepEqual(
    t.reviews.map((r) => [r.author.name, r.score, r.stale]),
    [
      ['Bob', 2, true],
      ['Cat', -1, true],
    ],
  );
  assert.equal(t.review, 'none', 'stale scores do not approve');
  const again = fold(id, [...entries, load(review(bob, 1, 2, 1))])!;
  assert.deepEqual(
    again.reviews.map((r) => [r.author.name, r.score, r.stale]),
    [
      ['Cat', -1, true],
      ['Bob', 1, false],
    ],
  );
  assert.equal(again.review, 'looks-good');
  const rewritten = fold(id, [...entries, load(push(2, 1, 12))])!;
  assert.equal(rewritten.current?.number, 2);
  assert.ok(
    rewritten.reviews.every((r) => r.stale),
    'a new patchset resets the scores too',
  );
});

test('a review arriving before its patchset waits for it', () => {
  clock = 1;
  const ps = push(1, 1, 10, 'proposal');
  const early: TicketEntry = { ...(review(bob, 1, 1, 2) as Extract<TicketEntry, { kind: 'review' }>), clock: 2 };
  const t = fold(id, [create, early, ps].map(load))!;
  assert.equal(t.review, 'approved');
  assert.equal(t.patchsets.length, 1);
});

test('review state: a veto wins, then approval, then needs work, then looks good', () => {
  const r = (score: Score, stale = false): Review => ({
    author: ann,
    time: '',
    entry: '',
    patchset: 1,
    revision: 1,
    score,
    comment: null,
    stale,
  });
  assert.equal(reviewState([r(2), r(-2), r(1)]), 'vetoed');
  assert.equal(reviewState([r(2), r(-1)]), 'approved');
  assert.equal(reviewState([r(-1), r(1)]), 'needs-work');
  assert.equal(reviewState([r(1)]), 'looks-good');
  assert.equal(reviewState([r(-2, true)]), 'none');
  assert.equal(reviewState([]), 'none');
});

test('merged on a branch: an open ticket becomes merged, one closed by hand keeps its status', () => {
  const current = { tip: hex(10), number: 2, revision: 1, time: '2024-01-02T00:00:00Z', author: ann };
  const merged = mergedOnBranch({ status: 'open' as const, decidedBy: null as Decider | null }, current);
  assert.equal(merged.status, 'merged');
  assert.equal(merged.decidedBy?.kind === 'commit' && merged.decidedBy.commit, hex(10));
  assert.equal(mergedOnBranch({ status: 'declined' as const }, current).status, 'declined');
});

test('patchsets and reviews fold alike whatever order the files are read in', () => {
  clock = 1;
  const entries = [
    create,
    push(1, 1, 10, 'proposal'),
    review(bob, 1, 1, -1),
    push(1, 2, 11, 'fast-forward'),
    review(bob, 1, 2, 2),
    review(cat, 1, 2, -2),
    push(2, 1, 12),
    review(cat, 2, 1, 1),
    review(ann, 1, 2, 1),
  ].map(load);
  const expected = fold(id, entries);
  fc.assert(
    fc.property(fc.shuffledSubarray(entries, { minLength: entries.length }), (shuffled) => {
      assert.deepEqual(fold(id, shuffled), expected);
    }),
    { numRuns: 200 },
  );
  assert.equal(expected?.review, 'looks-good');
  assert.deepEqual(
    expected?.patchsets.map((p) => p.revisions.length),
    [2, 1],
  );
});
