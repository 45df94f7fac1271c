// The GitHub-like parts of the web UI in Chromium against a real `dit serve`: the sidebar's branch
// matrix at phone and desktop widths, pickers with and without script, list filters that edit the query,
// and keyboard shortcuts. DIT_SCREENSHOTS=dir keeps screenshots of the pages for a person to look at.

import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { DIT, newTicket, type Repo, tempRepo } from '../support/helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const HAVE = existsSync(CHROMIUM);
const CI = process.env.CI === 'true';
const SHOTS = process.env.DIT_SCREENSHOTS || null;
const skip = HAVE || CI ? false : `${CHROMIUM} is missing: install Debian's chromium to run the browser tests`;

interface Served {
  url: string;
  proc: ChildProcess;
}

function serve(repo: Repo): Promise<Served> {
  const proc = spawn(process.execPath, [DIT, 'serve', '--port', '0'], {
    cwd: repo.dir,
    env: repo.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`dit serve printed no URL in 60 s:\n${out}`));
    }, 60_000);
    proc.stderr!.on('data', (d: Buffer) => {
      out += d.toString();
    });
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^dit: serving .+ at (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1]!, proc });
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dit serve exited ${code} before listening:\n${out}`));
    });
  });
}

async function stop(s: Served | undefined): Promise<void> {
  if (!s || s.proc.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => s.proc.once('exit', () => resolve()));
  s.proc.kill('SIGTERM');
  await exited;
}

/** Keeps a screenshot when DIT_SCREENSHOTS names a folder. */
async function shot(p: Page, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await p.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

const LONG = 'feature/a-branch-name-much-longer-than-the-sidebar-is-wide';

describe('web UI in Chromium', { skip }, () => {
  let repo: Repo;
  let s: Served;
  let browser: Browser;
  let crash: string;
  const errors: string[] = [];

  const context = async (opts: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...opts });
    ctx.setDefaultTimeout(30_000); // generous: CI machines run browsers beside many git processes
    ctx.on('page', (p) => {
      p.on('pageerror', (e) => errors.push(e.message));
      p.on('response', (r) => {
        if (r.status() >= 500) errors.push(`${r.status()} ${r.url()}`);
      });
    });
    return ctx;
  };

  before(async () => {
    repo = tempRepo();
    crash = newTicket(repo, 'Crash when saving', '-m', 'The editor hangs', '--type', 'bug', '--label', 'bug');
    repo.ok('label-def', 'bug', '--color', 'd73a4a', '--description', 'Something is broken');
    repo.commit('tickets');
    repo.git('checkout', '-q', '-b', 'release-5.1');
    repo.write('fix.txt', 'fixed\n');
    repo.commit(`Guard the empty buffer, fixes #${crash.slice(0, 7)}`);
    repo.git('checkout', '-q', 'main');
    repo.git('branch', LONG);
    newTicket(repo, 'Write the manual', '--type', 'task', '--label', 'docs');
    repo.ok('milestone', 'new', '2.4');
    s = await serve(repo);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
  });
  after(async () => {
    await browser?.close();
    await stop(s);
  });

  for (const width of [390, 1280]) {
    test(`the branch matrix fits the sidebar at ${width} px: one line per branch, cells apart`, async () => {
      const ctx = await context({ viewport: { width, height: 900 } });
      const p = await ctx.newPage();
      await p.goto(`${s.url}tickets/${crash}`);
      const m = await p.locator('#branch-matrix').evaluate((box) => {
        const table = box.querySelector('table')!;
        const rows = [...table.querySelectorAll('tbody tr')].map((tr) => {
          const cells = [...tr.querySelectorAll('td')];
          const rect = (e: Element | null) => e?.getBoundingClientRect() ?? null;
          const name = tr.querySelector('.bm-branch')!;
          const status = tr.querySelector('.bm-status span')!;
          const by = tr.querySelector('.bm-by a, .bm-by span');
          const head = tr.querySelector('.bm-head');
          return {
            name: name.textContent,
            nameLines: name.getClientRects().length,
            nameHeight: rect(name)!.height,
            cut: name.scrollWidth > name.clientWidth,
            title: name.getAttribute('title'),
            status: status.textContent,
            statusLeft: rect(status)!.left,
            nameRight: Math.min(rect(name)!.right, rect(cells[0]!)!.right),
            byLeft: by ? rect(by)!.left : null,
            statusRight: rect(status)!.right,
            headTop: head ? rect(head)!.top : null,
            nameTop: rect(name)!.top,
            rowHeight: rect(tr)!.height,
          };
        });
        return {
          rows,
          tableRight: table.getBoundingClientRect().right,
          boxRight: box.getBoundingClientRect().right,
          pageWidth: document.documentElement.scrollWidth,
        };
      });
      assert.ok(m.tableRight <= m.boxRight + 0.5, 'the table stays inside the sidebar');
      assert.ok(m.pageWidth <= width, `nothing scrolls sideways (${m.pageWidth} > ${width})`);
      assert.deepEqual(
        m.rows.map((r) => r.name),
        ['working tree', LONG, 'main', 'release-5.1'],
      );
      for (const r of m.rows) {
        assert.equal(r.nameLines, 1, `${r.name} is not broken over lines`);
        assert.ok(r.rowHeight < 30, `${r.name}: one line high (${r.rowHeight})`);
        assert.ok(r.statusLeft >= r.nameRight, `${r.name}: the status stands apart from the name`);
        if (r.byLeft !== null) assert.ok(r.byLeft - r.statusRight >= 4, `${r.name}: status and commit apart`);
        if (r.cut) assert.equal(r.title, r.name, 'a cut name has its whole name on hover');
      }
      const main = m.rows.find((r) => r.name === 'main')!;
      assert.ok(main.headTop !== null && Math.abs(main.headTop - main.nameTop) < 6, 'HEAD sits on the line of main');
      assert.equal(m.rows.find((r) => r.name === 'release-5.1')!.status, 'fixed');
      if (width === 390) {
        // on a phone the sidebar comes before the timeline, as on GitHub's mobile page
        const [side, timeline] = await Promise.all([
          p.locator('aside.sidebar').boundingBox(),
          p.locator('#timeline').boundingBox(),
        ]);
        assert.ok(side!.y < timeline!.y, 'sidebar first on a phone');
      }
      await shot(p, `ticket-${width}`);
      await ctx.close();
      assert.deepEqual(errors, []);
    });
  }

  test('the label picker: without script a plain form; with script a popover whose filter box narrows it', async () => {
    for (const js of [false, true]) {
      const ctx = await context({ javaScriptEnabled: js });
      const p = await ctx.newPage();
      await p.goto(`${s.url}tickets/${crash}`);
      await p.locator('#picker-labels summary').click();
      const filter = p.locator('#picker-labels .js-picker-filter');
      assert.equal(await filter.isVisible(), js, `the filter box shows ${js ? 'with' : 'without'} script`);
      if (js) {
        const popover = await p.locator('#picker-labels .picker-popover').evaluate((e) => getComputedStyle(e).position);
        assert.equal(popover, 'absolute', 'a popover over the page');
        await filter.fill('doc');
        const shown = await p.locator('#picker-labels .picker-item:visible .picker-name').allTextContents();
        assert.deepEqual(
          shown,
          ['bug', 'docs'],
          'the filter keeps the checked label and the match: a label only used, never defined',
        );
        await p.locator('#picker-labels input[value="docs"]').check();
      } else {
        await p.locator('#picker-labels input[value="docs"]').check();
      }
      await Promise.all([p.waitForNavigation(), p.locator('#picker-labels button[type="submit"]').click()]);
      assert.deepEqual(await p.locator('#sidebar-labels .IssueLabel').allTextContents(), ['bug', 'docs']);
      if (!js) {
        // and off again, so the scripted round starts from the same labels
        await p.locator('#picker-labels summary').click();
        await p.locator('#picker-labels input[value="docs"]').uncheck();
        await Promise.all([p.waitForNavigation(), p.locator('#picker-labels button[type="submit"]').click()]);
        assert.deepEqual(await p.locator('#sidebar-labels .IssueLabel').allTextContents(), ['bug']);
      }
      await ctx.close();
    }
    assert.deepEqual(repo.json('show', crash).ticket.labels, ['bug', 'docs']);
  });

  test('the responsible and milestone pickers post plain forms, with or without script', async () => {
    for (const js of [false, true]) {
      const ctx = await context({ javaScriptEnabled: js });
      const p = await ctx.newPage();
      await p.goto(`${s.url}tickets/${crash}`);
      await p.locator('#picker-responsible summary').click();
      if (js) await p.locator('#picker-responsible .js-picker-filter').fill('ann');
      await p.locator('#picker-responsible input[name="responsible"][value="Ann Author <ann@example.com>"]').check();
      await Promise.all([p.waitForNavigation(), p.locator('#picker-responsible button[type="submit"]').click()]);
      assert.match((await p.locator('#sidebar-responsible').textContent()) ?? '', /Ann Author/);
      await p.locator('#picker-milestone summary').click();
      await p.locator(`#picker-milestone input[value="${js ? '' : '2.4'}"]`).check();
      await Promise.all([p.waitForNavigation(), p.locator('#picker-milestone button[type="submit"]').click()]);
      assert.match((await p.locator('#sidebar-milestone').textContent()) ?? '', js ? /No milestone/ : /2\.4/);
      await ctx.close();
    }
    const t = repo.json('show', crash).ticket;
    assert.deepEqual([t.responsible, t.milestone], ['Ann Author <ann@example.com>', null]);
  });

  test('the filter menus edit the query; clear filters goes back to the open tickets', async () => {
    const ctx = await context();
    const p = await ctx.newPage();
    await p.goto(s.url);
    await p.locator('#filter-label summary').click();
    await p.locator('#filter-label .js-menu-filter').fill('bug');
    await Promise.all([p.waitForNavigation(), p.locator('#filter-label .js-menu-filter').press('Enter')]);
    assert.equal(new URL(p.url()).searchParams.get('q'), 'is:open label:bug');
    assert.equal(await p.inputValue('#query'), 'is:open label:bug');
    await p.locator('#filter-type summary').click();
    await Promise.all([p.waitForNavigation(), p.locator('#filter-type a', { hasText: 'task' }).click()]);
    assert.equal(await p.inputValue('#query'), 'is:open label:bug type:task');
    assert.equal(await p.locator('.ticket-row').count(), 0);
    await p.locator('#filter-type summary').click();
    await Promise.all([p.waitForNavigation(), p.locator('#filter-type a', { hasText: 'bug' }).click()]);
    assert.equal(await p.inputValue('#query'), 'is:open label:bug type:bug', 'a type replaces the other');
    assert.equal(await p.locator('.ticket-row').count(), 1);
    await Promise.all([p.waitForNavigation(), p.locator('#clear-filters').click()]);
    assert.equal(await p.inputValue('#query'), 'is:open');
    await ctx.close();
    // without script the menus are plain links
    const off = await context({ javaScriptEnabled: false });
    const q = await off.newPage();
    await q.goto(s.url);
    await q.locator('#filter-author summary').click();
    await Promise.all([q.waitForNavigation(), q.locator('#filter-author a', { hasText: 'Ann Author' }).click()]);
    assert.equal(await q.inputValue('#query'), 'is:open author:ann@example.com');
    await off.close();
    assert.deepEqual(errors, []);
  });

  test('attachments: upload, shown inline, downloaded with the right headers; an SVG script never runs', async () => {
    const dir = repo.dir;
    const png = join(dir, '..', 'dot.png');
    const svg = join(dir, '..', 'evil.svg');
    writeFileSync(
      png,
      Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
        'base64',
      ),
    );
    writeFileSync(
      svg,
      '<svg xmlns="http://www.w3.org/2000/svg" onload="window.top.__svg=1"><script>window.top.__svg=1;alert(1)</script></svg>',
    );
    const ctx = await context({ acceptDownloads: true });
    const p = await ctx.newPage();
    const dialogs: string[] = [];
    p.on('dialog', (d) => {
      dialogs.push(d.message());
      d.dismiss().catch(() => {});
    });
    await p.goto(`${s.url}tickets/${crash}`);
    await p.setInputFiles('#attach-file', png);
    await Promise.all([p.waitForNavigation(), p.locator('#attach-button').click()]);
    const img = p.locator('.attachment-item img');
    await img.waitFor();
    const width = await img.evaluate((e: HTMLImageElement) =>
      e.complete && e.naturalWidth
        ? e.naturalWidth
        : new Promise<number>((done) => {
            e.onload = () => done(e.naturalWidth);
            e.onerror = () => done(-1);
          }),
    );
    assert.equal(width, 1, 'the image loads from this server');
    const src = (await img.getAttribute('src'))!;
    const head = await p.request.get(new URL(src, s.url).href);
    assert.equal(head.headers()['content-type'], 'image/png');
    assert.equal(head.headers()['x-content-type-options'], 'nosniff');
    assert.match(head.headers()['content-disposition']!, /^inline; filename="dot.png"/);

    await p.setInputFiles('#attach-file', svg);
    await Promise.all([p.waitForNavigation(), p.locator('#attach-button').click()]);
    const link = p.locator('.attachment-item a.attachment-link', { hasText: 'evil.svg' });
    assert.equal(await p.locator('.attachment-item img[alt="evil.svg"]').count(), 0, 'an SVG is not drawn');
    const [download] = await Promise.all([p.waitForEvent('download'), link.click()]);
    assert.equal(download.suggestedFilename(), 'evil.svg', 'it downloads');
    const res = await p.request.get(new URL((await link.getAttribute('href'))!, s.url).href);
    assert.equal(res.headers()['content-type'], 'application/octet-stream');
    assert.match(res.headers()['content-disposition']!, /^attachment; filename="evil.svg"/);
    assert.match(res.headers()['content-security-policy']!, /sandbox/);
    // even opened in a frame of its own, nothing in it runs
    const ok = await p.evaluate(() => (window as unknown as { __svg?: number }).__svg ?? 0);
    assert.equal(ok, 0);
    assert.deepEqual(dialogs, []);

    // a file over the limit is refused with the limit, and nothing is written
    repo.git('config', 'dit.attachmentLimit', '1k');
    const big = join(dir, '..', 'big.log');
    writeFileSync(big, 'x'.repeat(4096));
    const before = repo.json('show', crash).ticket.attachments.length;
    await p.goto(`${s.url}tickets/${crash}`);
    await p.setInputFiles('#attach-file', big);
    const [answer] = await Promise.all([p.waitForNavigation(), p.locator('#attach-button').click()]);
    assert.equal(answer!.status(), 413);
    assert.match(
      (await p.locator('.flash-error').textContent()) ?? '',
      /big\.log is 4 KiB; attachments may be at most 1 KiB \(git config dit\.attachmentLimit\); nothing was attached/,
    );
    assert.equal(repo.json('show', crash).ticket.attachments.length, before);
    repo.git('config', '--unset', 'dit.attachmentLimit');
    await shot(p, 'ticket-attachments');
    await ctx.close();
  });

  test('keyboard: ? lists the shortcuts; j/k move through the list, o opens; l opens the label picker', async () => {
    const ctx = await context();
    const p = await ctx.newPage();
    await p.goto(s.url);
    await p.keyboard.press('?');
    const dialog = p.locator('#shortcuts-dialog');
    await dialog.waitFor();
    assert.match((await dialog.textContent()) ?? '', /Keyboard shortcuts[\s\S]*Next \/ previous ticket[\s\S]*Labels/);
    await p.keyboard.press('Escape');
    assert.equal(await dialog.isVisible(), false);
    await p.keyboard.press('j');
    await p.keyboard.press('j');
    await p.keyboard.press('k');
    assert.equal(await p.locator('.ticket-row.navigation-focus').count(), 1);
    const first = await p.locator('.ticket-row').first().getAttribute('data-id');
    assert.equal(await p.locator('.ticket-row.navigation-focus').getAttribute('data-id'), first);
    await Promise.all([p.waitForNavigation(), p.keyboard.press('o')]);
    assert.equal(new URL(p.url()).pathname, `/tickets/${first}`);
    await p.keyboard.press('l');
    assert.equal(await p.locator('#picker-labels').getAttribute('open'), '');
    assert.ok(await p.locator('#picker-labels .js-picker-filter').evaluate((e) => e === document.activeElement));
    await p.keyboard.press('Escape');
    await p.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await Promise.all([p.waitForNavigation(), p.keyboard.press('c')]);
    assert.equal(new URL(p.url()).pathname, '/tickets/new', 'c opens a new ticket');
    await p.goto(s.url);
    await p.keyboard.press('/');
    assert.ok(await p.locator('#query').evaluate((e) => e === document.activeElement), '/ jumps to search');
    await ctx.close();
    assert.deepEqual(errors, []);
  });

  test('the theme switch applies at once and is remembered', async () => {
    const ctx = await context();
    const p = await ctx.newPage();
    await p.goto(`${s.url}labels`);
    assert.equal(await p.locator('#theme-form .js-theme-save').isVisible(), false, 'with script no Save button');
    await p.locator('#theme-form input[value="dark"]').check();
    assert.equal(await p.locator('html').getAttribute('data-color-mode'), 'dark');
    await p.waitForTimeout(300);
    await p.reload();
    assert.equal(await p.locator('html').getAttribute('data-color-mode'), 'dark', 'remembered');
    const bg = await p.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.notEqual(bg, 'rgb(255, 255, 255)', 'the page is dark');
    await shot(p, 'labels-dark');
    await p.goto(s.url);
    await shot(p, 'list-dark');
    await p.locator('#theme-form input[value="auto"]').check();
    await p.waitForTimeout(300);
    await ctx.close();
  });
});
