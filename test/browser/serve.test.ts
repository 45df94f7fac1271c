// The web UI in a real browser: Debian's Chromium driven by playwright-core against a real `dit serve`
// on a temporary repository. Create, comment, label, close, filter, switch branch, commit pending
// changes; hostile text renders inertly; everything core works with JavaScript off. Each test has its
// own page and its own tickets (browser-harness.ts). Screenshots of the main pages in light and dark
// are taken only when asked: DIT_SCREENSHOTS=1 (a temporary folder) or DIT_SCREENSHOTS=<folder>.

import assert from 'node:assert/strict';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  assertPosted,
  assertQuiet,
  CHROMIUM,
  CI,
  freshPage,
  go,
  HAVE,
  idFrom,
  launch,
  newContext,
  REBIND_HOST,
  rowIds,
  type Served,
  screenshotDir,
  serve,
  skip,
  stop,
  text,
  type Watch,
} from '../support/browser-harness.js';
import { type Repo, tempDir, tempRepo } from '../support/helpers.js';

test('Chromium is installed for the browser tests', { skip: HAVE || CI ? false : skip }, () => {
  assert.ok(
    existsSync(CHROMIUM),
    `${CHROMIUM} is missing; CI must install Debian's chromium (.ci/run does it with apt-get)`,
  );
});

// ---- the tour ------------------------------------------------------------------------------------

