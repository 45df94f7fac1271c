// Route tests for people on the ticket page: the watchers (cc) picker as a plain form and through the
// API, and Gravatar only when the server is configured for it. Browser behaviour is in
// web-compose-browser.test.ts.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Store } from '../../src/store/store.js';
import { createApp } from '../../src/web/app.js';
import { allowedHosts } from '../../src/web/security.js';
import { startServer } from '../../src/web/serve.js';
import { Site } from '../../src/web/site.js';
import { newTicket, type Repo, tempRepo } from '../support/helpers.js';
import { makeRoot, type RunningServer, serverOk, startServerProcess } from '../support/server-helpers.js';

const TOKEN = 'd'.repeat(48);
const HOST = '127.0.0.1:4922';
const carol = { name: 'Carol Coder', email: 'carol@example.com' };
let repo: Repo;
let site: Site;
let app: ReturnType<typeof createApp>;
let crash: string;

before(async () => {
  repo = tempRepo();
  repo.as(carol).write('a.txt', 'a\n');
  repo.as(carol).commit('Carol writes code');
  crash = newTicket(repo, 'Crash when saving');
  repo.commit('tickets');
  site = new Site(await Store.open(repo.dir, { env: repo.env }));
  app = createApp(site, { hosts: () => allowedHosts('127.0.0.1', 4922), token: TOKEN });
});
after(async () => {
  await site.close();
});

function req(path: string, init: RequestInit & { headers?: Record<string, string> } = {}) {
  return app.request(`http://${HOST}${path}`, { ...init, headers: { host: HOST, ...init.headers } });
}
const form = (fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries({ _csrf: TOKEN, ...fields })) for (const one of [v].flat()) body.append(k, one);
  return { method: 'POST', body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
};
const watchers = () =>
  repo.json<{ ticket: { watchers: string[] } }>('show', crash).ticket.watchers.sort((a, b) => a.localeCompare(b));
const sidebar = async () => {
  const html = await (await req(`/tickets/${crash}`)).text();
  const at = html.indexOf('id="sidebar-watchers"');
  assert.ok(at > 0, 'the sidebar has a Watchers section');
  return html.slice(at, html.indexOf('id="sidebar-fields"'));
};

describe('the watchers (cc) picker', () => {
  test('lists known people as checkboxes in a plain form', async () => {
    const html = await sidebar();
    assert.match(html, /<form[^>]*action="\/tickets\/[0-9a-f]{40}\/watchers"/);
    assert.match(html, /type="checkbox" name="watcher" value="carol@example.com"/);
    assert.match(html, /name="watcher-other"/);
    assert.match(html, /No one/);
  });

  test('ticking people and typing others adds them as watchers; unticking removes them', async () => {
    const res = await req(
      `/tickets/${crash}/watchers`,
      form({ watcher: 'carol@example.com', 'watcher-other': 'Dan Dev <dan@example.com>, erin' }),
    );
    assert.equal(res.status, 303);
    assert.deepEqual(watchers(), ['carol@example.com', 'dan@example.com', 'erin']);
    const html = await sidebar();
    assert.match(html, /Carol Coder/);
    assert.match(html, /value="dan@example.com" checked/);
    assert.match(html, /value="erin" checked/);
    // a post of the same set writes nothing; dropping Carol and Erin writes two entries
    const before = repo.git('rev-list', '--all', '--count').trim();
    await req(`/tickets/${crash}/watchers`, form({ watcher: ['carol@example.com', 'dan@example.com', 'erin'] }));
    assert.equal(repo.git('rev-list', '--all', '--count').trim(), before);
    assert.equal((await req(`/tickets/${crash}/watchers`, form({ watcher: 'dan@example.com' }))).status, 303);
    assert.deepEqual(watchers(), ['dan@example.com']);
    const log = repo
      .json<{ ticket: { timeline: { kind: string; person?: string; on?: boolean }[] } }>('show', crash)
      .ticket.timeline.filter((i) => i.kind === 'watch')
      .map((i) => `${i.on ? '+' : '-'}${i.person}`);
    assert.deepEqual(log.sort(), ['+carol@example.com', '+dan@example.com', '+erin', '-carol@example.com', '-erin']);
  });

  test('the API adds and removes watchers; bad input is a clear error and writes nothing', async () => {
    const api = (body: unknown) =>
      req(`/api/tickets/${crash}/watchers`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json', 'x-csrf-token': TOKEN },
      });
    const res = await api({ add: ['Carol Coder <carol@example.com>'], remove: ['dan@example.com'] });
    assert.equal(res.status, 200);
    assert.deepEqual(((await res.json()) as { ticket: { watchers: string[] } }).ticket.watchers, ['carol@example.com']);
    const bad = await api({ add: ['x'.repeat(100_000)] });
    assert.equal(bad.status, 400);
    const many = await api({ add: Array.from({ length: 101 }, (_, i) => `p${i}@example.com`) });
    assert.equal(many.status, 400);
    assert.deepEqual(watchers(), ['carol@example.com']);
  });
});

