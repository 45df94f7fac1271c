// Reviews, merging, merged-per-branch, propose/sync/checkout and the query qualifiers, in real repositories.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { cloneOf, type Repo, tempBare } from '../support/helpers.js';

const ANN = { name: 'Ann Author', email: 'ann@example.com' };
const BOB = { name: 'Bob Builder', email: 'bob@example.com' };

function pushFor(repo: Repo, refspec: string): string {
  const r = spawnSync('git', ['push', 'origin', refspec], { cwd: repo.dir, env: repo.env, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return /#([0-9a-f]{7}): /.exec(r.stderr)?.[1] ?? assert.fail(r.stderr);
}

/** A hooked bare remote with main, and a clone on a feature branch with one commit proposed. */
function proposed(): { remote: Repo; clone: Repo; id: string } {
  const remote = tempBare();
  const clone = cloneOf(remote.dir, ANN);
  clone.write('README', 'a project\n');
  clone.commit('initial commit');
  clone.git('push', '-q', 'origin', 'main');
  remote.ok('hooks', 'install');
  clone.git('checkout', '-q', '-b', 'feature');
  clone.write('feature.txt', 'one\n');
  clone.commit('Add the feature');
  const id = pushFor(clone, 'HEAD:refs/for/new');
  clone.ok('sync');
  return { remote, clone, id };
}

const show = (r: Repo, id: string, ...args: string[]) => r.json('show', id, ...args).ticket;

test('reviews: the latest per person counts, a new revision makes them stale, ±2 and -1 move the state', () => {
  const { clone, id } = proposed();
  clone.ok('review', id, '--needs-work', '-m', 'Add a test', '--shared');
  clone.as(BOB).ok('review', id, '--approve', '--shared');
  let t = show(clone, id);
  assert.equal(t.review, 'approved');
  assert.deepEqual(
    t.reviews.map((r: any) => [r.author.email, r.score, r.stale]),
    [
      ['ann@example.com', -1, false],
      ['bob@example.com', 2, false],
    ],
  );
  assert.ok(t.comments.some((c: any) => c.body === 'Add a test'));
  clone.ok('review', id, '--veto', '--shared');
  assert.equal(show(clone, id).review, 'vetoed');
  assert.match(clone.dit('merge', id).stderr, /is vetoed/);
  assert.match(clone.dit('review', id, '--approve', '--veto').stderr, /exactly one of/);
  // a new revision: every score is stale
  clone.write('test.txt', 'test\n');
  clone.commit('Add a test');
  pushFor(clone, `HEAD:refs/for/${id}`);
  clone.ok('sync');
  t = show(clone, id);
  assert.equal(t.review, 'none');
  assert.ok(t.reviews.length === 2 && t.reviews.every((r: any) => r.stale), 'kept, but stale');
  const list = clone.json('patchsets', id);
  assert.equal(list.patchsets[0].revisions.length, 2);
  assert.deepEqual(list.patchsets[0].revisions[1].diffstat, { files: 2, added: 2, removed: 0 });
  assert.match(clone.ok('patchsets', id), /rev 2 {2}fast-forward .* 2 commits \(\+1\) onto main {2}2 files \+2 -0/);
  assert.match(clone.ok('patchsets', id), /\(stale\)/);
});

test('dit.requireApproval refuses a merge nobody approved', () => {
  const { clone, id } = proposed();
  clone.git('config', 'dit.requireApproval', 'true');
  assert.match(clone.dit('merge', id).stderr, /requires an approval .* nobody approved/);
  clone.as(BOB).ok('review', id, '--approve', '--shared');
  assert.equal(clone.dit('merge', id).code, 0);
});

for (const strategy of ['always', 'if-necessary', 'ff-only', 'squash', 'rebase'] as const) {
  test(`dit merge --strategy ${strategy}: the target moves, the work tree is untouched, the ticket is merged on it`, () => {
    const { clone, id } = proposed();
    if (strategy !== 'ff-only' && strategy !== 'if-necessary') {
      clone.git('checkout', '-q', 'main');
      clone.write('other.txt', 'main moved\n');
      clone.commit('Main moves on');
      clone.git('checkout', '-q', 'feature');
    }
    const before = clone.git('rev-parse', 'main').trim();
    const r = clone.json('merge', id, '--strategy', strategy);
    const main = clone.git('rev-parse', 'main').trim();
    assert.notEqual(main, before);
    assert.equal(clone.git('rev-parse', '--abbrev-ref', 'HEAD').trim(), 'feature', 'the checked-out branch stays');
    const parents = clone.git('log', '-1', '--format=%P', 'main').trim().split(' ');
    const subject = clone.git('log', '-1', '--format=%s', 'main').trim();
    if (strategy === 'always') {
      assert.equal(parents.length, 2);
      assert.equal(subject, `Merge #${id}: Add the feature`);
    }
    if (strategy === 'if-necessary' || strategy === 'ff-only') assert.equal(r.fastForward, true);
    if (strategy === 'squash') {
      assert.equal(parents.length, 1);
      assert.match(subject, new RegExp(`Add the feature \\(#${id}\\)`));
    }
    if (strategy === 'rebase') {
      assert.equal(parents.length, 1);
      assert.equal(subject, 'Add the feature');
      assert.equal(parents[0], before);
    }
    assert.equal(clone.git('show', 'main:feature.txt'), 'one\n');
    assert.equal(show(clone, id, '--branch', 'main').status, 'merged');
    assert.equal(
      show(clone, id, '--branch', 'feature').status,
      strategy === 'squash' || strategy === 'rebase' ? 'new' : 'merged',
      'a squash or rebase is a new patchset: the old branch lacks it',
    );
  });
}

test('dit merge refuses a conflict and lists the paths; ff-only refuses when the target moved', () => {
  const { clone, id } = proposed();
  clone.git('checkout', '-q', 'main');
  clone.write('feature.txt', 'different\n');
  clone.commit('Conflicting change');
  clone.git('checkout', '-q', 'feature');
  const before = clone.git('rev-parse', 'main').trim();
  const r = clone.dit('merge', id);
  assert.equal(r.code, 9);
  assert.match(r.stderr, /merging conflicts in feature\.txt; rebase the patchset/);
  assert.match(clone.dit('merge', id, '--strategy', 'ff-only').stderr, /cannot be fast-forwarded/);
  assert.equal(clone.git('rev-parse', 'main').trim(), before, 'nothing moved');
});

test('merging into the checked-out target updates the work tree as git merge would', () => {
  const { clone, id } = proposed();
  clone.git('checkout', '-q', 'main');
  clone.ok('merge', id);
  assert.equal(clone.git('status', '--porcelain', '--untracked-files=no').trim(), '');
  assert.equal(clone.git('show', 'HEAD:feature.txt'), 'one\n');
  assert.match(clone.git('ls-files'), /feature\.txt/);
});

test('merged per branch: after a merge and push, not on a branch without it, and open again when it is force-pushed away', () => {
  const { remote, clone, id } = proposed();
  clone.git('branch', 'release-1', 'main');
  clone.git('checkout', '-q', 'main');
  clone.git('fetch', '-q', 'origin');
  clone.git('merge', '-q', '--no-edit', '--no-ff', `origin/ticket/${id}`);
  clone.git('push', '-q', 'origin', 'main', 'release-1');
  assert.equal(show(remote, id).status, 'merged', "the bare repository's HEAD (main) contains the tip");
  const matrix = clone.json('branches', id);
  const state = (b: string) => matrix.rows.find((r: any) => r.branch === b)?.summary.status;
  assert.deepEqual([state('main'), state('release-1')], ['merged', 'new']);
  assert.match(clone.ok('ls', 'is:merged', '--branch', 'main'), new RegExp(id));
  assert.doesNotMatch(clone.ok('ls', 'is:merged', '--branch', 'release-1'), new RegExp(id));
  // a cherry-pick makes a new commit: the patchset's tip is still not on release-1. Without -x, a
  // cherry-pick in the same second as the original commit writes the very same commit object (same
  // tree, parent, author, committer and time), which then IS the tip: that once made this test flaky.
  const tip = clone.git('rev-parse', `origin/ticket/${id}`).trim();
  clone.git('checkout', '-q', 'release-1');
  clone.git('cherry-pick', '-x', `origin/ticket/${id}`);
  assert.notEqual(clone.git('rev-parse', 'HEAD').trim(), tip);
  assert.equal(show(clone, id, '--branch', 'release-1').status, 'new');
  // the same commit re-created byte for byte is the tip itself, so the branch holding it is merged
  clone.git('checkout', '-q', '-b', 'release-2', 'release-1~1');
  const again = spawnSync('git', ['cherry-pick', `origin/ticket/${id}`], {
    cwd: clone.dir,
    encoding: 'utf8',
    env: { ...clone.env, GIT_COMMITTER_DATE: clone.git('log', '-1', '--format=%cI', tip).trim() },
  });
  assert.equal(again.status, 0, again.stderr);
  assert.equal(clone.git('rev-parse', 'HEAD').trim(), tip, 'an identical commit has the same id');
  assert.equal(show(clone, id, '--branch', 'release-2').status, 'merged');
  // force-push the merge away: open again
  clone.git('checkout', '-q', 'main');
  clone.git('reset', '-q', '--hard', 'HEAD~1');
  clone.git('push', '-q', '-f', 'origin', 'main');
  assert.equal(show(remote, id).status, 'new');
  assert.equal(show(clone, id, '--branch', 'main').status, 'new');
});

test('dit propose, dit sync, and the proposal is visible (and checkable out) in another clone', () => {
  const remote = tempBare();
  const clone = cloneOf(remote.dir, ANN);
  clone.write('README', 'a project\n');
  clone.commit('initial commit');
  clone.git('push', '-q', 'origin', 'main');
  clone.git('checkout', '-q', '-b', 'my-change');
  clone.write('x.txt', 'x\n');
  const tip = clone.commit('Make x\n\nBecause x.');
  const out = clone.ok('propose');
  const id = /#([0-9a-f]{7}): Make x — new proposal/.exec(out)?.[1] ?? assert.fail(out);
  assert.equal(clone.git('rev-parse', `ticket/${id}`).trim(), tip);
  assert.match(clone.dit('propose', '--target', 'nope').stderr, /target branch "nope" does not exist/);
  clone.ok('sync');
  const other = cloneOf(remote.dir, BOB);
  other.ok('sync');
  const t = show(other, id);
  assert.deepEqual(
    [t.type, t.title, t.body, t.current.tip, t.current.target],
    ['proposal', 'Make x', 'Because x.', tip, 'main'],
  );
  assert.match(other.ok('ls', 'is:proposal has:patchset target:main review:none'), new RegExp(id));
  assert.doesNotMatch(other.ok('ls', 'review:approved'), new RegExp(id));
  assert.doesNotMatch(other.ok('ls', '-has:patchset'), new RegExp(id));
  assert.match(other.ok('checkout', id), new RegExp(`switched to ticket/${id} \\(patchset 1`));
  assert.equal(other.git('rev-parse', 'HEAD').trim(), tip);
  assert.equal(other.git('show', 'HEAD:x.txt'), 'x\n');
  assert.equal(
    show(other, id).status,
    'new',
    'on its own branch a proposal is not merged, though the branch holds its tip',
  );
  // a second proposal round on the ticket's branch adds a patchset
  other.write('y.txt', 'y\n');
  other.commit('And y');
  assert.match(other.ok('propose'), /uploaded patchset 1 revision 2/);
  assert.match(other.dit('checkout', id, '--patchset', '9').stderr, /no patchset 9/);
});

test('old patchsets check out by number after a rewrite', () => {
  const { clone, id } = proposed();
  const first = clone.git('rev-parse', 'HEAD').trim();
  clone.git('commit', '-q', '--amend', '-m', 'Add the feature, amended');
  pushFor(clone, `HEAD:refs/for/${id}`);
  clone.ok('sync');
  const other = cloneOf(clone.git('remote', 'get-url', 'origin').trim(), BOB);
  other.ok('sync');
  other.ok('checkout', id, '--patchset', '1');
  assert.equal(other.git('rev-parse', 'HEAD').trim(), first);
  assert.equal(other.git('rev-parse', '--abbrev-ref', 'HEAD').trim(), `ticket/${id}-1`);
});

test('export carries patchsets and reviews, and import restores them', () => {
  const { clone, id } = proposed();
  clone.ok('review', id, '--looks-good', '--shared');
  const lines = clone
    .ok('export')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const line = lines.find((l) => l.id.startsWith(id));
  assert.equal(line.patchsets[0].revisions[0].type, 'proposal');
  assert.equal(line.reviews[0].score, 1);
  const fresh = cloneOf(clone.git('remote', 'get-url', 'origin').trim(), BOB);
  fresh.write('t.jsonl', `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  fresh.ok('import', 't.jsonl', '--shared');
  assert.equal(show(fresh, id).review, 'looks-good');
  // the imported patchset's tip is kept as a push keeps it, so gc keeps it and merged state sees it
  const full = show(fresh, id).id;
  const tip = fresh.git('rev-parse', `origin/ticket/${id}`).trim();
  assert.equal(fresh.git('rev-parse', `refs/dit/patchsets/${full}/1`).trim(), tip);
  fresh.git('merge', '-q', '--no-ff', '--no-edit', `origin/ticket/${id}`);
  assert.equal(show(fresh, id).status, 'merged');
  assert.match(fresh.ok('ls', 'is:merged'), new RegExp(id), 'the list agrees with show');
  // an export whose commits the repository lacks imports, and says which patchsets it could not keep
  const bare = cloneOf(tempBare().dir, BOB);
  bare.write('README', 'other\n');
  bare.commit('other project');
  bare.write('t.jsonl', `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  const r = bare.dit('import', 't.jsonl', '--shared');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`patchset 1 of ${id}: commit ${tip.slice(0, 10)} is not in this repository`));
});
