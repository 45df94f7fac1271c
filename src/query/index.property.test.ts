// Property: the SQLite index returns exactly what a straightforward scan over the tickets returns.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { PRIORITIES, SEVERITIES, STATUSES, TYPES } from '../model/fields.js';
import type { QueryDoc } from './doc.js';
import { MAX_NESTING, MAX_TERMS, parseQuery } from './parse.js';
import { matches, sortDocs } from './reference/match.js';
import { compileExpr, compileOrder, indexDoc, rankExpression } from './sql.js';
import { SearchIndex } from './sqlite-index.js';
import { withinOneEdit } from './text.js';
import type { Expr, Query, TextTerm } from './types.js';

const WORDS = [
  'crash',
  'crashes',
  'crush',
  'save',
  'saving',
  'saved',
  'empty',
  'file',
  'files',
  'parser',
  'parsers',
  'deadlock',
  'lock',
  'hang',
  'résumé',
  'resume',
  'x',
];
const LABELS = ['ui', 'api', 'Bug', 'regression'];
const PEOPLE = [
  { name: 'Ann', email: 'ann@example.com' },
  { name: 'Bob', email: 'bob@example.com' },
  { name: 'ann', email: '' },
  { name: '', email: 'carol@example.org' },
];
const ME = { name: 'Ann', email: 'ann@example.com' };
const day = (n: number) => new Date(Date.UTC(2024, 0, 1) + n * 86_400_000 + (n % 3) * 500).toISOString();

const text = fc.array(fc.constantFrom(...WORDS), { maxLength: 8 }).map((w) => w.join(' '));
const person = fc.constantFrom(...PEOPLE);
const personKey = person.map((p) => p.email || p.name);
const doc = (i: number): fc.Arbitrary<QueryDoc> =>
  fc
    .record({
      title: text.filter((t) => t !== ''),
      body: text,
      comments: fc.array(text, { maxLength: 3 }),
      type: fc.constantFrom(...TYPES),
      status: fc.constantFrom(...STATUSES),
      priority: fc.constantFrom(...PRIORITIES),
      severity: fc.constantFrom(...SEVERITIES),
      labels: fc.uniqueArray(fc.constantFrom(...LABELS), { maxLength: 3 }),
      milestone: fc.option(fc.constantFrom('2.4', 'v1.0'), { nil: null }),
      topic: fc.option(fc.constantFrom('storage', 'UI'), { nil: null }),
      origin: fc.option(fc.constantFrom('gitblit#42', 'github#42', 'github#7'), { nil: null }),
      author: person,
      responsible: fc.option(fc.constantFrom('Bob <bob@example.com>', 'ann@example.com', 'carol'), { nil: null }),
      mentions: fc.uniqueArray(fc.constantFrom('ann', 'bob', 'carol'), { maxLength: 2 }),
      watchers: fc.uniqueArray(personKey, { maxLength: 2 }),
      participants: fc.uniqueArray(personKey, { maxLength: 3 }),
      created: fc.integer({ min: 0, max: 60 }).map(day),
      updated: fc.integer({ min: 60, max: 120 }).map(day),
      voteCount: fc.nat(4),
      tip: fc.option(fc.constant('c0ffee'.padEnd(40, '0')), { nil: null }),
      target: fc.constant(null),
      review: fc.constant('none' as const),
      evidence: fc.constant([] as string[]),
      checks: fc.constant(null),
    })
    .map((d) => ({
      ...d,
      id: `${i.toString(16).padStart(2, '0')}abcdef0123456789`.repeat(3).slice(0, 40),
      commentCount: d.comments.length,
    }));