describe('the web UI in Chromium', { skip }, () => {
  let r: Repo;
  let s: Served;
  let browser: Browser;
  // every test gets a context and page of its own: a failure leaves nothing behind for the next one
  let ctx: BrowserContext;
  let watch: Watch;
  let page: Page;

  before(async () => {
    r = tempRepo();
    r.ok('label-def', 'ui', '--color', '1d76db', '-d', 'The web UI', '--commit');
    r.ok('label-def', 'bug', '--color', 'd73a4a', '-d', 'Something is broken', '--commit');
    r.ok('label-def', 'docs', '--color', 'fef2c0', '--commit');
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

  /** A ticket of this test's own, made with the CLI, and its page open. */
  const opened = async (title: string, ...args: string[]): Promise<string> => {
    const id = r.json('new', title, ...args).ticket.id as string;
    await page.goto(`${s.url}tickets/${id}`);
    return id;
  };

  test('every page carries a Content-Security-Policy that forbids inline script', async () => {
    const res = await page.goto(s.url);
    assert.equal(res?.status(), 200);
    const csp = res!.headers()['content-security-policy'] ?? '';
    assert.match(csp, /(^|;)\s*script-src 'self'\s*(;|$)/, `script-src must be 'self' only, not "${csp}"`);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(res!.headers()['x-content-type-options'], 'nosniff');
    assert.equal(await text(page.locator('.blankslate-heading')), 'No tickets yet');
    assert.equal(await page.locator('html.js').count(), 1, 'app.js ran (CSP allows the page its own script)');
    assertQuiet(watch);
  });

  test('pages render in standards mode (they start with <!DOCTYPE html>)', async () => {
    for (const path of ['', 'tickets/new', 'labels', 'milestones', 'help', 'no-such-page']) {
      await page.goto(s.url + path);
      // without a doctype Chromium lays pages out in quirks mode: forms grow a bottom margin, tables lose font sizes
      assert.equal(
        await page.evaluate(() => document.compatMode),
        'CSS1Compat',
        `/${path} renders in quirks mode: the HTML lacks <!DOCTYPE html>`,
      );
    }
  });

  test('create a ticket at /tickets/new: title, Markdown body, a label; land on its page, rendered', async () => {
    await page.goto(s.url);
    await go(page, page.locator('#new-ticket'));
    assert.equal(new URL(page.url()).pathname, '/tickets/new');
    await page.fill('#new-title', 'Saving an empty file crashes');
    await page.fill(
      '#editor-body',
      'Steps:\n\n1. open an *empty* file\n2. press **save**\n\n> it crashes\n\n| a | b |\n|---|---|\n| 1 | 2 |',
    );
    await page.check('input[name="label"][value="bug"]');
    const res = await go(page, page.locator('#submit-new'));
    assertPosted(res);
    const first = idFrom(page);
    assert.equal(await text(page.locator('h1 .js-title')), 'Saving an empty file crashes');
    const desc = page.locator('#description .comment-body');
    assert.equal(await text(desc.locator('ol > li > strong')), 'save');
    assert.equal(await text(desc.locator('ol > li > em')), 'empty');
    assert.equal(await text(desc.locator('blockquote')), 'it crashes');
    assert.equal(await desc.locator('table td').count(), 2, 'GitHub tables render');
    assert.deepEqual(await page.locator('#sidebar-labels .IssueLabel').allTextContents(), ['bug']);
    assert.equal(await text(page.locator('.gh-header .State')), 'Open');
    const t = r.json('show', first).ticket;
    assert.equal(t.title, 'Saving an empty file crashes');
    assert.deepEqual(t.labels, ['bug']);
    assert.match(t.body, /press \*\*save\*\*/);
    assertQuiet(watch);
  });

  test('the Preview tab shows the rendered Markdown before posting; the comment renders the same', async () => {
    const first = await opened('Previewing comments', '--label', 'bug');
    const short = first.slice(0, 7);
    const md = `This is **bold** and \`inline\`, see #${short}, cc @bob\n\n\`\`\`js\nconst answer = 42;\n\`\`\``;
    const box = page.locator('#comment-box');
    await box.locator('textarea').fill(md);
    await box.locator('.js-preview').click();
    const pane = box.locator('.js-preview-pane');
    await pane.locator('strong').waitFor();
    assert.equal(await text(pane.locator('strong')), 'bold');
    assert.equal(
      await pane.locator('pre code.hljs.language-js .hljs-keyword').first().textContent(),
      'const',
      'code is highlighted',
    );
    assert.equal(await box.locator('textarea').isHidden(), true, 'the textarea hides while previewing');
    assert.equal(await box.locator('.js-preview').getAttribute('aria-pressed'), 'true');
    await box.locator('.js-write').click();
    assert.equal(await box.locator('textarea').isVisible(), true);
    assert.equal(await box.locator('textarea').inputValue(), md, 'previewing keeps the text');

    assertPosted(await go(page, page.locator('#comment-button')));
    const c = page.locator('.timeline .comment[id^="comment-"]').last();
    assert.equal(await text(c.locator('.comment-body strong')), 'bold');
    assert.equal(await c.locator('.comment-body pre code.language-js .hljs-keyword').first().textContent(), 'const');
    assert.equal(
      await c.locator('.comment-body a.issue-link').getAttribute('href'),
      `/tickets/${first}`,
      '#id links the ticket',
    );
    assert.equal(await text(c.locator('.comment-body .user-mention')), '@bob');
    assert.equal(await page.locator('#comment-box textarea').inputValue(), '', 'the box is empty after posting');
    assert.deepEqual(
      r.json('show', first).ticket.comments.map((x: { body: string }) => x.body),
      [md],
    );
    assertQuiet(watch);
  });

  test('label it from the sidebar "Edit labels" form', async () => {
    const first = await opened('Labels from the sidebar', '--label', 'bug');
    const side = page.locator('#sidebar-labels');
    await side.locator('summary', { hasText: 'Edit labels' }).click();
    await side.locator('input[name="label"][value="ui"]').check();
    await side.locator('input[name="new"]').fill('regression');
    assertPosted(await go(page, side.locator('button[type="submit"]', { hasText: 'Apply' })));
    assert.deepEqual(await page.locator('#sidebar-labels .IssueLabel').allTextContents(), ['bug', 'regression', 'ui']);
    const added = page.locator('.timeline .event').last();
    assert.match(await text(added), /added/);
    assert.deepEqual(
      (await added.locator('.IssueLabel').allTextContents()).sort(),
      ['regression', 'ui'],
      'the timeline shows the labels added',
    );
    assert.equal(
      await page.locator('#sidebar-labels .IssueLabel', { hasText: 'ui' }).getAttribute('style'),
      'background-color:#1d76db;color:#ffffff;border-color:transparent',
      'the label shows in its defined colour',
    );
    assert.deepEqual(r.json('show', first).ticket.labels, ['bug', 'regression', 'ui']);
    assertQuiet(watch);
  });

  test('close it with the comment box Close button; the state badge turns to Fixed', async () => {
    const first = await opened('Closing from the comment box', '--label', 'bug');
    await page.locator('#comment-box textarea').fill('Fixed by guarding the **empty** buffer.');
    assert.equal(
      await page.locator('#comment-box select[name="close"]').inputValue(),
      'fixed',
      'a bug closes as fixed by default',
    );
    assertPosted(await go(page, page.locator('#close-button')));
    const badge = page.locator('.gh-header .State');
    assert.equal(await text(badge), 'Fixed');
    assert.match((await badge.getAttribute('class')) ?? '', /State--merged/);
    assert.equal(await page.locator('#close-button').count(), 0);
    assert.equal(await page.locator('#reopen-button').count(), 1, 'a closed ticket offers Reopen');
    assert.match(await text(page.locator('.timeline .event').last()), /closed this as fixed/);
    assert.equal(
      await text(page.locator('.timeline .comment').last().locator('.comment-body strong')),
      'empty',
      'the closing comment renders',
    );
    assert.equal(r.json('show', first).ticket.status, 'fixed');
    assertQuiet(watch);
  });

  test('the pending-changes banner counts staged .dit/ entries; its button commits only those', async () => {
    // changes of this test's own, staged as the UI stages them
    const first = r.json('new', 'Pending changes', '--label', 'bug').ticket.id as string;
    r.ok('comment', first, 'One more thing');
    r.ok('close', first, '--status', 'fixed');
    r.write('notes.txt', 'unrelated work in progress\n');
    r.git('add', 'notes.txt');
    await page.goto(s.url);
    const staged = r.git('diff', '--cached', '--name-only', '--', '.dit/').trim().split('\n').filter(Boolean);
    assert.ok(staged.length >= 3, `the writes are staged: ${staged.join(', ')}`);
    const banner = page.locator('.flash-warn');
    assert.match(await text(banner), new RegExp(`^${staged.length} ticket changes not committed yet`));
    const before = r.git('rev-parse', 'HEAD').trim();
    await banner.locator('input[name="message"]').fill('Tickets from the browser');
    assertPosted(await go(page, banner.locator('button', { hasText: 'Commit ticket changes' })));
    assert.equal(new URL(page.url()).pathname, '/', 'back where the button was pressed');
    assert.equal(await page.locator('.flash-warn').count(), 0, 'the banner is gone');
    assert.equal(r.git('rev-parse', 'HEAD^').trim(), before, 'one new commit');
    assert.equal(r.git('log', '-1', '--format=%s').trim(), 'Tickets from the browser');
    assert.deepEqual(
      r.git('show', '--name-only', '--format=', 'HEAD').trim().split('\n').sort(),
      staged.sort(),
      'the commit holds the .dit/ entries',
    );
    assert.equal(r.git('status', '--porcelain', '--', '.dit/').trim(), '', 'nothing under .dit/ left uncommitted');
    assert.equal(r.git('diff', '--cached', '--name-only').trim(), 'notes.txt', 'other staged work stays staged');
    r.git('reset', '-q', '--', 'notes.txt');
    rmSync(join(r.dir, 'notes.txt'));
    assert.equal(r.json('show', first, '--branch', 'main').ticket.status, 'fixed', 'the ticket is on main now');
    assertQuiet(watch);
  });

  test('filter the list with the query box and the Open/Closed tabs', async () => {
    // counts are asserted, so the list is a repository of this test's own
    const own = tempRepo();
    const first = own.json('new', 'Saving an empty file crashes', '--label', 'ui').ticket.id as string;
    own.ok('close', first, '--status', 'fixed');
    const uiOpen = own.ok('new', 'Header overlaps the query box', '--label', 'ui').trim();
    const bugOpen = own.ok('new', 'Parser drops the last line', '--label', 'bug').trim();
    const uiClosed = own.ok('new', 'Dark mode labels unreadable', '--label', 'ui').trim();
    own.ok('close', uiClosed, '--status', 'fixed');
    const s = await serve(own);
    try {
      await page.goto(s.url);
      const all = await rowIds(page);
      assert.equal(all.length, 2, 'two open tickets');
      assert.equal(await text(page.locator('#tab-open')), '2 Open');
      assert.equal(await text(page.locator('#tab-closed')), '2 Closed');

      await page.fill('#query', 'label:ui');
      await Promise.all([page.waitForNavigation(), page.press('#query', 'Enter')]);
      assert.equal(new URL(page.url()).searchParams.get('q'), 'label:ui');
      assert.deepEqual(
        (await rowIds(page)).map((x) => x.slice(0, 7)),
        [uiOpen],
        'label:ui lists the open ui ticket only',
      );
      assert.equal(await text(page.locator('#tab-open')), '1 Open');
      assert.equal(await text(page.locator('#tab-closed')), '2 Closed');
      assert.ok(!(await rowIds(page)).some((x) => x.startsWith(bugOpen)));

      await go(page, page.locator('#tab-closed'));
      assert.equal(new URL(page.url()).searchParams.get('q'), 'is:closed label:ui', 'the tab keeps the query');
      assert.deepEqual(new Set((await rowIds(page)).map((x) => x.slice(0, 7))), new Set([uiClosed, first.slice(0, 7)]));
      assert.match(await text(page.locator('#tab-closed')), /^2 Closed$/);
      assert.match(
        (await page.locator('#tab-closed').getAttribute('class')) ?? '',
        /text-bold/,
        'the chosen tab is bold',
      );

      await go(page, page.locator('#tab-open'));
      assert.deepEqual(
        (await rowIds(page)).map((x) => x.slice(0, 7)),
        [uiOpen],
      );

      await page.fill('#query', 'label:nosuchlabel');
      await Promise.all([page.waitForNavigation(), page.press('#query', 'Enter')]);
      assert.equal(await text(page.locator('.blankslate-heading')), 'No tickets match this query');

      await page.fill('#query', 'label:(');
      const bad = await Promise.all([page.waitForNavigation(), page.press('#query', 'Enter')]);
      assert.equal(bad[0]?.status(), 400, 'a query that does not parse is a 400');
      assert.equal(await page.locator('#query-error').count(), 1, 'and says what is wrong');
      assertQuiet(watch);
    } finally {
      await stop(s);
    }
  });

  test('keyboard shortcuts: / focuses the query box, c opens a new ticket', async () => {
    await page.goto(s.url);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'query');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await Promise.all([page.waitForNavigation(), page.keyboard.press('c')]);
    assert.equal(new URL(page.url()).pathname, '/tickets/new');
    assertQuiet(watch);
  });

  test('the branch selector shows a ticket fixed by a "fixes #id" commit on another branch', async () => {
    const id = r.json('new', 'Crash on unicode paths', '--label', 'bug', '--commit').ticket.id as string;
    const short = id.slice(0, 7);
    // a branch whose tip says it fixes the ticket, made without touching the working tree
    const fix = r
      .git('commit-tree', 'HEAD^{tree}', '-p', 'HEAD', '-m', `Normalise paths before opening\n\nfixes #${short}`)
      .trim();
    r.git('branch', 'fix-paths', fix);

    await page.goto(s.url);
    assert.ok((await rowIds(page)).includes(id), 'open in the working tree');
    assert.deepEqual(
      await page.locator('#branch-select option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value)),
      ['', 'fix-paths', 'main'],
      'the new branch is offered without a restart',
    );
    await Promise.all([page.waitForNavigation(), page.selectOption('#branch-select', 'fix-paths')]);
    assert.equal(
      new URL(page.url()).searchParams.get('branch'),
      'fix-paths',
      'choosing a branch switches at once (app.js)',
    );
    assert.match(await text(page.locator('.flash-full').first()), /Viewing tickets as seen from branch fix-paths/);
    assert.ok(!(await rowIds(page)).includes(id), 'not open on fix-paths');
    await go(page, page.locator('#tab-closed'));
    assert.equal(new URL(page.url()).searchParams.get('branch'), 'fix-paths', 'the tabs keep the branch');
    const row = page.locator(`.ticket-row[data-id="${id}"]`);
    assert.equal(await row.count(), 1, 'closed on fix-paths');
    assert.match(await text(row), /· fixed/);

    await go(page, row.locator('a.ticket-title'));
    assert.equal(new URL(page.url()).searchParams.get('branch'), 'fix-paths', 'the row link keeps the branch');
    assert.equal(await text(page.locator('.gh-header .State')), 'Fixed');
    assert.equal(
      await page.locator(`.gh-header a.commit-link[href="/commits/${fix}"]`).count(),
      1,
      'the header names the fixing commit',
    );
    assert.match(
      await text(page.locator('.timeline .event').last()),
      new RegExp(`fixed this in commit ${fix.slice(0, 7)} "Normalise paths before opening"`),
    );
    const matrix = page.locator('#branch-matrix');
    assert.match(
      await text(matrix.locator('tr', { hasText: 'fix-paths' })),
      new RegExp(`fix-paths fixed ${fix.slice(0, 7)}`),
    );
    assert.match(await text(matrix.locator('tr', { hasText: 'main' })), /main HEAD new/);

    await go(page, page.locator('.flash-full a', { hasText: 'Back to the working tree' }));
    assert.equal(new URL(page.url()).search, '');
    assert.equal(await text(page.locator('.gh-header .State')), 'Open');

    await go(page, page.locator(`#branch-matrix a[href="/commits/${fix}"]`));
    assert.equal(new URL(page.url()).pathname, `/commits/${fix}`);
    assert.match(await text(page.locator('main')), /Normalise paths before opening/);
    assertQuiet(watch);
  });

  test('cross-site form posts and fetches are refused and write nothing', async () => {
    const before = r.ok('export');
    const evil = await attacker(s.url);
    try {
      const res = await page.goto(`${evil.url}form`);
      // the attacking page submits itself on load, into the dit server
      await page.waitForURL((u) => u.origin === s.origin, { timeout: 10_000 });
      await page.waitForLoadState('load');
      const body = await page.locator('body').textContent();
      assert.match(body ?? '', /cross-site requests may not change anything here/);
      assert.ok(res);
      await page.goto(`${evil.url}fetch`);
      await page.waitForFunction(() => (window as unknown as { done?: boolean }).done === true);
      assert.equal(r.ok('export'), before, 'nothing was written');
      assert.ok(evil.hits() >= 2, 'the attacking pages were served');
    } finally {
      await evil.close();
    }
  });

  test('a foreign Host name (DNS rebinding) is refused', async () => {
    const res = await page.goto(`http://${REBIND_HOST}:${s.port}/`);
    assert.equal(res?.status(), 421);
    const body = (await page.locator('body').textContent()) ?? '';
    assert.match(body, /this server answers to/);
    assert.doesNotMatch(body, /Saving an empty file crashes/, 'no ticket data leaks');
  });

  test('hostile titles, comments, labels and commits render inertly on every page, with and without the CSP', async () => {
    const ids = seedHostile(r);
    for (const bypassCSP of [false, true]) {
      const { ctx: c, watch: w } = await newContext(browser, { bypassCSP });
      try {
        const p = await c.newPage();
        // first, the tripwires themselves: a payload that does run is caught by each of them
        await p.setContent(
          `<img src=x onerror="__xss('control')"><img src=y onerror="alert('control')"><a href="javascript:void 0">x</a>`,
        );
        await p.waitForFunction(() => (window as unknown as { __pwned: boolean }).__pwned === true);
        for (let i = 0; i < 50 && !w.xss.length; i++) await p.waitForTimeout(20);
        assert.deepEqual(w.xss, ['control'], 'the exposed __xss tripwire works');
        assert.deepEqual(w.dialogs, ['alert: control'], 'dialogs are seen');
        await assert.rejects(
          assertInert(p, 'control'),
          /hostile markup survived/,
          'assertInert sees handlers and script URLs',
        );
        w.xss.length = 0;
        w.dialogs.length = 0;
        const urls = [
          '',
          '?q=is:closed',
          '?q=xss',
          ...ids.map((id) => `tickets/${id}`),
          'labels',
          'milestones',
          'milestones?state=closed',
          `commits/${ids.commit}`,
          `tickets/${ids[0]}?branch=main`,
          `tickets/${ids.proposal}`,
          `tickets/${ids.proposal}/commits`,
          `tickets/${ids.proposal}/files`,
          `tickets/${ids.proposal}/files?view=split`,
          `tickets/${ids.proposal}/files?${new URLSearchParams({ file: HOSTILE_FILES[0]! })}`,
          `tickets/${ids.proposal}/compare`,
        ];
        if (!bypassCSP) {
          // a line comment with every hostile body, on a line of the hostile file, through the page's own form
          await p.goto(
            `${s.url}tickets/${ids.proposal}/files?${new URLSearchParams({ path: HOSTILE_FILES[0]!, side: 'new', line: '1' })}`,
          );
          await p.fill('#line-comment-body', HOSTILE_BODIES.join('\n\n'));
          await go(p, p.locator('#line-comment-button'));
          assert.equal(await p.locator('.line-thread').count(), 1, 'the hostile line comment is in the diff');
          const names = await p.locator('.diff-file .file-name bdi').allInnerTexts();
          for (const name of HOSTILE_FILES)
            assert.ok(names.includes(name), `${name} reads as text: ${names.join(' | ')}`);
        }
        for (const u of urls) {
          const res = await p.goto(s.url + u);
          assert.equal(res?.status(), 200, `${u} answered ${res?.status()}`);
          if (!bypassCSP)
            assert.match(res!.headers()['content-security-policy'] ?? '', /script-src 'self'/, `${u} has the CSP`);
          await provoke(p);
          await assertInert(p, u);
          if (!bypassCSP)
            assert.deepEqual(
              await p.evaluate(() => (window as unknown as { __csp: string[] }).__csp),
              [],
              `${u}: nothing even tried to break the CSP`,
            );
        }
        // the hostile title reads as text, exactly as written
        await p.goto(`${s.url}tickets/${ids[0]}`);
        assert.equal(await text(p.locator('h1 .js-title')), HOSTILE_TITLES[0]!.replace(/\s+/g, ' ').trim());
        assert.equal(
          await p.locator('#title-input').inputValue(),
          HOSTILE_TITLES[0],
          'and sits whole in the edit form',
        );
        // the preview renders hostile Markdown through the same sanitiser, into the live page
        const box = p.locator('#comment-box');
        await box.locator('textarea').fill(HOSTILE_BODIES.join('\n\n'));
        await box.locator('.js-preview').click();
        await box.locator('.js-preview-pane p').first().waitFor();
        await provoke(p);
        await assertInert(p, 'preview');
        assert.ok(!w.xss.length && !w.dialogs.length, `injected script ran: ${[...w.xss, ...w.dialogs].join(', ')}`);
        assert.deepEqual(w.errors, []);
        assert.deepEqual(w.serverErrors, []);
      } finally {
        await c.close();
      }
    }
  });

  test('with JavaScript off, creating, commenting, closing and switching branch still work by plain form posts', async () => {
    const { ctx: c, watch: w } = await newContext(browser, { javaScriptEnabled: false });
    try {
      const p = await c.newPage();
      await p.goto(`${s.url}tickets/new`);
      assert.equal(await p.locator('.js-editor-tabs').isHidden(), true, 'no Preview tab without script');
      await p.fill('#new-title', 'Filed without JavaScript');
      await p.fill('#editor-body', 'Plain *forms* work');
      await p.check('input[name="label"][value="docs"]');
      assertPosted(await go(p, p.locator('#submit-new')));
      const id = idFrom(p);
      assert.equal(await text(p.locator('h1 .js-title')), 'Filed without JavaScript');
      assert.equal(await text(p.locator('#description .comment-body em')), 'forms');
      assert.deepEqual(await p.locator('#sidebar-labels .IssueLabel').allTextContents(), ['docs']);

      await p.fill('#comment-box textarea', 'A comment with **no** script');
      assertPosted(await go(p, p.locator('#comment-button')));
      assert.equal(await text(p.locator('.timeline .comment').last().locator('.comment-body strong')), 'no');

      await p.selectOption('#comment-box select[name="close"]', 'wontfix');
      assertPosted(await go(p, p.locator('#close-button')));
      assert.equal(await text(p.locator('.gh-header .State')), 'Wontfix');

      const t = r.json('show', id).ticket;
      assert.equal(t.status, 'wontfix');
      assert.deepEqual(
        t.comments.map((x: { body: string }) => x.body),
        ['A comment with **no** script'],
      );

      // the branch selector has a View button when no script switches it on change
      const view = p.locator('#branch-form button[type="submit"]');
      assert.equal(await view.isVisible(), true);
      await p.selectOption('#branch-select', 'fix-paths');
      await go(p, view);
      assert.equal(new URL(p.url()).searchParams.get('branch'), 'fix-paths');
      assert.equal(
        await p.locator('.flash-full', { hasText: 'Viewing tickets as seen from branch fix-paths' }).count(),
        1,
      );
      assert.deepEqual(w.serverErrors, []);
    } finally {
      await c.close();
    }
  });

  test('the server logged no internal errors', () => {
    assert.doesNotMatch(s.stderr(), /Error|\n\s+at /, s.log());
  });
});

// ---- the hostile corpus ----------------------------------------------------------------------------

/** Titles: text in headings, attributes, <title>, and list rows. */
const HOSTILE_TITLES = [
  `"><script>__xss('title-attr')</script>`,
  `<script>__xss('title-script')</script>`,
  `<img src=x onerror="__xss('title-img')">`,
  `<svg onload="__xss('title-svg')"></svg> '"><iframe src="javascript:__xss('title-iframe')">`,
  `</title><script>__xss('title-tag')</script>`,
  `xss {{constructor.constructor('__xss("tpl")')()}} \${__xss('tpl2')}`,
];

/** Bodies and comments: Markdown and raw HTML, the ways in that sanitisers have missed before. */
const HOSTILE_BODIES = [
  `<script>__xss('script')</script>`,
  `<img src=x onerror="__xss('img-onerror')">`,
  `<img src="x" onerror=__xss('img-unquoted')>`,
  `<svg onload="__xss('svg-onload')"><circle r="5"/></svg>`,
  `<svg><script>__xss('svg-script')</script></svg>`,
  `[click me](javascript:__xss('md-link'))`,
  `[encoded](jav&#x61;script:__xss('md-entity'))`,
  `[data](data:text/html,<script>__xss('md-data')</script>)`,
  `<javascript:__xss('autolink')>`,
  `![img](javascript:__xss('md-img'))`,
  `![x" onerror="__xss('md-img-attr')](x.png)`,
  `<a href="javascript:__xss('html-link')">html link</a>`,
  `<a href="&#106;avascript:__xss('html-entity')">entity link</a>`,
  `<a href="jav\tascript:__xss('html-tab')">tab link</a>`,
  `<a href="#" onclick="__xss('onclick')" onmouseover="__xss('a-hover')">hover me</a>`,
  `<iframe src="javascript:__xss('iframe')"></iframe>`,
  `<iframe srcdoc="<script>parent.__xss('srcdoc')</script>"></iframe>`,
  `<object data="javascript:__xss('object')"></object><embed src="javascript:__xss('embed')">`,
  `<div onmouseover="__xss('div-hover')" style="position:fixed;inset:0">hover anywhere</div>`,
  `<details open ontoggle="__xss('toggle')"><summary>details</summary>x</details>`,
  `<input autofocus onfocus="__xss('autofocus')">`,
  `<body onload="__xss('body')">`,
  `<meta http-equiv="refresh" content="0;url=javascript:__xss('meta')">`,
  `<base href="javascript:__xss('base')//">`,
  `<form action="javascript:__xss('form')"><button formaction="javascript:__xss('formaction')">go</button></form>`,
  `<math><mtext><table><mglyph><style><img src=x onerror="__xss('mxss')">`,
  `<noscript><p title="</noscript><img src=x onerror=__xss('noscript')>">`,
  `<style>@import 'javascript:__xss(1)'; body { display: none }</style>`,
  `<span class="js-preview hljs-x" style="background:url(javascript:__xss('style'))">styled</span>`,
  `<video><source onerror="__xss('video')"></video><audio src=x onerror="__xss('audio')"></audio>`,
  `<marquee onstart="__xss('marquee')">m</marquee>`,
  '```html"><img src=x onerror=__xss(\'fence-lang\')>\n<script>__xss("fenced")</script>\n```',
  "`<img src=x onerror=__xss('inline-code')>`",
  `**bold <img src=x onerror=__xss('in-bold')>** and _<svg onload=__xss('in-em')>_`,
  `<table><tr><td onmouseover="__xss('td')">cell</td></tr></table>`,
  `@"><img src=x onerror=__xss('mention')> #"><script>__xss('ref')</script>`,
];

interface Hostile extends Array<string> {
  commit: string;
  /** A proposal whose file names, diff lines and commit message attack the review pages. */
  proposal: string;
}

/** File names for the proposal: git quotes some of them in its diff headers, the pages must not care. */
const HOSTILE_FILES = [
  `<img src=x onerror="__xss('file-name')">.js`,
  `"><svg onload=__xss('file-svg')> x.ts`,
  `javascript:__xss('file-url').md`,
];

/** Tickets, comments, labels, a milestone and a commit, all written to attack the pages that show them. */
function seedHostile(r: Repo): Hostile {
  const evil = r.as({ name: `Eve" onmouseover="__xss('author')`, email: `eve'"@example.com` });
  r.ok(
    'label-def',
    `"><img src=x onerror=__xss('label-def')>`,
    '--color',
    'ff0000',
    '-d',
    `<script>__xss('label-desc')</script>`,
  );
  r.ok('milestone', 'new', `<svg onload=__xss('milestone')>`, '-d', `<img src=x onerror=__xss('milestone-desc')>`);
  r.ok('milestone', 'new', `"><script>__xss('closed-ms')</script>`);
  r.ok('milestone', 'close', `"><script>__xss('closed-ms')</script>`);
  const ids = HOSTILE_TITLES.map(
    (title, i) =>
      evil.json(
        'new',
        title,
        '-m',
        HOSTILE_BODIES.join('\n\n'),
        '--label',
        `"><img src=x onerror=__xss('label-${i}')>`,
        '--label',
        'xss',
        '--milestone',
        `<svg onload=__xss('milestone')>`,
        '--responsible',
        `<b onmouseover=__xss('resp')>r</b>`,
        '--topic',
        `"><script>__xss('topic')</script>`,
      ).ticket.id as string,
  ) as Hostile;
  for (const b of HOSTILE_BODIES) evil.ok('comment', ids[0]!, b);
  evil.ok('close', ids[1]!, '-m', HOSTILE_BODIES.join('\n'));
  ids.commit = evil.commit(
    `Fix it <img src=x onerror=__xss('commit')>\n\nfixes #${ids[1]!.slice(0, 7)} refs #${ids[0]!.slice(0, 7)}\n\n<script>__xss('commit-body')</script>`,
  );
  const here = r.git('rev-parse', '--abbrev-ref', 'HEAD').trim();
  r.git('checkout', '-q', '-b', 'hostile-change');
  for (const [i, name] of HOSTILE_FILES.entries())
    r.write(
      name,
      `const u = "javascript:__xss('diff-line-${i}')";\n<script>__xss('diff-script')</script>\n<img src=x onerror="__xss('diff-img')">\n`,
    );
  r.write('README', `hello <iframe src="javascript:__xss('readme')">\n`);
  evil.commit(`Change <script>__xss('commit-subject')</script>\n\n<img src=x onerror=__xss('commit-message')>`);
  ids.proposal = (evil.json('propose', '--target', here) as { id: string }).id;
  evil.ok('review', ids.proposal, '--looks-good', '-m', HOSTILE_BODIES.join('\n\n'), '--shared');
  r.git('checkout', '-q', here);
  return ids;
}

/** Fires the events that inline handlers wait for, on every element, as a user would by moving about. */
async function provoke(p: Page): Promise<void> {
  await p.evaluate(() => {
    for (const el of document.querySelectorAll('body *')) {
      for (const type of [
        'mouseover',
        'mouseenter',
        'mousemove',
        'focus',
        'blur',
        'toggle',
        'load',
        'error',
        'animationstart',
        'pointerover',
      ]) {
        el.dispatchEvent(new Event(type, { bubbles: false }));
      }
    }
  });
  await p.mouse.move(10, 10);
  await p.mouse.move(600, 450, { steps: 5 });
  await p.waitForTimeout(50);
}

/** No handler attributes, no foreign scripts or frames, no script URLs, and no tripwire touched. */
async function assertInert(p: Page, where: string): Promise<void> {
  const found = await p.evaluate(() => {
    const bad: string[] = [];
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.attributes) {
        if (/^on/i.test(a.name)) bad.push(`<${el.localName} ${a.name}>`);
        if (
          ['href', 'src', 'action', 'formaction', 'data', 'xlink:href', 'srcdoc', 'background', 'poster'].includes(
            a.name.toLowerCase(),
          )
        ) {
          if (a.name === 'srcdoc') {
            bad.push(`<${el.localName} srcdoc>`);
            continue;
          }
          let proto = '';
          try {
            proto = new URL(a.value, location.href).protocol;
          } catch {
            proto = 'unparseable:';
          }
          if (!['http:', 'https:', 'mailto:'].includes(proto)) bad.push(`<${el.localName} ${a.name}="${a.value}">`);
        }
      }
    }
    for (const s of document.scripts)
      if (!/^\/assets\/app\.[\w-]*\.?js$/.test(new URL(s.src || 'inline:', location.href).pathname))
        bad.push(`<script src="${s.src}">${s.text.slice(0, 40)}`);
    for (const sel of [
      'iframe',
      'frame',
      'object',
      'embed',
      'base',
      'meta[http-equiv]',
      'body style',
      'form[action^="javascript" i]',
      'svg:not(.octicon)',
      '.markdown-body svg',
      '.markdown-body form',
      '.markdown-body input:not([type="checkbox"][disabled])',
      '.markdown-body style',
    ]) {
      for (const el of document.querySelectorAll(sel)) bad.push(`${sel}: ${el.outerHTML.slice(0, 80)}`);
    }
    const w = window as unknown as { __pwned: boolean };
    if (w.__pwned) bad.push('window.__pwned');
    return bad;
  });
  assert.deepEqual(found, [], `${where}: hostile markup survived`);
}

