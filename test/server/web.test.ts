// The hosting server's web side against a real `dit server` on 127.0.0.1: the permission matrix
// (anonymous, none, read, write, admin x clone, fetch, push, pages, API, settings), sessions, CSRF,
// a cookie used from another origin, the sign-in limit, writes authored by the account.

import assert from 'node:assert/strict';
import { request } from 'node:http';
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
  serverOk,
  startHosted,
} from '../support/server-helpers.js';

let root: string;
let srv: RunningServer;
const tokens: Record<string, string> = {};

before(async () => {
  ({ root, srv } = await startHosted({
    'tools/editor': { description: 'The editor', grants: { bob: 'read', ann: 'write', cy: 'admin' } },
    docs: { public: true },
  }));
  for (const p of Object.values(PEOPLE))
    tokens[p.name] = serverOk(root, ['token', 'add', p.name, '--name', 'test']).trim();
  // something to fetch
  const dir = tempDir();
  gitOk(gitAs(PEOPLE.ann), dir, 'clone', '-q', `${srv.url}tools/editor.git`, 'w');
  gitOk(gitAs(PEOPLE.ann), join(dir, 'w'), 'commit', '--allow-empty', '-q', '-m', 'first');
  gitOk(gitAs(PEOPLE.ann), join(dir, 'w'), 'push', '-q', 'origin', 'HEAD:main');
});
after(async () => {
  await srv.stop();
});

interface Session {
  cookie: string;
  csrf: string;
}

async function signIn(p: Person): Promise<Session> {
  const res = await fetch(`${srv.url}-/signin`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: srv.url.slice(0, -1) },
    body: new URLSearchParams({ name: p.name, password: p.password }),
  });
  assert.equal(res.status, 303, `${p.name} signs in`);
  const set = res.headers.get('set-cookie') ?? '';
  assert.match(set, /HttpOnly/);
  assert.match(set, /SameSite=Lax/);
  const cookie = /dit_session=[^;]+/.exec(set)![0];
  const home = await (await fetch(srv.url, { headers: { cookie } })).text();
  return { cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(home)![1]! };
}

