// The query parser: every qualifier, precedence, repetition, sort defaults, errors, and a print round trip.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { type DitError, isDitError } from '../errors.js';
import { type Expr, parseQuery, queryHelp, SORT_KEYS, type TextTerm, usesMe } from './parse.js';
import { printQuery } from './reference/print.js';

const f = (q: string): Expr => parseQuery(q).filter;
const word = (w: string, extra: Partial<TextTerm> = {}): TextTerm => ({
  op: 'text',
  words: [w],
  phrase: false,
  prefix: false,
  fuzzy: [...w].length >= 5,
  ...extra,
});
const type = (...values: string[]): Expr => ({ op: 'enum', field: 'type', values });
const status = (...values: string[]): Expr => ({ op: 'enum', field: 'status', values });
/** The closing statuses, written out here rather than taken from model/fields.ts: the test's own oracle. */
const CLOSED = [
  'resolved',
  'fixed',
  'merged',
  'wontfix',
  'declined',
  'duplicate',
  'invalid',
  'abandoned',
  'on-hold',
  'no-change-required',
  'closed',
];
const label = (value: string): Expr => ({ op: 'label', value });
const and = (...of: Expr[]): Expr => ({ op: 'and', of });
const or = (...of: Expr[]): Expr => ({ op: 'or', of });
const not = (of: Expr): Expr => ({ op: 'not', of });
const day = (d: string) => `${d}T00:00:00.000Z`;

/** The DitError a query raises. */
function fails(q: string): DitError<'usage'> {
  try {
    parseQuery(q);
  } catch (err) {
    assert.ok(isDitError(err, 'usage'), `expected a usage DitError for ${q}`);
    return err;
  }
  assert.fail(`expected ${JSON.stringify(q)} to be rejected`);
}

test('the empty query matches everything, newest first, in the default view', () => {
  for (const q of ['', '   '])
    assert.deepEqual(parseQuery(q), { filter: and(), text: [], sort: 'created-desc', branch: null });
});

test('is: selects the open or closed state, a status or a type', () => {
  assert.deepEqual(f('is:open'), status('new', 'open'));
  assert.deepEqual(f('is:closed'), status(...CLOSED));
  assert.deepEqual(f('is:merged'), status('merged'));
  assert.deepEqual(f('is:proposal'), type('proposal'));
  assert.deepEqual(f('is:Bug'), type('bug'));
  assert.deepEqual(f('IS:OPEN'), status('new', 'open'));
});

test('status: and type: take one value, any case', () => {
  assert.deepEqual(f('status:FIXED'), status('fixed'));
  assert.deepEqual(f('status:open'), status('open'));
  assert.deepEqual(f('type:Bug'), type('bug'));
  assert.deepEqual(f('type:=task'), type('task'));
});

test('label:, -label: and no:label; label values are lower-cased and may be quoted', () => {
  assert.deepEqual(f('label:UI'), label('ui'));
  assert.deepEqual(f('-label:wontfix'), not(label('wontfix')));
  assert.deepEqual(f('label:"Good First Issue"'), label('good first issue'));
  assert.deepEqual(f('no:label'), { op: 'none', field: 'labels' });
  assert.deepEqual(f('no:labels'), { op: 'none', field: 'labels' });
});

test('milestone:, topic: and the other no: qualifiers', () => {
  assert.deepEqual(f('milestone:"2.4"'), { op: 'eq', field: 'milestone', value: '2.4' });
  assert.deepEqual(f('milestone:V2'), { op: 'eq', field: 'milestone', value: 'v2' });
  assert.deepEqual(f('topic:Storage'), { op: 'eq', field: 'topic', value: 'storage' });
  assert.deepEqual(f('no:milestone'), { op: 'none', field: 'milestone' });
  assert.deepEqual(f('no:topic'), { op: 'none', field: 'topic' });
  assert.deepEqual(f('no:responsible'), { op: 'none', field: 'responsible' });
  assert.deepEqual(f('no:assignee'), { op: 'none', field: 'responsible' });
});

