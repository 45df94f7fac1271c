// Settling references between dit's ids and imported tickets' original numbers.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { originIndex, settleRef } from './origins.js';

const ids = ['1234567aaa', '3f9a2c1bbb', 'abcdef0ccc', 'd1d1d1d1dd'].sort();
const starting = (p: string) => ids.filter((id) => id.startsWith(p));
const o = originIndex([
  ['gitblit#54', 'abcdef0ccc'],
  ['github#54', '3f9a2c1bbb'],
  ['github#7', 'd1d1d1d1dd'],
  ['redmine#1234567', 'fff0000eee'],
  ['git-bug#9a8b7c6d5e4f', 'eeeeeeeeee'],
]);

test('a number names the imported tickets that had it; a system narrows it', () => {
  assert.deepEqual(settleRef({ number: 7 }, starting, o), { id: 'd1d1d1d1dd' });
  assert.deepEqual(settleRef({ number: 54 }, starting, o), { ambiguous: ['3f9a2c1bbb', 'abcdef0ccc'] });
  assert.deepEqual(settleRef({ number: 54, system: 'github' }, starting, o), { id: '3f9a2c1bbb' });
  assert.deepEqual(settleRef({ number: 54, system: 'gitblit' }, starting, o), { id: 'abcdef0ccc' });
  assert.deepEqual(settleRef({ number: 99 }, starting, o), { none: true });
});

test('digits that are both a dit prefix and a number are ambiguous only when both exist', () => {
  // 1234567 starts a dit id and was redmine's number 1234567: neither wins
  assert.deepEqual(settleRef({ prefix: '1234567', number: 1234567 }, starting, o), {
    ambiguous: ['1234567aaa', 'fff0000eee'],
  });
  // without the imported ticket, the dit id; without the dit id, the imported one
  assert.deepEqual(settleRef({ prefix: '1234567', number: 1234567 }, starting, originIndex([])), { id: '1234567aaa' });
  assert.deepEqual(settleRef({ prefix: '7654321', number: 7654321 }, starting, originIndex([['x#7654321', 'q']])), {
    id: 'q',
  });
  // `ticket-N` is a number only, so it settles the imported one
  assert.deepEqual(settleRef({ number: 1234567 }, starting, o), { id: 'fff0000eee' });
});

test("a hex prefix names dit's tickets first, then an imported hex id (git-bug)", () => {
  assert.deepEqual(settleRef({ prefix: '3f9a2c1' }, starting, o), { id: '3f9a2c1bbb' });
  assert.deepEqual(settleRef({ prefix: '9a8b7c6' }, starting, o), { id: 'eeeeeeeeee' });
  assert.deepEqual(settleRef({ prefix: '0000000' }, starting, o), { none: true });
});
