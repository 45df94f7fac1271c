// `dit sync` and the shared journal: clones that edit the same ticket converge, and concurrent writers lose nothing.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { cloneOf, DIT, newTicket, type Repo, type Result, tempBare, tempRepo } from '../support/helpers.js';

const ANN = { name: 'Ann Author', email: 'ann@example.com' };
const BOB = { name: 'Bob Builder', email: 'bob@example.com' };
const CY = { name: 'Cy Coder', email: 'cy@example.com' };

const JOURNAL = 'refs/dit/journal';
const REFSPEC = `+${JOURNAL}:refs/dit/remotes/origin/journal`;

/** Runs dit without waiting, so several can run at once. */
function ditAsync(repo: Repo, ...args: string[]): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DIT, ...args], {
      cwd: repo.dir,
      env: repo.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const comments = (r: Repo, id: string): string[] =>
  r
    .json('show', id)
    .ticket.comments.map((c: { body: string }) => c.body)
    .sort();

/** A bare remote with one commit on main, and three clones of it by different people. */
function remoteAndClones(): { remote: Repo; clones: [Repo, Repo, Repo] } {
  const remote = tempBare();
  const first = cloneOf(remote.dir, ANN);
  first.write('README', 'a project\n');
  first.commit('initial commit');
  first.git('push', '-q', 'origin', 'main');
  return { remote, clones: [first, cloneOf(remote.dir, BOB), cloneOf(remote.dir, CY)] };
}

/**
 * Clone 1 files a shared ticket and syncs; 2 and 3 sync to get it; then all three change it without
 * syncing, and sync in the order given (1-based; a group syncs all at once).
 */
async function editConcurrentlyThenSync(order: (number | number[])[]): Promise<void> {
  const { remote, clones } = remoteAndClones();
  const [c1, c2, c3] = clones;
  const id = newTicket(c1, 'Saving loses data', '--shared', '--label', 'triage', '-m', 'Reported by @cy');
  c1.ok('sync');
  assert.equal(
    remote.git('rev-parse', JOURNAL).trim(),
    c1.git('rev-parse', JOURNAL).trim(),
    'clone 1 pushed the journal',
  );
  c2.ok('sync');
  c3.ok('sync', 'origin');
  for (const c of clones) assert.equal(c.json('show', id.slice(0, 7)).ticket.title, 'Saving loses data');

  const written: string[] = [];
  const say = (c: Repo, text: string) => {
    c.ok('comment', id, text, '--shared');
    written.push(text);
  };
  say(c1, 'Ann: I can reproduce it');
  c1.ok('label', id, '+ui', '--shared');
  c1.ok('edit', id, '--priority', 'high', '--title', 'Saving an empty file loses data', '--shared');
  say(c2, 'Bob: the buffer is never flushed');
  c2.ok('label', id, '-triage', '+backend', '--shared');
  c2.ok('edit', id, '--title', 'Empty buffer is not flushed', '--shared');
  say(c3, 'Cy: happens on 2.3 too');
  c3.ok('edit', id, '--severity', 'serious', '--responsible', 'bob@example.com', '--shared');
  say(c3, 'Cy: and on 2.2');
  assert.deepEqual(comments(c1, id), ['Ann: I can reproduce it'], 'before syncing each clone sees only its own edits');
  assert.deepEqual(comments(c2, id), ['Bob: the buffer is never flushed']);
  assert.deepEqual(comments(c3, id), ['Cy: and on 2.2', 'Cy: happens on 2.3 too']);

  for (const step of order) {
    if (Array.isArray(step)) {
      const results = await Promise.all(step.map((n) => ditAsync(clones[n - 1]!, 'sync')));
      for (const [i, r] of results.entries())
        assert.equal(r.code, 0, `sync in clone ${step[i]} at the same time as the others: ${r.stderr}`);
    } else {
      clones[step - 1]!.ok('sync');
    }
  }

  const shown = clones.map((c) => c.ok('show', id, '--json'));
  assert.equal(shown[1], shown[0], 'clones 1 and 2 show the same bytes');
  assert.equal(shown[2], shown[0], 'clones 1 and 3 show the same bytes');
  const t = JSON.parse(shown[0]!).ticket;
  assert.deepEqual(
    t.comments.map((c: { body: string }) => c.body).sort(),
    [...written].sort(),
    'every comment written is there',
  );
  assert.deepEqual(t.labels, ['backend', 'ui']);
  assert.equal(t.priority, 'high');
  assert.equal(t.severity, 'serious');
  assert.equal(t.responsible, 'bob@example.com');
  assert.ok(['Saving an empty file loses data', 'Empty buffer is not flushed'].includes(t.title), t.title);
  assert.deepEqual(t.participants, ['ann@example.com', 'bob@example.com', 'cy@example.com']);
  const lists = clones.map((c) => c.ok('ls', '--all', '--json'));
  assert.equal(lists[1], lists[0]);
  assert.equal(lists[2], lists[0]);
  const tips = new Set(clones.map((c) => c.git('rev-parse', `${JOURNAL}^{tree}`).trim()));
  assert.equal(tips.size, 1, 'the three journals hold the same files');
}

test('three clones edit one ticket and sync in the order 1,2,3,1,2: identical show --json everywhere', async () => {
  await editConcurrentlyThenSync([1, 2, 3, 1, 2]);
});

test('three clones edit one ticket and sync in the order 3,1,2,3,1: identical show --json everywhere', async () => {
  await editConcurrentlyThenSync([3, 1, 2, 3, 1]);
});

test('three clones edit one ticket and sync all at the same time, then 2,3,1: identical show --json everywhere', async () => {
  await editConcurrentlyThenSync([[1, 2, 3], 2, 3, 1]);
});

test('after dit sync, a plain git fetch brings the journal and dit show sees it', () => {
  const {
    clones: [c1, c2],
  } = remoteAndClones();
  const id = newTicket(c1, 'Fetched by git', '--shared');
  c1.ok('sync');
  assert.ok(
    !c2.git('config', '--get-all', 'remote.origin.fetch').includes(REFSPEC),
    'no journal refspec before the first sync',
  );
  c2.ok('sync');
  const specs = () => c2.git('config', '--get-all', 'remote.origin.fetch').trim().split('\n');
  assert.ok(specs().includes(REFSPEC), `sync adds ${REFSPEC}`);
  assert.ok(specs().includes('+refs/heads/*:refs/remotes/origin/*'), 'and keeps the branch refspec');
  c2.ok('sync');
  assert.equal(specs().filter((s) => s === REFSPEC).length, 1, 'only once, however often sync runs');

  c1.ok('comment', id, 'Written after clone 2 synced', '--shared');
  c1.ok('close', id, '--shared');
  c1.ok('sync');
  assert.deepEqual(comments(c2, id), [], 'not seen before fetching');
  assert.equal(c2.json('show', id).ticket.status, 'new');

  c2.git('fetch', '-q');
  const t = c2.json('show', id).ticket;
  assert.deepEqual(
    t.comments.map((c: { body: string }) => c.body),
    ['Written after clone 2 synced'],
    'a plain git fetch made it visible',
  );
  assert.equal(t.status, 'fixed');
  assert.deepEqual(c2.json('ls').tickets, [], 'the list noticed too');
  assert.equal(c2.git('rev-parse', 'refs/dit/remotes/origin/journal').trim(), c1.git('rev-parse', JOURNAL).trim());
  assert.equal(c2.ok('show', id, '--json'), c1.ok('show', id, '--json'), 'and shows what clone 1 shows');
});

test('eight concurrent --shared writers in one repository lose nothing', async () => {
  const r = tempRepo();
  const id = newTicket(r, 'Busy ticket', '--shared');
  const before = Number(r.git('rev-list', '--count', JOURNAL).trim());
  const n = 8;
  const results = await Promise.all(
    Array.from({ length: n }, (_, i) => ditAsync(r, 'comment', id, `comment ${i + 1}`, '--shared')),
  );
  for (const [i, res] of results.entries()) assert.equal(res.code, 0, `writer ${i + 1}: ${res.stderr}`);
  assert.deepEqual(comments(r, id), Array.from({ length: n }, (_, i) => `comment ${i + 1}`).sort());
  assert.equal(
    Number(r.git('rev-list', '--count', JOURNAL).trim()),
    before + n,
    'one journal commit per writer, in one line of history',
  );
  assert.equal(r.git('rev-list', '--merges', JOURNAL).trim(), '', 'no merges: each writer built on the last');
  assert.equal(r.git('status', '--porcelain').trim(), '', 'nothing staged in the working tree');
});

test('sync with a remote that has no journal yet pushes ours', () => {
  const remote = tempBare();
  const r = tempRepo();
  r.git('remote', 'add', 'origin', remote.dir);
  r.git('push', '-q', 'origin', 'main');
  assert.equal(remote.git('for-each-ref', 'refs/dit/').trim(), '', 'the remote has no journal');
  const id = newTicket(r, 'Pushed by sync', '--shared');
  const out = r.ok('sync');
  assert.match(out, /pushed ours/);
  const ours = r.git('rev-parse', JOURNAL).trim();
  assert.equal(remote.git('rev-parse', JOURNAL).trim(), ours, 'the remote now has our journal');
  assert.equal(r.git('rev-parse', 'refs/dit/remotes/origin/journal').trim(), ours, 'and we know it has');
  assert.match(r.ok('sync'), /already in sync/);
  assert.equal(remote.git('rev-parse', JOURNAL).trim(), ours, 'a second sync changes nothing');

  const other = cloneOf(remote.dir, BOB);
  other.ok('sync');
  assert.equal(other.json('show', id).ticket.title, 'Pushed by sync', 'another clone gets it with sync');

  const backup = tempBare();
  r.git('remote', 'add', 'backup', backup.dir);
  assert.match(r.ok('sync', 'backup'), /pushed ours/, 'any remote name works');
  assert.equal(backup.git('rev-parse', JOURNAL).trim(), ours);
});

test('sync when neither side has a journal does nothing and succeeds', () => {
  const remote = tempBare();
  const r = tempRepo();
  r.git('remote', 'add', 'origin', remote.dir);
  r.ok('sync');
  assert.equal(remote.git('for-each-ref', 'refs/dit/').trim(), '');
  assert.equal(r.git('for-each-ref', 'refs/dit/').trim(), '');
});

test('sync with an unknown remote fails, names the fix, and writes nothing', () => {
  const r = tempRepo();
  newTicket(r, 'Local only', '--shared');
  const configBefore = r.git('config', '--list', '--local');
  const res = r.dit('sync', 'nowhere');
  assert.notEqual(res.code, 0);
  assert.match(res.stderr, /no remote named "nowhere"/);
  assert.match(res.stderr, /git remote add nowhere/);
  assert.equal(res.stdout, '');
  const noOrigin = r.dit('sync');
  assert.notEqual(noOrigin.code, 0, 'without an origin, plain `dit sync` fails too');
  assert.match(noOrigin.stderr, /git remote add origin/);
  const bad = r.dit('sync', 'no such remote');
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /not a remote name/);
  assert.equal(r.git('config', '--list', '--local'), configBefore, 'no refspec or remote was added');
});
