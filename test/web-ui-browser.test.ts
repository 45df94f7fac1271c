// The GitHub-like parts of the web UI in Chromium against a real `dit serve`: the sidebar's branch
// matrix at phone and desktop widths, pickers with and without script, list filters that edit the query,
// and keyboard shortcuts. DIT_SCREENSHOTS=dir keeps screenshots of the pages for a person to look at.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { DIT, newTicket, tempRepo, type Repo } from './helpers.js';

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
      reject(new Error(`dit serve printed no URL in 20 s:\n${out}`));
    }, 20_000);
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
    ctx.setDefaultTimeout(10_000);
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
});
