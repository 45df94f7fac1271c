// Task list items in Markdown: found in order (not in code), and ticks written back into the text.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { entryId, serialize } from './entry-file.js';
import { fold } from './fold.js';
import { taskItems, withTicks } from './tasks.js';

const TEXT = [
  'Release checklist:',
  '- [ ] tag the release',
  '* [x] write notes',
  '```',
  '- [ ] not a task: code',
  '```',
  '> 1. [ ] quoted task',
  '- [] not one either',
  '  - [X] nested',
].join('\n');

test('task items are found in order, with their state; code blocks and malformed markers are not tasks', () => {
  assert.deepEqual(
    taskItems(TEXT).map((t) => [t.index, t.done, t.text]),
    [
      [0, false, 'tag the release'],
      [1, true, 'write notes'],
      [2, false, 'quoted task'],
      [3, true, 'nested'],
    ],
  );
  assert.deepEqual(
    taskItems(TEXT, { '0': true, '1': false }).map((t) => t.done),
    [true, false, false, true],
    'ticks win over the text',
  );
});

test('withTicks writes the ticks into the markers and changes nothing else', () => {
  const out = withTicks(TEXT, { '0': true, '3': false });
  assert.equal(out, TEXT.replace('- [ ] tag', '- [x] tag').replace('- [X] nested', '- [ ] nested'));
  assert.equal(withTicks(TEXT, undefined), TEXT);
  fc.assert(
    fc.property(fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), (done) => {
      const ticks = Object.fromEntries(done.map((d, i) => [String(i), d]));
      const ticked = withTicks(TEXT, ticks);
      assert.deepEqual(
        taskItems(ticked).map((t) => t.done),
        done,
      );
      assert.equal(ticked.length, TEXT.length);
    }),
  );
});

test('an edit of the text starts its ticks afresh: the edited text says what is done', () => {
  const author = { name: 'Ann', email: 'ann@example.com' };
  const create = {
    v: 1,
    kind: 'create',
    clock: 1,
    time: '2024-01-01T00:00:00Z',
    author,
    title: 't',
    body: '- [ ] a',
    type: 'task',
  } as const;
  const id = entryId(serialize(create));
  const tick = {
    v: 1,
    kind: 'task',
    ticket: id,
    clock: 2,
    time: '2024-01-01T00:01:00Z',
    author,
    index: 0,
    done: true,
  } as const;
  const edit = {
    v: 1,
    kind: 'set',
    ticket: id,
    clock: 3,
    time: '2024-01-01T00:02:00Z',
    author,
    fields: { body: '- [ ] a\n- [ ] b' },
  } as const;
  const load = (e: object) => ({ id: entryId(serialize(e)), entry: e as never });
  assert.deepEqual(fold(id, [load(create), load(tick)])!.tasks, { '': { '0': true } });
  assert.deepEqual(fold(id, [load(create), load(tick), load(edit)])!.tasks, {});
});
