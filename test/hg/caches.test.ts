// hg's caches across commands: what one command remembers under .hg/dit/, the next one reads right.

import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { hgSkip, newHgTicket, tempHgRepo } from '../support/hg.js';
import { quickly, settle, whole } from '../support/quick-path.js';

test('a read (dit show) then a write in the same working copy: the write finds the ticket', { skip: hgSkip }, () => {
  const r = tempHgRepo();
  const id = newHgTicket(r, 'Committed, then shown, then closed');
  r.hg('commit', '-q', '-m', 'Add the ticket');
  // a read keys the committed .dit/ folders and remembers the keys under .hg/dit/
  assert.equal(r.json('show', id).ticket.status, 'new');
  assert.equal(r.json('show', id, '--branch', 'default').ticket.status, 'new');
  // the next command reads those keys back: every folder they name must be readable in it
  r.ok('comment', id, 'seen after a show');
  r.ok('close', id);
  const t = r.json('show', id).ticket;
  assert.equal(t.status, 'fixed');
  assert.deepEqual(
    t.comments.map((c: { body: string }) => c.body),
    ['seen after a show'],
  );
  r.hg('commit', '-q', '-m', 'Close it');
  assert.equal(r.json('show', id, '--branch', 'default').ticket.status, 'fixed');
});

test('caches that name folders hg no longer lists for dit are worked out again, not read as empty', {
  skip: hgSkip,
}, () => {
  const r = tempHgRepo();
  const id = newHgTicket(r, 'Its folders forgotten between commands');
  r.hg('commit', '-q', '-m', 'Add the ticket');
  assert.equal(r.json('show', id).ticket.title, 'Its folders forgotten between commands');
  // the folder listings go (an older dit, a trimmed shard), the caches that name their keys stay
  const folders = join(r.dir, '.hg', 'dit', 'folders-v1');
  assert.ok(existsSync(folders), 'the read kept the folders its caches name');
  rmSync(folders, { recursive: true, force: true });
  r.ok('comment', id, 'still found');
  assert.equal(r.json('show', id).ticket.comments.length, 1);
  assert.deepEqual(
    r.json('ls', '--branch', 'default').tickets.map((x: { id: string }) => x.id),
    [id],
  );
});

test('ls and show answer from the derived store, with no hg, only in the hg state it was noted in', {
  skip: hgSkip,
}, () => {
  const r = tempHgRepo();
  const a = newHgTicket(r, 'Alpha crash', '--commit');
  newHgTicket(r, 'Beta', '--shared');
  settle();
  r.ok('ls'); // brings the derived store up to date and notes hg's state
  settle();
  for (const args of [['ls'], ['ls', '--all'], ['ls', 'alpha crash'], ['show', a.slice(0, 7)]]) {
    const got = quickly(r, ...args);
    assert.ok(got.quick, `${args.join(' ')} in the same state is answered from the derived store`);
    assert.equal(got.out, whole(r, ...args), args.join(' '));
  }
  // hg alone moves: a named branch with another ticket, then the working copy on it
  r.hg('branch', '-q', 'other');
  newHgTicket(r, 'Gamma on other', '--commit');
  r.hg('update', '-q', 'default');
  settle();
  r.ok('ls');
  settle();
  assert.doesNotMatch(quickly(r, 'ls').out, /Gamma/);
  r.hg('update', '-q', 'other');
  settle();
  const moved = quickly(r, 'ls');
  assert.ok(!moved.quick, 'another working-copy parent: the whole CLI answers');
  assert.match(moved.out, /Gamma on other/);
  settle();
  const again = quickly(r, 'ls');
  assert.ok(again.quick, 'and notes the new state');
  assert.match(again.out, /Gamma on other/);
  // a ticket added (hg add) by a write: the dirstate moved
  newHgTicket(r, 'Delta staged');
  settle();
  const staged = quickly(r, 'ls');
  assert.ok(!staged.quick);
  assert.match(staged.out, /Delta staged/);
});
