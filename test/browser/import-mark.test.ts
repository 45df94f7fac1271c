// The import mark in Chromium: a ticket imported from the Gitblit fixture shows each original author as
// "alfsch (imported from Gitblit, by Ann Author)" on its `dit serve` page, readable and inside the window
// at 390 and 1280 px, light and dark, with no WCAG 2 A or AA violation axe finds.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Locator } from 'playwright-core';
import {
  assertQuiet,
  CI,
  launch,
  newContext,
  type Served,
  screenshotDir,
  serve,
  skip,
  stop,
} from '../support/browser-harness.js';
import { GITBLIT_FIXTURE, type Repo, tempRepo } from '../support/helpers.js';
import { axeReport, axeViolations, backgroundOf, contrast } from '../support/page-checks.js';

const noFixture =
  !GITBLIT_FIXTURE && !CI ? 'the Gitblit fixture (../shared/fixtures/gitblit-tickets) is missing' : false;

const words = async (l: Locator) => ((await l.textContent()) ?? '').replace(/\s+/g, ' ').trim();

describe('the import mark in Chromium', { skip: skip || noFixture }, () => {
  let r: Repo;
  let s: Served;
  let browser: Browser;
  let id: string;
  const shots = screenshotDir();

  before(async () => {
    assert.ok(GITBLIT_FIXTURE, 'CI must have ../shared/fixtures/gitblit-tickets');
    r = tempRepo();
    r.ok('import', '--gitblit', GITBLIT_FIXTURE);
    id = r.json('show', 'gitblit#5').ticket.id;
    s = await serve(r);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await stop(s);
  });

  for (const width of [390, 1280])
    for (const scheme of ['light', 'dark'] as const)
      test(`an imported ticket names its original authors, marked as imported, at ${width} px, ${scheme}`, async () => {
        const { ctx, watch } = await newContext(browser, { colorScheme: scheme, viewport: { width, height: 900 } });
        try {
          const p = await ctx.newPage();
          const res = await p.goto(`${s.url}tickets/${id}`);
          assert.equal(res?.status(), 200);
          // gitblit#5: three comments, by alfsch, james and alfsch in Gitblit, each imported by the repository's author
          const comments = p.locator('.comment', { has: p.locator('.import-mark') });
          assert.ok((await comments.count()) >= 3, 'the comments carry the mark');
          const heads: string[] = [];
          for (const c of await comments.all()) {
            const mark = c.locator('.import-mark').first();
            const who = await words(mark.locator('xpath=preceding-sibling::a[1]'));
            heads.push(`${who} ${await words(mark)}`);
          }
          for (const name of ['alfsch', 'james'])
            assert.ok(
              heads.includes(`${name} (imported from Gitblit, by Ann Author)`),
              `"${name} (imported from Gitblit, by Ann Author)" among ${JSON.stringify(heads)}`,
            );
          assert.doesNotMatch(await words(p.locator('main')), /Ann Author commented/, 'the importer is not the author');

          const mark = comments.first().locator('.import-mark').first();
          assert.ok(await mark.isVisible());
          const box = (await mark.boundingBox())!;
          assert.ok(box.x >= 0 && box.x + box.width <= width, `the mark fits in ${width} px: ${JSON.stringify(box)}`);
          const fg = await mark.evaluate((e) => getComputedStyle(e).color);
          const ratio = contrast(fg, await backgroundOf(mark));
          assert.ok(ratio >= 4.5, `the mark is readable in ${scheme}: contrast ${ratio.toFixed(2)}`);
          const overflow = await p.evaluate(
            () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
          );
          assert.equal(overflow, 0, `the page does not scroll sideways at ${width} px`);

          // axe's WCAG 2 A and AA rules
          const violations = await axeViolations(p);
          assert.deepEqual(violations, [], axeReport(`axe at ${width} px, ${scheme}`, violations));
          if (shots) await p.screenshot({ path: join(shots, `import-mark-${width}-${scheme}.png`), fullPage: true });
          assertQuiet(watch);
        } finally {
          await ctx.close();
        }
      });
});
