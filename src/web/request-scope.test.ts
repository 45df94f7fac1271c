// A server request reads git's state once and answers with its own warnings; the store's in-process
// caches stay within their bounds however many edits a long-running server sees.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { newTicket, tempRepo } from '../../test/support/helpers.js';
import { cacheSizes, MEMORY, resizeCache } from '../caches.js';
import { Store } from '../store/store.js';
import { createApp } from './app.js';
import { Site } from './site.js';

const TOKEN = 'b'.repeat(48);

async function serverOn(dir: string) {
  const store = await Store.open(dir);
  const site = new Site(store);
  const app = createApp(site, { hosts: () => null, token: TOKEN });
  return { store, site, app, get: (path: string) => app.request(`http://127.0.0.1${path}`) };
}

test('repeated API reads of a ticket with a malformed entry each carry its one warning (not 1, 2, 3, 4)', async () => {
  const r = tempRepo();
  const id = newTicket(r, 'Sturdy', '--commit');
  writeFileSync(join(r.dir, '.dit/tickets', id, `${'a'.repeat(40)}.json`), '{ not json');
  r.commit('a broken entry file, as a merge from a broken dit might bring it');
  const s = await serverOn(r.dir);
  try {
    const counts: number[] = [];
    for (let i = 0; i < 4; i++) {
      const body = await (await s.get(`/api/tickets/${id.slice(0, 7)}`)).json();
      assert.equal(body.ticket.title, 'Sturdy');
      counts.push(body.warnings.length);
      assert.match(body.warnings[0].problem, /not valid JSON/);
    }
    assert.deepEqual(counts, [1, 1, 1, 1]);
    const lists: number[] = [];
    for (let i = 0; i < 3; i++) lists.push((await (await s.get('/api/tickets?q=Sturdy')).json()).warnings.length);
    for (let i = 0; i < 2; i++) lists.push((await (await s.get('/api/tickets')).json()).warnings.length);
    assert.ok(
      lists.every((n) => n === lists[0]),
      `list answers keep a steady warning count: ${lists}`,
    );
    assert.equal(lists.at(-1), 1);
  } finally {
    await s.site.close();
  }
});

test('git state is read once per request, however many views, cached answers and pages the request uses', async () => {
  const r = tempRepo();
  const id = newTicket(r, 'Counted', '--commit');
  for (let i = 0; i < 5; i++) r.git('branch', `b${i}`);
  const s = await serverOn(r.dir);
  let stamps = 0;
  const stamp = s.store.stamp.bind(s.store);
  s.store.stamp = () => {
    stamps++;
    return stamp();
  };
  try {
    for (const path of ['/', `/tickets/${id}`, '/labels', `/api/tickets/${id}`, '/api/tickets', `/tickets/${id}`]) {
      stamps = 0;
      const res = await s.get(path);
      assert.equal(res.status, 200, path);
      await res.text();
      assert.equal(stamps, 1, `${path} read git's state ${stamps} times`);
    }
  } finally {
    await s.site.close();
  }
});

test("the store's ticket-state cache (branch matrices) keeps within its bound as edits make new keys", async () => {
  const r = tempRepo();
  const ids = [0, 1, 2, 3, 4, 5].map((i) => newTicket(r, `Ticket ${i}`, '--commit'));
  r.git('branch', 'other');
  resizeCache('states', { entries: 3, bytes: 1 << 20 });
  const store = await Store.open(r.dir);
  try {
    const view = await store.view('other');
    for (const id of ids) assert.equal((await view.stateById(id))?.title.startsWith('Ticket'), true);
    for (let i = 0; i < 4; i++) {
      r.ok('comment', ids[0]!, `edit ${i}`, '--commit');
      store.invalidate();
      assert.ok(await (await store.view()).stateById(ids[0]!));
    }
    const { states } = cacheSizes();
    assert.ok(states!.entries <= 3, `ticket states held: ${states!.entries}`);
    assert.ok(states!.entries > 0);
  } finally {
    await store.close();
    resizeCache('states', MEMORY.states);
  }
});
