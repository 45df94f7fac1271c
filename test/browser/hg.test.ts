// `dit serve` in an hg working copy, in Debian's Chromium: the pages and the JSON API on named branches, bookmarks and the tree store.

import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  assertPosted,
  assertQuiet,
  freshPage,
  go,
  idFrom,
  launch,
  rowIds,
  type Served,
  serve,
  skip,
  stop,
  text,
  type Watch,
} from '../support/browser-harness.js';
import { type HgRepo, hgSkip, newHgTicket, tempHgRepo } from '../support/hg.js';

describe('dit serve on a Mercurial working copy, in Chromium', { skip: skip || hgSkip }, () => {
  let r: HgRepo;
  let s: Served;
  let browser: Browser;
  let ctx: BrowserContext;
  let watch: Watch;
  let page: Page;

  before(async () => {
    r = tempHgRepo();
    r.ok('label-def', 'bug', '--color', 'd73a4a', '-d', 'Something is broken', '--commit');
    s = await serve(r);
    browser = await launch();
  });
  beforeEach(async () => {
    ({ ctx, watch, page } = await freshPage(browser));
  });
  afterEach(async () => {
    await ctx?.close();
  });
  after(async () => {
    await browser?.close();
    await stop(s);
  });

  test('create a ticket in the form: its entry is hg added; comment and close it from its page', async () => {
    await page.goto(s.url);
    await go(page, page.locator('#new-ticket'));
    await page.fill('#new-title', 'Saving an empty file crashes');
    await page.fill('#editor-body', 'Steps:\n\n1. open an *empty* file');
    await page.check('input[name="label"][value="bug"]');
    assertPosted(await go(page, page.locator('#submit-new')));
    const id = idFrom(page);
    assert.equal(await text(page.locator('h1 .js-title')), 'Saving an empty file crashes');
    assert.match(
      r.hg('status'),
      new RegExp(`^A \\.dit/tickets/${id}/`, 'm'),
      'written into the working copy and added',
    );

    await page.locator('#comment-box textarea').fill('Fixed by guarding the **empty** buffer.');
    assertPosted(await go(page, page.locator('#close-button')));
    assert.equal(await text(page.locator('.gh-header .State')), 'Fixed');
    assert.equal(r.json('show', id).ticket.status, 'fixed');
    assertQuiet(watch);
  });

  test('the pending-changes banner commits only the .dit/ paths with hg commit', async () => {
    newHgTicket(r, 'Pending in the working copy', '--label', 'bug');
    r.write('notes.txt', 'unrelated work in progress\n');
    r.hg('add', 'notes.txt');
    const before = r.node('.');
    await page.goto(s.url);
    const banner = page.locator('.flash-warn');
    assert.match(await text(banner), /ticket changes not committed yet/);
    await banner.locator('input[name="message"]').fill('Tickets from the browser');
    assertPosted(await go(page, banner.locator('button', { hasText: 'Commit ticket changes' })));
    assert.equal(await page.locator('.flash-warn').count(), 0, 'the banner is gone');
    assert.equal(r.hg('log', '-r', '.', '-T', '{p1node}'), before, 'one new changeset');
    assert.equal(r.hg('log', '-r', '.', '-T', '{desc}'), 'Tickets from the browser');
    assert.doesNotMatch(r.hg('log', '-r', '.', '-T', '{files}'), /notes\.txt/);
    assert.equal(r.hg('status').trim(), 'A notes.txt', 'only the unrelated change is left');
    r.hg('forget', 'notes.txt');
    assertQuiet(watch);
  });

  test('the branch selector and the matrix: a fix on a named branch and a bookmark, not on default', async () => {
    const id = newHgTicket(r, 'Crash on unicode paths', '--label', 'bug', '--commit');
    const home = r.node('.');
    r.hg('branch', '-q', 'stable');
    r.write('paths.c', 'normalise\n');
    const fix = r.commit(`Normalise paths before opening\n\nfixes #${id.slice(0, 7)}`);
    r.hg('bookmark', '-r', fix, 'paths-fix');
    r.hg('update', '-q', home);

    await page.goto(s.url);
    assert.ok((await rowIds(page)).includes(id), 'open in the working copy');
    const offered = await page
      .locator('#branch-select option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    for (const b of ['default', 'stable', 'paths-fix']) assert.ok(offered.includes(b), `${b} is offered: ${offered}`);
    assert.ok(!offered.includes('dit/journal'), 'never the journal branch');
    await Promise.all([page.waitForNavigation(), page.selectOption('#branch-select', 'stable')]);
    assert.match(await text(page.locator('.flash-full').first()), /Viewing tickets as seen from branch stable/);
    assert.ok(!(await rowIds(page)).includes(id), 'not open on stable');

    await page.goto(`${s.url}tickets/${id}?branch=stable`);
    assert.equal(await text(page.locator('.gh-header .State')), 'Fixed');
    assert.equal(await page.locator(`.gh-header a.commit-link[href="/commits/${fix}"]`).count(), 1);
    const matrix = page.locator('#branch-matrix');
    assert.match(
      await text(matrix.locator('tr', { hasText: 'stable' })),
      new RegExp(`stable fixed ${fix.slice(0, 7)}`),
    );
    assert.match(await text(matrix.locator('tr', { hasText: 'paths-fix' })), /paths-fix fixed/);
    assert.match(await text(matrix.locator('tr', { hasText: 'default' })), /default .*new/);

    // stable and the bookmark both link the fixing changeset
    await go(page, page.locator(`#branch-matrix a[href="/commits/${fix}"]`).first());
    assert.match(await text(page.locator('main')), /Normalise paths before opening/, 'the changeset page');
    assertQuiet(watch);
  });

  test('the JSON API answers from hg: list, one ticket, a branch, and a write with the token', async () => {
    const id = newHgTicket(r, 'Asked for through the API', '--commit');
    const list = await (await fetch(`${s.url}api/tickets?q=${encodeURIComponent('API')}`)).json();
    assert.deepEqual(
      list.tickets.map((t: { id: string }) => t.id),
      [id],
    );
    const one = await (await fetch(`${s.url}api/tickets/${id.slice(0, 7)}?branch=default`)).json();
    assert.equal(one.ticket.title, 'Asked for through the API');
    const session = await (await fetch(`${s.url}api/session`)).json();
    const res = await fetch(`${s.url}api/tickets/${id}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': session.token, origin: s.origin },
      body: JSON.stringify({ body: 'from the API', shared: true }),
    });
    assert.equal(res.status, 200, await res.clone().text());
    // asked before the CLI runs below: they block this process while the server may close the kept-alive socket
    const missing = await fetch(`${s.url}api/tickets/${id}?branch=${encodeURIComponent('no-such-branch')}`);
    assert.equal(missing.status, 404);
    assert.equal((await missing.json()).error.code, 'unknown-branch');
    assert.equal(r.json('show', id).ticket.comments.at(-1).body, 'from the API');
    assert.match(
      r.hg('log', '-r', 'dit/journal', '-T', '{branch}'),
      /^dit\/journal$/,
      'the shared write is on dit/journal',
    );
  });

  test('the server logged no internal errors', () => {
    assert.doesNotMatch(s.log(), /internal|Error:|hg-failed/);
  });
});
