// Who writes: `git var` is asked once, then remembered until the config files or environment change.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DIT, tempRepo } from '../support/helpers.js';

test('the identity comes from git var once, and a changed user.name or environment is seen at once', () => {
  const r = tempRepo();
  const env: NodeJS.ProcessEnv = { ...r.env, DIT_TRACE_GIT: '1' };
  for (const k of ['GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL']) delete env[k];
  const config = join(r.dir, '.git/config');
  const setConfig = (name: string) => {
    r.git('config', 'user.name', name);
    r.git('config', 'user.email', `${name.toLowerCase()}@example.com`);
    const past = new Date(Date.now() - 10_000); // older than the two seconds a fresh file is not trusted for
    utimesSync(config, past, past);
  };
  const dit = (...args: string[]) => {
    const res = spawnSync(process.execPath, [DIT, ...args], { cwd: r.dir, env, encoding: 'utf8' });
    assert.equal(res.status, 0, res.stderr);
    return { out: res.stdout, asked: /dit: git var GIT_AUTHOR_IDENT/.test(res.stderr) };
  };
  const author = (id: string) => JSON.parse(dit('show', id, '--json').out).ticket.author;
  setConfig('Ann');
  const first = dit('new', 'First', '--json');
  assert.ok(first.asked, 'asked git the first time');
  assert.ok(existsSync(join(r.dir, '.git/dit/identity.json')));
  const id = JSON.parse(first.out).ticket.id as string;
  dit('ls'); // the first command with .dit/tickets sets core.untrackedCache, which changes .git/config
  const past = new Date(Date.now() - 10_000);
  utimesSync(config, past, past);
  assert.ok(dit('comment', id.slice(0, 7), 'once').asked, 'the config file changed: asked again');
  const second = dit('comment', id.slice(0, 7), 'again');
  assert.ok(!second.asked, 'remembered the second time');
  assert.deepEqual(author(id), { name: 'Ann', email: 'ann@example.com' });

  setConfig('Bea');
  const third = dit('new', 'Second', '--json');
  assert.ok(third.asked, 'the config changed: asked again');
  assert.deepEqual(author(JSON.parse(third.out).ticket.id), { name: 'Bea', email: 'bea@example.com' });

  env.GIT_AUTHOR_NAME = 'Cy Env';
  const fourth = dit('new', 'Third', '--json');
  assert.ok(fourth.asked, 'the environment changed: asked again');
  assert.equal(author(JSON.parse(fourth.out).ticket.id).name, 'Cy Env');
  delete env.GIT_AUTHOR_NAME;
  assert.equal(author(JSON.parse(dit('new', 'Fourth', '--json').out).ticket.id).name, 'Bea');
});

test('a config file that includes another is never trusted to name the identity', () => {
  const r = tempRepo();
  const env: NodeJS.ProcessEnv = { ...r.env, DIT_TRACE_GIT: '1' };
  delete env.GIT_AUTHOR_NAME;
  delete env.GIT_AUTHOR_EMAIL;
  r.write('../other.gitconfig', '[user]\n\tname = Included\n\temail = inc@example.com\n');
  r.git('config', 'include.path', '../../other.gitconfig');
  const past = new Date(Date.now() - 10_000);
  utimesSync(join(r.dir, '.git/config'), past, past);
  for (let i = 0; i < 2; i++) {
    const res = spawnSync(process.execPath, [DIT, 'new', `T${i}`, '--json'], { cwd: r.dir, env, encoding: 'utf8' });
    assert.equal(res.status, 0, res.stderr);
    assert.match(res.stderr, /dit: git var GIT_AUTHOR_IDENT/, 'asked every time');
    assert.equal(JSON.parse(res.stdout).ticket.author.name, 'Included');
  }
});