const formPost = (
  path: string,
  s: Session | null,
  fields: Record<string, string>,
  extra: Record<string, string> = {},
) =>
  fetch(`${srv.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(s ? { cookie: s.cookie } : {}), ...extra },
    body: new URLSearchParams({ ...(s ? { _csrf: s.csrf } : {}), ...fields }),
  });

describe('permission matrix on a private repository', () => {
  const who: [string, Person | null, 'none' | 'read' | 'write' | 'admin'][] = [
    ['anonymous', null, 'none'],
    ['dee (no grant)', PEOPLE.dee, 'none'],
    ['bob (read)', PEOPLE.bob, 'read'],
    ['ann (write)', PEOPLE.ann, 'write'],
    ['cy (admin)', PEOPLE.cy, 'admin'],
  ];
  const rank = { none: 0, read: 1, write: 2, admin: 3 };
  for (const [label, person, level] of who) {
    test(`${label}: clone, fetch, push, read page, read API, write page, write API, admin page`, async () => {
      const r = rank[level];
      const env = gitAs(person);
      const dir = tempDir();
      // clone
      const clone = git(env, dir, 'clone', '-q', `${srv.url}tools/editor.git`, 'c');
      assert.equal(clone.code === 0, r >= 1, `clone: ${clone.stderr}`);
      // fetch (into a repository of one's own)
      gitOk(env, dir, 'init', '-q', 'f');
      const fetched = git(env, join(dir, 'f'), 'fetch', '-q', `${srv.url}tools/editor.git`, 'main');
      assert.equal(fetched.code === 0, r >= 1, `fetch: ${fetched.stderr}`);
      // push
      const work = join(dir, r >= 1 ? 'c' : 'f');
      gitOk(env, work, 'commit', '--allow-empty', '-q', '-m', `from ${label}`);
      const push = git(
        env,
        work,
        'push',
        '-q',
        `${srv.url}tools/editor.git`,
        `HEAD:refs/heads/from-${level}-${person?.name ?? 'anon'}`,
      );
      assert.equal(push.code === 0, r >= 2, `push: ${push.stderr}`);

      const session = person ? await signIn(person) : null;
      const bearer: Record<string, string> = person ? { authorization: `Bearer ${tokens[person.name]}` } : {};
      // read page (session), read API (token)
      const page = await fetch(`${srv.url}tools/editor/`, { headers: session ? { cookie: session.cookie } : {} });
      assert.equal(page.status, r >= 1 ? 200 : 404, 'read page');
      if (r >= 1) assert.match(await page.text(), /first|Open/);
      const api = await fetch(`${srv.url}tools/editor/api/tickets`, { headers: bearer });
      assert.equal(api.status, r >= 1 ? 200 : 404, 'read API');
      // write page (session + its token), write API (token)
      const wp = await formPost(
        'tools/editor/tickets',
        session,
        { title: `Page ticket by ${label}` },
        { origin: srv.url.slice(0, -1) },
      );
      // a reader opens tickets too (the reader's rights: test/server/reader-rights.test.ts)
      assert.equal(wp.status, r >= 1 ? 303 : 404, 'write page');
      if (r >= 1) assert.match(wp.headers.get('location') ?? '', /^\/tools\/editor\/tickets\/[0-9a-f]{40}$/);
      const wa = await fetch(`${srv.url}tools/editor/api/tickets`, {
        method: 'POST',
        headers: { ...bearer, 'content-type': 'application/json' },
        body: JSON.stringify({ title: `API ticket by ${label}` }),
      });
      assert.equal(wa.status, r >= 1 ? 201 : 404, 'write API');
      if (r >= 1)
        assert.deepEqual(
          (await wa.json()).ticket.author,
          { name: person!.name, email: person!.email },
          'written as the account',
        );
      // admin page
      const settings = await fetch(`${srv.url}tools/editor/-/settings`, {
        headers: session ? { cookie: session.cookie } : {},
      });
      assert.equal(settings.status, r >= 3 ? 200 : 404, 'admin page');
    });
  }

  test('the home page lists only what the viewer may read, with open counts', async () => {
    const anon = await (await fetch(srv.url)).text();
    assert.match(anon, /docs/);
    assert.doesNotMatch(anon, /tools\/editor/);
    const dee = await (
      await fetch(`${srv.url}?format=json`, { headers: { authorization: `Bearer ${tokens.dee}` } })
    ).json();
    assert.deepEqual(
      dee.repos.map((x: { name: string }) => x.name),
      ['docs'],
    );
    const ann = await (
      await fetch(`${srv.url}?format=json`, { headers: { authorization: `Bearer ${tokens.ann}` } })
    ).json();
    const editor = ann.repos.find((x: { name: string }) => x.name === 'tools/editor');
    assert.equal(editor.level, 'write');
    assert.ok(editor.open >= 2, `open tickets counted: ${editor.open}`);
  });
});

describe('sessions and their guards', () => {
  test("a form post without the session's token is refused, and writes nothing", async () => {
    const s = await signIn(PEOPLE.ann);
    const before = (
      await (
        await fetch(`${srv.url}tools/editor/api/tickets?state=all`, {
          headers: { authorization: `Bearer ${tokens.ann}` },
        })
      ).json()
    ).total;
    const noToken = await fetch(`${srv.url}tools/editor/tickets`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'title=csrf',
    });
    assert.equal(noToken.status, 403);
    const wrong = await formPost('tools/editor/tickets', { ...s, csrf: 'c_wrong' }, { title: 'csrf' });
    assert.equal(wrong.status, 403);
    const apiNoToken = await fetch(`${srv.url}tools/editor/api/tickets`, {
      method: 'POST',
      headers: { cookie: s.cookie, 'content-type': 'application/json' },
      body: '{"title":"csrf"}',
    });
    assert.equal(apiNoToken.status, 403, 'an API call made with a cookie needs the token too');
    const after = (
      await (
        await fetch(`${srv.url}tools/editor/api/tickets?state=all`, {
          headers: { authorization: `Bearer ${tokens.ann}` },
        })
      ).json()
    ).total;
    assert.equal(after, before);
  });

  test('a valid cookie sent from another origin is refused', async () => {
    const s = await signIn(PEOPLE.ann);
    const res = await formPost('tools/editor/tickets', s, { title: 'from evil' }, { origin: 'http://evil.example' });
    assert.equal(res.status, 403);
    const site = await formPost('tools/editor/tickets', s, { title: 'from evil' }, { 'sec-fetch-site': 'cross-site' });
    assert.equal(site.status, 403);
    const ok = await formPost('tools/editor/tickets', s, { title: 'from here' }, { origin: srv.url.slice(0, -1) });
    assert.equal(ok.status, 303, 'the same request from our own origin works');
  });

  test('sign-out ends the session on the server', async () => {
    const s = await signIn(PEOPLE.bob);
    assert.equal((await fetch(`${srv.url}tools/editor/`, { headers: { cookie: s.cookie } })).status, 200);
    const out = await formPost('-/signout', s, {});
    assert.equal(out.status, 303);
    assert.match(out.headers.get('set-cookie') ?? '', /Max-Age=0/);
    assert.equal(
      (await fetch(`${srv.url}tools/editor/`, { headers: { cookie: s.cookie } })).status,
      404,
      'the old cookie no longer works',
    );
  });

  test('a wrong Host is refused (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      request({ host: '127.0.0.1', port: srv.port, path: '/', headers: { host: 'evil.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      })
        .on('error', reject)
        .end();
    });
    assert.equal(status, 421);
  });

  test('account page: make and revoke a token, which then works for git and the API', async () => {
    const s = await signIn(PEOPLE.ann);
    const made = await formPost('-/account/tokens', s, { name: 'laptop' }, { origin: srv.url.slice(0, -1) });
    assert.equal(made.status, 200);
    const token = /id="new-token">([^<]+)</.exec(await made.text())![1]!;
    assert.equal(
      (await fetch(`${srv.url}tools/editor/api/tickets`, { headers: { authorization: `Bearer ${token}` } })).status,
      200,
    );
    assert.equal(git(gitAs(PEOPLE.ann, { token }), tempDir(), 'ls-remote', `${srv.url}tools/editor.git`).code, 0);
    await formPost('-/account/tokens/delete', s, { name: 'laptop' });
    assert.equal(
      (await fetch(`${srv.url}tools/editor/api/tickets`, { headers: { authorization: `Bearer ${token}` } })).status,
      401,
    );
  });

  test("the admin page is the server administrator's only; it adds users, repositories and grants", async () => {
    const ann = await signIn(PEOPLE.ann);
    assert.equal((await fetch(`${srv.url}-/admin`, { headers: { cookie: ann.cookie } })).status, 404);
    const admin = await signIn(PEOPLE.admin);
    assert.equal((await fetch(`${srv.url}-/admin`, { headers: { cookie: admin.cookie } })).status, 200);
    assert.equal(
      (await formPost('-/admin/repos', admin, { name: 'team/new', description: 'made on the page' })).status,
      200,
    );
    assert.equal(
      (await formPost('-/admin/users', admin, { name: 'eve', email: 'eve@example.com', password: 'eve-secret-12' }))
        .status,
      200,
    );
    assert.equal(
      (await formPost('-/admin/grants', admin, { user: 'eve', repo: 'team/new', level: 'write' })).status,
      200,
    );
    const eve = await fetch(`${srv.url}?format=json`, {
      headers: { authorization: `Basic ${Buffer.from('eve:eve-secret-12').toString('base64')}` },
    });
    assert.deepEqual(
      (await eve.json()).repos.map((r: { name: string }) => r.name),
      ['docs', 'team/new'],
    );
    const bad = await formPost('-/admin/repos', admin, { name: '../escape' });
    assert.equal(bad.status, 400);
  });

  test('my tickets lists what involves me across repositories', async () => {
    const s = await signIn(PEOPLE.ann);
    const res = await fetch(`${srv.url}-/my?format=json`, { headers: { cookie: s.cookie } });
    const rows = (await res.json()).tickets as { repo: string; why: string[]; title: string }[];
    assert.ok(
      rows.some((r) => r.repo === 'tools/editor' && r.why.includes('author')),
      JSON.stringify(rows),
    );
    assert.ok(rows.every((r) => r.repo !== 'docs' || r.why.length));
  });
});

describe('sign-in limits (last: they lock this address out)', () => {
  test('brute force: failed sign-ins hit the limit with a 429, and then even the right password waits', async () => {
    let last = 0;
    for (let i = 0; i < 12; i++) {
      last = (await formPost('-/signin', null, { name: 'cy', password: `guess-${i}` })).status;
      if (last === 429) break;
      assert.equal(last, 401);
    }
    assert.equal(last, 429);
    const right = await formPost('-/signin', null, { name: 'cy', password: PEOPLE.cy.password });
    assert.equal(right.status, 429);
    assert.ok(Number(right.headers.get('retry-after')) > 0);
    const basic = await fetch(`${srv.url}tools/editor/api/tickets`, {
      headers: { authorization: `Basic ${Buffer.from(`cy:${PEOPLE.cy.password}`).toString('base64')}` },
    });
    assert.equal(basic.status, 429, 'Basic auth counts against the same limit');
    const others = await formPost('-/signin', null, { name: 'ann', password: PEOPLE.ann.password });
    assert.equal(others.status, 303, 'another account from the same address still signs in');
    // many names from one address: the address is limited too
    let status = 0;
    for (let i = 0; i < 45 && status !== 429; i++)
      status = (await formPost('-/signin', null, { name: `nobody${i}`, password: 'x-wrong-pw' })).status;
    assert.equal(status, 429);
    assert.equal((await formPost('-/signin', null, { name: 'ann', password: PEOPLE.ann.password })).status, 429);
  });
});
