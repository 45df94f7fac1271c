// Writes without git processes: commit objects and refs/dit/ updates made in-process are what git makes.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { test } from 'node:test';
import { DIT, newTicket, tempRepo } from '../../test/support/helpers.js';
import { casRef } from './refs.js';
import { Git } from './repo.js';
import { commitTreeBy, editTree } from './write.js';

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

test('a file added to a folder of thousands is the tree git itself writes, edited in its bytes', async () => {
  const r = tempRepo();
  Object.assign(process.env, r.env);
  const git = await Git.open(r.dir);
  try {
    const fed = (input: string, ...args: string[]) =>
      execFileSync('git', args, { cwd: r.dir, env: r.env, input, encoding: 'utf8' }).trim();
    const blob = (text: string) => fed(text, 'hash-object', '-w', '--stdin');
    const inner = fed(`100644 blob ${blob('entry')}\tone.json\n`, 'mktree');
    const names = Array.from({ length: 3000 }, (_, i) => createHash('sha1').update(String(i)).digest('hex'));
    const lines = names.map((n) => `040000 tree ${inner}\t${n}`).join('\n');
    const tickets = fed(`${lines}\n`, 'mktree');
    const root = fed(`040000 tree ${tickets}\ttickets\n100644 blob ${blob('x')}\tREADME\n`, 'mktree');
    const added = blob('a comment');
    const edits = [
      { path: `tickets/${names[1500]}/two.json`, oid: added },
      { path: `tickets/${'0'.repeat(40)}/one.json`, oid: added },
      { path: `tickets/${names[7]}/one.json`, oid: null },
    ];
    const mine = await editTree(git, root, edits);
    const index = join(r.dir, '.git', 'other-index');
    const env = { ...r.env, GIT_INDEX_FILE: index };
    const g = (...args: string[]) => execFileSync('git', args, { cwd: r.dir, env, encoding: 'utf8' }).trim();
    g('read-tree', root);
    g('update-index', '--add', '--cacheinfo', `100644,${added},${edits[0]!.path}`);
    g('update-index', '--add', '--cacheinfo', `100644,${added},${edits[1]!.path}`);
    g('update-index', '--force-remove', edits[2]!.path);
    assert.equal(mine, g('write-tree'));
    assert.equal(spawnSync('git', ['fsck', '--strict', '--no-dangling'], { cwd: r.dir, env: r.env }).status, 0);
  } finally {
    git.close();
  }
});
