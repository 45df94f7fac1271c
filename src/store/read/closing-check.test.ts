// Closing keywords that close nothing, against synthetic ids: too short, not hex, no ticket, several.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closingWords } from '../../model/mentions.js';
import { checkClosingWords } from './closing-check.js';

const A = 'b5d8a1c0'.padEnd(40, '1');
const B = 'c0ffee12'.padEnd(40, '2');
const C = 'c0ffee12'.padEnd(40, '3');
const ids = [A, B, C].sort();
const kinds = (msg: string) => checkClosingWords(msg, ids, 'main').map((p) => `${p.token}:${p.problem}`);

test('closingWords finds every #word after a closing keyword, hex or not, with its line', () => {
  assert.deepEqual(closingWords('Tidy\n\nFixes #b5d8, #42 and #ABC1234\nrefs #c0ffee1'), [
    { token: 'b5d8', line: 'Fixes #b5d8, #42 and #ABC1234' },
    { token: '42', line: 'Fixes #b5d8, #42 and #ABC1234' },
    { token: 'abc1234', line: 'Fixes #b5d8, #42 and #ABC1234' },
  ]);
  assert.deepEqual(closingWords('see #b5d8 and suffix #b5d8a1c'), [], 'no keyword, nothing to check');
});

test('a closing keyword that resolves to exactly one ticket is fine; every other kind is named', () => {
  assert.deepEqual(kinds('fixes #b5d8a1c'), []);
  assert.deepEqual(kinds('fixes #b5d8'), ['b5d8:too-short']);
  assert.deepEqual(kinds('closes #gitblit'), ['gitblit:not-an-id']);
  assert.deepEqual(kinds('resolves #1489051'), ['1489051:no-ticket']);
  assert.deepEqual(kinds('fixes #c0ffee1'), ['c0ffee1:several-tickets']);
});

test('the message says what to write instead', () => {
  const [short] = checkClosingWords('fixes #b5d8', ids, 'main');
  assert.match(short!.message, /too short.*write #b5d8a1c/);
  assert.deepEqual(short!.candidates, [A]);
  const [several] = checkClosingWords('fixes #c0ffee1', ids, 'main');
  assert.match(several!.message, /matches 2 tickets.*give more characters/);
  const [none] = checkClosingWords('fixes #1489051', ids, 'main');
  assert.match(none!.message, /no ticket in main/);
});

test('a number closes an imported ticket that had it; digits naming a dit id too are ambiguous', async () => {
  const { originIndex } = await import('../../model/origins.js');
  const origins = originIndex([
    ['gitblit#42', A],
    ['redmine#1489051', B],
    ['gitblit#5', B],
    ['github#5', C],
  ]);
  const with_ = (msg: string) => checkClosingWords(msg, ids, 'main', origins).map((p) => `${p.token}:${p.problem}`);
  assert.deepEqual(with_('fixes #42'), []);
  assert.deepEqual(with_('resolves #1489051'), [], 'no dit id starts with it: the imported ticket');
  assert.deepEqual(with_('fixes #5'), ['5:several-tickets'], 'two trackers had number 5');
  assert.deepEqual(with_('fixes #43'), ['43:too-short'], 'no ticket had it: as before');
  assert.match(
    checkClosingWords('fixes #43', ids, 'main', origins)[0]!.message,
    /no ticket in main starts with it; no imported ticket had the number 43 either/,
    'the message says the number was looked for too',
  );
  assert.doesNotMatch(checkClosingWords('fixes #43', ids, 'main')[0]!.message, /imported/, 'not without imports');
  const both = originIndex([['redmine#1111111', A]]);
  const own = '1111111'.padEnd(40, 'a');
  const [p] = checkClosingWords('fixes #1111111', [own, A].sort(), 'main', both);
  assert.equal(p?.problem, 'several-tickets');
  assert.match(p!.message, /write ticket-1111111 or system#1111111/);
});
