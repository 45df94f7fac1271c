// Entry packs: `dit gc` and import compact entry files; answers stay the same, merges never conflict.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cloneOf, newTicket, type Repo, tempBare, tempRepo } from '../support/helpers.js';

const entryFiles = (r: Repo, rev?: string) =>
  (rev ? r.git('ls-tree', '-r', '--name-only', rev, '--', '.dit') : r.git('ls-files', '.dit'))
    .trim()
    .split('\n')
    .filter(Boolean);
const answers = (r: Repo, id: string) =>
  [r.ok('ls', '--all', '--json'), r.ok('show', id, '--json'), r.ok('export')].join('\n');

function busyRepo(): { r: Repo; a: string; b: string } {
  const r = tempRepo();
  const a = newTicket(r, 'Crash on save', '-m', 'Steps', '--label', 'bug', '--commit');
  const b = newTicket(r, 'Slow start', '--commit');
  for (let i = 0; i < 4; i++) r.ok('comment', a.slice(0, 7), `comment ${i} on #${b.slice(0, 7)}`, '--commit');
  r.ok('label', a.slice(0, 7), '+ui', '--commit');
  r.ok('comment', b.slice(0, 7), 'only one more', '--commit');
  return { r, a, b };
}

test('dit gc packs each journal into one file, commits it, and every answer stays the same', () => {
  const { r, a, b } = busyRepo();
  const before = answers(r, a);
  const filesBefore = entryFiles(r).length;
  const out = r.ok('gc');
  assert.match(out, /^this branch: packed 2 journals, 8 files into 2 \(commit [0-9a-f]{7}\)$/m);
  const files = entryFiles(r, 'HEAD');
  assert.equal(files.length, 2, files.join('\n'));
  assert.ok(files.every((f) => /\/pack-[0-9a-f]{40}\.json$/.test(f)));
  assert.ok(filesBefore > files.length);
  assert.equal(r.git('status', '--porcelain').trim(), '', 'working tree and index agree with the commit');
  assert.equal(answers(r, a), before);
  r.git('rm', '-q', '-r', '--cached', '.dit'); // nothing cached: answers come from the packs alone
  r.git('reset', '-q', '--hard');
  assert.equal(answers(r, a), before);
  assert.equal(r.json('show', b.slice(0, 7)).ticket.comments.length, 1);
  assert.match(r.ok('gc'), /this branch: nothing to pack/);
  // after packing, a new entry is a loose file again; the next gc folds it into a new pack
  r.ok('comment', a.slice(0, 7), 'after the pack', '--commit');
  assert.match(r.ok('gc'), /packed 1 journals, 2 files into 1/);
  assert.equal(r.json('show', a.slice(0, 7)).ticket.comments.at(-1).body, 'after the pack');
});

test('a branch that packs and branches that add entries merge both ways without conflict, each entry once', () => {
  const { r, a } = busyRepo();
  r.git('checkout', '-q', '-b', 'feature');
  r.ok('comment', a.slice(0, 7), 'on the feature branch', '--commit');
  r.git('checkout', '-q', 'main');
  r.ok('gc');
  r.ok('comment', a.slice(0, 7), 'on main after gc', '--commit');
  r.git('merge', '-q', '--no-edit', 'feature');
  const bodies = r.json('show', a.slice(0, 7)).ticket.comments.map((c: { body: string }) => c.body);
  assert.equal(bodies.length, 6);
  assert.equal(new Set(bodies).size, 6);
  assert.ok(bodies.includes('on the feature branch') && bodies.includes('on main after gc'));
  // the feature branch takes main's packing in, adds more, packs after the merge; main merges it again
  r.git('checkout', '-q', 'feature');
  r.ok('comment', a.slice(0, 7), 'feature again', '--commit');
  r.git('merge', '-q', '--no-edit', 'main');
  r.ok('gc');
  r.git('checkout', '-q', 'main');
  r.git('merge', '-q', '--no-edit', 'feature');
  const after = r.json('show', a.slice(0, 7)).ticket.comments.map((c: { body: string }) => c.body);
  assert.deepEqual(after, [...bodies, 'feature again']);
  assert.equal(entryFiles(r, 'HEAD').filter((f) => f.includes(a)).length, 1);
});