test('people qualifiers, the assignee alias, a leading @, and me', () => {
  const person = (field: string, value: unknown) => ({ op: 'person', field, value });
  assert.deepEqual(f('author:Ann'), person('author', 'ann'));
  assert.deepEqual(f('responsible:bob@example.com'), person('responsible', 'bob@example.com'));
  assert.deepEqual(f('assignee:bob'), person('responsible', 'bob'));
  assert.deepEqual(f('mentions:@ann'), person('mentions', 'ann'));
  assert.deepEqual(f('watched-by:cat'), person('watchers', 'cat'));
  assert.deepEqual(f('participant:dan'), person('participants', 'dan'));
  assert.deepEqual(f('author:me'), person('author', { me: true }));
  assert.deepEqual(f('responsible:ME'), person('responsible', { me: true }));
  assert.deepEqual(f('watched-by:me'), person('watchers', { me: true }));
  assert.deepEqual(f('author:"me"'), person('author', 'me'), 'a quoted me is someone called me');
  assert.equal(usesMe(parseQuery('crash (type:bug OR -assignee:me)')), true);
  assert.equal(usesMe(parseQuery('author:"me" me')), false, 'neither a quoted me nor the free word me is the user');
});

test('priority: and severity: compare by their order', () => {
  const p = (...values: string[]) => ({ op: 'enum', field: 'priority', values });
  assert.deepEqual(f('priority:high'), p('high'));
  assert.deepEqual(f('priority:HIGH'), p('high'));
  assert.deepEqual(f('priority:=normal'), p('normal'));
  assert.deepEqual(f('priority:>=high'), p('high', 'urgent'));
  assert.deepEqual(f('priority:>normal'), p('high', 'urgent'));
  assert.deepEqual(f('priority:<high'), p('low', 'normal'));
  assert.deepEqual(f('priority:<=normal'), p('low', 'normal'));
  assert.deepEqual(f('priority:<low'), p(), 'below the lowest is nothing, not an error');
  assert.deepEqual(f('priority:normal..urgent'), p('normal', 'high', 'urgent'));
  assert.deepEqual(f('severity:>=critical'), { op: 'enum', field: 'severity', values: ['critical', 'catastrophic'] });
  assert.deepEqual(f('severity:<minor'), { op: 'enum', field: 'severity', values: ['unrated', 'negligible'] });
});

test('created: and updated: give half-open instants: days are whole UTC days, ranges include both ends', () => {
  const d = (field: string, from: string | null, to: string | null) => ({ op: 'date', field, from, to });
  assert.deepEqual(f('created:>2026-01-01'), d('created', day('2026-01-02'), null));
  assert.deepEqual(f('created:>=2026-01-01'), d('created', day('2026-01-01'), null));
  assert.deepEqual(f('updated:<2026-06-01'), d('updated', null, day('2026-06-01')));
  assert.deepEqual(f('updated:<=2026-06-01'), d('updated', null, day('2026-06-02')));
  assert.deepEqual(f('created:2026-02-28'), d('created', day('2026-02-28'), day('2026-03-01')));
  assert.deepEqual(f('created:=2024-02-29'), d('created', day('2024-02-29'), day('2024-03-01')));
  assert.deepEqual(f('created:2026-01-01..2026-03-31'), d('created', day('2026-01-01'), day('2026-04-01')));
  assert.deepEqual(f('created:2026-01-01..*'), d('created', day('2026-01-01'), null));
  assert.deepEqual(f('created:*..2026-01-01'), d('created', null, day('2026-01-02')));
  assert.deepEqual(f('created:>2026-01-01T10:00:00Z'), d('created', '2026-01-01T10:00:00.001Z', null));
  assert.deepEqual(f('created:<2026-01-01T10:00+02:00'), d('created', null, '2026-01-01T08:00:00.000Z'));
  assert.deepEqual(
    f('created:2026-01-01T10:00:00.5Z'),
    d('created', '2026-01-01T10:00:00.500Z', '2026-01-01T10:00:00.501Z'),
  );
});

