// The derived store brought up to date per ticket answers as a fold from scratch does: after writes,
// after another clone's sync and after a branch switch, with evidence placed where its commit is.

import assert from 'node:assert/strict';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isOpen, type Status } from '../../src/model/fields.js';
import { Store } from '../../src/store/store.js';
import { cloneOf, type Repo, repoAt, tempBare, tempDir, tempRepo } from '../support/helpers.js';

interface Listed {
  tickets: { id: string; title: string; status: Status; comments: number }[];
}

/** What `dit ls --all` answers here, as a list of `title status comments`, and how many are closed. */
const answer = (r: Repo, ...args: string[]) => {
  const l = r.json<Listed>('ls', '--all', ...args);
  return {
    rows: l.tickets.map((t) => `${t.title} ${t.status} ${t.comments}`).sort(),
    closed: l.tickets.filter((t) => !isOpen(t.status)).length,
  };
};

/** The open and closed counts the store keeps with the working tree's view (the list page's tabs). */
async function tabs(r: Repo): Promise<{ open: number; closed: number } | null> {
  const store = await Store.open(r.dir, { env: r.env });
  try {
    return store.derived.open().counts('worktree');
  } finally {
    await store.close();
  }
}

/** The same question asked of a copy of the repository with no derived data: every ticket folded afresh. */
const fresh = (r: Repo, ...args: string[]) => {
  const copy = join(tempDir(), 'copy');
  cpSync(r.dir, copy, { recursive: true });
  rmSync(join(copy, '.git/dit'), { recursive: true, force: true });
  return answer(repoAt(copy, r.env), ...args);
};

/** Git's own answer: the fixed ticket is closed exactly where its commit is. */
const contains = (r: Repo, commit: string, rev: string) => {
  try {
    r.git('merge-base', '--is-ancestor', commit, rev);
    return true;
  } catch {
    return false;
  }
};

const statusOf = (a: { rows: string[] }, title: string) =>
  a.rows
    .find((row) => row.startsWith(`${title} `))
    ?.slice(title.length + 1)
    .split(' ')[0];

test('evidence stays placed per branch when the store is updated per ticket: writes, sync, branch switch', async () => {
  const bare = tempBare();
  const r = tempRepo();
  r.git('remote', 'add', 'origin', bare.dir);
  r.git('checkout', '-q', '-b', 'feature');
  r.write('fix.txt', 'the fix\n');
  const fix = r.commit('the fix');
  r.git('checkout', '-q', 'main');
  // a closed ticket whose fix is `fix` (evidence), and others that nothing decides
  const lines = [
    { title: 'Fixed on feature', type: 'bug', status: 'fixed', commit: fix, author: 'Ann <ann@example.com>' },
    { title: 'Plain open', type: 'bug', status: 'open', author: 'Ann <ann@example.com>' },
    { title: 'Plain closed', type: 'bug', status: 'fixed', author: 'Ann <ann@example.com>' },
  ].map((t) => JSON.stringify({ ...t, created: '2026-01-01T00:00:00Z', body: t.title, labels: [], comments: [] }));
  r.write('tickets.jsonl', `${lines.join('\n')}\n`);
  r.ok('import', 'tickets.jsonl', '--shared');
  rmSync(join(r.dir, 'tickets.jsonl'));
  const expect = (rev: string) => (contains(r, fix, rev) ? 'fixed' : 'new'); // its status before the fix

  const check = async (what: string, rev: string, ...args: string[]) => {
    const got = answer(r, ...args);
    assert.deepEqual(got, fresh(r, ...args), `${what}: the store equals a fold from scratch`);
    assert.equal(statusOf(got, 'Fixed on feature'), expect(rev), `${what}: evidence placed as git says`);
    if (!args.length)
      assert.deepEqual(await tabs(r), { open: got.rows.length - got.closed, closed: got.closed }, `${what}: counts`);
    return got;
  };

  assert.equal((await check('on main', 'main')).closed, 1, 'only the plain closed ticket is closed on main');
  const plain = r
    .json<Listed>('ls', '--all')
    .tickets.find((t) => t.title === 'Plain open')!
    .id.slice(0, 7);
  const fixed = r
    .json<Listed>('ls', '--all')
    .tickets.find((t) => t.title === 'Fixed on feature')!
    .id.slice(0, 7);

  // a write to another ticket: the evidence of the unchanged one comes from the store, and stays placed
  r.ok('comment', plain, 'one more', '--shared');
  assert.match((await check('after a shared write', 'main')).rows.join('\n'), /Plain open open 1/);
  r.ok('comment', plain, 'staged one');
  await check('after a staged write', 'main');
  r.ok('comment', fixed, 'still broken here?', '--shared');
  await check('after a write to the ticket with evidence', 'main');

  // a branch switch: the same view name, another commit; the fix is there
  r.git('stash', '-q');
  r.git('checkout', '-q', 'feature');
  assert.equal((await check('on feature', 'feature')).closed, 2);
  r.git('checkout', '-q', 'main');
  await check('back on main', 'main');
  // a branch never listed before starts from the working tree's rows
  await check('feature by name, from main', 'feature', '--branch', 'feature');

  // another clone writes and syncs; this one's sync brings its journal
  r.ok('sync', 'origin');
  const other = cloneOf(bare.dir, { name: 'Bo', email: 'bo@example.com' });
  other.ok('sync');
  other.ok('comment', plain, 'from the other clone', '--shared');
  other.ok('close', plain, '--shared');
  other.ok('sync');
  r.ok('sync');
  const synced = await check('after the other clone synced', 'main');
  assert.equal(statusOf(synced, 'Plain open'), 'fixed', "the other clone's close arrived");

  // the fix is merged into main: the ticket is fixed there, with no write to it
  r.git('merge', '-q', '--no-edit', 'feature');
  assert.equal((await check('after merging the fix', 'main')).closed, 3);
});
