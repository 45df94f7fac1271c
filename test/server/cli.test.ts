// `dit server` administration commands through the real CLI: accounts, repositories, grants, tokens,
// hashed secrets, name validation, --json and --help.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { tempDir, tempRepo } from '../support/helpers.js';
import { makeRoot, PEOPLE, server, serverOk } from '../support/server-helpers.js';

test('init makes the root and an administrator; a second init refuses; a made-up password is printed once', () => {
  const root = join(tempDir(), 'srv');
  const out = serverOk(root, ['init', '--json']);
  const { admin, password } = JSON.parse(out);
  assert.equal(admin, 'admin');
  assert.match(password, /^[A-Za-z0-9_-]{16}$/);
  assert.ok(existsSync(join(root, '.dit-server', 'accounts.sqlite')));
  const again = server(root, ['init']);
  assert.equal(again.code, 7);
  assert.match(again.stderr, /has accounts already/);
  const nowhere = server(join(tempDir(), 'none'), ['user', 'ls']);
  assert.equal(nowhere.code, 4);
  assert.match(nowhere.stderr, /dit server init --root/);
});

test('users: add, ls, passwd, rm; passwords and tokens are stored only as hashes', () => {
  const root = makeRoot();
  const users = JSON.parse(serverOk(root, ['user', 'ls', '--json'])).users;
  assert.deepEqual(
    users.map((u: { name: string }) => u.name),
    ['ann', 'bob', 'cy', 'dee', 'root'],
  );
  assert.equal(users.find((u: { name: string }) => u.name === 'root').admin, true);
  assert.equal(users.find((u: { name: string }) => u.name === 'ann').email, 'ann@example.com');
  const dup = server(root, ['user', 'add', 'ANN', '--password-stdin'], 'whatever-1234\n');
  assert.equal(dup.code, 7, 'names are unique ignoring case');
  const short = server(root, ['user', 'add', 'eve', '--password-stdin'], 'short\n');
  assert.equal(short.code, 6);
  assert.match(short.stderr, /at least 8/);
  const bad = server(root, ['user', 'add', '../eve', '--password-stdin'], 'long-enough-1\n');
  assert.equal(bad.code, 6);
  const admin2 = serverOk(
    root,
    ['user', 'add', 'ops', '--email', 'ops@example.com', '--password-stdin', '--admin'],
    'ops-secret-123\n',
  );
  assert.equal(admin2.trim(), 'ops');
  assert.equal(
    JSON.parse(serverOk(root, ['user', 'ls', '--json'])).users.find((u: { name: string }) => u.name === 'ops').admin,
    true,
  );

  const token = serverOk(root, ['token', 'add', 'ann', '--name', 'laptop']).trim();
  assert.match(token, /^dit_[A-Za-z0-9_-]{43}$/);
  const tokens = JSON.parse(serverOk(root, ['token', 'ls', 'ann', '--json'])).tokens;
  assert.deepEqual(
    tokens.map((t: { name: string }) => t.name),
    ['laptop'],
  );
  assert.ok(!JSON.stringify(tokens).includes(token), 'token ls never shows the token');
  assert.equal(server(root, ['token', 'add', 'ann', '--name', 'laptop']).code, 7);

  const db = new Database(join(root, '.dit-server', 'accounts.sqlite'), { readonly: true });
  const dump = JSON.stringify([db.prepare('SELECT * FROM users').all(), db.prepare('SELECT * FROM tokens').all()]);
  db.close();
  assert.ok(!dump.includes(PEOPLE.ann.password) && !dump.includes(token), 'no secret is stored as given');
  assert.match(dump, /scrypt\$16384\$8\$1\$/);
  const salts = new Set([...dump.matchAll(/scrypt\$16384\$8\$1\$([^$]+)\$/g)].map((m) => m[1]));
  assert.ok(salts.size >= 5, 'every user has their own salt');

  serverOk(root, ['user', 'passwd', 'ann', '--password-stdin'], 'new-secret-123\n');
  serverOk(root, ['token', 'rm', 'ann', '--name', 'laptop']);
  assert.deepEqual(JSON.parse(serverOk(root, ['token', 'ls', 'ann', '--json'])).tokens, []);
  serverOk(root, ['user', 'rm', 'dee']);
  assert.equal(server(root, ['user', 'rm', 'dee']).code, 4);
  serverOk(root, ['user', 'rm', 'ops']);
  const last = server(root, ['user', 'rm', 'root']);
  assert.equal(last.code, 2);
  assert.match(last.stderr, /last administrator/);
});