const TERMS = [
  ...WORDS,
  'crsh',
  'savin',
  'deadlok',
  '"empty file"',
  '"save crash"',
  'label:ui',
  'label:bug',
  '-label:api',
  'no:label',
  'type:bug',
  'type:task',
  'is:open',
  'is:closed',
  'status:fixed',
  'priority:>=high',
  'priority:low',
  'severity:<minor',
  'milestone:2.4',
  'no:milestone',
  'topic:ui',
  'no:topic',
  'author:ann',
  'author:me',
  'author:carol',
  'responsible:bob',
  'responsible:me',
  'no:responsible',
  'mentions:me',
  'mentions:ann',
  'watched-by:me',
  'watched-by:bob',
  'participant:carol',
  'created:>2024-01-20',
  'created:2024-01-10..2024-02-01',
  'updated:<2024-03-15',
  'comments:>1',
  'comments:0',
  'votes:>=2',
  'id:0',
  'origin:42',
  'origin:github',
  'origin:gitblit#42',
  // GitHub's habits (qualifiers.ts)
  'is:pr',
  'is:issue',
  'state:open',
  'state:closed',
  'reason:completed',
  'reason:"not planned"',
  'involves:bob',
  'involves:me',
  'involves:carol',
  'linked:pr',
  'has:patchset',
  'no:patchset',
  'in:title',
  'in:body',
  'in:comments',
  'in:title,comments',
];
const SORTS = [
  '',
  'sort:created-asc',
  'sort:updated-desc',
  'sort:comments-desc',
  'sort:priority-desc',
  'sort:severity-desc',
  'sort:votes-desc',
];
const query: fc.Arbitrary<string> = fc.letrec<{ q: string; term: string }>((tie) => ({
  term: fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...TERMS) },
    fc.tuple(fc.constant('-'), tie('term')).map(([a, b]) => a + b),
    fc.tuple(tie('term'), tie('term')).map(([a, b]) => `(${a} OR ${b})`),
  ),
  q: fc.array(tie('term'), { minLength: 0, maxLength: 4 }).map((t) => t.join(' ')),
})).q;

