// Branch truth with real repositories: reverts of merges (and of reverts), reverts cherry-picked to a release
// branch, and remote-tracking branches after a fetch from a bare remote.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cloneOf, newTicket, type Repo, tempBare, tempRepo } from '../support/helpers.js';

type Reversal = { commit: string; action: string; revert: { commit: string; merge: string | null } };
type Row = {
  branch: string;
  remote: boolean;
  summary: { status: string; decidedBy: { kind: string; commit?: string } } | null;
  reverted: Reversal[];
};
type Matrix = { id: string; rows: Row[]; worktree?: Row['summary']; worktreeReverted?: Reversal[] };

const head = (r: Repo): string => r.git('rev-parse', 'HEAD').trim();
const matrix = (r: Repo, id: string, ...args: string[]): Matrix => r.json<Matrix>('branches', id, ...args);
const row = (m: Matrix, branch: string): Row => {
  const found = m.rows.find((x) => x.branch === branch);
  assert.ok(found, `a row for ${branch} in ${m.rows.map((x) => x.branch).join(', ')}`);
  return found;
};
const statuses = (m: Matrix): Record<string, string> =>
  Object.fromEntries(m.rows.map((x) => [x.branch, x.summary?.status ?? '-']));

test('merge, revert -m 1, revert of the revert: the state flips each time on the branch that has them, and says why', () => {
  const r = tempRepo();
  const byWord = newTicket(r, 'Fixed by a commit message', '--commit');
  const byEntry = newTicket(r, 'Fixed by a close entry', '--commit');
  r.git('branch', 'release-1');
  r.git('checkout', '-q', '-b', 'fix');
  r.write('save.c', 'guard\n');
  const fixing = r.commit(`Guard the empty buffer\n\nFixes #${byWord.slice(0, 7)}`);
  r.ok('close', byEntry, '--commit');
  r.git('checkout', '-q', 'main');
  r.write('docs.txt', 'other work\n');
  r.commit('Document saving');
  r.git('merge', '-q', '--no-edit', 'fix');
  const merge = head(r);
  assert.deepEqual(statuses(matrix(r, byWord)), { fix: 'fixed', main: 'fixed', 'release-1': 'new' });
  assert.deepEqual(statuses(matrix(r, byEntry)), { fix: 'fixed', main: 'fixed', 'release-1': 'new' });
  assert.deepEqual(row(matrix(r, byEntry), 'main').reverted, [], 'a reverted revert says nothing');

  r.git('revert', '--no-edit', '-m', '1', merge);
  const revert = head(r);
  let m = matrix(r, byWord);
  assert.deepEqual(statuses(m), { fix: 'fixed', main: 'new', 'release-1': 'new' }, 'reopened on main only');
  assert.deepEqual(
    row(m, 'main').reverted.map((x) => [x.commit, x.action, x.revert.commit, x.revert.merge]),
    [[fixing, 'fixes', revert, merge]],
  );
  assert.deepEqual(row(m, 'fix').reverted, [], 'the fix branch has no revert');
  assert.equal(m.worktree?.status, 'new', 'the working tree (main) agrees');
  assert.equal(m.worktreeReverted?.[0]?.revert.commit, revert);
  const text = r.ok('branches', byWord);
  assert.match(
    text,
    new RegExp(`main\\s+new\\s+reopened by revert ${revert.slice(0, 7)} of merge ${merge.slice(0, 7)}`),
  );
  assert.equal(
    r.json('show', byWord, '--branch', 'main').ticket.references.length,
    0,
    'an undone commit is no longer a reference',
  );
  const entryMatrix = matrix(r, byEntry);
  assert.deepEqual(
    statuses(entryMatrix),
    { fix: 'fixed', main: 'new', 'release-1': 'new' },
    'the revert took the close entry out of the tree',
  );
  assert.deepEqual(
    row(entryMatrix, 'main').reverted.map((x) => [x.revert.commit, x.revert.merge]),
    [[revert, merge]],
    'and the matrix says which revert',
  );
  assert.match(
    r.ok('branches', byEntry),
    new RegExp(`main\\s+new\\s+reopened by revert ${revert.slice(0, 7)} of merge ${merge.slice(0, 7)}`),
  );
  assert.ok(
    r.json<{ tickets: { id: string }[] }>('ls', '--branch', 'main').tickets.some((t) => t.id === byWord),
    'listed as open on main',
  );

  r.git('revert', '--no-edit', revert);
  m = matrix(r, byWord);
  assert.deepEqual(
    statuses(m),
    { fix: 'fixed', main: 'fixed', 'release-1': 'new' },
    'reverting the revert fixes it again',
  );
  assert.equal(row(m, 'main').summary?.decidedBy.commit, fixing, 'by the original commit');
  assert.deepEqual(row(m, 'main').reverted, []);
  assert.deepEqual(statuses(matrix(r, byEntry)), { fix: 'fixed', main: 'fixed', 'release-1': 'new' });

  r.git('revert', '--no-edit', 'HEAD');
  assert.deepEqual(
    statuses(matrix(r, byWord)),
    { fix: 'fixed', main: 'new', 'release-1': 'new' },
    'and reverting that reopens it',
  );
});

