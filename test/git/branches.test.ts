// Branch awareness with real repositories: merges, cherry-picks and reverts give the answer a user expects.

import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { newTicket, type Repo, tempRepo } from '../support/helpers.js';

/** The ticket as `dit show --branch` sees it. */
const showOn = (r: Repo, id: string, branch: string) => r.json('show', id, '--branch', branch).ticket;

/** The ticket's status in `dit ls --all --branch` (undefined when the branch does not list it). */
const listedStatus = (r: Repo, id: string, branch: string): string | undefined =>
  r
    .json<{ tickets: { id: string; status: string }[] }>('ls', '--all', '--branch', branch)
    .tickets.find((t) => t.id === id)?.status;

/** The ids `dit ls` (open tickets only) lists from the working tree, or from a branch. */
const openIds = (r: Repo, ...args: string[]): string[] =>
  r.json<{ tickets: { id: string }[] }>('ls', ...args).tickets.map((t) => t.id);

/** The entry files a commit adds. */
const entriesAddedBy = (r: Repo, commit: string): string[] =>
  r
    .git('diff-tree', '--no-commit-id', '--name-only', '--diff-filter=A', '-r', commit, '--', '.dit/')
    .split('\n')
    .filter(Boolean)
    .map((p) =>
      p
        .split('/')
        .at(-1)!
        .replace(/\.json$/, ''),
    );

const head = (r: Repo): string => r.git('rev-parse', 'HEAD').trim();

/**
 * main with a committed bug, release branches cut from it, and a topic branch `fix`; main then moves on so
 * that merging `fix` makes a real merge commit.
 */
function repoWithBug(...branches: string[]): { r: Repo; id: string } {
  const r = tempRepo();
  const id = newTicket(r, 'Crash when saving an empty file', '--type', 'bug', '--commit');
  for (const b of branches) r.git('branch', b);
  return { r, id };
}

test('a close entry committed on fix: closed on fix only, then on main by merge, on releases by cherry-pick (with and without -x)', () => {
  const { r, id } = repoWithBug('release-1', 'release-2');
  r.git('checkout', '-q', '-b', 'fix');
  r.write('src/save.c', 'if (len == 0) return 0;\n');
  r.commit('Guard the empty buffer');
  r.ok('close', id, '--commit');
  const closing = head(r);
  const [entry] = entriesAddedBy(r, closing);
  assert.ok(entry, 'the close commit adds an entry file');

  assert.equal(showOn(r, id, 'fix').status, 'fixed');
  assert.deepEqual(showOn(r, id, 'fix').decidedBy.id, entry);
  for (const b of ['main', 'release-1', 'release-2']) {
    assert.equal(showOn(r, id, b).status, 'new', `still open on ${b}`);
    assert.equal(listedStatus(r, id, b), 'new', `ls on ${b}`);
  }

  r.git('checkout', '-q', 'main');
  r.write('docs.txt', 'unrelated work on main\n');
  r.commit('Document saving');
  assert.equal(showOn(r, id, 'main').status, 'new', 'main moved on but has not got the fix');
  r.git('merge', '-q', '--no-edit', 'fix');
  assert.equal(r.git('rev-list', '--count', '--merges', 'HEAD^..HEAD').trim(), '1', 'a real merge commit');
  assert.equal(listedStatus(r, id, 'main'), 'fixed', 'closed on main once fix is merged');
  const onMain = showOn(r, id, 'main');
  assert.equal(onMain.status, 'fixed');
  assert.deepEqual(onMain.decidedBy.kind, 'entry');
  assert.equal(onMain.decidedBy.id, entry);
  assert.equal(listedStatus(r, id, 'release-1'), 'new', 'merging into main does not close it on release-1');

  r.git('checkout', '-q', 'release-1');
  r.git('cherry-pick', closing);
  assert.notEqual(head(r), closing, 'a cherry-pick is a new commit');
  assert.equal(listedStatus(r, id, 'release-1'), 'fixed', 'closed on release-1 once the commit is cherry-picked');
  assert.equal(showOn(r, id, 'release-1').decidedBy.id, entry, 'by the same entry');
  assert.equal(listedStatus(r, id, 'release-2'), 'new', 'release-2 has not got it yet');

  r.git('checkout', '-q', 'release-2');
  r.git('cherry-pick', '-x', closing);
  assert.match(r.git('log', '-1', '--format=%B'), new RegExp(`cherry picked from commit ${closing}`));
  assert.equal(
    listedStatus(r, id, 'release-2'),
    'fixed',
    'closed on release-2 once the commit is cherry-picked with -x',
  );
  assert.equal(showOn(r, id, 'release-2').decidedBy.id, entry);
  assert.equal(
    listedStatus(r, id, 'release-2'),
    r.json('ls', '--all').tickets.find((t: { id: string }) => t.id === id).status,
    'the working tree agrees',
  );
});

