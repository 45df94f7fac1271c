// Every row of the classification table, and the facts that tip each decision.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classify, isRewrite, type PushFacts } from './classify.js';

const prev = { number: 2, revision: 3, tip: 't'.repeat(40), base: 'b'.repeat(40), commits: 3 };
const facts = (over: Partial<PushFacts>): PushFacts => ({
  previous: prev,
  base: prev.base,
  commits: 3,
  fastForward: false,
  previousMerged: false,
  addedOnTop: 0,
  ...over,
});

test('classification table, row by row', () => {
  const rows: [string, Partial<PushFacts>, [string, number, number, number]][] = [
    ['first patchset', { previous: null, commits: 2 }, ['proposal', 1, 1, 2]],
    ['fast-forward, not merged', { fastForward: true, commits: 5, addedOnTop: 2 }, ['fast-forward', 2, 4, 2]],
    [
      'fast-forward, current tip merged',
      { fastForward: true, previousMerged: true, commits: 1, addedOnTop: 1 },
      ['rebase', 3, 1, 1],
    ],
    ['new base and fewer commits', { base: 'c'.repeat(40), commits: 1 }, ['rebase+squash', 3, 1, 1]],
    ['fewer commits', { commits: 2 }, ['squash', 3, 1, 2]],
    ['new base', { base: 'c'.repeat(40), commits: 3 }, ['rebase', 3, 1, 3]],
    ['otherwise (same base, same count)', { commits: 3 }, ['amend', 3, 1, 3]],
    ['otherwise (same base, more commits)', { commits: 4 }, ['amend', 3, 1, 4]],
  ];
  for (const [name, f, [type, number, revision, added]] of rows) {
    assert.deepEqual(classify(facts(f)), { type, number, revision, added }, name);
  }
});

test('only proposals and fast-forwards keep the old tip; everything else is a rewrite', () => {
  assert.equal(isRewrite(classify(facts({ previous: null }))), false);
  assert.equal(isRewrite(classify(facts({ fastForward: true }))), false);
  assert.equal(isRewrite(classify(facts({ fastForward: true, previousMerged: true }))), true);
  assert.equal(isRewrite(classify(facts({}))), true);
});
