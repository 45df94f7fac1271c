// CI checks in a clone without a server: `dit check` writes to the shared journal, `dit checks` lists
// them per revision, a new revision starts with none, and `dit merge` waits for required checks.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { cloneOf, type Repo, tempBare } from '../support/helpers.js';

const ANN = { name: 'Ann Author', email: 'ann@example.com' };

function pushFor(repo: Repo, refspec: string): string {
  const r = spawnSync('git', ['push', 'origin', refspec], { cwd: repo.dir, env: repo.env, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return /#([0-9a-f]{7}): /.exec(r.stderr)?.[1] ?? assert.fail(r.stderr);
}

test('dit check and dit checks in a clone; required checks hold dit merge until they pass', () => {
  const remote = tempBare();
  const clone = cloneOf(remote.dir, ANN);
  clone.write('README', 'a project\n');
  clone.commit('initial commit');
  clone.git('push', '-q', 'origin', 'main');
  remote.ok('hooks', 'install');
  clone.git('checkout', '-q', '-b', 'feature');
  clone.write('feature.txt', 'one\n');
  const first = clone.commit('Add the feature');
  const id = pushFor(clone, 'HEAD:refs/for/new');
  clone.ok('sync');

  // HEAD is the revision's tip, so that is the revision a check is about
  assert.match(
    clone.ok(
      'check',
      id,
      'ci/build',
      '--state',
      'failure',
      '--url',
      'https://ci.example.com/1',
      '-d',
      '2 tests failed',
    ),
    /ci\/build failure on patchset 1 revision 1 \(in the shared journal/,
  );
  clone.ok('check', id, 'ci/lint', '--state', 'success');
  let listed = clone.json('checks', id);
  assert.deepEqual(
    listed.revisions.map((r: any) => [r.patchset, r.revision, r.commit, r.state]),
    [[1, 1, first, 'failure']],
  );
  assert.deepEqual(
    listed.revisions[0].checks.map((c: any) => [c.name, c.state, c.url, c.description, c.author.email]),
    [
      ['ci/build', 'failure', 'https://ci.example.com/1', '2 tests failed', 'ann@example.com'],
      ['ci/lint', 'success', null, null, 'ann@example.com'],
    ],
  );
  assert.match(clone.ok('checks', id), /✗ ci\/build +failure +2 tests failed {2}https:\/\/ci\.example\.com\/1/);

  // required: the merge names what it waits for
  clone.git('config', '--add', 'dit.requiredCheck', 'ci/build');
  clone.git('config', '--add', 'dit.requiredCheck', 'ci/docs');
  let merge = clone.dit('merge', id);
  assert.notEqual(merge.code, 0);
  assert.match(
    merge.stderr,
    /required checks of patchset 1 revision 1 not passed: ci\/build \(failure\), ci\/docs \(not reported yet\)/,
  );
  assert.match(clone.ok('checks', id), /• ci\/docs +expected \(required, not reported yet\)/);

  // a new revision starts with none: pending again
  clone.write('feature.txt', 'two\n');
  const second = clone.commit('Fix the feature');
  pushFor(clone, `HEAD:refs/for/${id}`);
  clone.ok('sync');
  listed = clone.json('checks', id);
  assert.deepEqual(
    listed.revisions.map((r: any) => [r.revision, r.commit, r.state, r.missing]),
    [
      [2, second, 'pending', ['ci/build', 'ci/docs']],
      [1, first, 'failure', ['ci/docs']],
    ],
  );
  assert.deepEqual(listed.required, ['ci/build', 'ci/docs']);
  clone.ok('check', id, 'ci/build', '--state', 'success');
  merge = clone.dit('merge', id);
  assert.match(merge.stderr, /required check of patchset 1 revision 2 not passed: ci\/docs \(not reported yet\)/);
  // an earlier revision by --revision; a bad state, or a commit that is no revision's tip, is refused
  assert.match(clone.ok('check', id, 'ci/docs', '--state', 'success', '--revision', '1.1'), /patchset 1 revision 1/);
  assert.match(clone.dit('merge', id).stderr, /ci\/docs \(not reported yet\)/, 'a check of revision 1 does not count');
  assert.match(clone.dit('check', id, 'ci/docs', '--state', 'green').stderr, /"green" is not a check state/);
  const main = clone.git('rev-parse', 'main').trim();
  assert.match(
    clone.dit('check', id, 'ci/docs', '--state', 'success', '--commit', main).stderr,
    /has no revision whose tip is/,
  );
  clone.ok('check', id, 'ci/docs', '--state', 'success');
  assert.equal(clone.dit('merge', id).code, 0, 'every required check passed');
});
