// Property: the lines the derived store writes for `dit ls` (SearchIndex.lines) are renderList's, limit included.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { PRIORITIES, SEVERITIES, STATUSES, TYPES } from '../model/fields.js';
import type { QueryDoc } from '../query/doc.js';
import { parseQuery } from '../query/parse.js';
import { compileExpr, compileOrder, indexDoc, rankExpression } from '../query/sql.js';
import { SearchIndex } from '../query/sqlite-index.js';
import { inState } from '../query/state.js';
import { withinOneEdit } from '../query/text.js';
import { plainLine, renderList } from './format.js';

const title = fc.oneof(
  fc.constantFrom('crash on save', 'résumé 日本語', 'tab\there', 'line\nbreak', 'esc \x1b[31mred', '  spaced  '),
  fc.string({ minLength: 1, maxLength: 12 }),
);
const day = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString();
const doc = (i: number): fc.Arbitrary<QueryDoc> =>
  fc
    .record({
      title,
      type: fc.constantFrom(...TYPES),
      status: fc.constantFrom(...STATUSES),
      priority: fc.constantFrom(...PRIORITIES),
      severity: fc.constantFrom(...SEVERITIES),
      labels: fc.uniqueArray(fc.constantFrom('ui', 'api', 'Bug', 'a, b', 'ü'), { maxLength: 3 }),
      milestone: fc.option(fc.constantFrom('2.4', 'v1.0', ''), { nil: null }),
      created: fc.integer({ min: 0, max: 60 }).map(day),
      commentCount: fc.nat(3),
    })
    .map((d) => ({
      ...d,
      body: '',
      comments: [],
      topic: null,
      origin: null,
      author: { name: 'Ann', email: 'ann@example.com' },
      responsible: null,
      mentions: [],
      watchers: [],
      participants: [],
      updated: d.created,
      voteCount: 0,
      tip: null,
      target: null,
      review: 'none' as const,
      evidence: [],
      checks: null,
      id: `${i.toString(16).padStart(2, '0')}abcdef0123456789`.repeat(3).slice(0, 40),
    }));

test('the derived store writes the lines renderList writes, for any state and limit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dit-lines-'));
  try {
    fc.assert(
      fc.property(
        fc.tuple(...Array.from({ length: 10 }, (_, i) => doc(i))),
        fc.constantFrom('', 'crash', 'label:ui', 'sort:created-asc', 'sort:comments-desc'),
        fc.constantFrom('open', 'closed', 'all') as fc.Arbitrary<'open' | 'closed' | 'all'>,
        fc.option(fc.nat(12), { nil: null }),
        (docs, text, state, limit) => {
          const path = join(dir, `i${Math.random().toString(36).slice(2)}.sqlite`);
          const index = SearchIndex.open(path);
          try {
            const ids = new Map(docs.map((d) => [d.id, `key-${d.id}`]));
            index.update(
              'v',
              'k',
              ids,
              [],
              docs.map((d) => indexDoc(`key-${d.id}`, d)),
            );
            const q = parseQuery(text);
            const near = (w: string) => index.nearWords(w, withinOneEdit);
            const where = inState(compileExpr(q.filter, null, near), state);
            const order = compileOrder(q);
            const rank = rankExpression(q, near);
            const summaries = index.select('v', where, order, rank);
            const want = renderList(limit === null ? summaries : summaries.slice(0, limit));
            const got = index.lines('v', where, order, rank, limit).map(plainLine);
            assert.equal(got.length ? `${got.join('\n')}\n` : '', want);
          } finally {
            index.close();
            SearchIndex.remove(path);
          }
        },
      ),
      { numRuns: 80 },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