test('a "fixes #id" commit on fix: fixed on fix only, then on main by merge, on releases by cherry-pick (with and without -x)', () => {
  const { r, id } = repoWithBug('release-1', 'release-2');
  const request = newTicket(r, 'Save should warn about empty files', '--type', 'enhancement', '--commit');
  r.git('branch', '-f', 'release-1');
  r.git('branch', '-f', 'release-2');
  r.git('checkout', '-q', '-b', 'fix');
  r.write('src/save.c', 'if (len == 0) return 0;\n');
  const fixing = r.commit(`Guard the empty buffer\n\nFixes #${id.slice(0, 7)}\nCLOSES #${request.slice(0, 9)}`);

  const onFix = showOn(r, id, 'fix');
  assert.equal(onFix.status, 'fixed', 'a bug is fixed by the commit');
  assert.equal(onFix.decidedBy.kind, 'commit');
  assert.equal(onFix.decidedBy.commit, fixing);
  assert.deepEqual(
    onFix.references.map((x: { commit: string; action: string }) => [x.commit, x.action]),
    [[fixing, 'fixes']],
  );
  assert.equal(showOn(r, request, 'fix').status, 'resolved', 'an enhancement is resolved by the commit');
  for (const b of ['main', 'release-1', 'release-2']) {
    assert.equal(listedStatus(r, id, b), 'new', `still open on ${b}`);
    assert.equal(listedStatus(r, request, b), 'new', `still open on ${b}`);
    assert.deepEqual(showOn(r, id, b).references, [], `no reference on ${b}`);
  }

  r.git('checkout', '-q', 'main');
  r.write('docs.txt', 'unrelated work on main\n');
  r.commit('Document saving');
  r.git('merge', '-q', '--no-edit', 'fix');
  const onMain = showOn(r, id, 'main');
  assert.equal(onMain.status, 'fixed', 'fixed on main once fix is merged');
  assert.equal(onMain.decidedBy.kind, 'commit');
  assert.equal(onMain.decidedBy.commit, fixing, 'by the very commit that was merged');
  assert.equal(listedStatus(r, request, 'main'), 'resolved');
  assert.equal(listedStatus(r, id, 'release-1'), 'new');

  r.git('checkout', '-q', 'release-1');
  r.git('cherry-pick', fixing);
  const picked = head(r);
  assert.notEqual(picked, fixing);
  const onRelease1 = showOn(r, id, 'release-1');
  assert.equal(onRelease1.status, 'fixed', 'fixed on release-1 once the commit is cherry-picked');
  assert.equal(onRelease1.decidedBy.kind, 'commit');
  assert.equal(onRelease1.decidedBy.commit, picked, 'by the cherry-picked commit, which is the one on release-1');
  assert.equal(listedStatus(r, request, 'release-1'), 'resolved');
  assert.equal(listedStatus(r, id, 'release-2'), 'new');

  r.git('checkout', '-q', 'release-2');
  r.git('cherry-pick', '-x', fixing);
  const pickedX = head(r);
  const onRelease2 = showOn(r, id, 'release-2');
  assert.equal(onRelease2.status, 'fixed', 'fixed on release-2 once the commit is cherry-picked with -x');
  assert.equal(onRelease2.decidedBy.commit, pickedX);
  assert.equal(onRelease2.references.length, 1, 'the -x trailer adds no second reference');
  assert.equal(listedStatus(r, request, 'release-2'), 'resolved');
  assert.equal(listedStatus(r, id, 'fix'), 'fixed', 'fix itself is unchanged');
});

