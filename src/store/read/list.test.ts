// Lists with no query terms are sorted from summaries, not in the index: the order must be the one
// every other executor gives (sortDocs, the reference), ties included.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { PRIORITIES, SEVERITIES } from '../../model/fields.js';
import type { Summary } from '../../model/ticket.js';
import type { QueryDoc } from '../../query/doc.js';
import { parseQuery } from '../../query/parse.js';
import { sortDocs } from '../../query/reference/sort.js';
import { SORT_KEYS } from '../../query/types.js';
import { sortSummaries, takeState } from './list.js';

const time = fc
  .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2020, 0, 3) })
  .map((ms) => new Date(ms - (ms % 60000)).toISOString());
const summary = fc.record({
  id: fc.stringMatching(/^[0-9a-f]{40}$/),
  created: time,
  updated: time,
  priority: fc.constantFrom(...PRIORITIES),
  severity: fc.constantFrom(...SEVERITIES),
  comments: fc.integer({ min: 0, max: 3 }),
  votes: fc.integer({ min: 0, max: 3 }),
});

test('summaries sort exactly as the reference sorts documents, for every sort key', () => {
  fc.assert(
    fc.property(fc.array(summary, { maxLength: 40 }), fc.constantFrom(...SORT_KEYS), (items, sort) => {
      const got = sortSummaries(items as unknown as Summary[], { sort }).map((s) => s.id);
      const docs = items.map((s) => ({ ...s, commentCount: s.comments, voteCount: s.votes }) as unknown as QueryDoc);
      const want = sortDocs({ sort: sort === 'relevance' ? 'created-desc' : sort }, docs).map((d) => d.id);
      assert.deepEqual(got, want);
    }),
    { numRuns: 300 },
  );
});

test('a top-level is:open or is:closed is the state; elsewhere it stays a filter', () => {
  assert.equal(takeState(parseQuery('is:open label:ui').filter).state, 'open');
  assert.equal(takeState(parseQuery('label:ui is:closed').filter).state, 'closed');
  assert.equal(takeState(parseQuery('is:open OR label:ui').filter).state, null);
  assert.equal(takeState(parseQuery('-is:open').filter).state, null);
  assert.equal(takeState(parseQuery('status:fixed').filter).state, null);
  assert.equal(takeState(parseQuery('is:open is:closed').filter).state, null);
  assert.deepEqual(takeState(parseQuery('is:open').filter).rest, { op: 'and', of: [] });
});