test('comments: and votes: give inclusive bounds', () => {
  const c = (min: number | null, max: number | null, field = 'commentCount') => ({ op: 'count', field, min, max });
  assert.deepEqual(f('comments:>5'), c(6, null));
  assert.deepEqual(f('comments:>=5'), c(5, null));
  assert.deepEqual(f('comments:<5'), c(null, 4));
  assert.deepEqual(f('comments:<=5'), c(null, 5));
  assert.deepEqual(f('comments:=0'), c(0, 0));
  assert.deepEqual(f('comments:3'), c(3, 3));
  assert.deepEqual(f('comments:2..10'), c(2, 10));
  assert.deepEqual(f('votes:>=3'), c(3, null, 'voteCount'));
});

test('id: is a lower-case prefix; a leading # is dropped', () => {
  assert.deepEqual(f('id:3F9A'), { op: 'id', prefix: '3f9a' });
  assert.deepEqual(f('id:#3f9a'), { op: 'id', prefix: '3f9a' });
});

test('branch: picks the view and is not a filter', () => {
  const q = parseQuery('branch:release-1 is:open');
  assert.equal(q.branch, 'release-1');
  assert.deepEqual(q.filter, status('new', 'open'));
  assert.equal(parseQuery('branch:Feature/X').branch, 'Feature/X', 'branch names keep their case');
  assert.deepEqual(parseQuery('branch:main').filter, and());
  assert.equal(parseQuery('branch:a branch:a').branch, 'a', 'the same branch twice is harmless');
  assert.equal(parseQuery('bug OR crash branch:b').branch, 'b');
});

test('sort: sets the order; the default is relevance with words, else created-desc', () => {
  for (const key of SORT_KEYS) assert.equal(parseQuery(`is:open sort:${key}`).sort, key);
  assert.equal(parseQuery('sort:Votes-Desc').sort, 'votes-desc');
  assert.equal(parseQuery('is:open').sort, 'created-desc');
  assert.equal(parseQuery('crash is:open').sort, 'relevance');
  assert.equal(parseQuery('"crash on save"').sort, 'relevance');
  assert.equal(parseQuery('crash sort:updated-asc').sort, 'updated-asc');
  assert.equal(parseQuery('-crash').sort, 'created-desc', 'a word that must be absent ranks nothing');
  assert.equal(parseQuery('--crash').sort, 'relevance');
  assert.deepEqual(parseQuery('sort:votes-desc').filter, and());
});

test('free words are normalised, marked fuzzy from five letters, and the last one is a prefix', () => {
  const q = parseQuery('Crash on SAVING café');
  assert.deepEqual(q.filter, and(word('crash'), word('on'), word('saving'), word('cafe', { prefix: true })));
  assert.deepEqual(q.text, (q.filter as { of: TextTerm[] }).of);
  assert.deepEqual(
    f('crash label:ui'),
    and(word('crash', { prefix: true }), label('ui')),
    'qualifiers after it do not matter',
  );
  assert.deepEqual(f('-sav'), not(word('sav', { prefix: true })));
});

test('quoted phrases and words with inner punctuation are exact phrases, never prefixes', () => {
  const phrase = (...words: string[]): TextTerm => ({ op: 'text', words, phrase: true, prefix: false, fuzzy: false });
  assert.deepEqual(f('"Crash on save"'), phrase('crash', 'on', 'save'));
  assert.deepEqual(f('"crash"'), phrase('crash'));
  assert.deepEqual(f('e-mail'), phrase('e', 'mail'));
  assert.deepEqual(
    f('sav "on save"'),
    and(word('sav'), phrase('on', 'save')),
    'a phrase last leaves no word to complete',
  );
  assert.deepEqual(
    f('"OR" or'),
    and(phrase('or'), word('or', { prefix: true })),
    'OR in quotes or lower case is a word',
  );
});

