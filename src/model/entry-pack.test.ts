// Entry packs as bytes: same entries make the same pack in any order; damage is a problem, not a throw.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { entryId, serialize } from './entry-file.js';
import { parsePack, serializePack } from './entry-pack.js';

const entries = ['a', 'b "quoted"\n', 'ünïcode ✓'].map((body, i) =>
  serialize({ v: 1, kind: 'comment', clock: i, body }),
);

test("a pack keeps each entry's exact bytes, sorted and de-duplicated", () => {
  const pack = serializePack([entries[2]!, entries[0]!, entries[1]!, entries[0]!]);
  assert.deepEqual(serializePack(entries), pack);
  const back = parsePack(pack);
  assert.ok(back.ok);
  assert.equal(back.entries.length, 3);
  assert.deepEqual(back.entries.map(entryId).sort(), entries.map(entryId).sort());
  for (const e of back.entries) assert.ok(entries.some((x) => x.equals(e)));
});

test('a damaged, foreign or newer pack is a problem', () => {
  for (const [text, problem] of [
    ['{"pack":1,"entries":[', /not valid JSON/],
    ['[1,2]', /not an entry pack/],
    ['{"pack":3,"entries":[]}', /newer than this dit reads/],
    ['{"pack":2,"entries":[]}', /version 2 needs a "key"/],
    [`{"pack":2,"key":"${'0'.repeat(64)}","data":"AAAA"}`, /data is damaged/],
    ['{"pack":1,"entries":[1]}', /list of strings/],
    ['{"pack":0,"entries":[]}', /unknown/],
  ] as const) {
    const r = parsePack(Buffer.from(text));
    assert.ok(!r.ok && problem.test(r.problem), `${text}: ${JSON.stringify(r)}`);
  }
});

test('version 1 packs (entries in the clear) are still read', () => {
  const v1 = `{"pack":1,"entries":[\n${entries.map((e) => JSON.stringify(e.toString('utf8'))).join(',\n')}\n]}\n`;
  const back = parsePack(Buffer.from(v1));
  assert.ok(back.ok);
  assert.deepEqual(back.entries, entries);
});

test('a pack is unlike the files it replaces and unlike a pack of nearly the same entries', () => {
  // what git's rename detection compares: chunks of a file cut at each newline or every 64 bytes
  const chunks = (b: Buffer) => {
    const out = new Set<string>();
    let start = 0;
    for (let i = 0; i < b.length; i++)
      if (b[i] === 10 || i - start === 63) {
        out.add(b.subarray(start, i + 1).toString('latin1'));
        start = i + 1;
      }
    return out;
  };
  const long = serialize({ v: 1, kind: 'create', clock: 0, body: 'the same words again and again '.repeat(80) });
  const a = serializePack([long, entries[0]!]);
  const b = serializePack([long, entries[0]!, entries[1]!]);
  const shared = (x: Buffer, y: Buffer) => [...chunks(x)].filter((c) => chunks(y).has(c) && c.length > 16);
  assert.deepEqual(shared(a, b), []);
  assert.deepEqual(shared(long, a), []);
  assert.ok(a.length < long.length, 'compressed');
  // and the same entries make the same pack
  assert.deepEqual(serializePack([entries[0]!, long]), a);
});