test('the index returns exactly what a scan returns, in the same order', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dit-index-'));
  let checked = 0;
  let nonEmpty = 0;
  try {
    fc.assert(
      fc.property(
        fc.tuple(...Array.from({ length: 12 }, (_, i) => doc(i))),
        fc.array(fc.tuple(query, fc.constantFrom(...SORTS)), { minLength: 5, maxLength: 5 }),
        (docs, queries) => {
          const path = join(dir, `i${Math.random().toString(36).slice(2)}.sqlite`);
          const index = SearchIndex.open(path);
          try {
            index.update(
              'v',
              'k',
              new Map(docs.map((d) => [d.id, `key-${d.id}`])),
              [],
              docs.map((d) => indexDoc(`key-${d.id}`, d)),
            );
            for (const [text, sort] of queries) {
              let q: ReturnType<typeof parseQuery>;
              try {
                q = parseQuery(`${text} ${sort}`);
              } catch {
                continue;
              } // e.g. a term repeated in a way the parser refuses
              const near = (w: string) => index.nearWords(w, withinOneEdit);
              const got = index
                .select('v', compileExpr(q.filter, ME, near), compileOrder(q), rankExpression(q, near))
                .map((s) => s.id);
              const scanned = docs.filter((d) => matches(q, d, ME));
              checked++;
              if (scanned.length && scanned.length < docs.length) nonEmpty++;
              if (q.sort === 'relevance')
                assert.deepEqual([...got].sort(), scanned.map((d) => d.id).sort(), `${text} ${sort}`);
              else
                assert.deepEqual(
                  got,
                  sortDocs(q, scanned).map((d) => d.id),
                  `${text} ${sort}`,
                );
            }
          } finally {
            index.close();
            SearchIndex.remove(path);
          }
        },
      ),
      { numRuns: 60 },
    );
    // the generator must exercise the index: most queries parse, and many select some tickets but not all
    assert.ok(checked > 200, `only ${checked} queries parsed`);
    assert.ok(nonEmpty > 100, `only ${nonEmpty} queries selected a strict subset`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a bulk update takes its typo-tolerance words from FTS5 and finds what a per-document update finds', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dit-index-'));
  try {
    const sample = fc
      .sample(doc(0), { numRuns: 260, seed: 7 })
      .map((d, i) => ({ ...d, id: i.toString(16).padStart(40, '0') }));
    const near = (index: SearchIndex, w: string) => index.nearWords(w, withinOneEdit).sort();
    const bulk = SearchIndex.open(join(dir, 'bulk.sqlite'));
    bulk.update(
      'v',
      'k',
      new Map(sample.map((d) => [d.id, `key-${d.id}`])),
      [],
      sample.map((d) => indexDoc(`key-${d.id}`, d)),
    );
    const small = SearchIndex.open(join(dir, 'small.sqlite'));
    for (let i = 0; i < sample.length; i += 50) {
      const part = sample.slice(i, i + 50);
      small.update(
        'v',
        `k${i}`,
        new Map(part.map((d) => [d.id, `key-${d.id}`])),
        [],
        part.map((d) => indexDoc(`key-${d.id}`, d)),
      );
    }
    for (const w of ['crsh', 'savin', 'deadlok', 'parsr', 'resume', 'fil'])
      assert.deepEqual(near(bulk, w), near(small, w), w);
    assert.ok(near(bulk, 'crsh').includes('crash'), 'a typo finds the word');
    bulk.close();
    small.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('long chains compile within SQLite and FTS5 depth limits and answer what a scan answers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dit-index-'));
  const index = SearchIndex.open(join(dir, 'long.sqlite'));
  try {
    const docs = fc
      .sample(doc(0), { numRuns: 30, seed: 11 })
      .map((d, i) => ({ ...d, id: i.toString(16).padStart(40, '0') }));
    index.update(
      'v',
      'k',
      new Map(docs.map((d) => [d.id, `key-${d.id}`])),
      [],
      docs.map((d) => indexDoc(`key-${d.id}`, d)),
    );
    const near = (w: string) => index.nearWords(w, withinOneEdit);
    const run = (q: ReturnType<typeof parseQuery>) =>
      index.select('v', compileExpr(q.filter, ME, near), compileOrder(q), rankExpression(q, near)).map((s) => s.id);
    // parsed queries at the bounds: as many terms as a query may hold, in every shape
    const at = MAX_TERMS;
    const shapes = [
      Array.from({ length: at }, () => 'x').join(' '),
      Array.from({ length: at }, (_, i) => WORDS[i % WORDS.length]).join(' OR '),
      Array.from({ length: at }, (_, i) => `label:${LABELS[i % LABELS.length]}`).join(' OR '),
      Array.from({ length: at }, (_, i) => `-label:l${i}`).join(' '),
      `${'('.repeat(MAX_NESTING)}${Array.from({ length: at }, (_, i) => (i % 2 ? `label:l${i}` : 'crash')).join(' OR ')}${')'.repeat(MAX_NESTING)}`,
    ];
    for (const text of shapes) {
      const q = parseQuery(text);
      const scanned = docs.filter((d) => matches(q, d, ME)).map((d) => d.id);
      assert.deepEqual([...run(q)].sort(), scanned.sort(), text.slice(0, 60));
    }
    // past the parser's bound too: the compiled SQL stays shallow however many operands a chain has
    const wide = (n: number, op: 'and' | 'or', term: (i: number) => Expr): Query => {
      const of = Array.from({ length: n }, (_, i) => term(i));
      return {
        filter: { op, of },
        text: of.filter((e): e is TextTerm => e.op === 'text'),
        sort: 'relevance',
        branch: null,
      };
    };
    const word = (w: string): TextTerm => ({ op: 'text', words: [w], phrase: false, prefix: false, fuzzy: false });
    for (const q of [
      wide(5000, 'or', (i) => ({ op: 'label', value: `l${i}` })),
      wide(3000, 'and', () => word('x')),
      wide(3000, 'or', (i) => word(WORDS[i % WORDS.length]!)),
      wide(3000, 'and', (i) => ({ op: 'not', of: { op: 'label', value: `l${i}` } })),
    ]) {
      const scanned = docs.filter((d) => matches(q, d, ME)).map((d) => d.id);
      assert.deepEqual(
        [...run(q)].sort(),
        scanned.sort(),
        `${q.filter.op} of ${(q.filter as { of: Expr[] }).of.length}`,
      );
    }
  } finally {
    index.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
