// Entry packs as bytes: same entries make the same pack in any order; damage is a problem, not a throw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
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
    ['{"pack":2,"entries":[]}', /newer than this dit reads/],
    ['{"pack":1,"entries":[1]}', /list of strings/],
    ['{"pack":0,"entries":[]}', /unknown/],
  ] as const) {
    const r = parsePack(Buffer.from(text));
    assert.ok(!r.ok && problem.test(r.problem), `${text}: ${JSON.stringify(r)}`);
  }
});
