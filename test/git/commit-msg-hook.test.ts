// The working copy's commit-msg hook: `dit hooks install` offers it, and a real `git commit` warns about
// closing keywords that will close nothing, without refusing the commit.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { newTicket, type Repo, tempRepo } from '../support/helpers.js';

/** A real commit through git, with hooks; returns git's stderr (where hooks speak) and its status. */
function commit(r: Repo, message: string): { code: number; stderr: string } {
  r.write('code.txt', `${message}\n`);
  r.git('add', 'code.txt');
  const res = spawnSync('git', ['commit', '-q', '-m', message], { cwd: r.dir, env: r.env, encoding: 'utf8' });
  return { code: res.status ?? -1, stderr: res.stderr };
}

test('dit hooks install in a working copy installs commit-msg; git commit warns about ids that close nothing', () => {
  const r = tempRepo();
  const id = newTicket(r, 'Crash on save', '--commit');
  const out = r.ok('hooks', 'install');
  assert.match(out, /installed commit-msg in .*\.git\/hooks\/commit-msg/);
  assert.match(readFileSync(join(r.dir, '.git/hooks/commit-msg'), 'utf8'), /hooks run commit-msg/);
  assert.match(r.ok('hooks', 'install'), /unchanged commit-msg/, 'installing again changes nothing');

  const short = commit(r, `Guard the buffer\n\nfixes #${id.slice(0, 4)}`);
  assert.equal(short.code, 0, 'the commit is not refused');
  assert.match(short.stderr, /closing keywords that will close nothing/);
  assert.match(short.stderr, new RegExp(`#${id.slice(0, 4)} is too short.*write #${id.slice(0, 7)}`));
  assert.match(r.git('log', '-1', '--format=%s'), /Guard the buffer/);

  const none = commit(r, 'Port from Perforce, fixes #1489051 and #gitblit');
  assert.match(none.stderr, /#1489051 is no ticket in the working tree/);
  assert.match(none.stderr, /#gitblit is not a ticket id/);

  const good = commit(r, `Really fix it\n\nfixes #${id.slice(0, 7)}`);
  assert.equal(good.code, 0);
  assert.equal(good.stderr, '', 'a keyword that closes a ticket gets no warning');
  assert.equal(r.json('show', id).ticket.status, 'fixed');
});

test("another tool's commit-msg hook is left alone unless --force; core.hooksPath is respected", () => {
  const r = tempRepo();
  const hooks = join(r.dir, 'my-hooks');
  mkdirSync(hooks);
  r.git('config', 'core.hooksPath', hooks);
  writeFileSync(join(hooks, 'commit-msg'), '#!/bin/sh\necho theirs >&2\n');
  chmodSync(join(hooks, 'commit-msg'), 0o755);
  const res = r.dit('hooks', 'install');
  assert.equal(res.code, 7, res.stderr);
  assert.match(res.stderr, /commit-msg hook that dit did not install.*dit hooks run commit-msg.*--force/);
  assert.match(readFileSync(join(hooks, 'commit-msg'), 'utf8'), /theirs/, 'left as it was');
  assert.match(r.ok('hooks', 'install', '--force'), /updated commit-msg in .*my-hooks\/commit-msg/);
  newTicket(r, 'x', '--commit');
  assert.match(commit(r, 'fixes #abc').stderr, /#abc is too short/);
});
