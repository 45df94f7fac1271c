// Writes without git processes: commit objects and refs/dit/ updates made in-process are what git makes.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { DIT, newTicket, tempRepo } from '../../test/support/helpers.js';
import { casRef } from './refs.js';
import { Git } from './repo.js';
import { commitTreeBy } from './write.js';

test('an in-process commit is byte for byte the one git commit-tree makes', async () => {
  const r = tempRepo();
  Object.assign(process.env, r.env);
  const git = await Git.open(r.dir);
  try {
    const tree = r.git('rev-parse', 'HEAD^{tree}').trim();
    const parent = r.git('rev-parse', 'HEAD').trim();
    const who = { name: 'Ann Author', email: 'ann@example.com' };
    const mine = await commitTreeBy(git, tree, [parent], 'dit: a message\n\nwith a body', who);
    const text = r.git('cat-file', 'commit', mine);
    const when = /^author .* (\d+ [+-]\d{4})$/m.exec(text)![1]!;
    const theirs = execFileSync('git', ['commit-tree', tree, '-p', parent], {
      cwd: r.dir,
      input: 'dit: a message\n\nwith a body',
      encoding: 'utf8',
      env: { ...r.env, GIT_AUTHOR_DATE: `@${when}`, GIT_COMMITTER_DATE: `@${when}` },
    }).trim();
    assert.equal(mine, theirs);
    assert.equal(
      spawnSync('git', ['fsck', '--strict', '--no-dangling'], {
        cwd: r.dir,
        env: r.env,
        encoding: 'utf8',
      }).stderr.trim(),
      '',
    );
  } finally {
    git.close();
  }
});

test("refs/dit/ moves by git's lock protocol: no update-ref process, a stale expectation loses, a reflog goes to git", async () => {
  const r = tempRepo();
  const id = newTicket(r, 'Shared', '--shared');
  const run = spawnSync(process.execPath, [DIT, 'comment', id.slice(0, 7), 'again', '--shared'], {
    cwd: r.dir,
    env: { ...r.env, DIT_TRACE_GIT: '1' },
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, run.stderr);
  assert.ok(!/git (update-ref|commit-tree)/.test(run.stderr), run.stderr);
  assert.equal(r.json('show', id.slice(0, 7)).ticket.comments.length, 1);
  assert.equal(r.git('rev-list', '--count', 'refs/dit/journal').trim(), '2');
  Object.assign(process.env, r.env);
  const git = await Git.open(r.dir);
  try {
    const tip = r.git('rev-parse', 'refs/dit/journal').trim();
    const parent = r.git('rev-parse', 'refs/dit/journal^').trim();
    assert.equal(
      await casRef(git, 'refs/dit/journal', parent, parent, 'stale'),
      false,
      'expected value is not the current one',
    );
    assert.equal(r.git('rev-parse', 'refs/dit/journal').trim(), tip);
    r.git('pack-refs', '--all'); // only in packed-refs now
    assert.equal(await casRef(git, 'refs/dit/journal', parent, tip, 'back'), true);
    assert.equal(r.git('rev-parse', 'refs/dit/journal').trim(), parent);
    // with a reflog to feed, git does the update (and writes the reflog line)
    r.git('update-ref', '--create-reflog', '-m', 'start a reflog', 'refs/dit/journal', tip, parent);
    assert.equal(await casRef(git, 'refs/dit/journal', parent, tip, 'logged'), true);
    assert.match(r.git('reflog', 'show', 'refs/dit/journal'), /logged/);
    assert.equal(spawnSync('git', ['fsck', '--no-dangling'], { cwd: r.dir, env: r.env, encoding: 'utf8' }).status, 0);
  } finally {
    git.close();
  }
});