test('gc leaves journals with staged changes alone, and packs the shared journal', () => {
  const { r, a, b } = busyRepo();
  const s = newTicket(r, 'Shared one', '--shared');
  for (let i = 0; i < 3; i++) r.ok('comment', s.slice(0, 7), `shared ${i}`, '--shared');
  r.ok('comment', b.slice(0, 7), 'staged, not committed');
  r.write('code.txt', 'mine\n');
  r.git('add', 'code.txt');
  const before = answers(r, s);
  const out = r.ok('gc');
  assert.match(out, /this branch: packed 1 journals/); // a only: b has a staged entry
  assert.match(out, /shared journal: packed 1 journals, 4 files into 1/);
  assert.equal(answers(r, s), before);
  assert.equal(r.git('diff', '--cached', '--name-only').trim(), 'code.txt', "the user's staged code stays staged");
  assert.equal(r.git('ls-tree', '-r', '--name-only', 'refs/dit/journal').trim().split('\n').length, 1);
  assert.ok(entryFiles(r, 'HEAD').some((f) => f.startsWith(`.dit/tickets/${b}/`) && !f.includes('pack-')));
  assert.equal(r.json('show', a.slice(0, 7)).ticket.labels.includes('ui'), true);
});

test("a damaged pack is reported and skipped; the ticket's other entries still count; gc leaves it", () => {
  const { r, a } = busyRepo();
  r.ok('gc');
  r.ok('comment', a.slice(0, 7), 'loose beside the pack', '--commit');
  const pack = entryFiles(r, 'HEAD').find((f) => f.includes(a) && f.includes('pack-'))!;
  writeFileSync(join(r.dir, pack), '{"pack": 1, "entries": [');
  r.git('add', pack);
  r.git('commit', '-q', '-m', 'damage');
  const res = r.dit('ls', '--all');
  assert.equal(res.code, 0);
  assert.match(res.stderr, /warning: .*pack-[0-9a-f]{40}\.json: entry pack is not valid JSON/);
  const future = '{"pack": 9, "entries": []}\n';
  writeFileSync(join(r.dir, pack), future);
  r.git('commit', '-q', '-am', 'newer');
  assert.match(r.dit('ls', '--all').stderr, /entry pack version 9 is newer than this dit reads; upgrade dit/);
  assert.match(r.ok('gc'), /nothing to pack/);
  assert.equal(r.git('show', `HEAD:${pack}`), future, 'a pack dit cannot read is never rewritten');
});

test('import writes one entry pack per ticket, and the tickets read back the same', () => {
  const { r } = busyRepo();
  const exported = r.ok('export');
  const fresh = tempRepo();
  writeFileSync(join(fresh.dir, '..', 'in.jsonl'), exported);
  fresh.ok('import', join(fresh.dir, '..', 'in.jsonl'));
  const files = entryFiles(fresh, 'HEAD');
  assert.equal(files.filter((f) => f.startsWith('.dit/tickets/')).length, 2, files.join('\n'));
  assert.equal(fresh.ok('export'), exported, 'entry ids survive the pack');
  assert.equal(fresh.git('status', '--porcelain').trim(), '');
});