test('repositories: create, a hand-copied one shows up, import, grant, rm; names are validated', () => {
  const root = makeRoot();
  serverOk(root, ['repo', 'create', 'tools/editor', '--public', '--description', 'The editor']);
  serverOk(root, ['repo', 'create', 'secret']);
  assert.ok(existsSync(join(root, 'tools/editor.git/HEAD')));
  assert.equal(readFileSync(join(root, 'tools/editor.git/config'), 'utf8').includes('receivepack = true'), true);
  // a bare repository copied in by hand
  const source = tempRepo();
  source.git('clone', '-q', '--bare', source.dir, join(root, 'by-hand.git'));
  serverOk(root, ['repo', 'import', source.dir, '--name', 'team/imported']);
  const repos = JSON.parse(serverOk(root, ['repo', 'ls', '--json'])).repos;
  assert.deepEqual(
    repos.map((r: { name: string }) => r.name),
    ['by-hand', 'secret', 'team/imported', 'tools/editor'],
  );
  assert.deepEqual(
    repos.find((r: { name: string }) => r.name === 'tools/editor'),
    { name: 'tools/editor', public: true, description: 'The editor', path: join(root, 'tools/editor.git') },
  );
  assert.equal(repos.find((r: { name: string }) => r.name === 'secret').public, false);
  const imported = source.git('--git-dir', join(root, 'team/imported.git'), 'rev-parse', 'main').trim();
  assert.equal(imported, source.git('rev-parse', 'main').trim());

  assert.equal(server(root, ['repo', 'create', 'tools/editor']).code, 7);
  for (const bad of [
    '../escape',
    '/abs',
    'a/../b',
    'a//b',
    'x.git/y',
    '.hidden',
    'a\\b',
    'a b',
    'tools/editor.git/objects',
    '-',
  ]) {
    const r = server(root, ['repo', 'create', bad]);
    assert.equal(r.code, 6, `${JSON.stringify(bad)} is refused: ${r.stderr}`);
  }
  // a symlinked folder that leads out of the root
  const outside = tempDir();
  symlinkSync(outside, join(root, 'link'));
  const viaLink = server(root, ['repo', 'create', 'link/inside']);
  assert.notEqual(viaLink.code, 0);
  assert.ok(!existsSync(join(outside, 'inside.git')), 'nothing is created outside the root');
  mkdirSync(join(outside, 'evil.git'));
  symlinkSync(join(outside, 'evil.git'), join(root, 'evil.git'));
  assert.ok(
    !JSON.parse(serverOk(root, ['repo', 'ls', '--json'])).repos.some((r: { name: string }) => r.name === 'evil'),
  );

  serverOk(root, ['grant', 'ann', 'secret', 'write']);
  assert.equal(server(root, ['grant', 'ann', 'nowhere', 'read']).code, 4);
  assert.equal(server(root, ['grant', 'ann', 'secret', 'owner']).code, 2);
  serverOk(root, ['repo', 'edit', 'secret', '--public']);
  assert.equal(
    JSON.parse(serverOk(root, ['repo', 'ls', '--json'])).repos.find((r: { name: string }) => r.name === 'secret')
      .public,
    true,
  );
  serverOk(root, ['repo', 'rm', 'secret']);
  assert.ok(!existsSync(join(root, 'secret.git')));
  serverOk(root, ['repo', 'create', 'secret']);
  assert.equal(
    JSON.parse(serverOk(root, ['repo', 'ls', '--json'])).repos.find((r: { name: string }) => r.name === 'secret')
      .public,
    false,
    'a new repository of an old name starts private',
  );
});

test('--help for the command and for each subcommand', () => {
  const root = makeRoot();
  const all = serverOk(root, ['--help']);
  for (const s of ['init', 'user add', 'repo create', 'grant', 'token add', '--port 4921'])
    assert.ok(all.includes(s), s);
  assert.match(serverOk(root, ['user', 'add', '--help']), /^usage: dit server user add NAME/);
  assert.match(serverOk(root, ['token', 'rm', '--help']), /^usage: dit server token rm USER --name NAME/);
  assert.match(serverOk(root, ['repo', 'import', '--help']), /Copy an existing repository/);
});

test('--help: the usage line names every subcommand the list below it shows, and each has its own help', () => {
  const root = makeRoot();
  const all = serverOk(root, ['--help']);
  const usage = /^usage: dit server \[([^\]]+)\] \.\.\. --root DIR$/m.exec(all);
  assert.ok(usage, all.split('\n')[0]);
  const listed = all
    .slice(all.indexOf('Subcommands:'))
    .split('\n')
    .map((l) => /^ {2}dit server ((?:[a-z][a-z-]*)(?: (?:add|ls|rm|passwd|edit|create|import))?)\b/.exec(l)?.[1])
    .filter((x): x is string => !!x);
  assert.ok(listed.includes('authorized-keys') && listed.includes('ssh-shell') && listed.includes('user passwd'));
  assert.deepEqual(usage[1]!.split('|'), [...new Set(listed.map((w) => w.split(' ')[0]))]);
  for (const words of listed) {
    const own = serverOk(root, [...words.split(' '), '--help']);
    assert.ok(own.startsWith(`usage: dit server ${words} `), `${words}: ${own.split('\n')[0]}`);
  }
});