test('precedence: NOT binds tightest, then adjacency (AND), then OR', () => {
  const [a, b, c, d] = ['aa', 'bb', 'cc', 'dd'].map((w) => word(w)) as [TextTerm, TextTerm, TextTerm, TextTerm];
  const last = (t: TextTerm) => ({ ...t, prefix: true });
  assert.deepEqual(f('aa bb OR cc'), or(and(a, b), last(c)));
  assert.deepEqual(f('aa OR bb cc'), or(a, and(b, last(c))));
  assert.deepEqual(f('aa OR bb OR cc'), or(a, b, last(c)));
  assert.deepEqual(f('-aa bb'), and(not(a), last(b)));
  assert.deepEqual(f('-(aa OR bb) cc'), and(not(or(a, b)), last(c)));
  assert.deepEqual(f('(aa OR bb) (cc OR dd)'), and(or(a, b), or(c, last(d))));
  assert.deepEqual(f('aa AND bb OR cc'), or(and(a, b), last(c)), 'AND may be written');
  assert.deepEqual(f('((aa))'), last(a));
  assert.deepEqual(f('-(type:bug OR type:task)'), not(or(type('bug'), type('task'))));
  assert.deepEqual(f('--aa'), not(not(last(a))));
  assert.deepEqual(
    f('aa-bb'),
    { op: 'text', words: ['aa', 'bb'], phrase: true, prefix: false, fuzzy: false },
    'an inner - is not NOT',
  );
});

test('repeated plain values of a single-valued field mean either; labels and people sets mean all', () => {
  assert.deepEqual(f('type:bug type:task'), or(type('bug'), type('task')));
  assert.deepEqual(
    f('type:bug label:ui type:task type:question'),
    and(or(type('bug'), type('task'), type('question')), label('ui')),
  );
  assert.deepEqual(f('label:a label:b'), and(label('a'), label('b')));
  assert.deepEqual(f('is:open is:merged'), or(status('new', 'open'), status('merged')));
  assert.deepEqual(f('is:proposal is:open'), and(type('proposal'), status('new', 'open')), 'is: merges per field');
  const person = (field: string, value: string) => ({ op: 'person', field, value }) as Expr;
  assert.deepEqual(f('author:ann author:bob'), or(person('author', 'ann'), person('author', 'bob')));
  assert.deepEqual(
    f('assignee:ann no:responsible'),
    or(person('responsible', 'ann'), { op: 'none', field: 'responsible' }),
  );
  assert.deepEqual(f('mentions:ann mentions:bob'), and(person('mentions', 'ann'), person('mentions', 'bob')));
  assert.deepEqual(
    f('milestone:2.4 no:milestone'),
    or({ op: 'eq', field: 'milestone', value: '2.4' }, { op: 'none', field: 'milestone' }),
  );
  assert.deepEqual(f('id:3f id:a0'), or({ op: 'id', prefix: '3f' }, { op: 'id', prefix: 'a0' }));
  assert.deepEqual(
    f('comments:0 comments:1..2'),
    or({ op: 'count', field: 'commentCount', min: 0, max: 0 }, { op: 'count', field: 'commentCount', min: 1, max: 2 }),
  );
});

test('comparisons, negations, parentheses and other OR branches are never merged', () => {
  const p = (...values: string[]) => ({ op: 'enum', field: 'priority', values }) as Expr;
  assert.deepEqual(
    f('priority:>=normal priority:<urgent'),
    and(p('normal', 'high', 'urgent'), p('low', 'normal', 'high')),
  );
  assert.deepEqual(
    f('created:>2026-01-01 created:<2026-02-01'),
    and(
      { op: 'date', field: 'created', from: day('2026-01-02'), to: null },
      { op: 'date', field: 'created', from: null, to: day('2026-02-01') },
    ),
  );
  assert.deepEqual(f('-type:bug -type:task'), and(not(type('bug')), not(type('task'))));
  assert.deepEqual(f('(type:bug) type:task'), and(type('bug'), type('task')));
  assert.deepEqual(f('type:bug OR label:x type:task'), or(type('bug'), and(label('x'), type('task'))));
});

test('a query is plain data: JSON round-trips it', () => {
  const q = parseQuery(
    'is:open (crash OR "on save") -label:wontfix author:me created:2026-01-01..2026-03-31 comments:>5 branch:x sort:votes-desc',
  );
  assert.deepEqual(JSON.parse(JSON.stringify(q)), q);
});

