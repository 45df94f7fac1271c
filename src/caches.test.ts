// The caches in src/caches.ts: bounded in entries and bytes, keyed by meaning (no query string mints
// new entries), shared between the API and the pages, and all listed in docs/architecture.md.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { newTicket, ROOT, tempRepo } from '../test/support/helpers.js';
import { cacheSizes, DISK, MEMORY, resizeCache } from './caches.js';
import { Store } from './store/store.js';
import { createApp } from './web/app.js';
import { READS } from './web/request.js';
import { Site } from './web/site.js';

async function serverOn(dir: string) {
  const site = new Site(await Store.open(dir, { env: process.env }));
  const app = createApp(site, { hosts: () => null, token: 'd'.repeat(48) });
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const res = await app.request(`http://127.0.0.1${path}`, { headers });
    return { status: res.status, text: await res.text() };
  };
  return { site, get };
}

test('pages are kept by what they show: sixteen /labels?x=N URLs make one page, not sixteen', async () => {
  const r = tempRepo();
  newTicket(r, 'One', '--commit');
  const s = await serverOn(r.dir);
  try {
    // git's racy rule: a page rendered within 50 ms of the commit is not kept, so let the state settle
    await new Promise((done) => setTimeout(done, 120));
    await s.get('/labels');
    const before = cacheSizes().pages.entries;
    for (let i = 0; i < 16; i++) assert.equal((await s.get(`/labels?x=${i}&junk=${'j'.repeat(200)}`)).status, 200);
    assert.equal(cacheSizes().pages.entries, before);
    const page = await s.get('/labels?x=99');
    assert.ok(!page.text.includes('x=99'), 'the page does not echo parameters it does not read');
    await s.get('/labels?branch=main');
    assert.equal(cacheSizes().pages.entries, before + 1, 'a parameter the page reads is a different page');
  } finally {
    await s.site.close();
  }
});

test('the page cache stays within its byte bound', async () => {
  resizeCache('pages', { entries: 1000, bytes: 200_000 });
  const r = tempRepo();
  newTicket(r, 'One', '--commit');
  const s = await serverOn(r.dir);
  try {
    for (let i = 0; i < 60; i++) assert.equal((await s.get(`/?q=${encodeURIComponent(`word${i}`)}`)).status, 200);
    const { pages } = cacheSizes();
    assert.ok(pages.bytes <= 200_000, `pages hold ${pages.bytes} bytes`);
    assert.ok(pages.entries > 0 && pages.entries < 60, `${pages.entries} pages kept`);
  } finally {
    await s.site.close();
    resizeCache('pages', MEMORY.pages);
  }
});

test('the API and the list page share one listing for the same question', async () => {
  const r = tempRepo();
  newTicket(r, 'Shared answer', '--label', 'ui', '--commit');
  resizeCache('listings', MEMORY.listings);
  const s = await serverOn(r.dir);
  try {
    const page = await s.get(`/?q=${encodeURIComponent('label:ui')}`);
    assert.match(page.text, /Shared answer/);
    const after = cacheSizes().listings.entries;
    const api = JSON.parse((await s.get(`/api/tickets?q=${encodeURIComponent('label:ui')}`)).text);
    assert.equal(api.tickets[0].title, 'Shared answer');
    assert.equal(cacheSizes().listings.entries, after, 'the API asked the question the page asked');
  } finally {
    await s.site.close();
  }
});

test('every cache is listed in docs/architecture.md', () => {
  const doc = readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8');
  for (const name of [...Object.keys(MEMORY), ...Object.keys(DISK)]) {
    assert.ok(doc.includes(`\`${name}\``), `docs/architecture.md lists the ${name} cache`);
  }
});

test('the page cache key names every query parameter the page routes read', () => {
  const source = readFileSync(join(ROOT, 'src/web/routes/pages.tsx'), 'utf8');
  const read = new Set([...source.matchAll(/c\.req\.query\('([a-z_]+)'\)/g)].map((m) => m[1]!));
  const named = new Set(READS.flatMap(([, names]) => names));
  for (const name of read) assert.ok(named.has(name), `pages read ?${name}= but pageUrl (src/web/request.ts) drops it`);
});
