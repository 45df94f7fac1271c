// Sign-up in Chromium against a real `dit server --signup --smtp` and a real SMTP server on 127.0.0.1:
// from the sign-in page to the form, the mailed link, its confirm button, then signing in with the
// new password, reading a public repository, and taking part there: a new ticket, a comment, a vote.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Locator } from 'playwright-core';
import { assertQuiet, freshPage, launch, skip } from '../support/browser-harness.js';
import {
  mailReceiver,
  makeRoot,
  type ReceivedMail,
  type RunningServer,
  serverOk,
  startServerProcess,
} from '../support/server-helpers.js';

/** An element's text with its white space as one space. */
const words = async (l: Locator) => ((await l.textContent()) ?? '').replace(/\s+/g, ' ').trim();

let smtp: Awaited<ReturnType<typeof mailReceiver>> | undefined;
let srv: RunningServer;
let browser: Browser;
let mails: ReceivedMail[] = [];

before(async () => {
  if (skip) return;
  smtp = await mailReceiver();
  mails = smtp.mails;
  const root = makeRoot();
  serverOk(root, ['repo', 'create', 'docs', '--public', '--description', 'The manual']);
  serverOk(root, ['repo', 'create', 'team/secret']);
  const port = smtp.port;
  srv = await startServerProcess(root, ['--signup', '--smtp', `smtp://127.0.0.1:${port}`]);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await srv?.stop();
  await smtp?.close();
});

test('sign up, follow the mailed link, confirm, sign in, open a ticket and comment in a public repository', {
  skip,
}, async () => {
  const { ctx, page, watch } = await freshPage(browser);
  try {
    await page.goto(`${srv.url}-/signin`);
    await page.click('#sign-up-link');
    await page.waitForURL(`${srv.url}-/signup`);
    await page.fill('#signup-name', 'newcomer');
    await page.fill('#signup-email', 'newcomer@example.org');
    await page.fill('#signup-password', 'newcomer-secret-1');
    await page.click('#sign-up-submit');
    await page.locator('#check-mail').waitFor();
    assert.match(await words(page.locator('#check-mail')), /We sent a link to newcomer@example\.org/);

    const t = Date.now();
    while (!mails.length && Date.now() - t < 10_000) await new Promise((r) => setTimeout(r, 50));
    assert.equal(mails.length, 1, 'one mail');
    const text = mails[0]!.raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    const link = /(http:\/\/127\.0\.0\.1:\d+\/-\/signup\/confirm\/[A-Za-z0-9_-]+)/.exec(text)?.[1];
    assert.ok(link, text);

    // not an account until confirmed
    await page.goto(`${srv.url}-/signin`);
    await page.fill('#name', 'newcomer');
    await page.fill('#password', 'newcomer-secret-1');
    await page.click('#sign-in-submit');
    await page.locator('#flash', { hasText: 'Wrong name or password.' }).waitFor();

    await page.goto(link);
    assert.match(await words(page.locator('main')), /Create the account newcomer for newcomer@example\.org\?/);
    await page.click('#confirm-submit');
    await page.waitForURL(`${srv.url}-/signin?confirmed=newcomer`);
    assert.match(await words(page.locator('#notice')), /Your account newcomer is confirmed/);
    assert.equal(await page.inputValue('#name'), 'newcomer', 'the name is filled in');
    await page.fill('#password', 'newcomer-secret-1');
    await page.click('#sign-in-submit');
    await page.waitForURL(srv.url);
    assert.equal(await words(page.locator('#account-link')), 'newcomer');
    assert.equal(await page.locator('.repo-name', { hasText: 'docs' }).count(), 1, 'the public repository');
    assert.equal(await page.locator('.repo-name', { hasText: 'team/secret' }).count(), 0, 'not the private one');
    await page.click('.repo-name:has-text("docs")');
    await page.waitForURL(`${srv.url}docs/`);

    // the reader's rights: a new account opens a ticket and comments on it, written as itself
    await page.click('#new-ticket');
    await page.waitForURL(`${srv.url}docs/tickets/new`);
    assert.equal(await page.locator('select[name="priority"]').count(), 0, 'no fields a reader may not set');
    await page.fill('#new-title', 'The manual skips the install step');
    await page.fill('#editor-body', 'Chapter 2 assumes it is done.');
    await page.click('#submit-new');
    await page.waitForURL(/\/docs\/tickets\/[0-9a-f]{40}$/);
    assert.match(await words(page.locator('.ticket-heading')), /The manual skips the install step/);
    await page.fill('#editor-body', 'I can send a patch for it.');
    await page.click('#comment-button');
    await page.locator('.comment', { hasText: 'I can send a patch for it.' }).waitFor();
    assert.match(
      await words(page.locator('.comment', { hasText: 'I can send a patch for it.' }).locator('.comment-head')),
      /newcomer commented/,
    );
    await page.click('#vote-button');
    await page.locator('#vote-button', { hasText: 'Unvote · 1' }).waitFor();

    // the link is used up
    const again = await page.goto(link);
    assert.equal(again!.status(), 404);
    assert.match(await words(page.locator('main')), /unknown, used already or expired/);
    watch.serverErrors = watch.serverErrors.filter((e) => !e.startsWith('404'));
    assertQuiet(watch);
  } finally {
    await ctx.close();
  }
});
