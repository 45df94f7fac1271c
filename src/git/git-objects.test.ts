// dit writes blobs and trees itself (no process per object) and reads refs from their files: git must
// agree with every object and ref it sees that way.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { tempRepo } from '../../test/support/helpers.js';

test('objects dit writes pass git fsck, and trees read back as git built them', () => {
  const repo = tempRepo();
  const id = repo.ok('new', 'Tree order: a.b sorts before a/ and after a', '--shared').trim();
  repo.ok('comment', id, 'one', '--shared');
  repo.ok('label', id, '+x', '--shared');
  repo.ok('milestone', 'new', '1.0', '--shared');
  repo.git('fsck', '--strict', '--no-dangling');
  // git rebuilds the same tree from its own listing: our serialisation matches byte for byte
  const tree = repo.git('rev-parse', 'refs/dit/journal^{tree}').trim();
  const listing = repo.git('ls-tree', tree);
  const rebuilt = execGit(repo.dir, repo.env, ['mktree'], listing).trim();
  assert.equal(rebuilt, tree);
  assert.equal(repo.json('show', id).ticket.comments.length, 1);
});

test('refs are read from loose files and packed-refs alike', () => {
  const repo = tempRepo();
  const id = repo.ok('new', 'Packed', '--shared').trim();
  repo.git('branch', 'feature');
  repo.git('pack-refs', '--all');
  repo.ok('comment', id, 'after packing', '--shared'); // refs/dit/journal loose again, over its packed line
  assert.equal(repo.json('show', id).ticket.comments.length, 1);
  const matrix = repo.json('branches', id);
  assert.deepEqual(
    matrix.rows.map((r: { branch: string }) => r.branch),
    ['feature', 'main'],
  );
});

function execGit(cwd: string, env: NodeJS.ProcessEnv, args: string[], input: string): string {
  return execFileSync('git', args, { cwd, env, input, encoding: 'utf8' });
}
