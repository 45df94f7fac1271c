// The review-and-merge journey as people meet it, in real clones of a hooked bare repository: proposals
// opened by `git push` and by `dit propose`, an amend, reviews from two people, a line comment, a merge
// with each strategy from a reviewer's clone, and the ticket merged on main and open on release-1 in
// every clone and in the repository everyone pushes to.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { cloneOf, type Repo, tempBare } from '../support/helpers.js';

const ANN = { name: 'Ann Author', email: 'ann@example.com' };
const BOB = { name: 'Bob Reviewer', email: 'bob@example.com' };
const CY = { name: 'Cy Maintainer', email: 'cy@example.com' };

function push(repo: Repo, refspec: string): string {
  const r = spawnSync('git', ['push', 'origin', refspec], { cwd: repo.dir, env: repo.env, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stderr;
}
const shortIdIn = (text: string): string => /#([0-9a-f]{7}): /.exec(text)?.[1] ?? assert.fail(text);
const status = (r: Repo, id: string, branch: string): string => r.json('show', id, '--branch', branch).ticket.status;

/** Ann's change on a branch of its own, from origin/main. */
function change(ann: Repo, branch: string, files: Record<string, string>, message: string): string {
  ann.git('fetch', '-q', 'origin');
  ann.git('checkout', '-q', '-B', branch, 'origin/main');
  for (const [path, text] of Object.entries(files)) ann.write(path, text);
  return ann.commit(message);
}

test('the journey: propose, amend, two reviews, a line comment, merge with each strategy in a clone', () => {
  const remote = tempBare();
  const ann = cloneOf(remote.dir, ANN);
  ann.write('README', 'a project\n');
  ann.write('src/buf.c', 'int len;\nint read(void);\nint write(void);\n');
  ann.commit('initial commit');
  ann.git('branch', 'release-1');
  ann.git('push', '-q', 'origin', 'main', 'release-1');
  remote.ok('hooks', 'install');

  // Ann proposes by push, then amends (a new patchset; the title follows the one commit's message)
  change(ann, 'guard', { 'src/buf.c': 'int len;\nint read(void);\nint write(void);\nint guard(void);\n' }, 'Guard');
  const a = shortIdIn(push(ann, 'HEAD:refs/for/new'));
  ann.write(
    'src/buf.c',
    'int len;\nint read(void);\n/* guard the empty buffer */\nint write(void);\nint guard(int len);\n',
  );
  ann.git('commit', '-q', '-a', '--amend', '-m', 'Guard the empty buffer\n\nAn empty read crashed.');
  assert.match(
    push(ann, `+HEAD:refs/for/${a}`),
    new RegExp(`#${a}: Guard the empty buffer — uploaded patchset 2 \\(amend\\)`),
  );

  // Bob and Cy review from their own clones; nothing they write is staged in their work trees
  const bob = cloneOf(remote.dir, BOB);
  const cy = cloneOf(remote.dir, CY);
  for (const r of [bob, cy]) r.ok('sync');
  assert.match(bob.ok('review', a, '--looks-good', '-m', 'Reads well'), /looks good patchset 2 revision 1/);
  assert.match(cy.ok('review', a, '--approve', '-m', 'Ship it'), /approved patchset 2 revision 1/);
  // Bob comments on lines: two of patchset 1 (one moved since, one changed), one of the base, one of patchset 2
  bob.ok('comment', a, '--line', 'src/buf.c:3', '--revision', '1', 'Is write still needed?');
  bob.ok('comment', a, '--line', 'src/buf.c:4', '--revision', '1', 'Why void?');
  bob.ok('comment', a, '--line', 'src/buf.c:2', '--side', 'old', '--revision', '1', 'read was always like this');
  bob.ok('comment', a, '--line', 'src/buf.c:5', 'Why int?');
  const bad = bob.dit('comment', a, '--line', 'src/buf.c:9', 'not in the diff');
  assert.equal(bad.code, 6);
  assert.match(bad.stderr, /line 9 \(new side\) of src\/buf\.c is not in the diff of patchset 2 revision 1/);
  assert.match(bob.dit('comment', a, '--line', 'src/buf.c', 'x').stderr, /--line needs PATH:LINE/);
  const lines = bob.json('show', a, '--lines');
  assert.deepEqual([lines.patchset, lines.revision], [2, 1]);
  assert.deepEqual(
    lines.files.map((f: any) => [f.path, f.threads.map((t: any) => [t.line, t.side, t.outdated, t.comments[0].body])]),
    [
      [
        'src/buf.c',
        [
          [null, 'new', true, 'Why void?'],
          [2, 'old', true, 'read was always like this'],
          [4, 'new', true, 'Is write still needed?'],
          [5, 'new', false, 'Why int?'],
        ],
      ],
    ],
  );
  const text = bob.ok('show', a, '--lines');
  assert.match(
    text,
    new RegExp(
      'line comments on patchset 2 revision 1\\n\\nsrc/buf\\.c\\n {2}above the file: outdated, its line is gone ' +
        '\\(line 4 on patchset 1 revision 1\\)\\n( {2}│ .*\\n)* {2}│ \\+int guard\\(void\\);\\n {4}Bob Reviewer',
    ),
  );
  assert.match(text, / {2}line 2 \(old side\): outdated, made on patchset 1 revision 1\n/);
  assert.match(text, / {2}line 4: outdated, moved from line 3 on patchset 1 revision 1\n/);
  assert.match(text, / {2}line 5\n {4}Bob Reviewer .*\n {6}Why int\?/);
  // as patchset 1 has them, the ones made there are where they were made
  const onFirst = bob.json('show', a, '--lines', '--revision', '1');
  assert.deepEqual(
    onFirst.files[0].threads.map((t: any) => [t.line, t.outdated, t.comments[0].body]),
    [
      [null, true, 'Why int?'],
      [2, false, 'read was always like this'],
      [3, false, 'Is write still needed?'],
      [4, false, 'Why void?'],
    ],
  );
  const reply = onFirst.files[0].threads[2].id.slice(0, 8);
  bob.ok('sync');
  cy.ok('sync');
  cy.ok('comment', a, '--reply', reply, 'It is');
  for (const r of [bob, cy])
    assert.equal(r.git('status', '--porcelain').trim(), '', 'reviews and line comments stage nothing');
  for (const r of [bob, cy]) r.ok('sync');
  bob.ok('sync');
  assert.deepEqual(
    bob
      .json('show', a, '--lines')
      .files[0].threads[2].comments.map((c: { body: string; author: { name: string } }) => [c.author.name, c.body]),
    [
      [BOB.name, 'Is write still needed?'],
      [CY.name, 'It is'],
    ],
    "Cy's reply is in Bob's thread",
  );
  const reviewed = bob.json('show', a).ticket;
  assert.deepEqual(
    reviewed.reviews.map((r: { author: { email: string }; score: number }) => [r.author.email, r.score]),
    [
      [BOB.email, 1],
      [CY.email, 2],
    ],
  );
  assert.equal(reviewed.review, 'approved');

  // something uncommitted of Bob's holds the merge up, and says what
  bob.write('README', 'edited\n');
  const held = bob.dit('merge', a);
  assert.equal(held.code, 9);
  assert.match(held.stderr, /main is checked out with uncommitted changes \(README\); commit or stash them/);
  bob.git('checkout', '--', 'README');
  // a comment of Bob's own is staged in his branch: dit merge carries it rather than refusing
  bob.ok('comment', a, 'Thanks, merging');
  const staged = bob.git('diff', '--cached', '--name-only').trim();
  assert.match(staged, /^\.dit\/tickets\/[0-9a-f]{40}\/[0-9a-f]{40}\.json$/);
  const merged = bob.json('merge', a);
  assert.equal(merged.target, 'main');
  assert.match(bob.git('log', '-1', '--format=%s', 'main'), new RegExp(`^Merge #${a}: Guard the empty buffer`));
  assert.equal(bob.git('diff', '--cached', '--name-only').trim(), staged, 'still staged, on the new main');
  assert.equal(
    bob.git('show', 'HEAD:src/buf.c'),
    'int len;\nint read(void);\n/* guard the empty buffer */\nint write(void);\nint guard(int len);\n',
  );
  assert.equal(bob.git('status', '--porcelain', '--untracked-files=no').trim(), `A  ${staged}`);
  bob.git('commit', '-q', '-m', 'Ticket updates');

  // three more proposals, one merged with each other strategy: dit propose, then pushes
  ann.git('checkout', '-q', 'main');
  ann.git('pull', '-q', '--ff-only');
  change(ann, 'squash-me', { 'a.txt': 'a\n' }, 'Add a');
  ann.write('b.txt', 'b\n');
  ann.commit('Add b');
  const s = shortIdIn(ann.ok('propose', '--title', 'Add a and b'));
  ann.ok('sync');
  change(ann, 'rebase-me', { 'c.txt': 'c\n' }, 'Add c');
  const r = shortIdIn(push(ann, 'HEAD:refs/for/main'));
  bob.git('push', '-q', 'origin', 'main');
  change(ann, 'ff-me', { 'd.txt': 'd\n' }, 'Add d');
  const f = shortIdIn(push(ann, 'HEAD:refs/for/main'));
  bob.ok('sync');
  for (const id of [s, r, f]) bob.ok('review', id, '--approve');
  assert.equal(bob.json('merge', f, '--strategy', 'ff-only').fastForward, true);
  bob.write('main-moves.txt', 'main moves\n');
  bob.commit('Main moves on');
  const squashed = bob.json('merge', s, '--strategy', 'squash');
  assert.equal(squashed.patchset, 2, 'a squash is recorded as the next patchset');
  assert.match(bob.git('log', '-1', '--format=%s', 'main'), new RegExp(`^Add a and b \\(#${s}\\)`));
  const rebased = bob.json('merge', r, '--strategy', 'rebase');
  assert.equal(rebased.patchset, 2);
  assert.equal(bob.git('log', '-1', '--format=%s', 'main').trim(), 'Add c');
  assert.equal(bob.git('status', '--porcelain').trim(), '', 'merging left the work tree clean');

  // Bob publishes; every clone and the bare repository agree: merged on main, open on release-1
  bob.git('push', '-q', 'origin', 'main');
  bob.ok('sync');
  ann.git('checkout', '-q', 'main');
  ann.git('pull', '-q', '--ff-only');
  ann.ok('sync');
  cy.git('pull', '-q', '--ff-only');
  cy.ok('sync');
  for (const id of [a, s, r, f]) {
    for (const who of [bob, ann, cy]) {
      assert.equal(status(who, id, 'main'), 'merged', `#${id} is merged on main in ${who.env.GIT_AUTHOR_NAME}'s clone`);
      assert.equal(status(who, id, 'origin/release-1'), 'new', `#${id} is open on release-1`);
    }
    assert.equal(remote.json('show', id).ticket.status, 'merged', `#${id} is merged in the bare repository`);
    const rows = ann.json('branches', id).rows as { branch: string; summary: { status: string } }[];
    assert.deepEqual(
      ['main', 'release-1'].map((b) => rows.find((x) => x.branch === b)?.summary.status),
      ['merged', 'new'],
    );
  }
  assert.deepEqual(
    ann
      .json('ls', 'is:merged', '--branch', 'main')
      .tickets.map((t: { id: string }) => t.id.slice(0, 7))
      .sort(),
    [a, s, r, f].sort(),
  );

  // someone new clones with plain git: the first command fetches dit's refs, says so, and agrees
  const dee = cloneOf(remote.dir, { name: 'Dee', email: 'dee@example.com' });
  const first = dee.dit('ls', 'is:merged', '--json');
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stderr, /first use of this clone: fetched the shared journal and \d+ patchset tips from origin/);
  assert.deepEqual(
    JSON.parse(first.stdout)
      .tickets.map((t: { id: string }) => t.id.slice(0, 7))
      .sort(),
    [a, s, r, f].sort(),
  );
  assert.equal(status(dee, f, 'origin/release-1'), 'new');
  assert.equal(dee.dit('ls', '--all').stderr, '', 'once: the second command says nothing');
  assert.match(
    dee.git('config', '--get-all', 'remote.origin.fetch'),
    /\+refs\/dit\/journal:refs\/dit\/remotes\/origin\/journal/,
  );
});

test('a plain clone of tickets committed in the branch shows the merged ones merged, with nothing to fetch', () => {
  const remote = tempBare();
  const ann = cloneOf(remote.dir, ANN);
  ann.write('README', 'a project\n');
  ann.commit('initial commit');
  ann.git('push', '-q', 'origin', 'main');
  remote.ok('hooks', 'install');
  change(ann, 'topic', { 'x.txt': 'x\n' }, 'Add x');
  const id = shortIdIn(push(ann, 'HEAD:refs/for/main'));
  ann.ok('sync');
  // the proposal's entries, exported and imported into another project's branch (as an import does)
  const lines = ann.ok('export').trim();
  const other = tempBare();
  const imp = cloneOf(other.dir, ANN);
  imp.git('fetch', '-q', remote.dir, `ticket/${id}`);
  imp.git('checkout', '-q', '-b', 'main', 'FETCH_HEAD~1');
  imp.write('t.jsonl', `${lines}\n`);
  imp.ok('import', 't.jsonl');
  imp.git('merge', '-q', '--no-ff', '--no-edit', 'FETCH_HEAD');
  imp.git('push', '-q', 'origin', 'main');
  assert.equal(status(imp, id, 'main'), 'merged', 'merged where the import kept its tip');
  assert.equal(imp.git('ls-remote', 'origin', 'refs/dit/*').trim(), '', 'the remote has none of dit refs');
  const plain = cloneOf(other.dir, BOB);
  const r = plain.dit('show', id, '--json');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).ticket.status, 'merged', 'the tip its entries name is on main');
  assert.equal(r.stderr, '');
});
