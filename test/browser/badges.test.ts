// Signature badges on a `dit serve` ticket page in Chromium: Verified and Unverified on comments and
// events, none on unsigned entries, and popovers naming the signer, the key fingerprint and the reason,
// readable and inside the window at 390 and 1280 px, light and dark.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  assertQuiet,
  launch,
  newContext,
  type Served,
  screenshotDir,
  serve,
  skip,
  stop,
} from '../support/browser-harness.js';
import { newTicket, type Repo, tempRepo } from '../support/helpers.js';
import { type SshTestKey, sshKey } from '../support/keys.js';
import { backgroundOf, contrast } from '../support/page-checks.js';
import { sshSigning } from '../support/signing.js';

describe('signature badges in Chromium', { skip }, () => {
  let r: Repo;
  let s: Served;
  let browser: Browser;
  let id: string;
  let key: SshTestKey;
  let stranger: SshTestKey;
  const shots = screenshotDir();

  before(async () => {
    r = tempRepo();
    ({ key } = sshSigning(r));
    id = newTicket(r, 'Signed ticket');
    r.ok('comment', id, 'a signed comment');
    r.ok('label', id, '+bug');
    r.ok('comment', id, 'an unsigned comment', '--no-sign');
    stranger = sshKey('ed25519');
    r.git('config', 'user.signingKey', stranger.priv);
    r.ok('comment', id, 'signed by a key nobody knows');
    s = await serve(r);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await stop(s);
  });

  const comment = (p: Page, body: string) => p.locator('.comment', { hasText: body });

  for (const width of [390, 1280])
    for (const scheme of ['light', 'dark'] as const)
      test(`badges and popovers at ${width} px, ${scheme}`, async () => {
        const { ctx, watch } = await newContext(browser, { colorScheme: scheme, viewport: { width, height: 900 } });
        try {
          const p = await ctx.newPage();
          await p.goto(`${s.url}tickets/${id}`);
          // the description, the signed comment and the label event are verified; the stranger's comment is not
          assert.equal(await p.locator('.verdict-verified').count(), 3);
          assert.equal(await p.locator('.verdict-unverified').count(), 1);
          assert.equal(await comment(p, 'an unsigned comment').locator('.verdict').count(), 0, 'unsigned: no badge');
          assert.equal(await p.locator('.event', { hasText: 'bug' }).locator('.verdict-verified').count(), 1);

          const signed = comment(p, 'a signed comment').locator('.verdict');
          assert.equal(((await signed.locator('summary').textContent()) ?? '').trim(), 'Verified');
          const pop = signed.locator('.verdict-popover');
          assert.equal(await pop.isVisible(), false, 'closed until clicked');
          await signed.locator('summary').click();
          await pop.waitFor({ state: 'visible' });
          const said = ((await pop.textContent()) ?? '').replace(/\s+/g, ' ');
          assert.match(said, /signed with ann@example\.com's verified signature/);
          assert.ok(said.includes(key.fingerprint), `the popover names the key: ${said}`);
          const box = (await pop.boundingBox())!;
          assert.ok(
            box.x >= 0 && box.x + box.width <= width,
            `the popover fits in ${width} px: ${JSON.stringify(box)}`,
          );
          const message = pop.locator('.Popover-message');
          const fg = await message.evaluate((e) => getComputedStyle(e).color);
          const ratio = contrast(fg, await backgroundOf(message));
          assert.ok(ratio >= 4.5, `popover text is readable in ${scheme}: contrast ${ratio.toFixed(2)}`);

          const bad = comment(p, 'signed by a key nobody knows').locator('.verdict');
          assert.equal(((await bad.locator('summary').textContent()) ?? '').trim(), 'Unverified');
          await bad.locator('summary').click();
          const badPop = bad.locator('.verdict-popover');
          await badPop.waitFor({ state: 'visible' });
          const why = ((await badPop.textContent()) ?? '').replace(/\s+/g, ' ');
          assert.match(why, /could not be verified: .*allowed signer/);
          assert.ok(why.includes(stranger.fingerprint));
          const badBox = (await badPop.boundingBox())!;
          assert.ok(badBox.x >= 0 && badBox.x + badBox.width <= width, `fits: ${JSON.stringify(badBox)}`);
          if (shots) await p.screenshot({ path: join(shots, `badges-${width}-${scheme}.png`), fullPage: true });
          const overflow = await p.evaluate(
            () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
          );
          assert.equal(overflow, 0, `the page does not scroll sideways at ${width} px`);
          assertQuiet(watch);
        } finally {
          await ctx.close();
        }
      });
});