test('git revert of a closing commit reopens the ticket, and reverting the revert closes it again (entry and keyword)', () => {
  const r = tempRepo();
  const byEntry = newTicket(r, 'Closed by an entry', '--commit');
  const byWord = newTicket(r, 'Closed by a commit message', '--commit');

  r.write('a.c', 'fix a\n');
  r.git('add', 'a.c');
  r.ok('close', byEntry, '-m', 'Fixed in a.c');
  const closeCommit = r.commit('Fix a');
  assert.equal(entriesAddedBy(r, closeCommit).length, 1, 'the close entry rides along with the code');
  assert.deepEqual(
    showOn(r, byEntry, 'main').comments.map((c: { body: string }) => c.body),
    ['Fixed in a.c'],
  );
  r.write('b.c', 'fix b\n');
  const fixCommit = r.commit(`Fix b, fixes #${byWord.slice(0, 7)}`);
  assert.equal(showOn(r, byEntry, 'main').status, 'fixed');
  assert.equal(showOn(r, byWord, 'main').status, 'fixed');

  r.git('revert', '--no-edit', closeCommit);
  const entryReopened = showOn(r, byEntry, 'main');
  assert.equal(entryReopened.status, 'new', 'reverting the commit removes its close entry');
  assert.deepEqual(entryReopened.comments, [], 'and its comment');
  assert.ok(openIds(r, '--branch', 'main').includes(byEntry), 'listed as open again');
  assert.equal(showOn(r, byWord, 'main').status, 'fixed', 'the other ticket is untouched');

  r.git('revert', '--no-edit', fixCommit);
  const revertOfFix = head(r);
  const wordReopened = showOn(r, byWord, 'main');
  assert.equal(wordReopened.status, 'new', 'reverting a "fixes" commit cancels it');
  assert.deepEqual(wordReopened.references, [], 'a cancelled commit is no longer a reference');
  assert.ok(openIds(r).includes(byWord), 'the working tree lists it as open');

  r.git('revert', '--no-edit', 'HEAD~1');
  const entryAgain = showOn(r, byEntry, 'main');
  assert.equal(entryAgain.status, 'fixed', 'reverting the revert brings the close entry back');
  assert.equal(entryAgain.decidedBy.kind, 'entry');

  r.git('revert', '--no-edit', revertOfFix);
  const wordAgain = showOn(r, byWord, 'main');
  assert.equal(wordAgain.status, 'fixed', 'reverting the revert restores the "fixes" commit');
  assert.equal(wordAgain.decidedBy.kind, 'commit');
  assert.equal(wordAgain.decidedBy.commit, fixCommit, 'fixed by the original commit');
  assert.deepEqual(openIds(r, '--branch', 'main'), []);
});

test('a reopen entry written after a "fixes" commit wins on that branch, and only there', () => {
  const r = tempRepo();
  const id = newTicket(r, 'Comes back', '--commit');
  r.write('fix.c', 'fixed\n');
  const fixing = r.commit(`fixes #${id.slice(0, 7)}`);
  r.git('branch', 'stable');
  assert.equal(showOn(r, id, 'main').status, 'fixed');

  r.ok('reopen', id, '-m', 'Still crashes for me', '--commit');
  const t = showOn(r, id, 'main');
  assert.equal(t.status, 'open', 'the later reopen wins');
  assert.equal(t.decidedBy.kind, 'entry');
  assert.deepEqual(
    t.references.map((x: { commit: string }) => x.commit),
    [fixing],
    'the commit is still a reference',
  );
  const kinds = t.timeline.map((i: { kind: string }) => i.kind);
  assert.ok(
    kinds.indexOf('commit') >= 0 && kinds.indexOf('commit') < kinds.lastIndexOf('status'),
    `the commit comes before the reopen in the timeline: ${kinds}`,
  );
  assert.equal(showOn(r, id, 'stable').status, 'fixed', 'a branch without the reopen entry is still fixed');
  assert.equal(r.json('show', id).ticket.status, 'open', 'the working tree (main) agrees');
});

