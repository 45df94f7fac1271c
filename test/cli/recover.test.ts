// dit recover: entries a real `git reset --hard`, `git stash` or a forced ref update dropped come back.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Store } from '../../src/store/store.js';
import { createApp } from '../../src/web/app.js';
import { allowedHosts } from '../../src/web/security.js';
import { Site } from '../../src/web/site.js';
import { newTicket, tempRepo } from '../support/helpers.js';

test('staged entries dropped by git reset --hard are listed, mentioned by dit ls, and restored', () => {
  const r = tempRepo();
  const id = newTicket(r, 'Written before a reset');
  r.ok('comment', id, 'A comment that must not vanish');
  assert.equal(
    r.dit('recover').stdout,
    'Nothing to recover: every entry dit wrote is in a branch, the index or a journal.\n',
  );
  r.git('reset', '-q', '--hard');
  const ls = r.dit('ls');
  assert.equal(ls.code, 0);
  assert.doesNotMatch(ls.stdout, /Written before a reset/, 'the reset dropped them');
  assert.match(ls.stderr, /note: 2 entries dit wrote are in no branch, index or journal any more.*dit recover/);
  assert.equal(r.json('ls').recoverable, 2);

  const list = r.dit('recover');
  assert.match(list.stdout, /2 entries dit wrote are in no branch/);
  assert.match(list.stdout, new RegExp(`ticket ${id.slice(0, 7)}  new bug "Written before a reset"`));
  assert.match(list.stdout, /comment "A comment that must not vanish"/);
  assert.equal(r.json('recover').lost.length, 2);

  assert.match(r.ok('recover', '--restore'), /Restored 2 entries: 2 staged in \.dit\//);
  const t = r.json('show', id).ticket;
  assert.equal(t.title, 'Written before a reset');
  assert.deepEqual(
    t.comments.map((c: { body: string }) => c.body),
    ['A comment that must not vanish'],
  );
  assert.match(r.git('status', '--porcelain'), /^A {2}\.dit\/tickets\//m, 'staged again, ready for the next commit');
  assert.doesNotMatch(r.dit('ls').stderr, /dit recover/, 'nothing left to mention');
  assert.equal(r.json('recover').lost.length, 0);
});

test('a commit dropped by a reset, and git stash, leave recoverable entries; restoring one ticket leaves the rest', () => {
  const r = tempRepo();
  const a = newTicket(r, 'Committed, then reset away', '--commit');
  r.git('reset', '-q', '--hard', 'HEAD~1');
  const b = newTicket(r, 'Stashed with other work');
  r.write('README', 'changed\n');
  r.git('stash', '-q');
  const lost = r.json('recover').lost as { journal: string }[];
  assert.deepEqual(lost.map((l) => l.journal).sort(), [a, b].sort());
  r.ok('recover', '--restore', a.slice(0, 6));
  assert.equal(r.json('show', a).ticket.title, 'Committed, then reset away');
  assert.deepEqual(
    (r.json('recover').lost as { journal: string }[]).map((l) => l.journal),
    [b],
  );
});

test('shared-journal entries dropped by a forced ref update go back onto the journal', () => {
  const r = tempRepo();
  newTicket(r, 'Kept', '--shared');
  const before = r.git('rev-parse', 'refs/dit/journal').trim();
  const id = newTicket(r, 'Lost from the journal', '--shared');
  r.git('update-ref', 'refs/dit/journal', before);
  assert.equal(r.dit('show', id).code, 4);
  assert.match(r.ok('recover'), /Lost from the journal.*\(shared journal\)/);
  assert.match(r.ok('recover', '--restore'), /1 added to the shared journal/);
  assert.equal(r.json('show', id).ticket.title, 'Lost from the journal');
  assert.equal(
    r.git('rev-parse', 'refs/dit/journal^').trim(),
    before,
    'restored on top of the journal, not by rewriting it',
  );
});

test('the web UI shows a banner while entries are recoverable', async () => {
  const r = tempRepo();
  newTicket(r, 'Dropped');
  r.git('reset', '-q', '--hard');
  Object.assign(process.env, r.env);
  const site = new Site(await Store.open(r.dir));
  try {
    const app = createApp(site, { hosts: () => allowedHosts('127.0.0.1', 4920), token: 'a'.repeat(48) });
    const html = await (await app.request('http://127.0.0.1:4920/', { headers: { host: '127.0.0.1:4920' } })).text();
    assert.match(html, /1 entry dit wrote is in no branch, index or journal any more.*dit recover/s);
  } finally {
    await site.close();
  }
});

test('entries that dit gc packed are held by their pack, not lost', () => {
  const r = tempRepo();
  const id = newTicket(r, 'Packed', '--commit');
  r.ok('comment', id, 'one', '--commit');
  r.ok('gc');
  assert.match(
    r.git('ls-files', '.dit/tickets'),
    /^\.dit\/tickets\/[0-9a-f]+\/pack-[0-9a-f]+\.json\n$/,
    'one pack, no entry files',
  );
  assert.equal(r.json('show', id).ticket.comments.length, 1);
  assert.deepEqual(r.json('recover').lost, [], 'the pack holds both entries');
});
