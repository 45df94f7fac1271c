// `--commit` and the web UI's commit button: HEAD's tree plus the staged `.dit/` changes, nothing else.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DIT, newTicket, type Repo, tempRepo } from '../support/helpers.js';

const files = (r: Repo, rev: string) =>
  r.git('ls-tree', '-r', '--name-only', rev).trim().split('\n').filter(Boolean).sort();
const gitDirFiles = (r: Repo) => readdirSync(join(r.dir, '.git')).sort();

test('--commit commits every staged .dit/ change (adds and removals) and leaves the rest of the index alone', () => {
  const r = tempRepo();
  const kept = newTicket(r, 'Kept', '--commit');
  const gone = newTicket(r, 'Removed by hand', '--commit');
  const staged = newTicket(r, 'Staged earlier'); // staged, not committed
  r.git('rm', '-q', '-r', '--cached', `.dit/tickets/${gone}`);
  r.write('code.txt', 'work in progress\n');
  r.git('add', 'code.txt');
  r.write('README', 'changed but not staged\n');
  const before = files(r, 'HEAD');
  const parent = r.git('rev-parse', 'HEAD').trim();
  const out = r.ok('comment', kept.slice(0, 7), 'committed at once', '--commit');
  assert.match(out, /^[0-9a-f]{7}\n$/);

  assert.equal(r.git('rev-parse', 'HEAD^').trim(), parent, 'one new commit on top of HEAD');
  const after = files(r, 'HEAD');
  const added = after.filter((f) => !before.includes(f));
  const removed = before.filter((f) => !after.includes(f));
  assert.equal(added.length, 2, `the new comment and the earlier staged ticket: ${added.join(', ')}`);
  assert.ok(added.every((f) => f.startsWith('.dit/tickets/')));
  assert.ok(added.some((f) => f.startsWith(`.dit/tickets/${staged}/`)));
  assert.deepEqual(removed, [`.dit/tickets/${gone}/${gone}.json`]);
  assert.ok(!after.includes('code.txt'), "the user's staged code is not committed");
  assert.equal(r.git('show', 'HEAD:README'), 'hello\n');

  // the index: code.txt still staged, README still modified and unstaged, nothing pending under .dit/
  assert.equal(r.git('diff', '--cached', '--name-only').trim(), 'code.txt');
  assert.equal(r.git('diff', '--name-only').trim(), 'README');
  assert.equal(r.git('status', '--porcelain', '--', '.dit').trim(), `?? .dit/tickets/${gone}/`);
  // the commit's tree is exactly what git itself would write for HEAD's tree plus the .dit/ changes
  assert.equal(r.git('rev-parse', 'HEAD^{tree}').trim(), expectedTree(r));
  const shown = r.json('show', kept.slice(0, 7), '--branch', 'main');
  assert.equal(shown.ticket.comments.at(-1).body, 'committed at once');
  assert.deepEqual(
    r
      .json('ls', '--branch', 'main')
      .tickets.map((t: { id: string }) => t.id)
      .sort(),
    [kept, staged].sort(),
  );
});

/**
 * The tree the old way made it, as a reference: HEAD^'s tree in a scratch index, its .dit/ replaced by
 * the real index's .dit/ entries, written by git itself.
 */
function expectedTree(r: Repo): string {
  const scratch = join(r.dir, '.git', 'test-reference-index');
  const env = { ...r.env, GIT_INDEX_FILE: scratch };
  const git = (args: string[], input?: string) =>
    execFileSync('git', args, { cwd: r.dir, env, encoding: 'utf8', input });
  try {
    git(['read-tree', 'HEAD^']);
    git(['rm', '--cached', '-r', '-q', '--ignore-unmatch', '--', '.dit/']);
    const staged = r
      .git('ls-files', '-s', '-z', '--', '.dit/')
      .split('\0')
      .filter(Boolean)
      .map((l) => `${l}\n`)
      .join('');
    git(['update-index', '--index-info'], staged);
    return git(['write-tree']).trim();
  } finally {
    rmSync(scratch, { force: true });
  }
}

test('--commit makes no temporary index and runs no whole-index git commands', () => {
  const r = tempRepo();
  const id = newTicket(r, 'One', '--commit');
  const listing = gitDirFiles(r);
  // DIT_TRACE_GIT lists every git command: a temporary index needs read-tree, rm --cached or write-tree
  const run = spawnSync(process.execPath, [DIT, 'comment', id.slice(0, 7), 'traced', '--commit'], {
    cwd: r.dir,
    env: { ...r.env, DIT_TRACE_GIT: '1' },
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, run.stderr);
  const commands = run.stderr
    .split('\n')
    .filter((l) => l.startsWith('dit: git '))
    .map((l) => l.slice('dit: git '.length).split(' ')[0]);
  assert.ok(commands.includes('commit-tree') && commands.includes('update-ref'), commands.join(', '));
  for (const bad of ['read-tree', 'write-tree', 'rm', 'ls-files'])
    assert.ok(!commands.includes(bad), `ran git ${bad}: ${commands.join(', ')}`);
  assert.deepEqual(
    gitDirFiles(r).filter((f) => !listing.includes(f)),
    [],
    'nothing new left in .git/',
  );
  assert.equal(r.git('status', '--porcelain').trim(), '');
  assert.equal(r.json('show', id.slice(0, 7), '--branch', 'main').ticket.comments.length, 1);
});

test('--commit in a repository without commits makes the first commit, of the .dit/ files only', () => {
  const r = tempRepo({ empty: true });
  r.write('code.txt', 'x\n');
  r.git('add', 'code.txt');
  const id = newTicket(r, 'First ever', '--commit');
  assert.deepEqual(files(r, 'HEAD'), [`.dit/tickets/${id}/${id}.json`]);
  assert.equal(r.git('rev-list', '--count', 'HEAD').trim(), '1');
  assert.equal(r.git('diff', '--cached', '--name-only').trim(), 'code.txt');
});

test('--commit refuses a conflicted .dit/ path, says what to do, and makes no commit', () => {
  const r = tempRepo();
  const id = newTicket(r, 'Base', '--commit');
  const head = r.git('rev-parse', 'HEAD').trim();
  r.git('checkout', '-q', '-b', 'other');
  r.write('.dit/notes.txt', 'theirs\n');
  r.commit('theirs');
  r.git('checkout', '-q', 'main');
  r.write('.dit/notes.txt', 'ours\n');
  r.commit('ours');
  const ours = r.git('rev-parse', 'HEAD').trim();
  assert.notEqual(ours, head);
  assert.throws(() => r.git('merge', '-q', 'other'));
  const res = r.dit('comment', id.slice(0, 7), 'during a conflict', '--commit');
  assert.equal(res.code, 9, res.stderr);
  assert.match(res.stderr, /\.dit\/notes\.txt has unresolved merge conflicts; resolve them/);
  assert.equal(r.git('rev-parse', 'HEAD').trim(), ours, 'no commit made');
});
