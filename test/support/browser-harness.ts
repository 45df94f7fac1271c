// The browser-test harness: Debian's Chromium through playwright-core, a real `dit serve` on a
// temporary repository, a fresh context per test (so one failure leaves no state for the next), the
// trip-wires every page is watched with, and screenshots only when DIT_SCREENSHOTS asks for them.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Locator,
  type Page,
  type Response,
} from 'playwright-core';
import { DIT, type Repo } from './helpers.js';

export const CHROMIUM = '/usr/bin/chromium';
export const CI = process.env.CI === 'true';
export const HAVE = existsSync(CHROMIUM);
export const REBIND_HOST = 'rebind.test';

// Locally a missing browser skips (with the reason in the report); in CI it fails (browser.test.ts).
export const skip = HAVE
  ? false
  : `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) to run the browser tests`;

/**
 * Where screenshots go, or null: only when asked. `DIT_SCREENSHOTS=1` picks a temporary folder (its
 * path is printed); any other value is the folder itself.
 */
export function screenshotDir(): string | null {
  const asked = process.env.DIT_SCREENSHOTS?.trim();
  if (!asked || asked === '0') return null;
  // a folder of its own that outlives the run (tempDir's are removed at exit)
  const dir = asked === '1' ? mkdtempSync(join(tmpdir(), 'dit-shots-')) : asked;
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A fresh context and page for one test, closed afterwards whatever happens in it. */
export interface Fresh {
  ctx: BrowserContext;
  page: Page;
  watch: Watch;
}
export async function freshPage(browser: Browser, opts: BrowserContextOptions = {}): Promise<Fresh> {
  const { ctx, watch } = await newContext(browser, opts);
  return { ctx, watch, page: await ctx.newPage() };
}

// ---- the server and the browser ----------------------------------------------------------------

export interface Served {
  url: string;
  origin: string;
  port: number;
  proc: ChildProcess;
  log: () => string;
  stderr: () => string;
}

/** Starts the real `dit serve --port 0` in the repository and reads the URL it prints. */
export function serve(repo: Pick<Repo, 'dir' | 'env'>): Promise<Served> {
  const proc = spawn(process.execPath, [DIT, 'serve', '--port', '0'], {
    cwd: repo.dir,
    env: repo.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`dit serve printed no URL in 60 s:\n${out}\n${err}`));
    }, 60_000);
    proc.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
    });
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^dit: serving .+ at (http:\/\/127\.0\.0\.1:(\d+)\/)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[1]!,
          origin: m[1]!.slice(0, -1),
          port: Number(m[2]),
          proc,
          log: () => out + err,
          stderr: () => err,
        });
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dit serve exited ${code} before listening:\n${out}\n${err}`));
    });
  });
}

export async function stop(s: Served | undefined): Promise<void> {
  if (!s || s.proc.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => s.proc.once('exit', () => resolve()));
  s.proc.kill('SIGTERM');
  const t = setTimeout(() => s.proc.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(t);
}

export const launch = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // lets the DNS-rebinding test reach the server by a foreign name
    args: [`--host-resolver-rules=MAP ${REBIND_HOST} 127.0.0.1`],
  });

/** What went wrong in a page that no assertion looked for: script errors and server errors. */
export interface Watch {
  errors: string[];
  serverErrors: string[];
  dialogs: string[];
  xss: string[];
}

/**
 * A browser context whose pages report script errors, 5xx answers and dialogs, and which carries the
 * tripwires the hostile corpus aims at: `__xss(tag)` (a function exposed from the test), dialogs, and
 * `window.__pwned` set by alert/confirm/prompt or by a payload directly.
 */
export async function newContext(
  browser: Browser,
  opts: BrowserContextOptions = {},
): Promise<{ ctx: BrowserContext; watch: Watch }> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...opts });
  ctx.setDefaultTimeout(30_000); // generous: CI machines run browsers beside many git processes
  const watch: Watch = { errors: [], serverErrors: [], dialogs: [], xss: [] };
  if (opts.javaScriptEnabled !== false) {
    await ctx.exposeFunction('__xss', (tag: unknown) => {
      watch.xss.push(String(tag));
    });
    await ctx.addInitScript(() => {
      const w = window as unknown as Record<string, unknown>;
      w.__pwned = false;
      w.__csp = [];
      for (const name of ['alert', 'confirm', 'prompt', 'print']) {
        const orig = w[name] as (...a: unknown[]) => unknown;
        w[name] = function (this: unknown, ...a: unknown[]) {
          w.__pwned = true;
          return orig.apply(this, a);
        };
      }
      document.addEventListener('securitypolicyviolation', (e) => {
        (w.__csp as string[]).push(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
  }
  ctx.on('page', (p) => watchPage(p, watch));
  return { ctx, watch };
}

export function watchPage(page: Page, watch: Watch): void {
  page.on('pageerror', (e) => watch.errors.push(e.message));
  page.on('response', (r) => {
    if (r.status() >= 500) watch.serverErrors.push(`${r.status()} ${r.request().method()} ${r.url()}`);
  });
  page.on('dialog', (d) => {
    watch.dialogs.push(`${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
}

export function assertQuiet(watch: Watch): void {
  assert.deepEqual(watch.errors, [], 'no script errors in the page');
  assert.deepEqual(watch.serverErrors, [], 'no server errors');
  assert.deepEqual(watch.dialogs, [], 'no dialogs');
  assert.deepEqual(watch.xss, [], 'no injected script ran');
}

/** Clicks something that submits or navigates, and waits for the page it leads to. */
export async function go(page: Page, target: Locator): Promise<Response | null> {
  const [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), target.click()]);
  return res;
}

/** A form post answered 303 and followed to a 200 page. */
export function assertPosted(res: Response | null): void {
  assert.ok(res, 'the form post led to a page');
  assert.equal(res.status(), 200, `the page after the post answered ${res.status()}`);
  const from = res.request().redirectedFrom();
  assert.equal(from?.method(), 'POST', 'the page came from a POST that redirected');
}

export const idFrom = (page: Page): string => {
  const m = /\/tickets\/([0-9a-f]{40})(?:\?|$)/.exec(page.url());
  assert.ok(m, `a ticket page URL, not ${page.url()}`);
  return m[1]!;
};

/** The text as rendered (table cells apart), spaces collapsed. */
// innerText, not textContent: what the reader sees, with layout's spaces and without hidden text
// biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what is under test
export const text = async (l: Locator) => (await l.innerText()).replace(/\s+/g, ' ').trim();
export const rowIds = (page: Page) =>
  page.locator('.ticket-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id') ?? ''));
