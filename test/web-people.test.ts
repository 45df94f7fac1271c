// Route tests for people on the ticket page: the watchers (cc) picker as a plain form and through the
// API, and Gravatar only when the server is configured for it. Browser behaviour is in
// web-compose-browser.test.ts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { newTicket, tempRepo, type Repo } from './helpers.js';
import { Store } from '../src/store/store.js';
import { Site } from '../src/web/site.js';
import { createApp } from '../src/web/app.js';
import { allowedHosts } from '../src/web/security.js';

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