describe('watchers from the CLI', () => {
  test('dit watch --person adds others, dit unwatch --person removes them; the page lists the same', async () => {
    const id = newTicket(repo, 'Watched from the terminal');
    repo.ok('watch', id, '--person', 'Dan Dev <dan@example.com>', '--person', 'erin');
    repo.ok('watch', id);
    const now = () => repo.json<{ ticket: { watchers: string[] } }>('show', id).ticket.watchers.sort();
    assert.deepEqual(now(), ['ann@example.com', 'dan@example.com', 'erin']);
    repo.ok('unwatch', id, '--person', 'DAN@example.com');
    assert.deepEqual(now(), ['ann@example.com', 'erin']);
    const html = await (await req(`/tickets/${id}`)).text();
    assert.match(html, /value="erin" checked/);
    assert.ok(!html.includes('value="dan@example.com" checked'));
    assert.match(repo.ok('watch', '--help'), /--person WHO/);
  });
});

describe('Gravatar only when the server allows it', () => {
  const hash = createHash('sha256').update('carol@example.com').digest('hex');
  const imgSrc = (res: Response) => /img-src [^;]*/.exec(res.headers.get('content-security-policy') ?? '')?.[0];

  test('off by default: initials, no address of any other host, img-src only self and data:', async () => {
    for (const path of [`/tickets/${crash}`, '/']) {
      const res = await req(path);
      const html = await res.text();
      assert.ok(!html.includes('gravatar'), `${path} names no avatar host`);
      assert.ok(!/<img[^>]+src="https?:/.test(html), `${path} loads no image from elsewhere`);
      assert.match(html, /class="dit-avatar"[^>]*>CC</, 'initials instead');
      assert.equal(imgSrc(res), "img-src 'self' data:");
    }
  });

  test('on: avatars over the initials from Gravatar by the email hash, and img-src widened to that host only', async () => {
    site.gravatar = true;
    try {
      const res = await req(`/tickets/${crash}`);
      const html = await res.text();
      assert.ok(html.includes(`src="https://www.gravatar.com/avatar/${hash}?s=40&amp;d=blank"`), 'the hashed email');
      const sent = [...html.matchAll(/gravatar\.com\/avatar\/([^?"]*)/g)].map((m) => m[1]);
      assert.ok(sent.length > 0 && sent.every((h) => /^[0-9a-f]{64}$/.test(h!)), 'only hashes go out, never an email');
      assert.equal(imgSrc(res), "img-src 'self' data: https://www.gravatar.com");
    } finally {
      site.gravatar = false;
    }
  });

  test('`dit serve` reads git config dit.gravatar; --gravatar turns it on for one run', async () => {
    const start = async (opts: { gravatar?: boolean }) => {
      const store = await Store.open(repo.dir, { env: repo.env });
      const running = await startServer(store, { host: '127.0.0.1', port: 0, ...opts });
      try {
        const res = await fetch(`${running.url}tickets/${crash}`);
        return { csp: imgSrc(res), html: await res.text() };
      } finally {
        await running.close();
      }
    };
    assert.ok(!(await start({})).html.includes('gravatar.com'));
    assert.ok((await start({ gravatar: true })).html.includes('gravatar.com/avatar/'));
    repo.git('config', 'dit.gravatar', 'true');
    try {
      const on = await start({});
      assert.ok(on.html.includes(`gravatar.com/avatar/${hash}`));
      assert.equal(on.csp, "img-src 'self' data: https://www.gravatar.com");
    } finally {
      repo.git('config', '--unset', 'dit.gravatar');
    }
  });
});

describe('Gravatar on `dit server`', () => {
  test('--gravatar widens img-src for every repository; without it, a repository opts in by git config', async () => {
    const root = makeRoot();
    serverOk(root, ['repo', 'create', 'pub', '--public']);
    serverOk(root, ['repo', 'create', 'opted', '--public']);
    execFileSync('git', ['config', 'dit.gravatar', 'true'], { cwd: join(root, 'opted.git') });
    const csp = async (srv: RunningServer, name: string) => {
      const res = await fetch(`${srv.url}${name}/`);
      assert.equal(res.status, 200, `${name} is served`);
      await res.text();
      return /img-src [^;]*/.exec(res.headers.get('content-security-policy') ?? '')?.[0];
    };
    const plain = await startServerProcess(root);
    try {
      assert.equal(await csp(plain, 'pub'), "img-src 'self' data:");
      assert.equal(await csp(plain, 'opted'), "img-src 'self' data: https://www.gravatar.com");
    } finally {
      await plain.stop();
    }
    const on = await startServerProcess(root, ['--gravatar']);
    try {
      assert.equal(await csp(on, 'pub'), "img-src 'self' data: https://www.gravatar.com");
    } finally {
      await on.stop();
    }
  });
});