test('an unknown qualifier points at itself and suggests the nearest one', () => {
  const e = fails('is:open lable:ui');
  assert.deepEqual(e.data, { query: 'is:open lable:ui', position: 8, length: 6, suggestion: 'label:' });
  assert.equal(
    e.message,
    'unknown qualifier `lable:` at column 9; did you mean `label:`?\n  is:open lable:ui\n          ^^^^^^',
  );
  assert.equal(fails('prio:high').data.suggestion, 'priority:', 'a beginning of a name suggests it');
  assert.equal(fails('assign:bob').data.suggestion, 'assignee:');
  assert.equal(fails('watchedby:me').data.suggestion, 'watched-by:');
  assert.equal(fails('Stauts:open').data.suggestion, 'status:');
  const far = fails('http://example.com');
  assert.equal(far.data.suggestion, null);
  assert.match(far.message, /put it in quotes/);
  assert.deepEqual(parseQuery('"http://example.com"').filter, {
    op: 'text',
    words: ['http', 'example', 'com'],
    phrase: true,
    prefix: false,
    fuzzy: false,
  });
});

test('unbalanced parentheses and quotes point at the lonely character', () => {
  assert.deepEqual(
    [fails('a (b OR c').data.position, fails('a (b OR c').message.split('\n')[0]],
    [2, 'unbalanced parenthesis: this `(` is never closed at column 3'],
  );
  assert.equal(fails('(a (b)').data.position, 0);
  assert.equal(fails('a b) c').data.position, 3);
  assert.match(fails('a b) c').message, /no matching `\(`/);
  assert.equal(fails('crash "on save').data.position, 6);
  assert.match(fails('crash "on save').message, /unbalanced quote/);
  assert.equal(fails('label:"good first').data.position, 6);
});

test('an empty value is an error naming an example', () => {
  for (const [q, pos] of [
    ['label:', 0],
    ['is:open label:""', 8],
    ['author:@', 7],
    ['id:#', 3],
  ] as const) {
    assert.equal(fails(q).data.position, pos, q);
  }
  assert.match(fails('label:').message, /`label:` needs a value, as in label:ui/);
  assert.match(fails('priority:>=').message, /a value must follow `>=`/);
});

test('bad dates are errors at the date', () => {
  for (const [q, pos, len] of [
    ['created:>2026-13-01', 9, 10],
    ['created:2026-02-30', 8, 10],
    ['updated:yesterday', 8, 9],
    ['created:2026-01-01..2026-1-5', 20, 8],
    ['created:2026-01-01T25:00Z', 8, 17],
  ] as const) {
    const e = fails(q);
    assert.deepEqual([e.data.position, e.data.length], [pos, len], q);
    assert.match(e.message, /is not a date; write YYYY-MM-DD/);
  }
  assert.match(fails('created:2026-03-01..2026-01-01').message, /starts after it ends/);
});

test('bad comparisons list the allowed values and suggest the nearest', () => {
  const e = fails('priority:>=extreme');
  assert.deepEqual(e.data, { query: 'priority:>=extreme', position: 11, length: 7, suggestion: null });
  assert.match(e.message, /unknown value `extreme` for priority:/);
  assert.match(e.message, /priority: takes one of low < normal < high < urgent/);
  assert.equal(fails('priority:hgih').data.suggestion, 'high');
  assert.equal(fails('severity:<=crit').data.suggestion, 'critical');
  assert.equal(fails('priority:high..low').data.position, 9);
  assert.match(fails('type:>bug').message, /type: takes one value; it cannot be compared/);
  assert.equal(fails('type:bgu').data.suggestion, 'bug');
  assert.equal(fails('status:fxed').data.suggestion, 'fixed');
  assert.equal(fails('is:opne').data.suggestion, 'open');
  assert.equal(fails('no:lable').data.suggestion, 'label');
  assert.match(fails('comments:many').message, /`many` is not a count/);
  assert.equal(fails('votes:>x').data.position, 7);
  assert.match(fails('comments:5..').message, /a range needs both ends/);
});

