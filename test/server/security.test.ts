// The holes a probe of `dit server` found, each as an attack against a real server on 127.0.0.1: raced
// sign-in limits, victims locked out, tokens without scope, the git endpoint's Host check, webhooks
// into the server's own network, names like `-rf`. Each test uses its own source address (127.0.0.N),
// so the limits one test trips never touch another.

import assert from 'node:assert/strict';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { tempDir } from '../support/helpers.js';
import {
  git,
  gitAs,
  gitOk,
  PEOPLE,
  type Person,
  type RunningServer,
  server,
  serverOk,
  startHosted,
} from '../support/server-helpers.js';

let root: string;
let srv: RunningServer;

before(async () => {
  ({ root, srv } = await startHosted({
    'tools/editor': { grants: { ann: 'write', bob: 'read', cy: 'write' } },
    pub: { public: true },
  }));
});
after(async () => {
  await srv.stop();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** One HTTP request from a chosen loopback address, with any Host header. */
function from(
  address: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: srv.port, localAddress: address, method, path, headers, agent: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => {
          text += c;
        });
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const basic = (name: string, password: string) => ({
  authorization: `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}`,
});
const origin = () => srv.url.slice(0, -1);

function signInFrom(address: string, p: Person, password = p.password) {
  return from(
    address,
    'POST',
    '/-/signin',
    { 'content-type': 'application/x-www-form-urlencoded', origin: origin() },
    new URLSearchParams({ name: p.name, password }).toString(),
  );
}

describe('sign-in limits', () => {
  test('200 parallel wrong passwords for one account: only a few are checked, the rest wait (429)', async () => {
    const tries = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        from('127.0.0.11', 'GET', '/tools/editor/api/tickets', basic('dee', `guess-${i}`)),
      ),
    );
    const checked = tries.filter((t) => t.status === 401).length;
    const waited = tries.filter((t) => t.status === 429);
    assert.ok(checked <= 10, `at most 10 guesses checked, not ${checked}`);
    assert.equal(checked + waited.length, 200, 'every other guess waits');
    assert.ok(Number(waited[0]!.headers['retry-after']) > 0, 'with Retry-After');
    assert.equal(JSON.parse(waited[0]!.text).error.code, 'too-many');
  });

  test("a guesser's failures do not lock out the account's owner, their token, or their session", async () => {
    const owner = await signInFrom('127.0.0.12', PEOPLE.cy);
    assert.equal(owner.status, 303, 'cy signs in before the attack');
    const cookie = /dit_session=[^;]+/.exec(String(owner.headers['set-cookie']))![0];
    const token = serverOk(root, ['token', 'add', 'cy', '--name', 'laptop']).trim();

    // the attack: guesses at cy from 127.0.0.13 until it is made to wait, then many names from there
    let last = 0;
    for (let i = 0; i < 15 && last !== 429; i++)
      last = (await signInFrom('127.0.0.13', PEOPLE.cy, `wrong-${i}`)).status;
    assert.equal(last, 429, 'the guesser waits');
    assert.equal((await signInFrom('127.0.0.13', PEOPLE.cy)).status, 429, 'even with the right password, from there');
    last = 0;
    for (let i = 0; i < 45 && last !== 429; i++)
      last = (await signInFrom('127.0.0.13', { ...PEOPLE.dee, name: `nobody${i}` }, 'x-wrong-pw')).status;
    assert.equal(last, 429, 'many names from one address: the address waits');
    // at once, while the address waits (the first wait is 2 s): a valid token or session is never refused
    const byToken = await from('127.0.0.13', 'GET', '/tools/editor/api/tickets', {
      authorization: `Bearer ${token}`,
    });
    assert.equal(byToken.status, 200, 'a valid token works from any address');
    // while a wrong token counts against the address as a wrong password does
    const badToken = await from('127.0.0.13', 'GET', '/tools/editor/api/tickets', {
      authorization: 'Bearer dit_wrong',
    });
    assert.equal(badToken.status, 429, 'a wrong token from the guesser waits too');
    const bySession = await from('127.0.0.13', 'GET', '/tools/editor/', { cookie });
    assert.equal(bySession.status, 200, 'an existing session works from any address');

    // the owner, from their own address: password, token and session all work
    assert.equal((await signInFrom('127.0.0.12', PEOPLE.cy)).status, 303, 'cy still signs in');
    const api = await from('127.0.0.12', 'GET', '/tools/editor/api/tickets', basic('cy', PEOPLE.cy.password));
    assert.equal(api.status, 200, 'Basic with the right password from the owner works');
  });
});