test('the working tree view: a staged close shows in `dit ls` but not on main until it is committed', () => {
  const r = tempRepo();
  const id = newTicket(r, 'Staged close', '--commit');
  const other = newTicket(r, 'Stays open', '--commit');
  r.ok('close', id);
  assert.match(
    r.git('diff', '--cached', '--name-only'),
    new RegExp(`^\\.dit/tickets/${id}/`, 'm'),
    'the close entry is staged',
  );

  assert.equal(r.json('show', id).ticket.status, 'fixed', 'the working tree sees the staged close');
  assert.deepEqual(openIds(r), [other], 'and lists only the other ticket as open');
  assert.equal(listedStatus(r, id, 'main'), 'new', 'main does not see it yet');
  assert.deepEqual(openIds(r, '--branch', 'main').sort(), [id, other].sort());

  r.git('commit', '-q', '-m', 'Close it');
  assert.equal(listedStatus(r, id, 'main'), 'fixed', 'after git commit main sees it');
  assert.deepEqual(openIds(r, '--branch', 'main'), [other]);
  assert.deepEqual(openIds(r), [other]);
});

test('dit branches lists every local branch with its status and what decided it', () => {
  const r = tempRepo();
  r.git('branch', 'before'); // cut before the ticket existed
  const id = newTicket(r, 'Matrix', '--commit');
  const created = head(r);
  r.git('branch', 'open-1');

  r.git('checkout', '-q', '-b', 'fix');
  r.ok('close', id, '--status', 'wontfix', '--commit');
  const [closeEntry] = entriesAddedBy(r, head(r));
  r.git('checkout', '-q', '-b', 'hotfix', 'main');
  r.write('hot.c', 'hot\n');
  const hot = r.commit(`resolves #${id.slice(0, 8)}`);
  r.git('checkout', '-q', 'main');

  type Row = {
    branch: string;
    current: boolean;
    commit: string;
    summary: { status: string; decidedBy: Record<string, string> } | null;
  };
  const check = (m: { id: string; rows: Row[] }, current: string) => {
    assert.equal(m.id, id);
    const local = r
      .git('for-each-ref', '--format=%(refname:short) %(objectname)', 'refs/heads/')
      .trim()
      .split('\n')
      .sort();
    assert.deepEqual(m.rows.map((x) => `${x.branch} ${x.commit}`).sort(), local, 'every local branch, at its tip');
    const row = (b: string): Row => m.rows.find((x) => x.branch === b)!;
    assert.deepEqual(
      m.rows.filter((x) => x.current).map((x) => x.branch),
      [current],
    );
    assert.equal(row('before').summary, null, 'absent on a branch that never had it');
    for (const b of ['main', 'open-1']) {
      assert.equal(row(b).summary?.status, 'new', b);
      assert.deepEqual(
        [row(b).summary?.decidedBy.kind, row(b).summary?.decidedBy.id],
        ['entry', id],
        `${b}: decided by the creating entry`,
      );
    }
    assert.equal(row('fix').summary?.status, 'wontfix');
    assert.deepEqual(
      [row('fix').summary?.decidedBy.kind, row('fix').summary?.decidedBy.id],
      ['entry', closeEntry],
      'fix: decided by the close entry',
    );
    assert.equal(row('hotfix').summary?.status, 'fixed');
    assert.deepEqual(
      [row('hotfix').summary?.decidedBy.kind, row('hotfix').summary?.decidedBy.commit],
      ['commit', hot],
      'hotfix: decided by the commit',
    );
  };
  check(r.json('branches', id.slice(0, 7)), 'main');
  assert.equal(r.git('rev-parse', 'open-1').trim(), created);

  r.git('checkout', '-q', 'before');
  assert.throws(() => r.json('show', id.slice(0, 7)), /no ticket/, 'the ticket is not in this branch');
  check(r.json('branches', id.slice(0, 7)), 'before'); // found on another branch
  const text = r.ok('branches', id.slice(0, 7));
  for (const b of ['before', 'fix', 'hotfix', 'main', 'open-1']) assert.match(text, new RegExp(b));
  assert.match(text, new RegExp(hot.slice(0, 7)), 'the text names the deciding commit');
});