test('a bad sort key lists the keys', () => {
  const e = fails('is:open sort:votes');
  assert.deepEqual([e.data.position, e.data.suggestion], [13, 'votes-desc']);
  assert.match(e.message, /sort: takes one of created-desc, created-asc/);
  assert.equal(fails('sort:relevanse').data.suggestion, 'relevance');
});

test('misplaced operators, sort: and branch: are errors at the operator', () => {
  assert.deepEqual(
    [fails('OR a').data.position, fails('OR a').message.split(' at ')[0]],
    [0, 'OR needs a term before it'],
  );
  assert.deepEqual(
    [fails('a OR').data.position, fails('a OR').message.split(' at ')[0]],
    [2, 'OR needs a term after it'],
  );
  assert.equal(fails('a OR OR b').data.position, 2);
  assert.equal(fails('(a OR) b').data.position, 3);
  assert.equal(fails('AND a').data.position, 0);
  assert.equal(fails('a AND').data.position, 2);
  assert.equal(fails('a - b').data.position, 2);
  assert.equal(fails('a -').data.position, 2);
  assert.equal(fails('-OR a').data.position, 0);
  assert.equal(fails('a () b').data.position, 2);
  assert.match(fails('a () b').message, /empty parentheses/);
  assert.match(fails('-sort:votes-desc').message, /cannot be negated/);
  assert.match(fails('-branch:x').message, /cannot be negated/);
  assert.match(fails('(a sort:votes-desc)').message, /outside parentheses/);
  assert.match(fails('sort:votes-desc sort:created-asc').message, /a second `sort:`/);
  assert.equal(fails('branch:a branch:b').data.position, 9);
  assert.match(fails('sort:votes-desc OR crash').message, /each side of OR needs a filter/);
  assert.match(fails('!!!').message, /nothing to search for/);
  assert.match(fails('a ""').message, /no words/);
});

test('the help names every qualifier, the repetition rule and the sort keys', () => {
  const help = queryHelp();
  for (const q of [
    'is:open',
    'is:closed',
    'is:merged',
    'is:proposal',
    'status:',
    'type:',
    'label:',
    '-label:',
    'no:label',
    'milestone:',
    'no:milestone',
    'no:responsible',
    'no:assignee',
    'author:',
    'responsible:',
    'assignee:',
    'mentions:',
    'watched-by:',
    'participant:',
    'priority:>=high',
    'severity:',
    'topic:',
    'created:>2026-01-01',
    'updated:',
    '2026-01-01..2026-03-31',
    'comments:>5',
    'votes:>=3',
    'id:3f9a',
    'branch:',
    'me',
    ' OR ',
    '-(',
    '"',
  ]) {
    assert.ok(help.includes(q), `help mentions ${q}`);
  }
  for (const key of SORT_KEYS) assert.ok(help.includes(key), `help mentions sort ${key}`);
  assert.match(help, /type:bug type:task lists bugs and tasks/);
  assert.match(help, /label:ui label:regression needs both labels/);
  const examples = help
    .split('\n\n')[2]!
    .split('\n')
    .map((l) => l.trim().split(/\s{3,}/)[0]!);
  assert.equal(examples.length, 7);
  for (const q of examples) assert.doesNotThrow(() => parseQuery(q), `help example parses: ${q}`);
});

const FRAGMENTS = [
  'crash',
  'saving',
  'sav',
  'e-mail',
  '"crash on save"',
  '"x"',
  'is:open',
  'is:closed',
  'is:merged',
  'is:proposal',
  'status:fixed',
  'type:bug',
  'type:task',
  'label:ui',
  'label:"good first"',
  'no:label',
  'no:milestone',
  'no:responsible',
  'milestone:"2.4"',
  'milestone:v1',
  'topic:storage',
  'no:topic',
  'author:ann',
  'author:me',
  'author:"me"',
  'responsible:bob@x.org',
  'assignee:me',
  'mentions:@ann',
  'watched-by:me',
  'participant:cat',
  'priority:high',
  'priority:>=high',
  'priority:<high',
  'priority:normal..high',
  'priority:low..normal',
  'severity:critical..catastrophic',
  'severity:<=minor',
  'created:>2026-01-01',
  'created:<2026-01-01T10:00:00Z',
  'created:2026-01-01..2026-03-31',
  'updated:2026-02-03',
  'updated:2026-02-03T04:05:06Z..*',
  'comments:>5',
  'comments:3',
  'comments:<0',
  'comments:1..4',
  'votes:>=3',
  'votes:*..*',
  'id:3f9a',
];
const queryText = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...FRAGMENTS),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `${a} ${b}`),
    fc.tuple(tie('e'), tie('e')).map(([a, b]) => `${a} OR ${b}`),
    tie('e').map((a) => `(${a})`),
    tie('e').map((a) => `-(${a})`),
    fc.constantFrom(...FRAGMENTS).map((a) => `-${a}`),
  ),
})).e;