describe('tokens', () => {
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const json = { 'content-type': 'application/json' };
  const formOf = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const form = { 'content-type': 'application/x-www-form-urlencoded' };

  test('a token can neither make tokens nor change its account', async () => {
    const token = serverOk(root, ['token', 'add', 'ann', '--name', 'ci']).trim();
    const mint = await from(
      '127.0.0.21',
      'POST',
      '/-/account/tokens',
      { ...bearer(token), ...form, accept: 'application/json' },
      formOf({ name: 'more' }),
    );
    assert.equal(mint.status, 403, mint.text.slice(0, 200));
    assert.equal(JSON.parse(mint.text).error.code, 'forbidden');
    const email = await from(
      '127.0.0.21',
      'POST',
      '/-/account',
      { ...bearer(token), ...form, accept: 'application/json' },
      formOf({ email: 'attacker@example.com' }),
    );
    assert.equal(email.status, 403);
    const users = JSON.parse(serverOk(root, ['user', 'ls', '--json'])).users as { name: string; email: string }[];
    assert.equal(users.find((u) => u.name === 'ann')!.email, PEOPLE.ann.email, 'the email is unchanged');
    const tokens = JSON.parse(serverOk(root, ['token', 'ls', 'ann', '--json'])).tokens as { name: string }[];
    assert.deepEqual(
      tokens.map((t) => t.name),
      ['ci'],
      'no token was made',
    );
  });

  test('scopes: a read token reads but neither writes nor pushes; write is the default', async () => {
    const read = serverOk(root, ['token', 'add', 'ann', '--name', 'reader', '--scope', 'read']).trim();
    const listed = JSON.parse(serverOk(root, ['token', 'ls', 'ann', '--json'])).tokens as {
      name: string;
      scopes: string[];
    }[];
    assert.deepEqual(listed.find((t) => t.name === 'reader')!.scopes, ['read']);
    assert.deepEqual(listed.find((t) => t.name === 'ci')!.scopes, ['write']);
    assert.equal((await from('127.0.0.22', 'GET', '/tools/editor/api/tickets', bearer(read))).status, 200);
    const write = await from(
      '127.0.0.22',
      'POST',
      '/tools/editor/api/tickets',
      { ...bearer(read), ...json },
      JSON.stringify({ title: 'written with a read token' }),
    );
    assert.equal(write.status, 403, 'ann may write, her read token may not');
    const dir = tempDir();
    const env = gitAs(PEOPLE.ann, { token: read });
    gitOk(env, dir, 'clone', '-q', `${srv.url}tools/editor.git`, 'c');
    gitOk(env, join(dir, 'c'), 'commit', '--allow-empty', '-q', '-m', 'with a read token');
    const push = git(env, join(dir, 'c'), 'push', 'origin', 'HEAD:refs/heads/read-token');
    assert.notEqual(push.code, 0, 'a read token does not push');
    assert.match(push.stderr, /403|may not push/);
    const mine = serverOk(root, ['token', 'add', 'ann', '--name', 'writer']).trim();
    assert.equal(
      git(gitAs(PEOPLE.ann, { token: mine }), join(dir, 'c'), 'push', '-q', 'origin', 'HEAD:refs/heads/w').code,
      0,
    );
    const bad = server(root, ['token', 'add', 'ann', '--name', 'x', '--scope', 'everything']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /not a token scope/);
  });

  test('a password change offers to revoke the tokens, and does so when asked', async () => {
    const keep = serverOk(root, ['token', 'add', 'bob', '--name', 'kept']).trim();
    const signed = await signInFrom('127.0.0.23', PEOPLE.bob);
    const cookie = /dit_session=[^;]+/.exec(String(signed.headers['set-cookie']))![0];
    const page = await from('127.0.0.23', 'GET', '/-/account', { cookie });
    assert.match(page.text, /id="revoke-tokens"[^>]*checked|checked[^>]*id="revoke-tokens"/, 'offered, ticked');
    assert.match(page.text, /kept[\s\S]*never used|kept[\s\S]*last used/, 'tokens listed with their last use');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    const change = (current: string, next: string, revoke: boolean) =>
      from(
        '127.0.0.23',
        'POST',
        '/-/account/password',
        { cookie, ...form, origin: origin() },
        formOf({ _csrf: csrf, current, password: next, ...(revoke ? { revoke_tokens: '1' } : {}) }),
      );
    assert.equal((await change(PEOPLE.bob.password, 'bob-second-pw', false)).status, 303);
    assert.equal((await from('127.0.0.23', 'GET', '/tools/editor/api/tickets', bearer(keep))).status, 200, 'kept');
    // the session changed with the password: sign in again with the new one
    const again = await signInFrom('127.0.0.23', PEOPLE.bob, 'bob-second-pw');
    const cookie2 = /dit_session=[^;]+/.exec(String(again.headers['set-cookie']))![0];
    const page2 = await from('127.0.0.23', 'GET', '/-/account', { cookie: cookie2 });
    const csrf2 = /name="_csrf" value="([^"]+)"/.exec(page2.text)![1]!;
    const revoked = await from(
      '127.0.0.23',
      'POST',
      '/-/account/password',
      { cookie: cookie2, ...form, origin: origin() },
      formOf({ _csrf: csrf2, current: 'bob-second-pw', password: PEOPLE.bob.password, revoke_tokens: '1' }),
    );
    assert.equal(revoked.status, 303);
    assert.equal((await from('127.0.0.23', 'GET', '/tools/editor/api/tickets', bearer(keep))).status, 401, 'revoked');
    // and from the command line
    const t = serverOk(root, ['token', 'add', 'bob', '--name', 'cli']).trim();
    serverOk(root, ['user', 'passwd', 'bob', '--password-stdin', '--revoke-tokens'], `${PEOPLE.bob.password}\n`);
    assert.equal((await from('127.0.0.23', 'GET', '/tools/editor/api/tickets', bearer(t))).status, 401);
  });
});

