// Warm reads from what .git/dit/ remembers about commits: no git process for a warm ls, one id list per show.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DIT, newTicket, type Repo, tempRepo } from '../support/helpers.js';
import { quickly, settle, whole } from '../support/quick-path.js';

const traced = (r: Repo, ...args: string[]) => {
  const res = spawnSync(process.execPath, [DIT, ...args], {
    cwd: r.dir,
    env: { ...r.env, DIT_TRACE_GIT: '1' },
    encoding: 'utf8',
  });
  assert.equal(res.status, 0, res.stderr);
  return { out: res.stdout, git: res.stderr.split('\n').filter((l) => l.startsWith('dit: git ')) };
};

test('a warm ls starts no git process; a commit, a shared write or a staged one is seen at once', () => {
  const r = tempRepo();
  const a = newTicket(r, 'Committed', '--commit');
  newTicket(r, 'Shared', '--shared');
  r.ok('ls');
  const warm = traced(r, 'ls');
  assert.deepEqual(warm.git, [], 'the roots of HEAD and of the journal are remembered by commit');
  assert.match(warm.out, /Committed/);
  assert.match(warm.out, /Shared/);
  newTicket(r, 'Later commit', '--commit');
  newTicket(r, 'Later shared', '--shared');
  newTicket(r, 'Staged only');
  const after = r.ok('ls');
  for (const t of ['Committed', 'Shared', 'Later commit', 'Later shared', 'Staged only'])
    assert.match(after, new RegExp(t));
  r.git('reset', '-q', '--hard', 'HEAD~1'); // HEAD back to a commit seen before: its roots come from the cache
  const back = r.ok('ls');
  assert.doesNotMatch(back, /Later commit|Staged only/);
  assert.match(back, /Committed/);
  assert.match(r.ok('show', a.slice(0, 7)), /Committed/);
});

test("a view's ids are a file each; a file that names another key, or a broken one, is not trusted", () => {
  const r = tempRepo();
  const ids = Array.from({ length: 3 }, (_, i) => newTicket(r, `Ticket ${i}`, '--commit'));
  const dir = join(r.dir, '.git/dit/ids');
  rmSync(dir, { recursive: true, force: true }); // the writes' own views listed ids too
  r.ok('show', ids[0]!.slice(0, 7));
  const files = readdirSync(dir);
  // the view reads one tickets tree and stages nothing: its ids are that tree's list, kept once
  assert.equal(files.length, 1, 'one list for the view, its tickets tree');
  const stored = JSON.parse(readFileSync(join(dir, files[0]!), 'utf8'));
  assert.equal(stored.data.key, `tree:${r.git('rev-parse', 'HEAD:.dit/tickets').trim()}`);
  assert.deepEqual(stored.data.value, [...ids].sort());
  assert.equal(files[0], `${createHash('sha1').update(stored.data.key).digest('hex')}.json`);
  // the same file name holding another key's list (as a hash collision or a bad copy would): ignored
  writeFileSync(
    join(dir, files[0]!),
    JSON.stringify({ version: 1, data: { key: 'another', value: ['f'.repeat(40)] } }),
  );
  for (const id of ids) assert.match(r.ok('show', id.slice(0, 7)), new RegExp(`#${id.slice(0, 7)}`));
  writeFileSync(join(dir, files[0]!), '{"version":1,"data":{"key');
  assert.match(r.ok('show', ids[2]!.slice(0, 7)), /Ticket 2/);
  const roots = join(r.dir, '.git/dit/roots.json');
  writeFileSync(roots, '{"version":1,"data":{"broken');
  assert.equal(r.json('ls').tickets.length, 3);
  assert.ok(JSON.parse(readFileSync(roots, 'utf8')).data, 'rewritten after the broken one was ignored');
});