test('property: printing a parsed query and parsing it again gives the same description', () => {
  const extras = fc.constantFrom('', ' sort:votes-desc', ' sort:relevance', ' sort:created-desc', ' branch:release-1');
  fc.assert(
    fc.property(queryText, extras, (text, extra) => {
      const q = parseQuery(text + extra);
      assert.deepEqual(parseQuery(printQuery(q)), q, `printed as ${printQuery(q)}`);
    }),
    { numRuns: 500 },
  );
});

test('print writes merged repeats in parentheses and keeps unmerged ones apart', () => {
  assert.equal(printQuery(parseQuery('type:bug type:task crash')), '(type:bug OR type:task) crash');
  assert.equal(printQuery(parseQuery('(type:bug) type:task')), 'type:bug (type:task)');
  assert.equal(
    printQuery(parseQuery('created:2026-01-01..2026-01-31 comments:>5 author:"me" sort:votes-desc')),
    'created:2026-01-01..2026-01-31 comments:>=6 author:"me" sort:votes-desc',
  );
});

const tip = (): Expr => ({ op: 'none', field: 'tip' });
const person = (field: string, value: string): Expr => ({ op: 'person', field, value }) as Expr;

test("GitHub's is:pr is a ticket with a patchset or of type proposal; is:issue is every other", () => {
  assert.deepEqual(f('is:pr'), or(not(tip()), type('proposal')));
  assert.deepEqual(f('is:issue'), and(tip(), not(type('proposal'))));
  assert.deepEqual(f('is:issue is:open'), and(and(tip(), not(type('proposal'))), status('new', 'open')));
  // repeated, they mean either, as type:bug type:task does; the merge keeps is:pr's own OR whole
  assert.deepEqual(f('is:pr is:issue'), or(or(not(tip()), type('proposal')), and(tip(), not(type('proposal')))));
  assert.deepEqual(f('-is:pr'), not(or(not(tip()), type('proposal'))));
  assert.deepEqual(f('linked:pr'), not(tip()));
  assert.deepEqual(f('no:patchset'), tip());
  assert.equal(fails('is:prs').data.suggestion, 'pr');
  assert.match(fails('linked:issue').message, /linked: takes one of pr/);
});

test("GitHub's state: is is:open or is:closed; reason: names the close reasons", () => {
  assert.deepEqual(f('state:open'), status('new', 'open'));
  assert.deepEqual(f('state:closed'), status(...CLOSED));
  assert.deepEqual(f('state:open'), f('is:open'));
  assert.deepEqual(f('reason:completed'), status('resolved', 'fixed', 'merged', 'closed'));
  const notPlanned = status('wontfix', 'declined', 'invalid', 'abandoned', 'on-hold', 'no-change-required');
  for (const q of ['reason:"not planned"', 'reason:not_planned', 'reason:not-planned', 'reason:NOT_PLANNED'])
    assert.deepEqual(f(q), notPlanned, q);
  assert.deepEqual(f('reason:duplicate'), status('duplicate'));
  // a reason narrows the state; it is not another value of it
  assert.deepEqual(f('is:closed reason:completed'), and(status(...CLOSED), f('reason:completed')));
  assert.deepEqual(f('reason:completed reason:duplicate'), or(f('reason:completed'), status('duplicate')));
  assert.equal(fails('state:merged').data.suggestion, null);
  assert.match(fails('state:merged').message, /state: takes one of open, closed/);
  assert.equal(fails('reason:complete').data.suggestion, 'completed');
});

