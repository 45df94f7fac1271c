// Reading entry files: anything malformed, from the future or off-schema is a problem with a useful message, never a throw.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { type TicketEntry, ticketEntrySchema } from './entries/index.js';
import { ENTRY_FILE, entryFileName, type ParseResult, parseEntry, serialize } from './entry-file.js';
import { milestoneEntrySchema } from './milestone.js';

const ticket = 'a'.repeat(40);
const good = {
  v: 1,
  kind: 'comment',
  ticket,
  clock: 2,
  time: '2024-05-01T10:00:00Z',
  author: { name: 'Ann', email: 'ann@example.com' },
  body: 'Hello',
};
const create = {
  v: 1,
  kind: 'create',
  clock: 1,
  time: '2024-05-01T10:00:00Z',
  author: good.author,
  title: 'A title',
  body: '',
  type: 'bug',
};

const parse = (value: unknown): ParseResult<TicketEntry> => parseEntry(ticketEntrySchema, JSON.stringify(value));
function problem(r: ParseResult<unknown>): string {
  assert.equal(r.ok, false, 'expected a problem');
  return r.ok ? '' : r.problem;
}

test('serialize writes one-space indented JSON with one trailing newline', () => {
  const text = serialize({ a: 1, b: ['x'] }).toString('utf8');
  assert.equal(text, '{\n "a": 1,\n "b": [\n  "x"\n ]\n}\n');
});

test('entry file names are the entry id', () => {
  const id = 'b'.repeat(40);
  assert.equal(entryFileName(id), `${id}.json`);
  assert.equal(ENTRY_FILE.exec(entryFileName(id))?.[1], id);
  assert.equal(ENTRY_FILE.test(`${id}.json.tmp`), false);
  assert.equal(ENTRY_FILE.test(`${'B'.repeat(40)}.json`), false);
});

test('a valid entry parses, from bytes or from a string', () => {
  const r = parseEntry(ticketEntrySchema, serialize(good));
  assert.ok(r.ok);
  assert.equal(r.entry.kind, 'comment');
  assert.deepEqual(parseEntry(ticketEntrySchema, serialize(good).toString('utf8')), r);
});

test('malformed JSON is a problem that says so', () => {
  assert.match(problem(parseEntry(ticketEntrySchema, '{"v": 1,')), /^not valid JSON/);
  assert.match(problem(parseEntry(ticketEntrySchema, '')), /^not valid JSON/);
  assert.match(problem(parseEntry(ticketEntrySchema, Buffer.from([0xff, 0xfe, 0x00, 0x7b]))), /^not valid JSON/);
});

test('an entry from a newer format version asks for an upgrade', () => {
  const p = problem(parse({ ...good, v: 2 }));
  assert.match(p, /version 2/);
  assert.match(p, /upgrade dit/);
  assert.match(problem(parseEntry(milestoneEntrySchema, JSON.stringify({ ...good, v: 3 }))), /upgrade dit/);
});

test('schema violations name the field and what is wrong', () => {
  const title = problem(parse({ ...create, title: 'two\nlines' }));
  assert.match(title, /^title: /);
  assert.match(title, /one line/);
  assert.match(problem(parse({ ...create, title: '' })), /^title: must not be empty/);
  assert.match(problem(parse({ ...create, title: 'x'.repeat(257) })), /^title: must be at most 256 characters/);
  assert.match(problem(parse({ ...good, kind: 'launch-missiles' })), /^kind: .*launch-missiles/);
  assert.match(problem(parse({ ...good, extra: true })), /^extra: /);
  assert.match(problem(parse({ ...good, ticket: 'abc' })), /^ticket: must be a 40-character hex id/);
  assert.match(problem(parse({ ...good, time: '2024-05-01 10:00' })), /^time: must be an ISO 8601 UTC time/);
  assert.match(problem(parse({ ...good, clock: 0 })), /^clock: /);
  assert.match(problem(parse({ ...good, clock: 1.5 })), /^clock: /);
  assert.match(problem(parse({ ...good, body: '' })), /^body: a comment must not be empty/);
  assert.match(problem(parse({ ...good, author: { name: 'Ann' } })), /^author\.email: /);
  assert.match(problem(parse({ ...create, type: 'feature' })), /^type: /);
  assert.match(problem(parse({ ...create, labels: ['-minus'] })), /^labels\.0: label names/);
  const { v: _v, ...noVersion } = good;
  assert.match(problem(parse(noVersion)), /^v: /);
});

test('a time that is no real date is rejected, since the fold could not order it', () => {
  for (const time of ['2024-13-01T00:00:00Z', '2024-01-32T00:00:00Z', '2024-01-01T23:60:00Z', '2024-01-01T25:00:00Z']) {
    assert.match(problem(parse({ ...good, time })), /^time: /, time);
  }
  assert.ok(parse({ ...good, time: '2024-02-29T23:59:59.999Z' }).ok);
});

test('JSON that is not an object is a problem, not a throw', () => {
  for (const value of [null, 1, 'text', [], [good], true]) assert.equal(parse(value).ok, false, JSON.stringify(value));
});

test('parseEntry never throws, whatever the bytes', () => {
  fc.assert(
    fc.property(fc.string(), (s) => {
      parseEntry(ticketEntrySchema, s);
    }),
    { numRuns: 300 },
  );
  fc.assert(
    fc.property(fc.jsonValue(), (j) => {
      parseEntry(ticketEntrySchema, JSON.stringify(j));
    }),
    { numRuns: 300 },
  );
  // Valid entries with one field replaced by anything at all.
  fc.assert(
    fc.property(fc.constantFrom(...Object.keys(good)), fc.jsonValue(), (key, value) => {
      const r = parse({ ...good, [key]: value });
      if (!r.ok) assert.ok(r.problem.length > 0);
    }),
    { numRuns: 300 },
  );
});

test('an unknown older or odd version is not called newer', () => {
  for (const v of [0, '1', null]) {
    const r = parseEntry(ticketEntrySchema, JSON.stringify({ v, kind: 'comment' }));
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.doesNotMatch(r.problem, /upgrade/);
      assert.match(r.problem, /not one dit knows/);
    }
  }
});