test("a shared write leaves the new journal tree's ids behind, so the next reader lists no tree", () => {
  const r = tempRepo();
  const first = newTicket(r, 'One', '--shared');
  r.ok('show', first.slice(0, 7)); // the journal tree's ids are remembered
  const second = newTicket(r, 'Two', '--shared');
  const tree = r.git('rev-parse', 'refs/dit/journal:tickets').trim();
  const dir = join(r.dir, '.git/dit/ids');
  const lists = readdirSync(dir).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')).data);
  const derived = lists.find((d) => d.key === `tree:${tree}`);
  assert.ok(derived, `the writer remembered tree:${tree}`);
  assert.deepEqual(derived.value, [first, second].sort());
  const res = spawnSync(process.execPath, [DIT, 'show', second.slice(0, 7)], {
    cwd: r.dir,
    env: { ...r.env, DIT_TRACE_GIT: '1' },
    encoding: 'utf8',
  });
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stdout, /Two/);
});

test('ls and show answer from the derived store only in the git state it was last brought up to date in', () => {
  const r = tempRepo();
  const a = newTicket(r, 'Alpha', '--commit');
  newTicket(r, 'Beta', '--shared');
  settle();
  r.ok('ls'); // brings the derived store up to date and notes the state
  settle();
  const warm = quickly(r, 'ls');
  assert.ok(warm.quick, 'a second ls in the same state is answered from the derived store');
  assert.equal(warm.out, whole(r, 'ls'));
  for (const args of [
    ['ls', '--all'],
    ['ls', 'alpha'],
    ['ls', '-n', '1'],
    ['show', a.slice(0, 7)],
  ]) {
    const got = quickly(r, ...args);
    assert.ok(got.quick, args.join(' '));
    assert.equal(got.out, whole(r, ...args), args.join(' '));
  }
  // git alone moves: a branch with another ticket checked out, a ticket staged by hand
  r.git('checkout', '-q', '-b', 'other');
  newTicket(r, 'Gamma on other', '--commit');
  r.git('checkout', '-q', 'main');
  settle();
  r.ok('ls');
  settle();
  r.git('checkout', '-q', 'other');
  settle();
  const moved = quickly(r, 'ls');
  assert.ok(!moved.quick, 'another HEAD: the whole CLI answers');
  assert.match(moved.out, /Gamma on other/);
  settle();
  const again = quickly(r, 'ls');
  assert.ok(again.quick, 'and notes the new state');
  assert.match(again.out, /Gamma on other/);
  r.git('rm', '-rq', '--cached', '.dit');
  settle();
  const unstaged = quickly(r, 'ls');
  assert.ok(!unstaged.quick, 'another index: the whole CLI answers');
  assert.doesNotMatch(unstaged.out, /Alpha|Gamma/);
});

test('after a shared comment the next ls, search and show are answered from the rows the comment brought up to date', () => {
  const r = tempRepo();
  const a = newTicket(r, 'Alpha deadlock', '--shared');
  const b = newTicket(r, 'Beta', '--commit');
  settle();
  r.ok('ls');
  r.ok('comment', a.slice(0, 7), 'a word about the deadlock', '--shared');
  settle();
  for (const args of [['ls'], ['ls', 'deadlock'], ['show', a.slice(0, 7)]]) {
    const got = quickly(r, ...args);
    assert.ok(got.quick, `${args.join(' ')} after the comment`);
    assert.equal(got.out, whole(r, ...args), args.join(' '));
  }
  assert.match(quickly(r, 'show', a.slice(0, 7)).out, /a word about the deadlock/);
  // a staged comment (the index moves) is seen at once
  r.ok('comment', b.slice(0, 7), 'staged words');
  settle();
  assert.match(quickly(r, 'show', b.slice(0, 7)).out, /staged words/);
  assert.equal(quickly(r, 'ls').out, whole(r, 'ls'));
  // a write the comment's process did not make (git moves the journal by hand) is never answered from the rows
  const tip = r.git('rev-parse', 'refs/dit/journal').trim();
  r.git('update-ref', 'refs/dit/journal', `${tip}~1`);
  settle();
  const back = quickly(r, 'show', a.slice(0, 7));
  assert.ok(!back.quick, 'the journal moved: the whole CLI answers');
  assert.doesNotMatch(back.out, /a word about the deadlock/);
});