test("GitHub's involves: is the author, the responsible, a mention or a participant", () => {
  assert.deepEqual(
    f('involves:ann'),
    or(person('author', 'ann'), person('responsible', 'ann'), person('mentions', 'ann'), person('participants', 'ann')),
  );
  const me = f('involves:@me');
  assert.ok(me.op === 'or' && me.of.every((x) => x.op === 'person' && typeof x.value !== 'string'));
  assert.ok(usesMe(parseQuery('involves:me')));
  // a set, like participant:: two of them must both hold
  assert.equal(f('involves:ann involves:bob').op, 'and');
});

test("GitHub's in: keeps every word of the query to the title, the body or the comments", () => {
  const q = parseQuery('in:title crash "on save"');
  assert.deepEqual(
    q.filter,
    and(word('crash', { fields: ['title'] }), {
      op: 'text',
      words: ['on', 'save'],
      phrase: true,
      prefix: false,
      fuzzy: false,
      fields: ['title'],
    }),
  );
  assert.deepEqual(
    q.text.map((t) => t.fields),
    [['title'], ['title']],
    'relevance ranks within the fields too',
  );
  // anywhere in the query, several of them and comma lists add up, in a fixed order
  assert.deepEqual(f('crash in:comments,title'), word('crash', { fields: ['title', 'comments'], prefix: true }));
  assert.deepEqual(f('in:body crash in:comment'), word('crash', { fields: ['body', 'comments'], prefix: true }));
  assert.deepEqual(f('-crash in:body'), not(word('crash', { fields: ['body'], prefix: true })));
  // all three is no restriction, and no words means nothing to restrict
  assert.deepEqual(f('crash in:title,body,comments'), word('crash', { prefix: true }));
  assert.deepEqual(f('in:title is:open'), status('new', 'open'));
  const bad = fails('crash in:title,bdy');
  assert.equal(bad.data.suggestion, 'body');
  assert.equal(bad.data.position, 15);
  assert.equal(bad.data.length, 3);
  assert.match(fails('-in:title crash').message, /cannot be negated/);
  assert.match(fails('(in:title crash)').message, /outside parentheses/);
});

test("GitHub's sort: spellings name ours", () => {
  assert.equal(parseQuery('sort:created').sort, 'created-desc');
  assert.equal(parseQuery('sort:updated').sort, 'updated-desc');
  assert.equal(parseQuery('sort:comments').sort, 'comments-desc');
  assert.equal(parseQuery('sort:reactions-+1-desc').sort, 'votes-desc');
});

test('the help lists the GitHub habits', () => {
  const help = queryHelp();
  for (const q of ['is:pr', 'is:issue', 'state:open', 'in:title', 'reason:completed', 'involves:', 'linked:pr'])
    assert.ok(help.includes(q), `help mentions ${q}`);
});

test('property: the GitHub habits print and parse back alike', () => {
  const habit = fc.constantFrom(
    'is:pr',
    'is:issue',
    'state:open',
    'state:closed',
    'reason:completed',
    'reason:"not planned"',
    'reason:duplicate',
    'involves:ann',
    'involves:me',
    'linked:pr',
    'has:patchset',
    'no:patchset',
    'in:title',
    'in:body,comments',
  );
  const piece = fc.oneof(
    fc.constantFrom(...FRAGMENTS),
    habit,
    habit.map((h) => `-${h}`),
  );
  fc.assert(
    fc.property(fc.array(piece, { minLength: 1, maxLength: 5 }), fc.boolean(), (parts, ors) => {
      const text = parts
        .filter((p) => !(p.startsWith('-in:') || (ors && p.startsWith('in:'))))
        .join(ors ? ' OR ' : ' ');
      let q: ReturnType<typeof parseQuery>;
      try {
        q = parseQuery(text);
      } catch {
        return; // e.g. a lone in: on one side of OR
      }
      assert.deepEqual(parseQuery(printQuery(q)), q, `${text} printed as ${printQuery(q)}`);
    }),
    { numRuns: 400 },
  );
});
