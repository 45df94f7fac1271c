// The hosting server in Chromium: sign in, open a private repository, comment, sign out, and find the
// repository gone from the home page; the comment preview works under the repository's path.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { type Browser, chromium } from 'playwright-core';
import { makeRoot, PEOPLE, type RunningServer, serverOk, startServerProcess } from '../support/server-helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const HAVE = existsSync(CHROMIUM);
const skip =
  HAVE || process.env.CI === 'true'
    ? false
    : `${CHROMIUM} is missing: install Debian's chromium to run the browser tests`;

let srv: RunningServer;
let browser: Browser;
let ticket: string;

before(async () => {
  if (skip) return;
  const root = makeRoot();
  serverOk(root, ['repo', 'create', 'team/secret', '--description', 'Private work']);
  serverOk(root, ['repo', 'create', 'docs', '--public']);
  serverOk(root, ['grant', 'ann', 'team/secret', 'write']);
  srv = await startServerProcess(root);
  const token = serverOk(root, ['token', 'add', 'ann', '--name', 'setup']).trim();
  const res = await fetch(`${srv.url}team/secret/api/tickets`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Private crash', body: 'Only for the team' }),
  });
  ticket = (await res.json()).ticket.id;
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
});
after(async () => {
  await browser?.close();
  await srv?.stop();
});

test('sign in, open a private repository, comment, sign out: the repository is gone from the home page', {
  skip,
}, async () => {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // a 404 page is expected where access is refused; a stylesheet, script or fetch that fails is not
  page.on('response', (r) => {
    if (r.status() >= 400 && r.request().resourceType() !== 'document') errors.push(`${r.status()} ${r.url()}`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 404/.test(m.text())) errors.push(m.text());
  });
  await page.goto(srv.url);
  assert.equal(await page.locator('.repo-name', { hasText: 'team/secret' }).count(), 0, 'anonymous: not listed');
  assert.equal(await page.locator('.repo-name', { hasText: 'docs' }).count(), 1);
  assert.equal((await page.goto(`${srv.url}team/secret/`))!.status(), 404);

  await page.goto(`${srv.url}-/signin`);
  await page.fill('#name', PEOPLE.ann.name);
  await page.fill('#password', PEOPLE.ann.password);
  await page.click('#sign-in-submit');
  await page.waitForURL(srv.url);
  await page.click('.repo-name:has-text("team/secret")');
  await page.waitForURL(`${srv.url}team/secret/`);
  await page.click('text=Private crash');
  await page.waitForURL(new RegExp(`/team/secret/tickets/${ticket}$`));

  const form = page.locator('form:has(#comment-button)');
  await form.locator('textarea[name="body"]').fill('Seen it too, **bold**');
  // the preview is fetched by script from the repository's own API path
  await form.locator('.js-preview').click();
  await form.locator('strong', { hasText: 'bold' }).waitFor();
  await form.locator('.js-write').click();
  await page.click('#comment-button');
  await page.waitForURL(new RegExp(`/team/secret/tickets/${ticket}$`));
  assert.equal(
    (await page.locator('.comment-body, .markdown-body', { hasText: 'Seen it too' }).count()) > 0,
    true,
    'the comment shows',
  );
  assert.match(await page.content(), /ann<\/a>/, 'written as ann');

  await page.click('#sign-out');
  await page.waitForURL(srv.url);
  assert.equal(
    await page.locator('.repo-name', { hasText: 'team/secret' }).count(),
    0,
    'signed out: the private repository is gone',
  );
  assert.equal(await page.locator('#sign-in').count(), 1);
  assert.equal((await page.goto(`${srv.url}team/secret/tickets/${ticket}`))!.status(), 404);
  assert.deepEqual(errors, [], 'no script errors (CSP allows what the pages need)');
});