test('views follow git without restarts or cache wipes: checkout, commit, amend, reset', () => {
  const r = tempRepo();
  const id = newTicket(r, 'Follows git', '--commit');
  r.git('checkout', '-q', '-b', 'fix');
  r.ok('close', id, '--commit');
  assert.equal(r.json('show', id).ticket.status, 'fixed');

  r.git('checkout', '-q', 'main');
  assert.equal(r.json('show', id).ticket.status, 'new', 'checkout main: open');
  assert.deepEqual(openIds(r), [id]);
  r.git('checkout', '-q', 'fix');
  assert.deepEqual(openIds(r), [], 'checkout fix: closed');

  r.git('reset', '-q', '--hard', 'HEAD~1');
  assert.deepEqual(openIds(r), [id], 'reset drops the close');
  r.write('f.c', 'x\n');
  r.commit('Work in progress');
  assert.deepEqual(openIds(r), [id]);
  r.git('commit', '-q', '--amend', '-m', `Work done, closes #${id.slice(0, 7)}`);
  assert.deepEqual(openIds(r), [], 'amending the message to close it is noticed');
  assert.equal(r.json('show', id).ticket.decidedBy.commit, head(r));
  r.git('commit', '-q', '--amend', '-m', `Work done, refs #${id.slice(0, 7)}`);
  const t = r.json('show', id).ticket;
  assert.equal(t.status, 'new', 'amending it back to a reference is noticed too');
  assert.deepEqual(
    t.references.map((x: { commit: string; action: string }) => [x.commit, x.action]),
    [[head(r), 'refs']],
  );
});

test('deleting .git/dit never changes an answer', () => {
  const r = tempRepo();
  const a = newTicket(r, 'Tree ticket', '--commit');
  const b = newTicket(r, 'Shared ticket', '--shared');
  r.git('branch', 'release-1');
  r.git('checkout', '-q', '-b', 'fix');
  r.ok('close', a, '--commit');
  r.write('x.c', 'x\n');
  const fixing = r.commit(`fixes #${b.slice(0, 7)}`);
  r.git('checkout', '-q', 'main');
  r.write('y.c', 'y\n');
  r.commit('Work on main');
  r.git('merge', '-q', '--no-edit', 'fix');
  r.git('revert', '--no-edit', fixing);
  r.ok('comment', b, 'staged comment');

  const statuses = (...args: string[]): string[] =>
    r
      .json<{ tickets: { id: string; status: string }[] }>('ls', '--all', ...args)
      .tickets.map((t) => `${t.id === a ? 'a' : 'b'}:${t.status}`)
      .sort();
  assert.deepEqual(statuses(), ['a:fixed', 'b:new'], 'working tree: merged close, reverted fix');
  assert.deepEqual(statuses('--branch', 'fix'), ['a:fixed', 'b:fixed']);
  assert.deepEqual(statuses('--branch', 'release-1'), ['a:new', 'b:new']);
  assert.equal(r.json('show', b).ticket.comments.length, 1, 'the staged comment is seen');

  const answers = (): string[] => [
    r.ok('ls', '--all', '--json'),
    ...['main', 'release-1', 'fix'].flatMap((br) => [
      r.ok('ls', '--all', '--json', '--branch', br),
      r.ok('show', a, '--json', '--branch', br),
      r.ok('show', b, '--json', '--branch', br),
    ]),
    r.ok('show', b, '--json'),
    r.ok('branches', a, '--json'),
    r.ok('branches', b, '--json'),
  ];
  const warm = answers();
  assert.ok(existsSync(join(r.dir, '.git/dit')), 'caches were written');
  rmSync(join(r.dir, '.git/dit'), { recursive: true, force: true });
  assert.deepEqual(answers(), warm, 'cold answers equal warm ones');
  assert.deepEqual(answers(), warm, 'and so do the ones from the rebuilt caches');
});
