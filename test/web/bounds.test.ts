// One ticket cannot make every page huge: a ticket with 100,000 labels (an old or hostile entry), 1,500
// watchers and hundreds of reactions, and 3,000 labels across the repository, served by the real
// `dit serve` and `dit server`: every page stays under 1 MB, lists end in "N more" or pages, and a
// write past the bounds is refused with a clear error from the CLI and over HTTP, writing nothing.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MAX_LABELS, MAX_WATCHERS } from '../../src/model/schema.js';
import { Store } from '../../src/store/store.js';
import { header } from '../../src/store/write/entries.js';
import { type NewEntry, writeEntries } from '../../src/store/write/write.js';
import { type Served, serve, stop } from '../support/browser-harness.js';
import { newTicket, type Repo, tempRepo } from '../support/helpers.js';
import { makeRoot, PEOPLE, type RunningServer, serverOk, startServerProcess } from '../support/server-helpers.js';

const MB = 1_000_000;
let repo: Repo;
let big: string;
let served: Served | undefined;
let hosted: RunningServer | undefined;

const person = (i: number) => ({ name: `Person ${i}`, email: `p${i}@example.com` });

before(async () => {
  repo = tempRepo();
  big = newTicket(repo, 'The ticket with everything', '--shared');
  const store = await Store.open(repo.dir, { env: repo.env });
  const shared = store.target({ shared: true });
  let clock = 10;
  const entry = (kind: string, fields: Record<string, unknown>, by = person(0)): NewEntry => ({
    collection: 'tickets',
    journal: big,
    entry: { ...header(kind, { ticket: big }, clock++, by), ...fields },
  });
  // written as an older dit or a hostile writer would: past every bound, straight into the journal
  const labels = Array.from({ length: 100_000 }, (_, i) => `huge-${String(i).padStart(6, '0')}`);
  await writeEntries(store, shared, [entry('label', { add: labels, remove: [] })], 'test: 100,000 labels');
  const watchers = Array.from({ length: 1500 }, (_, i) => entry('watch', { on: true, person: `w${i}@example.com` }));
  const reactions = Array.from({ length: 400 }, (_, i) => entry('react', { reaction: 'heart', on: true }, person(i)));
  await writeEntries(store, shared, [...watchers, ...reactions], 'test: watchers and reactions');
  // 3,000 labels across 30 tickets, as a large tracker has
  const creates = Array.from({ length: 30 }, (_, t) => ({
    collection: 'tickets' as const,
    journal: '',
    entry: {
      ...header('create', {}, 1, person(t)),
      title: `Ticket ${t}`,
      body: '',
      type: 'task',
      labels: Array.from({ length: 100 }, (_, i) => `area-${t}-${i}`),
    },
  }));
  const { entryId, serialize } = await import('../../src/model/entry-file.js');
  for (const c of creates) c.journal = entryId(serialize(c.entry));
  await writeEntries(store, shared, creates, 'test: 30 tickets with 100 labels each');
  await store.close();
  served = await serve(repo);
});
after(async () => {
  await stop(served);
  await hosted?.stop();
});

async function get(url: string, cookie?: string): Promise<string> {
  const res = await fetch(url, { headers: cookie ? { cookie } : {} });
  const body = await res.text();
  assert.equal(res.status, 200, `${url}: ${res.status} ${body.slice(0, 500)}`);
  assert.ok(body.length < MB, `${url} is ${(body.length / MB).toFixed(2)} MB`);
  return body;
}

test('the fold keeps the first labels and watchers of entries past the bounds', () => {
  const t = repo.json<{
    ticket: { labels: string[]; watchers: string[]; reactions: Record<string, Record<string, string[]>> };
  }>('show', big).ticket;
  assert.equal(t.labels.length, MAX_LABELS, 'the first 100 labels');
  assert.equal(t.labels[0], 'huge-000000');
  assert.equal(t.watchers.length, MAX_WATCHERS);
  assert.equal(t.reactions['']?.heart?.length, 400, 'reactions under the bound all count');
});

test('dit serve: every page under 1 MB; long lists end in "N more" or pages', async () => {
  const base = served!.url;
  const list = await get(base);
  assert.match(list, /90 more/, 'a row names 10 of its 100 labels and links to the rest');
  const ticket = await get(`${base}tickets/${big}`);
  assert.match(ticket, /and 950 more/, 'the sidebar names 50 watchers');
  assert.match(ticket, /more labels not listed; type their names below/, 'the label picker is bounded');
  assert.match(ticket, /and 390 more reacted with heart/, 'a reaction names ten people');
  const labels = await get(`${base}labels`);
  assert.match(labels, /3,100 labels · page 1 of 31/);
  assert.equal(labels.match(/class="Box-row d-flex flex-items-center flex-wrap label-row"/g)?.length, 100);
  const last = await get(`${base}labels?page=31`);
  assert.match(last, /page 31 of 31/);
  assert.match(await get(`${base}?q=label:area-3-7`), /Ticket 3/);
  assert.match(await get(`${base}tickets/new`), /more labels not listed/);
});

test('dit server: every page under 1 MB', async () => {
  const root = makeRoot();
  serverOk(root, ['repo', 'import', repo.dir, '--name', 'big', '--public']);
  serverOk(root, ['grant', 'ann', 'big', 'admin']);
  hosted = await startServerProcess(root);
  const signin = await fetch(`${hosted.url}-/signin`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: hosted.url.slice(0, -1) },
    body: new URLSearchParams({ name: PEOPLE.ann.name, password: PEOPLE.ann.password }).toString(),
  });
  const cookie = signin.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  assert.ok(cookie, `signed in: ${signin.status}`);
  for (const path of ['', 'big/', `big/tickets/${big}`, 'big/labels', 'big/labels?page=2', 'big/tickets/new', '-/my'])
    await get(`${hosted.url}${path}`, cookie);
});

test('a write past the bounds is refused, from the CLI and over HTTP, and writes nothing', async () => {
  const small = newTicket(repo, 'A small ticket');
  const many = Array.from({ length: MAX_LABELS + 1 }, (_, i) => `x${i}`);
  const r = repo.dit('label', small, ...many);
  assert.notEqual(r.code, 0);
  assert.match(
    r.stderr,
    /a ticket may have at most 100 labels; #[0-9a-f]{7} has 0, and this would make it 101: remove some first/,
  );
  const created = repo.dit('new', 'Too many', ...many.flatMap((l) => ['--label', l]));
  assert.notEqual(created.code, 0);
  assert.match(created.stderr, /at most 100 labels; this gives it 101/);
  assert.equal(repo.json<{ ticket: { labels: string[] } }>('show', small).ticket.labels.length, 0, 'nothing written');
  // over HTTP: the same error, a 400
  const token = /name="csrf-token" content="([^"]+)"/.exec(await get(served!.url))![1]!;
  const res = await fetch(`${served!.url}api/tickets/${small}/labels`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-csrf-token': token, origin: served!.origin },
    body: JSON.stringify({ add: many }),
  });
  const body = await res.text();
  assert.equal(res.status, 400, body);
  assert.match(body, /at most 100 labels/);
  assert.equal(repo.json<{ ticket: { labels: string[] } }>('show', small).ticket.labels.length, 0, 'nothing written');
  // a ticket already past the bound (older entries) may still lose labels
  assert.equal(repo.dit('label', big, '-huge-000000').code, 0);
});