describe('one Host check for every door', () => {
  test('the git endpoint refuses a Host the server does not answer to, as pages do', async () => {
    const refs = await from('127.0.0.31', 'GET', '/pub.git/info/refs?service=git-upload-pack', {
      host: 'evil.example',
    });
    assert.equal(refs.status, 421, refs.text);
    assert.match(refs.text, /answers to/);
    const page = await from('127.0.0.31', 'GET', '/pub/', { host: 'evil.example' });
    assert.equal(page.status, 421);
    const ok = await from('127.0.0.31', 'GET', '/pub.git/info/refs?service=git-upload-pack', {
      host: `127.0.0.1:${srv.port}`,
    });
    assert.equal(ok.status, 200, 'our own Host is served');
  });
});

describe('webhooks into the server’s own network', () => {
  test('refused on the URL and on the address a name resolves to, unless --webhook-allow', async () => {
    const hits: string[] = [];
    const receiver = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.end('ok');
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    const port = (receiver.address() as AddressInfo).port;
    try {
      const admin = await signInFrom('127.0.0.41', PEOPLE.admin);
      const cookie = /dit_session=[^;]+/.exec(String(admin.headers['set-cookie']))![0];
      const settings = () => from('127.0.0.41', 'GET', '/tools/editor/-/settings', { cookie });
      const csrf = /name="_csrf" value="([^"]+)"/.exec((await settings()).text)![1]!;
      const add = (url: string) =>
        from(
          '127.0.0.41',
          'POST',
          '/tools/editor/-/settings/webhooks',
          { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: origin() },
          new URLSearchParams({ _csrf: csrf, url, secret: 's3cret' }).toString(),
        );
      const literal = await add(`http://127.0.0.1:${port}/internal-admin`);
      assert.equal(literal.status, 400, 'a loopback address is refused when added');
      assert.match(literal.text, /loopback address/);
      assert.equal((await add(`http://[::ffff:127.0.0.1]:${port}/internal-admin`)).status, 400, 'mapped too');
      assert.equal((await add(`http://169.254.169.254/latest/meta-data`)).status, 400, 'link-local too');
      // a name is resolved at delivery: localhost resolves to loopback, so nothing is posted
      assert.equal((await add(`http://localhost:${port}/internal-admin`)).status, 200);
      const token = serverOk(root, ['token', 'add', 'cy', '--name', 'hooks']).trim();
      const made = await from(
        '127.0.0.41',
        'POST',
        '/tools/editor/api/tickets',
        { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        JSON.stringify({ title: 'Something for the webhook' }),
      );
      assert.equal(made.status, 201);
      let deliveries = '';
      // wait for the delivery line itself: the page says "refused" elsewhere too (the authorship box)
      for (let t = Date.now(); Date.now() - t < 30_000 && !/opened: no answer/.test(deliveries); ) {
        await new Promise((r) => setTimeout(r, 100));
        deliveries = (await settings()).text;
      }
      assert.match(deliveries, /opened: no answer \(refused: localhost resolves to [^)]*loopback address/);
      assert.deepEqual(hits, [], 'the internal endpoint was never reached');
    } finally {
      receiver.close();
    }
  });
});

describe('repository names', () => {
  test('names that start with "-" or end in ".git" are refused everywhere', async () => {
    for (const name of ['-rf', 'x.git', 'team/-n', 'team/y.git']) {
      const r = server(root, ['repo', 'create', name]);
      assert.notEqual(r.code, 0, `${name} refused`);
      assert.match(r.stderr, /is not a repository name/);
    }
    const admin = await signInFrom('127.0.0.51', PEOPLE.admin);
    const cookie = /dit_session=[^;]+/.exec(String(admin.headers['set-cookie']))![0];
    const page = await from('127.0.0.51', 'GET', '/-/admin', { cookie });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
    for (const name of ['-rf', 'x.git']) {
      const made = await from(
        '127.0.0.51',
        'POST',
        '/-/admin/repos',
        { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: origin() },
        new URLSearchParams({ _csrf: csrf, name }).toString(),
      );
      assert.equal(made.status, 400, `${name} refused on the admin page`);
    }
    const listed = JSON.parse(serverOk(root, ['repo', 'ls', '--json'])).repos.map((r: { name: string }) => r.name);
    assert.deepEqual(listed, ['pub', 'tools/editor'], 'nothing was created');
  });
});