test('dit sync with a clone that did not pack keeps the packing: packed files are not brought back', () => {
  const remote = tempBare();
  const ann = cloneOf(remote.dir, { name: 'Ann', email: 'ann@example.com' });
  ann.write('README', 'x\n');
  ann.commit('initial commit');
  ann.git('push', '-q', 'origin', 'main');
  const id = newTicket(ann, 'Shared', '--shared');
  for (let i = 0; i < 3; i++) ann.ok('comment', id.slice(0, 7), `ann ${i}`, '--shared');
  ann.ok('sync', '-q');
  const bob = cloneOf(remote.dir, { name: 'Bob', email: 'bob@example.com' });
  bob.ok('sync', '-q');
  bob.ok('comment', id.slice(0, 7), 'bob, unpacked', '--shared');
  assert.match(ann.ok('gc'), /shared journal: packed 1 journals, 4 files into 1/);
  ann.ok('comment', id.slice(0, 7), 'ann after gc', '--shared');
  bob.ok('sync', '-q');
  ann.ok('sync', '-q');
  const names = ann.git('ls-tree', '-r', '--name-only', 'refs/dit/journal').trim().split('\n');
  assert.equal(names.length, 3, `one pack and the two entries written since: ${names.join(', ')}`);
  assert.equal(names.filter((n) => n.includes('/pack-')).length, 1);
  const bodies = (r: Repo) =>
    r
      .json('show', id.slice(0, 7))
      .ticket.comments.map((c: { body: string }) => c.body)
      .sort();
  assert.deepEqual(bodies(ann), ['ann 0', 'ann 1', 'ann 2', 'ann after gc', 'bob, unpacked']);
  bob.ok('sync', '-q');
  assert.deepEqual(bodies(bob), bodies(ann));
});

/**
 * Ticket 8b8e10d: two branches that each pack the same journal used to meet a rename/rename conflict, as
 * git paired the deleted entry file (or the old pack) with each side's new, similar pack. Packs are now
 * never similar to anything, so git sees no renames: merges, cherry-picks and rebases stay clean.
 */
test('two branches that each pack the same ticket merge, cherry-pick and rebase without conflict', () => {
  const r = tempRepo();
  // a long description: the creating entry is most of a small pack (the file-to-pack case)
  const words = 'crash save file disk retry parser buffer thread lock index cache network'.split(' ');
  const body = Array.from({ length: 600 }, (_, i) => words[(i * 7) % words.length]).join(' ');
  const a = newTicket(r, 'Crash on save', '-m', body, '--commit');
  r.ok('comment', a.slice(0, 7), 'first', '--commit');
  const b = newTicket(r, 'Slow start', '--commit');
  for (let i = 0; i < 6; i++) r.ok('comment', b.slice(0, 7), `note ${i} about the slow start`, '--commit');
  r.ok('gc'); // b is packed on both sides from here: the pack-to-pack case
  const base = r.git('rev-parse', 'HEAD').trim();
  const side = (branch: string, text: string) => {
    r.git('checkout', '-q', '-B', branch, base);
    r.ok('comment', a.slice(0, 7), `${text} on a`, '--commit');
    r.ok('comment', b.slice(0, 7), `${text} on b`, '--commit');
    r.ok('gc');
    return r.git('rev-parse', 'HEAD').trim();
  };
  const one = side('one', 'one');
  const two = side('two', 'two');
  const comments = (id: string) =>
    r
      .json('show', id.slice(0, 7))
      .ticket.comments.map((c: { body: string }) => c.body)
      .sort();
  const expect = (id: string, ...extra: string[]) =>
    [
      ...(id === a ? ['first'] : Array.from({ length: 6 }, (_, i) => `note ${i} about the slow start`)),
      ...extra,
    ].sort();

  r.git('checkout', '-q', '-B', 'merged', one);
  const merge = r.git('merge', '--no-edit', two);
  assert.doesNotMatch(merge, /CONFLICT/);
  assert.deepEqual(comments(a), expect(a, 'one on a', 'two on a'));
  assert.deepEqual(comments(b), expect(b, 'one on b', 'two on b'));
  assert.equal(r.git('status', '--porcelain').trim(), '');

  r.git('checkout', '-q', '-B', 'picked', one);
  r.git('cherry-pick', `${base}..${two}`);
  assert.deepEqual(comments(a), expect(a, 'one on a', 'two on a'));

  r.git('checkout', '-q', '-B', 'rebased', two);
  r.git('rebase', '-q', one);
  assert.deepEqual(comments(b), expect(b, 'one on b', 'two on b'));
  assert.equal(r.git('status', '--porcelain').trim(), '');
});
