// Route tests for writing comments: the bounded lookups behind `@` and `#` completion, and that a page
// without script carries no toolbar or suggester (app.js adds them). Browser behaviour is in
// web-compose-browser.test.ts.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Store } from '../../src/store/store.js';
import { createApp } from '../../src/web/app.js';
import { allowedHosts } from '../../src/web/security.js';
import { Site } from '../../src/web/site.js';
import { newTicket, type Repo, tempRepo } from '../support/helpers.js';

const TOKEN = 'c'.repeat(48);
const HOST = '127.0.0.1:4921';
let repo: Repo;
let site: Site;
let app: ReturnType<typeof createApp>;
let crash: string;
let closed: string;

before(async () => {
  repo = tempRepo();
  repo.as({ name: 'Carol Coder', email: 'carol@example.com' }).write('a.txt', 'a\n');
  repo.as({ name: 'Carol Coder', email: 'carol@example.com' }).commit('Carol writes code');
  crash = newTicket(repo, 'Crash when saving a file');
  closed = newTicket(repo, 'Saving is slow');
  repo.ok('close', closed);
  newTicket(repo, 'Write the manual');
  for (let i = 0; i < 30; i++) newTicket(repo, `Saving bug number ${i}`);
  repo.commit('tickets');
  site = new Site(await Store.open(repo.dir, { env: repo.env }));
  app = createApp(site, { hosts: () => allowedHosts('127.0.0.1', 4921), token: TOKEN });
});
after(async () => {
  await site.close();
});

const get = async <T>(path: string): Promise<T> => {
  const res = await app.request(`http://${HOST}${path}`, { headers: { host: HOST } });
  assert.equal(res.status, 200, path);
  return (await res.json()) as T;
};
type Titles = { tickets: { id: string; short: string; title: string; open: boolean }[] };

describe('# completion: GET /api/ticket-titles', () => {
  test('title words match in any order, open tickets first, at most ten by default', async () => {
    const r = await get<Titles>('/api/ticket-titles?q=saving');
    assert.equal(r.tickets.length, 10);
    assert.ok(r.tickets.every((t) => /saving/i.test(t.title)));
    assert.ok(!r.tickets.some((t) => t.id === closed), 'thirty open matches come before the closed one');
    const few = await get<Titles>(`/api/ticket-titles?q=${encodeURIComponent('file crash')}`);
    assert.deepEqual(
      few.tickets.map((t) => [t.id, t.title, t.open]),
      [[crash, 'Crash when saving a file', true]],
    );
    assert.equal(few.tickets[0]!.short, crash.slice(0, 7));
    const slow = await get<Titles>('/api/ticket-titles?q=slow');
    assert.deepEqual(
      slow.tickets.map((t) => [t.id, t.open]),
      [[closed, false]],
      'a closed ticket is still found, marked closed',
    );
  });

  test('an id prefix finds its ticket; nothing matching is an empty list', async () => {
    const r = await get<Titles>(`/api/ticket-titles?q=${crash.slice(0, 5)}`);
    assert.equal(r.tickets[0]!.id, crash);
    assert.deepEqual((await get<Titles>('/api/ticket-titles?q=zzzz-nothing')).tickets, []);
  });

  test('the answer is bounded: limit at most 20, and a huge query is cut, not an error', async () => {
    assert.equal((await get<Titles>('/api/ticket-titles?q=saving&limit=1000')).tickets.length, 20);
    assert.equal((await get<Titles>('/api/ticket-titles?q=saving&limit=3')).tickets.length, 3);
    const huge = await get<Titles>(`/api/ticket-titles?q=${'saving '.repeat(5000)}`);
    assert.ok(huge.tickets.length > 0 && huge.tickets.length <= 10);
  });
});

describe('@ completion: GET /api/people', () => {
  test('narrows known people, commit authors included', async () => {
    const r = await get<{ people: { name: string; email: string }[] }>('/api/people?q=caro');
    assert.deepEqual(r.people, [{ name: 'Carol Coder', email: 'carol@example.com' }]);
  });
});

describe('without script', () => {
  test('the comment box is a plain textarea: no toolbar or suggester in the page', async () => {
    const res = await app.request(`http://${HOST}/tickets/${crash}`, { headers: { host: HOST } });
    const html = await res.text();
    assert.match(html, /<textarea[^>]*name="body"/);
    assert.ok(!html.includes('markdown-toolbar') && !html.includes('suggester'));
  });
});
