// Branch truth on hg: named branches, bookmarks, `fixes #id` changesets, grafts, backouts and tags, checked against hg itself.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type HgRepo, hgSkip, newHgTicket, tempHgRepo } from '../support/hg.js';

const statusOn = (r: HgRepo, id: string, branch: string): string =>
  r.json('ls', '--all', '--branch', branch).tickets.find((t: { id: string }) => t.id === id)?.status ?? 'absent';

test('fixes #id, a stable branch, a bookmark, a graft and a backout: each view agrees with hg', {
  skip: hgSkip,
}, () => {
  const r = tempHgRepo();
  const bug = newHgTicket(r, 'Crash when saving an empty file', '--type', 'bug', '--commit');
  const other = newHgTicket(r, 'Slow start', '--commit');
  const created = r.node('.');
  assert.match(r.hg('log', '-r', '.', '-T', '{files}'), /\.dit\/tickets\//, '--commit committed the entry files');
  assert.equal(r.hg('status'), '', 'and nothing else is left');

  r.hg('branch', '-q', 'stable');
  r.write('stable.txt', 'release line\n');
  r.commit('Start the stable line');
  r.hg('update', '-q', 'default');
  r.hg('bookmark', 'topic');
  r.write('save.c', 'if (len == 0) return 0;\n');
  const fix = r.commit(`Guard the empty buffer, fixes #${bug.slice(0, 7)}`);
  r.hg('update', '-q', 'default');
  r.hg('bookmark', '-i', 'topic');

  const oracle = (branch: string, ...fixes: string[]) => fixes.some((f) => r.contains(branch, f));
  // the fix is on default (and the bookmark), not on stable
  for (const [b, expected] of [
    ['default', 'fixed'],
    ['topic', 'fixed'],
    ['stable', 'new'],
  ] as const) {
    assert.equal(oracle(b, fix) ? 'fixed' : 'new', expected, `hg agrees on ${b}`);
    assert.equal(statusOn(r, bug, b), expected, `dit on ${b}`);
    assert.equal(statusOn(r, other, b), 'new', `the other ticket on ${b}`);
  }
  const t = r.json('show', bug, '--branch', 'default').ticket;
  assert.equal(t.decidedBy.kind, 'commit');
  assert.equal(t.decidedBy.commit, fix, 'decided by the very changeset');

  // graft onto stable: carried there, by the grafted changeset
  r.hg('update', '-q', 'stable');
  r.hg('graft', '-q', '-r', fix);
  const grafted = r.node('.');
  assert.notEqual(grafted, fix);
  assert.ok(!oracle('stable', fix) && oracle('stable', grafted), 'hg: stable has the graft, not the original');
  assert.equal(statusOn(r, bug, 'stable'), 'fixed', 'a graft carries the fix');
  assert.equal(r.json('show', bug, '--branch', 'stable').ticket.decidedBy.commit, grafted);

  // tags on the two release lines, then a backout on stable only
  r.hg('tag', '-q', 'v2.0.1');
  r.hg('update', '-q', 'default');
  r.hg('tag', '-q', '-r', created, 'v2.0.0');
  r.hg('tag', '-q', 'v2.1.0');
  r.hg('update', '-q', 'stable');
  r.hg('backout', '-q', '-r', grafted, '-m', `Backed out changeset ${grafted.slice(0, 12)}`);
  assert.equal(statusOn(r, bug, 'stable'), 'new', 'the backout undoes it on stable');
  assert.equal(statusOn(r, bug, 'default'), 'fixed', 'and only there');
  const matrix = r.json('branches', bug);
  const row = (name: string) => matrix.rows.find((x: { branch: string }) => x.branch === name);
  assert.equal(row('default').summary.status, 'fixed');
  assert.equal(row('stable').summary.status, 'new');
  assert.equal(row('topic').summary.status, 'fixed', 'the bookmark is a row of the matrix');
  assert.ok(row('stable').reverted.length, 'the stable row says what the backout undid');
  assert.equal(
    matrix.rows.some((x: { branch: string }) => x.branch === 'dit/journal'),
    false,
    'never the journal',
  );

  // tags: which releases have the fix; release notes between two tags
  const tags = r.json('branches', bug, '--tags');
  const fixedIn = JSON.stringify(tags);
  assert.match(fixedIn, /v2\.1\.0/, 'v2.1.0 has the fix');
  assert.match(fixedIn, /v2\.0\.1/, 'v2.0.1 has the graft');
  const notes = r.ok('release-notes', 'v2.0.0..v2.1.0');
  assert.match(notes, /Crash when saving an empty file/);
  assert.doesNotMatch(notes, /Slow start/, 'a ticket nothing fixed is not in the notes');
});

test('the tree store: entries are hg added, committed with the next hg commit, --commit names only .dit', {
  skip: hgSkip,
}, () => {
  const r = tempHgRepo();
  r.write('work.c', 'unfinished\n');
  r.hg('add', 'work.c');
  const id = newHgTicket(r, 'Written in the working copy');
  const status = r.hg('status');
  assert.match(status, new RegExp(`^A \\.dit/tickets/${id}/`, 'm'), 'the entry is added');
  assert.match(status, /^A work\.c$/m);
  assert.deepEqual(
    r.json('ls').tickets.map((x: { id: string }) => x.id),
    [id],
    'uncommitted entries show in the working copy view',
  );
  assert.deepEqual(r.json('ls', '--branch', 'default').tickets, [], 'but not on default yet');

  r.ok('comment', id, 'a comment, committed at once', '--commit');
  assert.match(r.hg('status'), /^A work\.c$/m, "the user's other change stays uncommitted");
  assert.doesNotMatch(r.hg('status'), /\.dit\//, 'every .dit/ path was committed');
  assert.equal(r.json('show', id, '--branch', 'default').ticket.comments.length, 1);

  r.ok('close', id);
  r.hg('commit', '-q', '-m', 'Finish the work');
  assert.equal(r.json('show', id, '--branch', 'default').ticket.status, 'fixed', "committed with the user's commit");
});