/** A page on another origin (another port) that tries to change things on the dit server. */
async function attacker(target: string): Promise<{ url: string; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const pages: Record<string, string> = {
    '/form': `<!doctype html><form method="post" action="${target}tickets" id="f">
      <input name="title" value="CSRF ticket"><input name="_csrf" value="guessed"><input name="body" value="x"></form>
      <script>addEventListener('load', () => setTimeout(() => document.getElementById('f').submit(), 100))</script>`,
    '/fetch': `<!doctype html><script>
      Promise.allSettled([
        fetch('${target}api/tickets', { method: 'POST', mode: 'no-cors',
          headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ title: 'CSRF via fetch' }) }),
        fetch('${target}tickets', { method: 'POST', mode: 'no-cors',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'title=CSRF+via+form+fetch' }),
        fetch('${target}commit', { method: 'POST', mode: 'no-cors', body: new URLSearchParams({ message: 'pwned' }) }),
      ]).then(() => { window.done = true; });
    </script>`,
  };
  const server: Server = createServer((req, res) => {
    hits++;
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(pages[req.url ?? ''] ?? 'nothing');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    hits: () => hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

// ---- screenshots -----------------------------------------------------------------------------------

/** Where the pictures go: nowhere unless asked (browser-harness.ts). */
const SHOTS = screenshotDir();

describe('screenshots of the main pages, light and dark', { skip }, () => {
  let r: Repo;
  let s: Served;
  let browser: Browser;
  const ids: string[] = [];

  before(async () => {
    r = tempRepo();
    const file = join(tempDir(), 'tickets.jsonl');
    writeFileSync(
      file,
      `${seedLines()
        .map((t) => JSON.stringify(t))
        .join('\n')}\n`,
    );
    r.ok('import', file);
    s = await serve(r);
    browser = await launch();
    // label colours and milestone dates through the JSON API, then committed, as a script would
    const session = (await (await fetch(`${s.url}api/session`)).json()) as { token: string };
    const post = async (path: string, body: unknown, method = 'POST') => {
      const res = await fetch(s.url + path, {
        method,
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.token },
        body: JSON.stringify(body),
      });
      const answer = await res.text();
      assert.ok(res.ok, `${method} ${path}: ${res.status} ${answer}`);
      return JSON.parse(answer);
    };
    for (const [i, name] of LABELS.entries())
      await post('api/labels', {
        name,
        color: PALETTE[i % PALETTE.length],
        description: i % 3 ? `What ${name} means` : '',
      });
    await post(
      `api/milestones/${encodeURIComponent('1.0')}`,
      { due: '2026-01-15', description: 'The first release anyone should use.', state: 'closed' },
      'PATCH',
    );
    await post(
      `api/milestones/${encodeURIComponent('1.1')}`,
      { due: '2099-03-01', description: 'Polish: the web UI, faster search.' },
      'PATCH',
    );
    await post('api/milestones', {
      name: 'Someday, when the long milestone names get tested too',
      description: 'Ideas with no date.',
    });
    await post('api/commit', { message: 'labels and milestones' });
    const list = (await (await fetch(`${s.url}api/tickets?state=all&per_page=500`)).json()) as {
      tickets: { id: string; title: string }[];
    };
    ids.push(...list.tickets.map((t) => t.id));
    if (SHOTS) process.stderr.write(`screenshots go to ${SHOTS}\n`);
  });

  after(async () => {
    await browser?.close();
    await stop(s);
  });

  const shoot = async (
    scheme: 'light' | 'dark',
    name: string,
    path: string,
    check: (p: Page) => Promise<void>,
    width = 1280,
    status = 200,
  ) => {
    const { ctx, watch } = await newContext(browser, { colorScheme: scheme, viewport: { width, height: 900 } });
    try {
      const p = await ctx.newPage();
      const res = await p.goto(s.url + path);
      assert.equal(res?.status(), status, `${path} answered ${res?.status()}`);
      await check(p);
      const overflow = await p.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      // the components the pages are built from are styled (Primer 22 dropped some; app.css carries them)
      const styled = await p.evaluate(() =>
        [...document.querySelectorAll('.Box, .State, .Box-row + .Box-row, .flash')]
          .slice(0, 20)
          .filter((e) => {
            const cs = getComputedStyle(e);
            return cs.borderTopWidth === '0px' && cs.backgroundColor === 'rgba(0, 0, 0, 0)';
          })
          .map((e) => e.className),
      );
      assert.deepEqual(styled, [], `${path}: unstyled components`);
      // the layout checks always run; the picture is taken only when asked (DIT_SCREENSHOTS)
      if (SHOTS)
        await p.screenshot({
          path: join(SHOTS, `${name}-${scheme}${width < 1000 ? '-narrow' : ''}.png`),
          fullPage: true,
        });
      assert.equal(overflow, 0, `${path} at ${width}px scrolls sideways by ${overflow}px (${scheme})`);
      const bg = await p.evaluate(() => getComputedStyle(document.body).backgroundColor);
      const rgb = /^rgba?\((\d+), (\d+), (\d+)/.exec(bg);
      assert.ok(rgb, `the body has a background colour, not ${bg}`);
      const dark =
        rgb
          .slice(1)
          .map(Number)
          .reduce((a, b) => a + b, 0) < 200;
      assert.equal(dark, scheme === 'dark', `the page follows the ${scheme} colour scheme (body ${bg})`);
      assertQuiet(watch);
    } finally {
      await ctx.close();
    }
  };

  for (const scheme of ['light', 'dark'] as const) {
    test(`list page with 40 tickets, long titles and a 40-label ticket (${scheme})`, async () => {
      await shoot(scheme, 'list', '', async (p) => {
        assert.equal(await p.locator('.ticket-row').count(), 25, 'a page holds 25 rows');
        assert.equal(await p.locator('.pagination a', { hasText: '2' }).count(), 1, 'and links page 2');
        const many = p.locator('.ticket-row', { hasText: 'Forty labels' });
        assert.equal(await many.locator('.IssueLabel').count(), 10, 'a row names ten labels');
        assert.equal(await text(many.locator('.more-labels')), '30 more', 'and links the ticket for the rest');
      });
      await shoot(
        scheme,
        'list',
        '',
        async (p) => {
          assert.equal(await p.locator('.ticket-row', { hasText: 'Forty labels' }).locator('.IssueLabel').count(), 10);
        },
        420,
      );
    });

    test(`ticket page with comments (${scheme})`, async () => {
      const id = await findId(s, 'Forty labels');
      await shoot(scheme, 'ticket', `tickets/${id}`, async (p) => {
        assert.equal(await p.locator('.timeline .comment[id^="comment-"]').count(), 4);
        assert.equal(await p.locator('#sidebar-labels .IssueLabel').count(), 40);
        assert.ok((await p.locator('.comment-body pre code.hljs').count()) >= 1, 'highlighted code');
      });
      const long = await findId(s, 'An extremely long title');
      await shoot(scheme, 'ticket-long-title', `tickets/${long}`, async (p) => {
        assert.match(await text(p.locator('h1 .js-title')), /^An extremely long title/);
      });
      await shoot(
        scheme,
        'ticket',
        `tickets/${id}`,
        async (p) => {
          assert.equal(await p.locator('#sidebar-labels .IssueLabel').count(), 40);
        },
        420,
      );
    });

    test(`new-ticket page (${scheme})`, async () => {
      await shoot(scheme, 'new', 'tickets/new', async (p) => {
        assert.equal(await p.locator('.label-choices input[type="checkbox"]').count(), LABELS.length);
        assert.equal(
          await p.locator('#new-title').evaluate((e) => e === document.activeElement),
          true,
          'the title has the focus',
        );
      });
    });

    test(`milestones and labels pages (${scheme})`, async () => {
      await shoot(scheme, 'milestones', 'milestones', async (p) => {
        assert.equal(await p.locator('.milestone').count(), 2, 'two open milestones');
        assert.match(await text(p.locator('.milestone[data-name="1.1"]')), /Due 2099-03-01/);
      });
      await shoot(scheme, 'milestones-closed', 'milestones?state=closed', async (p) => {
        assert.equal(await p.locator('.milestone').count(), 1);
      });
      await shoot(scheme, 'labels', 'labels', async (p) => {
        assert.equal(await p.locator('.label-row').count(), LABELS.length);
      });
      await shoot(scheme, 'help', 'help', async (p) => {
        assert.match(await text(p.locator('main')), /label:/);
      });
      await shoot(
        scheme,
        'not-found',
        'no/such/page',
        async (p) => {
          assert.equal(await text(p.locator('.error-page h2')), 'Page not found');
          assert.equal(await p.locator('.error-page a.btn[href="/"]').count(), 1, 'and offers the way back');
        },
        1280,
        404,
      );
    });
  }
});

async function findId(s: Served, title: string): Promise<string> {
  const res = await fetch(`${s.url}api/tickets?state=all&per_page=500&q=${encodeURIComponent(`"${title}"`)}`);
  const list = (await res.json()) as { tickets: { id: string; title: string }[] };
  const t = list.tickets.find((x) => x.title.startsWith(title));
  assert.ok(t, `a ticket titled ${title}`);
  return t.id;
}

const LABELS = [
  'bug',
  'enhancement',
  'ui',
  'docs',
  'good first issue',
  'help wanted',
  'performance',
  'security',
  'regression',
  'windows',
  'macos',
  'linux',
  'cli',
  'web',
  'api',
  'sync',
  'import',
  'export',
  'search',
  'query-language',
  'storage',
  'git',
  'branches',
  'milestones',
  'labels',
  'accessibility',
  'i18n',
  'needs-repro',
  'needs-design',
  'blocked',
  'duplicate',
  'wontfix',
  'question',
  'discussion',
  'breaking-change',
  'dependencies',
  'tests',
  'ci',
  'release',
  'a-rather-long-label-name-that-keeps-going',
];
const PALETTE = [
  'd73a4a',
  'a2eeef',
  '1d76db',
  '0075ca',
  '7057ff',
  '008672',
  'e4e669',
  'b60205',
  'fbca04',
  'c5def5',
  '5319e7',
  'ededed',
  '0e8a16',
  'f9d0c4',
  '000000',
  'ffffff',
];

/** Forty tickets in the plain import format: short and long titles, labels, milestones, comments. */
function seedLines(): Record<string, unknown>[] {
  const day = 86_400_000;
  const now = Date.now();
  const at = (daysAgo: number) => new Date(now - daysAgo * day).toISOString();
  const people = [
    { name: 'Ann Author', email: 'ann@example.com' },
    { name: 'Bob Builder', email: 'bob@example.com' },
    { name: 'Chidi Okafor', email: 'chidi@example.com' },
  ];
  const words = ['Crash', 'Slow', 'Wrong', 'Missing', 'Flaky', 'Confusing', 'Broken', 'Odd'];
  const things = [
    'branch selector',
    'label picker',
    'query parser',
    'sync with remotes',
    'empty state',
    'milestone progress',
    'dark theme',
    'import of plain tickets',
  ];
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < 38; i++) {
    const long = i % 9 === 4;
    out.push({
      title: long
        ? `An extremely long title that goes on and on about how the ${things[i % 8]} behaves ` +
          `when the window is narrow and the text does not fit on one line, number ${i}`
        : `${words[i % 8]} ${things[(i * 3) % 8]} ${i % 5 === 0 ? 'after switching branches twice' : ''}`.trim(),
      body: `Seen on build ${i}.`,
      type: ['bug', 'enhancement', 'task', 'question'][i % 4],
      status: i % 6 === 5 ? 'fixed' : i % 7 === 3 ? 'open' : 'new',
      priority: ['normal', 'high', 'low', 'urgent'][i % 4],
      labels: [
        LABELS[i % LABELS.length]!,
        ...(i % 3 === 0 ? [LABELS[(i * 7) % LABELS.length]!, LABELS[(i * 11) % LABELS.length]!] : []),
      ],
      milestone: i % 4 === 0 ? '1.0' : i % 4 === 1 ? '1.1' : null,
      responsible: i % 5 === 2 ? 'bob@example.com' : null,
      author: people[i % 3],
      created: at(90 - i * 2),
      comments: Array.from({ length: i % 4 }, (_, k) => ({
        author: people[(i + k + 1) % 3],
        created: at(89 - i * 2 - k),
        body: `Comment ${k + 1}`,
      })),
    });
  }
  out.push({
    title: `Forty labels on one ticket`,
    body: 'Every label there is.',
    type: 'task',
    labels: [...LABELS],
    author: people[0],
    created: at(1),
    milestone: '1.1',
    comments: [
      {
        author: people[1],
        created: at(0.9),
        body: 'Reproduced. The parser reads:\n\n```ts\nexport function parse(q: string): Query {\n  return new Parser(q).query();\n}\n```',
      },
      {
        author: people[2],
        created: at(0.8),
        body: '- [ ] a task list\n- [x] done item\n\n| col | other |\n|---|---|\n| a | b |',
      },
      {
        author: people[0],
        created: at(0.7),
        body:
          '> quoting the above\n\nand a very long URL: ' +
          'https://example.com/a/very/long/path/that/does/not/break/nicely/because/it/has/no/spaces/at/all/and/keeps/going/for/ever/and/ever',
      },
      {
        author: people[1],
        created: at(0.5),
        body: 'AVeryLongWordWithoutAnySpacesThatCouldOverflowTheCommentBoxIfTheCssDoesNotBreakIt_AVeryLongWordWithoutAnySpacesThatCouldOverflowTheCommentBox',
      },
    ],
  });
  out.push({
    title: `${'A title made of one enormous word '.replace(/ /g, '')}${'x'.repeat(120)}`,
    body: '',
    type: 'bug',
    labels: ['bug'],
    author: people[2],
    created: at(0.2),
  });
  return out;
}
