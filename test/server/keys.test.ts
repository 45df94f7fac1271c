// Accounts own keys on `dit server`: `dit server key add/ls/rm`, the account page, one key and one email per account.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Accounts } from '../../src/server/accounts.js';
import { keyOwner, keysOf } from '../../src/server/keys.js';
import { gpgKey, sshKey } from '../support/keys.js';
import {
  makeRoot,
  PEOPLE,
  type RunningServer,
  server,
  serverOk,
  startServerProcess,
} from '../support/server-helpers.js';

describe('key store from the command line', () => {
  const root = makeRoot();
  const ssh = sshKey('ed25519');
  const pgp = gpgKey('Ann Author', PEOPLE.ann.email);

  test('key add takes an SSH .pub file and an armored OpenPGP key, with their fingerprints', () => {
    const a = JSON.parse(serverOk(root, ['key', 'add', 'ann', ssh.pub, '--title', 'laptop', '--json'])).key;
    assert.equal(a.format, 'ssh');
    assert.equal(a.fingerprint, ssh.fingerprint, 'the fingerprint ssh-keygen -l prints');
    assert.equal(a.title, 'laptop');
    const b = JSON.parse(serverOk(root, ['key', 'add', 'ann', '-', '--json'], pgp.armored)).key;
    assert.equal(b.format, 'openpgp');
    assert.equal(b.fingerprint, pgp.fingerprint);
    assert.deepEqual(b.emails, [PEOPLE.ann.email]);
    const listed = JSON.parse(serverOk(root, ['key', 'ls', 'ann', '--json'])).keys;
    assert.deepEqual(
      listed.map((k: { fingerprint: string; lastUsed: string | null }) => [k.fingerprint, k.lastUsed]),
      [
        [ssh.fingerprint, null],
        [pgp.fingerprint, null],
      ],
    );
    assert.match(
      serverOk(root, ['key', 'ls']),
      new RegExp(`ann\\s+ssh\\s+${ssh.fingerprint.replace(/[+/]/g, '\\$&')}`),
    );
  });

  test('the lookup the SSH door and pushes share: fingerprint to account, account to keys', () => {
    const a = Accounts.open(root);
    try {
      assert.equal(keyOwner(a, ssh.fingerprint)?.user.name, 'ann');
      assert.equal(keyOwner(a, pgp.fingerprint)?.user.name, 'ann');
      assert.equal(keyOwner(a, 'SHA256:nothing'), null);
      assert.equal(keysOf(a, 'ann').length, 2);
      assert.equal(keysOf(a, 'bob').length, 0);
    } finally {
      a.close();
    }
  });

  test('a key belongs to one account; private keys, junk and empty input are refused', () => {
    const again = server(root, ['key', 'add', 'bob', ssh.pub]);
    assert.equal(again.code, 7, again.stderr);
    assert.match(again.stderr, /belongs to ann already/);
    const priv = server(root, ['key', 'add', 'bob', ssh.priv]);
    assert.equal(priv.code, 6);
    assert.match(priv.stderr, /private key/);
    const junk = server(root, ['key', 'add', 'bob', '-'], 'hello world\n');
    assert.equal(junk.code, 6);
    assert.match(junk.stderr, /not an SSH public key/);
    const broken = server(
      root,
      ['key', 'add', 'bob', '-'],
      '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nAAAA\n-----END PGP PUBLIC KEY BLOCK-----\n',
    );
    assert.equal(broken.code, 6, broken.stderr);
  });

  test('key rm removes by fingerprint or number; an unknown one is not-found', () => {
    const other = sshKey('ecdsa', 256);
    serverOk(root, ['key', 'add', 'bob', other.pub]);
    const id = JSON.parse(serverOk(root, ['key', 'ls', 'bob', '--json'])).keys[0].id;
    assert.match(serverOk(root, ['key', 'rm', 'bob', String(id)]), /removed ssh key/);
    assert.equal(JSON.parse(serverOk(root, ['key', 'ls', 'bob', '--json'])).keys.length, 0);
    assert.equal(server(root, ['key', 'rm', 'bob', other.fingerprint]).code, 4);
    serverOk(root, ['key', 'rm', 'ann', pgp.fingerprint]);
    assert.equal(JSON.parse(serverOk(root, ['key', 'ls', 'ann', '--json'])).keys.length, 1);
  });

  test('an email belongs to one account', () => {
    const taken = server(
      root,
      ['user', 'add', 'annex', '--email', 'ANN@example.com', '--password-stdin'],
      'annex-secret-1\n',
    );
    assert.equal(taken.code, 7, taken.stderr);
    assert.match(taken.stderr, /belongs to the account ann/);
    const edit = server(root, ['user', 'edit', 'bob', '--email', PEOPLE.ann.email]);
    assert.equal(edit.code, 7);
    serverOk(root, ['user', 'edit', 'ann', '--email', PEOPLE.ann.email]); // your own address stays yours
  });
});

describe('keys on the account page', () => {
  let srv: RunningServer;
  const root = makeRoot();
  before(async () => {
    srv = await startServerProcess(root);
  });
  after(() => srv.stop());

  test('lists, adds and removes keys with fingerprint and last use', async () => {
    const res = await fetch(`${srv.url}-/signin`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: srv.url.slice(0, -1) },
      body: new URLSearchParams({ name: PEOPLE.bob.name, password: PEOPLE.bob.password }),
    });
    const cookie = /dit_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
    const page = async () => (await fetch(`${srv.url}-/account`, { headers: { cookie } })).text();
    const first = await page();
    assert.match(first, /id="no-keys"/);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(first)![1]!;
    const post = (path: string, fields: Record<string, string>) =>
      fetch(`${srv.url}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: srv.url.slice(0, -1) },
        body: new URLSearchParams({ _csrf: csrf, ...fields }),
      });
    const key = sshKey('ed25519');
    const added = await post('-/account/keys', { key: key.line, title: 'work laptop' });
    assert.equal(added.status, 200);
    const html = await added.text();
    assert.ok(html.includes(key.fingerprint), 'the fingerprint is shown');
    assert.match(html, /work laptop/);
    assert.match(html, /never used/);
    const bad = await post('-/account/keys', { key: 'ssh-ed25519 AAAA' });
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /flash-error/);
    const gone = await post('-/account/keys/delete', { fingerprint: key.fingerprint });
    assert.equal(gone.status, 200);
    assert.ok(!(await gone.text()).includes(key.fingerprint));
    const forged = await fetch(`${srv.url}-/account/keys`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: srv.url.slice(0, -1) },
      body: new URLSearchParams({ key: key.line }),
    });
    assert.equal(forged.status, 403, 'no token, no key');
  });
});
