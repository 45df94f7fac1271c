// Reliability: writers wait for each other, locks are told apart (live or left over), and a kill at
// any point of a write or an import loses nothing and is finished or undone by the next run.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DIT, newTicket, type Repo, tempDir, tempRepo } from '../support/helpers.js';

const withEnv =
  (r: Repo, env: Record<string, string>) =>
  (...args: string[]) => {
    const p = spawnSync(process.execPath, [DIT, ...args], { cwd: r.dir, env: { ...r.env, ...env }, encoding: 'utf8' });
    return { code: p.status ?? -1, stdout: p.stdout, stderr: p.stderr, signal: p.signal };
  };
const comments = (r: Repo, id: string): string[] =>
  r.json('show', id).ticket.comments.map((c: { body: string }) => c.body);
const old = (path: string) => {
  const t = new Date(Date.now() - 60_000);
  utimesSync(path, t, t);
};
const fsckClean = (r: Repo) => {
  const out = r.git('fsck', '--strict', '--no-progress', '--no-dangling');
  assert.doesNotMatch(out, /error|missing|broken/i, out);
};

/** A git process that stays alive with its working directory in the repository (it waits for input). */
function liveGit(r: Repo) {
  const child = spawn('git', ['hash-object', '--stdin'], {
    cwd: r.dir,
    env: r.env,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  return {
    pid: child.pid!,
    stop: () =>
      new Promise<void>((res) => {
        child.on('close', () => res());
        child.stdin!.end();
      }),
  };
}

test('a live git holding index.lock makes a write wait, then say so; never git\'s "remove the file manually"', async () => {
  const r = tempRepo();
  const id = newTicket(r, 'Locked ticket', '--commit');
  const g = liveGit(r);
  writeFileSync(join(r.dir, '.git/index.lock'), '');
  old(join(r.dir, '.git/index.lock'));
  try {
    const res = withEnv(r, { DIT_LOCK_TIMEOUT_MS: '800' })('comment', id, 'waits');
    assert.equal(res.code, 9, res.stderr);
    assert.match(res.stderr, /another git command \(pid \d+: git hash-object/);
    assert.match(res.stderr, /wait for it to finish/);
    assert.doesNotMatch(res.stderr, /remove the file manually|rm \.git/);
    assert.match(res.stderr, /nothing was written/);
  } finally {
    await g.stop();
  }
  assert.deepEqual(comments(r, id), [], 'nothing was written');
  assert.equal(
    r.git('status', '--porcelain', '--untracked-files=all', '--', '.dit').trim(),
    '',
    'no stray file in .dit/',
  );
});

test('an index.lock left by a stopped git is called stale, with the command that removes it', () => {
  const r = tempRepo();
  const id = newTicket(r, 'Stale index lock', '--commit');
  writeFileSync(join(r.dir, '.git/index.lock'), '');
  old(join(r.dir, '.git/index.lock'));
  const res = withEnv(r, { DIT_LOCK_TIMEOUT_MS: '500' })('comment', id, 'blocked');
  assert.equal(res.code, 11, res.stderr);
  assert.match(res.stderr, /\.git\/index\.lock was left by a git command that stopped/);
  assert.match(res.stderr, /remove it with `rm \.git\/index\.lock`, then run the command again; nothing was written/);
  assert.equal(r.git('status', '--porcelain', '--untracked-files=all', '--', '.dit').trim(), '');
  r.git('status'); // refresh nothing; the lock is still there
  spawnSync('rm', [join(r.dir, '.git/index.lock')]);
  r.ok('comment', id, 'after removing the lock');
  assert.deepEqual(comments(r, id), ['after removing the lock']);
});

test('a left-over refs/dit/journal.lock is stale at once, not "run the command again" after 5 s of retries', () => {
  const r = tempRepo();
  const id = newTicket(r, 'Shared', '--shared');
  const lock = join(r.dir, '.git/refs/dit/journal.lock');
  writeFileSync(lock, '');
  old(lock);
  const res = r.dit('comment', id, 'blocked', '--shared');
  assert.equal(res.code, 11, res.stderr);
  assert.match(
    res.stderr,
    new RegExp(
      'refs/dit/journal\\.lock was left by a git command that stopped .*remove it with ' +
        '`rm \\.git/refs/dit/journal\\.lock`, then run the command again; nothing was written',
    ),
  );
  spawnSync('rm', [lock]);
  r.ok('comment', id, 'now', '--shared');
  assert.deepEqual(comments(r, id), ['now']);
});

test('--commit with a left-over branch lock says the entry is staged and how to commit it, not "run again"', () => {
  const r = tempRepo();
  const id = newTicket(r, 'Branch lock', '--commit');
  const lock = join(r.dir, '.git/refs/heads/main.lock');
  writeFileSync(lock, '');
  old(lock);
  const res = r.dit('comment', id, 'staged despite the lock', '--commit');
  assert.equal(res.code, 11, res.stderr);
  assert.match(res.stderr, /refs\/heads\/main\.lock was left by a git command that stopped/);
  assert.match(
    res.stderr,
    /commit it with `git commit -m "Ticket updates" -- \.dit` \(running the command again would add it twice\); your change is written and staged in \.dit\//,
  );
  assert.deepEqual(comments(r, id), ['staged despite the lock'], 'the working tree shows it once');
  spawnSync('rm', [lock]);
  r.git('commit', '-q', '-m', 'Ticket updates', '--', '.dit');
  assert.deepEqual(
    r.json('show', id, '--branch', 'main').ticket.comments.map((c: { body: string }) => c.body),
    ['staged despite the lock'],
  );
});

test('a dit write lock held by a live process is waited for, then named; one whose owner died is taken over', async () => {
  const r = tempRepo();
  const id = newTicket(r, 'dit lock', '--commit');
  const lock = join(r.dir, '.git/dit/write.lock');
  mkdirSync(join(r.dir, '.git/dit'), { recursive: true });
  writeFileSync(
    lock,
    JSON.stringify({
      pid: process.pid,
      host: (await import('node:os')).hostname(),
      started: Date.now() - 5000,
      command: 'dit: comment',
      boot: null,
    }),
  );
  const res = withEnv(r, { DIT_LOCK_TIMEOUT_MS: '600' })('comment', id, 'waits');
  assert.equal(res.code, 9, res.stderr);
  assert.match(
    res.stderr,
    new RegExp(
      `dit process ${process.pid} \\(\`dit: comment\`, running for \\d+ s\\) is writing to this working copy; wait for it to finish \\(or stop it\\)`,
    ),
  );
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  }).stdout;
  writeFileSync(
    lock,
    JSON.stringify({
      pid: Number(dead),
      host: (await import('node:os')).hostname(),
      started: Date.now() - 5000,
      command: 'dit: comment',
      boot: null,
    }),
  );
  r.ok('comment', id, 'took over');
  assert.deepEqual(comments(r, id), ['took over']);
  assert.equal(existsSync(lock), false, 'the lock is released');
});

test('a kill after an entry file is written but before it is staged: the next write stages it, with a note', () => {
  const r = tempRepo();
  const id = newTicket(r, 'Killed mid-write', '--commit');
  const killed = withEnv(r, { DIT_FAULT: 'entry-written' })('comment', id, 'written, not staged');
  assert.equal(killed.signal, 'SIGKILL');
  const next = r.dit('comment', id, 'the next write');
  assert.equal(next.code, 0, next.stderr);
  assert.match(next.stderr, /note: staged 1 entry file that a stopped dit command had written but not staged/);
  assert.deepEqual(comments(r, id), ['written, not staged', 'the next write']);
  assert.equal(
    r
      .git('status', '--porcelain', '--untracked-files=all', '--', '.dit')
      .split('\n')
      .filter((l) => l.startsWith('??')).length,
    0,
  );
});

function importFile(n: number): string {
  const dir = tempDir();
  const lines = Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      title: `Imported ${i}`,
      created: `2025-01-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z`,
      body: `ticket ${i}`,
      comments: [{ body: `first comment on ${i}`, created: '2025-02-01T10:00:00Z' }],
    }),
  );
  const file = join(dir, 'tickets.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const importCommits = (r: Repo) =>
  r
    .git('log', '--format=%s', 'main')
    .split('\n')
    .filter((s) => s.startsWith('dit: import')).length;

for (const point of ['import-noted', 'import-checked-out', 'import-ref-moved']) {
  test(`a kill during a tree-store import (${point}): tickets stay visible, a rerun finishes it once`, () => {
    const r = tempRepo();
    newTicket(r, 'Already here', '--commit');
    const file = importFile(30);
    const killed = withEnv(r, { DIT_FAULT: point })('import', file);
    assert.equal(killed.signal, 'SIGKILL');
    fsckClean(r);
    const visible = r.json('ls', '--all').tickets.length;
    assert.ok(
      visible === 1 || visible === 31,
      `the working copy shows the old tickets or all of them, never fewer (${visible})`,
    );
    const again = r.dit('import', file);
    assert.equal(again.code, 0, again.stderr);
    if (point !== 'import-ref-moved')
      assert.match(again.stderr, /note: finished an import that was interrupted: main now has its commit [0-9a-f]{7}/);
    assert.match(again.stdout, /nothing new to import/);
    assert.equal(r.json('ls', '--all').tickets.length, 31);
    assert.equal(importCommits(r), 1, 'one import commit, no duplicate');
    assert.equal(r.git('status', '--porcelain').trim(), '', 'index and working tree match the branch');
    assert.equal(r.json('ls', '--all', '--branch', 'main').tickets.length, 31);
    assert.deepEqual(
      readdirSync(join(r.dir, '.git')).filter((n) => n.startsWith('dit-index-') || n === 'index.lock'),
      [],
    );
    fsckClean(r);
  });
}

test('an interrupted import whose branch moved on since is undone, said so, and a rerun imports once', () => {
  const r = tempRepo();
  const file = importFile(5);
  const killed = withEnv(r, { DIT_FAULT: 'import-noted' })('import', file);
  assert.equal(killed.signal, 'SIGKILL');
  r.write('code.txt', 'work\n');
  r.git('add', 'code.txt');
  r.git('commit', '-q', '-m', 'unrelated work');
  const again = r.dit('import', file);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /note: undid an import that was interrupted before main moved/);
  assert.equal(r.json('ls', '--all', '--branch', 'main').tickets.length, 5);
  assert.equal(importCommits(r), 1);
});

test('importing the same file again adds no commit', () => {
  const r = tempRepo();
  const file = importFile(3);
  r.ok('import', file);
  const head = r.git('rev-parse', 'HEAD');
  const again = r.ok('import', file);
  assert.match(again, /nothing new to import: all \d+ entries are there already \(no commit made\)/);
  assert.equal(r.git('rev-parse', 'HEAD'), head);
  r.ok('import', file, '--shared');
  const journal = r.git('rev-parse', 'refs/dit/journal');
  r.ok('import', file, '--shared');
  assert.equal(r.git('rev-parse', 'refs/dit/journal'), journal, 'nor in the shared journal');
});