test('a plain revert of the fixing commit says "reverted by", on the branch that has the revert only', () => {
  const r = tempRepo();
  const id = newTicket(r, 'Comes back', '--commit');
  r.write('a.c', 'fix\n');
  const fixing = r.commit(`Fix the crash, closes #${id.slice(0, 7)}`);
  r.git('branch', 'stable');
  r.git('revert', '--no-edit', fixing);
  const revert = head(r);
  const m = matrix(r, id);
  assert.deepEqual(statuses(m), { main: 'new', stable: 'fixed' });
  assert.deepEqual(
    row(m, 'main').reverted.map((x) => [x.commit, x.revert.commit, x.revert.merge]),
    [[fixing, revert, null]],
  );
  assert.match(
    r.ok('branches', id),
    new RegExp(`main\\s+new\\s+reverted by ${revert.slice(0, 7)} \\(undoes ${fixing.slice(0, 7)} "Fix the crash`),
  );
});

test('a fix and then its revert cherry-picked onto a release branch: open there again (with and without -x)', () => {
  for (const x of [[], ['-x']]) {
    const r = tempRepo();
    const id = newTicket(r, 'Crash on save', '--commit');
    r.git('branch', 'release-1');
    r.write('save.c', 'guard\n');
    const fixing = r.commit(`Guard the buffer, fixes #${id.slice(0, 7)}`);
    r.write('more.c', 'more\n');
    r.commit('More work on main');
    r.git('checkout', '-q', 'release-1');
    r.git('cherry-pick', ...x, fixing);
    const picked = head(r);
    assert.deepEqual(statuses(matrix(r, id)), { main: 'fixed', 'release-1': 'fixed' }, `fixed on both ${x}`);

    r.git('checkout', '-q', 'main');
    r.git('revert', '--no-edit', fixing);
    const revert = head(r);
    assert.deepEqual(statuses(matrix(r, id)), { main: 'new', 'release-1': 'fixed' }, 'the revert is on main only');

    r.git('checkout', '-q', 'release-1');
    r.git('cherry-pick', ...x, revert);
    const pickedRevert = head(r);
    assert.match(
      r.git('log', '-1', '--format=%B'),
      new RegExp(`This reverts commit ${fixing}`),
      'the message names the commit on main',
    );
    const m = matrix(r, id);
    assert.deepEqual(
      statuses(m),
      { main: 'new', 'release-1': 'new' },
      `the cherry-picked revert undoes the cherry-picked fix ${x}`,
    );
    assert.deepEqual(
      row(m, 'release-1').reverted.map((v) => [v.commit, v.revert.commit]),
      [[picked, pickedRevert]],
    );
    assert.equal(r.json('show', id).ticket.status, 'new', 'the working tree (release-1) agrees');
  }
});

test('remote-tracking branches after git fetch: --remotes, --all, and the default stays local', () => {
  const bare = tempBare();
  const maintainer = cloneOf(bare.dir, { name: 'Mia Maintainer', email: 'mia@example.com' });
  maintainer.write('README', 'project\n');
  maintainer.commit('initial commit');
  const id = newTicket(maintainer, 'Crash on 4.x', '--commit');
  maintainer.git('push', '-q', 'origin', 'HEAD:main');
  maintainer.git('checkout', '-q', '-b', '4.x');
  maintainer.write('fix.c', 'fixed\n');
  const fixing = maintainer.commit(`Backport the guard, fixes #${id.slice(0, 7)}`);
  maintainer.git('push', '-q', 'origin', '4.x', `main:5.x`);

  const user = cloneOf(bare.dir);
  assert.match(user.git('branch', '-r'), /origin\/HEAD -> origin\/main/, 'the clone has an origin/HEAD alias');
  const local = matrix(user, id);
  assert.deepEqual(
    local.rows.map((x) => x.branch),
    ['main'],
    'by default only local branches',
  );
  let remote = matrix(user, id, '--remotes');
  assert.deepEqual(
    statuses(remote),
    { 'origin/4.x': 'fixed', 'origin/5.x': 'new', 'origin/main': 'new' },
    'remote-tracking only, no HEAD alias',
  );
  assert.ok(remote.rows.every((x) => x.remote));
  assert.equal(row(remote, 'origin/4.x').summary?.decidedBy.commit, fixing);
  const all = matrix(user, id, '--all');
  assert.deepEqual(
    all.rows.map((x) => `${x.branch}:${x.remote}`),
    ['main:false', 'origin/4.x:true', 'origin/5.x:true', 'origin/main:true'],
  );
  assert.match(user.ok('branches', id, '--all'), /origin\/4\.x\s+fixed\s+commit/);

  maintainer.git('checkout', '-q', '5.x');
  maintainer.git('cherry-pick', fixing);
  maintainer.git('push', '-q', 'origin', '5.x');
  assert.equal(row(matrix(user, id, '--remotes'), 'origin/5.x').summary?.status, 'new', 'not before the fetch');
  user.git('fetch', '-q');
  remote = matrix(user, id, '--remotes');
  assert.deepEqual(
    statuses(remote),
    { 'origin/4.x': 'fixed', 'origin/5.x': 'fixed', 'origin/main': 'new' },
    'after the fetch',
  );

  const both = user.dit('branches', id, '--remotes', '--all');
  assert.equal(both.code, 2);
  assert.match(both.stderr, /--remotes or --all, not both/);
  const none = tempRepo();
  const lone = newTicket(none, 'No remotes here', '--commit');
  assert.match(
    none.ok('branches', lone, '--remotes'),
    /no branches of this kind; remote-tracking branches appear after `git fetch`/,
  );
});
