// Writing comments in Chromium against a real `dit serve`: `@` completes people and `#` ticket titles,
// the Markdown toolbar wraps the selection, and without script the box is a plain textarea that posts;
// the watchers (cc) picker, a filterable popover with script and a plain form without; avatars that
// ask no other host for anything unless the server turns Gravatar on.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  assertPosted,
  assertQuiet,
  freshPage,
  go,
  launch,
  type Served,
  serve,
  skip,
  stop,
} from '../support/browser-harness.js';
import { newTicket, type Repo, tempRepo } from '../support/helpers.js';

describe('comment boxes in Chromium', { skip }, () => {
  let repo: Repo;
  let s: Served;
  let browser: Browser;
  let crash: string;
  let manual: string;

  before(async () => {
    repo = tempRepo();
    repo.as({ name: 'Carol Coder', email: 'carol@example.com' }).write('a.txt', 'a\n');
    repo.as({ name: 'Carol Coder', email: 'carol@example.com' }).commit('Carol writes code');
    crash = newTicket(repo, 'Crash when saving');
    manual = newTicket(repo, 'Write the manual');
    repo.commit('tickets');
    s = await serve(repo);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await stop(s);
  });

  const box = (p: Page) => p.locator('#comment-box textarea');
  const ticket = async (p: Page) => {
    await p.goto(`${s.url}tickets/${crash}`);
    await box(p).click();
  };

  test('@ lists matching people; Enter inserts the mention', async () => {
    const { ctx, page, watch } = await freshPage(browser);
    try {
      await ticket(page);
      await box(page).pressSequentially('Thanks @car');
      const option = page.locator('.suggester [role="option"]').first();
      await option.waitFor();
      assert.match((await option.textContent()) ?? '', /Carol Coder/);
      await box(page).press('Enter');
      assert.equal(await box(page).inputValue(), 'Thanks @carol ');
      assert.ok(await page.locator('.suggester').isHidden(), 'the list closes');
      assertQuiet(watch);
    } finally {
      await ctx.close();
    }
  });

  test('# lists tickets by title; a click inserts the short id', async () => {
    const { ctx, page, watch } = await freshPage(browser);
    try {
      await ticket(page);
      await box(page).pressSequentially('See #manu');
      const option = page.locator('.suggester [role="option"]').first();
      await option.waitFor();
      assert.match((await option.textContent()) ?? '', /Write the manual/);
      await option.click();
      assert.equal(await box(page).inputValue(), `See #${manual.slice(0, 7)} `);
      await box(page).pressSequentially('x');
      assert.ok(await page.locator('.suggester').isHidden());
      // Escape closes the list without inserting
      await box(page).pressSequentially(' #cra');
      await page.locator('.suggester [role="option"]').first().waitFor();
      await box(page).press('Escape');
      assert.ok(await page.locator('.suggester').isHidden());
      assert.ok((await box(page).inputValue()).endsWith(' #cra'));
      assertQuiet(watch);
    } finally {
      await ctx.close();
    }
  });

  test('the toolbar wraps the selection and prefixes lines; pressing again unwraps', async () => {
    const { ctx, page, watch } = await freshPage(browser);
    try {
      await ticket(page);
      const area = box(page);
      const tool = (name: string) => page.locator(`#comment-box .markdown-toolbar [data-md="${name}"]`);
      assert.equal(await page.locator('#comment-box .markdown-toolbar button').count(), 7);
      const select = (a: number, b: number) =>
        area.evaluate((el: HTMLTextAreaElement, [x, y]) => el.setSelectionRange(x!, y!), [a, b]);
      await area.fill('make it fast');
      await select(5, 7);
      await tool('bold').click();
      assert.equal(await area.inputValue(), 'make **it** fast');
      await tool('bold').click();
      assert.equal(await area.inputValue(), 'make it fast', 'the selection is still the word: bold again unwraps');
      await select(5, 7);
      await tool('italic').click();
      await select(0, 4);
      await tool('code').click();
      assert.equal(await area.inputValue(), '`make` _it_ fast');
      await area.fill('docs');
      await select(0, 4);
      await tool('link').click();
      assert.equal(await area.inputValue(), '[docs](url)');
      assert.deepEqual(
        await area.evaluate((el: HTMLTextAreaElement) => [el.selectionStart, el.selectionEnd]),
        [7, 10],
        'the url placeholder is selected to type over',
      );
      await area.fill('one\ntwo');
      await select(0, 7);
      await tool('tasks').click();
      assert.equal(await area.inputValue(), '- [ ] one\n- [ ] two');
      await area.fill('said');
      await select(2, 2);
      await tool('quote').click();
      await tool('list').click();
      assert.equal(await area.inputValue(), '- > said');
      await area.fill('code\nblock');
      await select(0, 10);
      await tool('code').click();
      assert.equal(await area.inputValue(), '```\ncode\nblock\n```');
      await area.fill('x');
      await select(0, 1);
      await area.press('Control+b');
      assert.equal(await area.inputValue(), '**x**', 'Ctrl+B bolds');
      // what the toolbar wrote posts as any comment
      await area.fill('**bold** and - [ ] a task');
      assertPosted(await go(page, page.locator('#comment-button')));
      assert.ok(await page.locator('.comment-body strong', { hasText: 'bold' }).count());
      assertQuiet(watch);
    } finally {
      await ctx.close();
    }
  });

  test('without script: no toolbar, no suggester, and the comment still posts', async () => {
    const { ctx, page, watch } = await freshPage(browser, { javaScriptEnabled: false });
    try {
      await page.goto(`${s.url}tickets/${crash}`);
      assert.equal(await page.locator('.markdown-toolbar, .suggester').count(), 0);
      await box(page).fill('Plain @carol #abc');
      assertPosted(await go(page, page.locator('#comment-button')));
      assert.ok(await page.locator('.comment-body', { hasText: 'Plain @carol' }).count());
      assertQuiet(watch);
    } finally {
      await ctx.close();
    }
  });

  for (const js of [true, false]) {
    test(`the watchers picker ${js ? 'filters and posts' : 'is a plain form'} ${js ? 'with' : 'without'} script`, async () => {
      const { ctx, page, watch } = await freshPage(browser, { javaScriptEnabled: js });
      try {
        await page.goto(`${s.url}tickets/${js ? manual : crash}`); // each run starts from nobody watching
        const picker = page.locator('#picker-watchers');
        await picker.locator('summary').click();
        const filter = picker.locator('.js-picker-filter');
        if (js) {
          await filter.fill('caro');
          assert.equal(await picker.locator('.picker-item:visible').count(), 1, 'the filter leaves Carol');
          await filter.press('Enter'); // Enter ticks the first match, as GitHub's menus do
          assert.ok(await picker.locator('input[value="carol@example.com"]').isChecked());
        } else {
          assert.ok(await filter.isHidden(), 'no filter box without script');
          await picker.locator('input[value="carol@example.com"]').check();
        }
        await picker.locator('input[name="watcher-other"]').fill(js ? 'dan@example.com' : 'erin@example.com');
        assertPosted(await go(page, picker.locator('button[type="submit"]')));
        const listed = (await page.locator('#watchers').textContent()) ?? '';
        assert.match(listed, /Carol Coder/);
        assert.match(listed, js ? /dan/ : /erin/);
        assertQuiet(watch);
      } finally {
        await ctx.close();
      }
    });
  }

  test('avatars: no request leaves the server by default; with dit.gravatar the page asks Gravatar only', async () => {
    const outside = async (url: string) => {
      const { ctx, page, watch } = await freshPage(browser);
      const asked: string[] = [];
      // nothing may reach the network: every request to another host is noted and refused here
      await ctx.route(
        (u) => !u.href.startsWith(url),
        (route) => {
          asked.push(route.request().url());
          return route.abort();
        },
      );
      try {
        await page.goto(`${url}tickets/${crash}`);
        await page.locator('#participants .dit-avatar').first().waitFor();
        await page.waitForLoadState('networkidle'); // lazy images in view have been asked for by now
        const csp = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
        assert.deepEqual(csp, [], 'no policy violation');
        assertQuiet(watch);
        return asked;
      } finally {
        await ctx.close();
      }
    };
    assert.deepEqual(await outside(s.url), [], 'initials only: no request to any other host');
    repo.git('config', 'dit.gravatar', 'true');
    const on = await serve(repo);
    try {
      const asked = await outside(on.url);
      assert.ok(asked.length > 0, 'the page asked Gravatar for avatars');
      for (const u of asked) assert.match(u, /^https:\/\/www\.gravatar\.com\/avatar\/[0-9a-f]{64}\?s=\d+&d=blank$/);
    } finally {
      repo.git('config', '--unset', 'dit.gravatar');
      await stop(on);
    }
  });
});
