// Three hg clones and a central repository: tickets travel by hg push/pull (tree store) and dit sync (shared journal), and converge.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../support/helpers.js';
import { type HgRepo, hgClone, hgEnv, hgSkip, newHgTicket } from '../support/hg.js';

/** Every ticket of a view as JSON, by id, for comparing clones. */
const all = (r: HgRepo, ...args: string[]) =>
  Object.fromEntries(
    r.json('ls', '--all', ...args).tickets.map((t: { id: string }) => [t.id, r.json('show', t.id, ...args).ticket]),
  );

/** A central hg repository with a first commit, and three clones of it: Ann's (who pushed it), Bo's and Cy's. */
function threeClones() {
  const home = tempDir('dit-hg-central-');
  const central = join(home, 'central');
  const env = hgEnv(home);
  execFileSync('hg', ['init', central], { env });
  const ann = hgClone(central, 'Ann Author <ann@example.com>');
  ann.write('README', 'hello\n');
  ann.commit('initial commit');
  ann.hg('push', '-q');
  const bo = hgClone(central, 'Bo Builder <bo@example.com>');
  const cy = hgClone(central, 'Cy Coder <cy@example.com>');
  return { central, env, ann, bo, cy };
}

test('three clones exchange tickets with hg push/pull and dit sync, and converge', { skip: hgSkip }, () => {
  const { ann, bo, cy } = threeClones();

  // the tree store travels with the code
  const inTree = newHgTicket(ann, 'Committed with the code', '--commit');
  ann.hg('push', '-q');
  bo.hg('pull', '-q', '-u');
  assert.equal(bo.json('show', inTree).ticket.title, 'Committed with the code');
  bo.ok('comment', inTree, 'Seen on my side', '--commit');
  bo.hg('push', '-q');

  // the shared journal travels with dit sync only, and never touches the code branches
  const shared = newHgTicket(ann, 'In the shared journal', '--shared');
  const fromBo = newHgTicket(bo, 'Also shared', '--shared');
  const fromCy = newHgTicket(cy, 'Cy shares too', '--shared');
  assert.match(ann.ok('sync'), /pushed ours/);
  const boSync = bo.json('sync');
  assert.equal(boSync.merged, 'merge', 'two journals with their own roots are merged');
  assert.ok(boSync.pushed);
  cy.ok('sync');
  ann.ok('sync');
  bo.ok('sync');
  for (const r of [ann, bo, cy]) {
    assert.equal(r.hg('status'), '', 'dit sync leaves the working copy alone');
    assert.equal(r.hg('heads', '-T', '{branch}\\n', 'dit/journal').trim().split('\n').length, 1, 'one journal head');
  }
  for (const r of [ann, bo, cy]) r.hg('pull', '-q', '-u');

  const views = [ann, bo, cy].map((r) => all(r));
  for (const id of [inTree, shared, fromBo, fromCy]) assert.ok(views[0]![id], `ann sees ${id.slice(0, 7)}`);
  assert.deepEqual(views[1], views[0], 'bo converges with ann');
  assert.deepEqual(views[2], views[0], 'cy converges with ann');
  assert.equal(views[0]![inTree].comments[0].body, 'Seen on my side');

  // a comment on a shared ticket from a second clone reaches the others
  cy.ok('comment', shared, 'from cy', '--shared');
  cy.ok('sync');
  ann.ok('sync');
  assert.deepEqual(
    ann.json('show', shared).ticket.comments.map((c: { body: string }) => c.body),
    ['from cy'],
  );
  const log = ann.hg('log', '-b', 'default', '-T', '{desc|firstline}\\n');
  assert.doesNotMatch(log, /dit: new ticket .*shared|journal/, 'no journal commit on default');
});

test('dit sync pulls the journal by its branch name: every head the remote has of it, nothing of other branches', {
  skip: hgSkip,
}, () => {
  const { central, env, ann, bo, cy } = threeClones();
  // two journals with their own roots reach the remote by plain hg pushes: two heads of dit/journal there
  const fromAnn = newHgTicket(ann, 'Shared by Ann', '--shared');
  ann.hg('push', '-q', '-f', '--new-branch', '-b', 'dit/journal');
  bo.write('code.txt', 'code\n');
  const code = bo.commit('Code from Bo');
  bo.hg('push', '-q', '-r', code);
  const fromBo = newHgTicket(bo, 'Shared by Bo', '--shared');
  bo.hg('push', '-q', '-f', '--new-branch', '-b', 'dit/journal');
  const centralHeads = () =>
    execFileSync('hg', ['heads', '-q', '-T', '{node}\\n', 'dit/journal'], { cwd: central, env, encoding: 'utf8' })
      .trim()
      .split('\n');
  assert.equal(centralHeads().length, 2, 'the remote has two heads of the journal');

  cy.ok('sync');
  const seen = cy.json('ls', '--all').tickets.map((t: { id: string }) => t.id);
  assert.ok(seen.includes(fromAnn) && seen.includes(fromBo), 'both heads were pulled, by the branch name');
  assert.equal(cy.hg('log', '-r', `id(${JSON.stringify(code)})`, '-T', 'x'), '', 'no code changeset came with it');
  assert.equal(cy.hg('status'), '');

  // Ann's sync merges the remote's newest head into hers and pushes the journal by name
  ann.ok('sync');
  assert.equal(ann.hg('log', '-r', `id(${JSON.stringify(code)})`, '-T', 'x'), '', 'nor to Ann');
  const annSeen = ann.json('ls', '--all').tickets.map((t: { id: string }) => t.id);
  assert.ok(annSeen.includes(fromBo));
  assert.equal(centralHeads().length, 1, 'one journal head on the remote after the merge');
});
