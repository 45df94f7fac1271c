// biome-ignore-all lint/performance/useDomNodeTextContent: the rendered text is what is under test
// Reviewing in Chromium: a patchset pushed with real `git push` to a hooked bare repository, fetched by
// a reviewer's clone and reviewed in its `dit serve`: Files changed, a line comment, a rewrite that
// outdates it, Compare, approve, merge with each strategy, merged on the target in the branch matrix.
// Then one proposal viewed and merged through `dit server`. DIT_SCREENSHOTS=dir saves each tab, light and dark.

import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { cloneOf, DIT, type Repo, tempBare, tempDir } from '../support/helpers.js';
import {
  gitAs,
  gitOk,
  makeRoot,
  PEOPLE,
  type RunningServer,
  serverOk,
  startServerProcess,
} from '../support/server-helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const HAVE = existsSync(CHROMIUM);
const skip =
  HAVE || process.env.CI === 'true'
    ? false
    : `${CHROMIUM} is missing: install Debian's chromium to run the browser tests`;
const SHOTS = process.env.DIT_SCREENSHOTS || '';
const ANN = { name: 'Ann Author', email: 'ann@example.com' };
const BOB = { name: 'Bob Reviewer', email: 'bob@example.com' };

function serve(repo: Repo): Promise<{ url: string; proc: ChildProcess; err: () => string }> {
  const proc = spawn(process.execPath, [DIT, 'serve', '--port', '0'], {
    cwd: repo.dir,
    env: repo.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  return new Promise((resolve, reject) => {
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^dit: serving .+ at (http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(out);
      if (m) resolve({ url: m[1]!, proc, err: () => err });
    });
    proc.once('exit', (code) => reject(new Error(`dit serve exited ${code}: ${out}${err}`)));
  });
}

function push(repo: Repo, refspec: string, ...extra: string[]): string {
  const r = spawnSync('git', ['push', ...extra, 'origin', refspec], { cwd: repo.dir, env: repo.env, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return /#([0-9a-f]{7}): /.exec(r.stderr)?.[1] ?? assert.fail(r.stderr);
}

/** Clicks something that navigates and waits for the page it leads to; the answer must be 200. */
async function go(page: Page, selector: string): Promise<void> {
  const [res] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
  assert.equal(res?.status(), 200, `${selector} led to ${res?.status()} ${res?.url()}`);
}

async function shoot(ctxs: Record<'light' | 'dark', BrowserContext>, url: string, name: string): Promise<void> {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  for (const [scheme, ctx] of Object.entries(ctxs)) {
    const p = await ctx.newPage();
    await p.goto(url);
    await p.screenshot({ path: join(SHOTS, `review-${name}-${scheme}.png`), fullPage: true });
    await p.close();
  }
}

describe('reviewing a proposal in dit serve', { skip }, () => {
  let remote: Repo;
  let ann: Repo;
  let bob: Repo;
  let s: Awaited<ReturnType<typeof serve>>;
  let browser: Browser;
  let ctx: BrowserContext;
  let shots: Record<'light' | 'dark', BrowserContext>;
  let page: Page;
  const errors: string[] = [];
  let id = '';

  before(async () => {
    remote = tempBare();
    ann = cloneOf(remote.dir, ANN);
    ann.write('README', 'a project\n');
    ann.write('src/app.ts', 'export const a = 1;\nexport const b = 2;\nexport function sum() {\n  return a + b;\n}\n');
    ann.commit('initial commit');
    ann.git('push', '-q', 'origin', 'main');
    remote.ok('hooks', 'install');
    ann.git('checkout', '-q', '-b', 'feature');
    ann.write('src/app.ts', 'export const a = 1;\nexport const b = 3;\nexport function sum() {\n  return a + b;\n}\n');
    ann.write('src/new.ts', 'export const c = "three";\n');
    ann.commit('Make b three\n\nBecause three is better.');
    id = push(ann, 'HEAD:refs/for/new');
    bob = cloneOf(remote.dir, BOB);
    bob.ok('sync');
    id = bob.json('show', id).ticket.id;
    s = await serve(bob);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
    ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    ctx.setDefaultTimeout(10_000);
    shots = {
      light: await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light' }),
      dark: await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark' }),
    };
    page = await ctx.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('response', (r) => {
      if (r.status() >= 500) errors.push(`${r.status()} ${r.url()}`);
    });
  });
  after(async () => {
    await browser?.close();
    s?.proc.kill('SIGTERM');
  });

  test('the conversation has the tabs, the patchset event, the merge and review boxes', async () => {
    await page.goto(`${s.url}tickets/${id}`);
    assert.match(await page.locator('.patchset-event').first().innerText(), /pushed 1 commit — patchset 1 revision 1/);
    assert.equal(await page.locator('#merge-button').isDisabled(), false);
    assert.match(await page.locator('#merge-box').innerText(), /can be fast-forwarded into main/);
    await shoot(shots, `${s.url}tickets/${id}`, 'conversation');
    await go(page, '#tab-commits');
    assert.match(await page.locator('.commit-row').first().innerText(), /Make b three/);
    await shoot(shots, page.url(), 'commits');
  });

  test('Files changed: the diff, then a comment on a line through the line number', async () => {
    await page.goto(`${s.url}tickets/${id}`);
    await go(page, '#tab-files');
    assert.match(await page.locator('#diffstat').innerText(), /2 files changed/);
    const added = page.locator('td.blob-code.blob-addition', { hasText: 'export const b = 3;' });
    assert.equal(await added.count(), 1);
    // j moves to the next file (GitHub's shortcut), k back
    await page.setViewportSize({ width: 1280, height: 300 });
    const y = () => page.evaluate(() => window.scrollY);
    await page.keyboard.press('j');
    const first = await y();
    await page.keyboard.press('j');
    const second = await y();
    assert.ok(second > first && first > 0, `j scrolls down file by file (${first}, ${second})`);
    await page.keyboard.press('k');
    assert.ok((await y()) < second, 'k scrolls back');
    await page.setViewportSize({ width: 1280, height: 900 });
    await shoot(shots, page.url(), 'files');
    await shoot(shots, `${page.url()}?view=split`, 'files-split');
    // the new side's line 2 of src/app.ts: its number opens the form under it
    await go(page, '.diff-file[data-path="src/app.ts"] td.blob-num[id$="R2"] a');
    await page.fill('#line-comment-body', 'Why **three**?');
    await go(page, '#line-comment-button');
    const thread = page.locator('.diff-file[data-path="src/app.ts"] .line-thread');
    assert.equal(await thread.count(), 1);
    assert.equal(await thread.locator('strong').innerText(), 'three');
    await thread.locator('textarea[name="body"]').fill('Because three is better');
    await go(page, '.diff-file[data-path="src/app.ts"] .line-thread .reply-button');
    assert.equal(await page.locator('.line-thread .line-comment').count(), 2, 'the reply joins the thread');
    const t = bob.json('show', id).ticket;
    assert.deepEqual(
      t.comments.filter((c: { anchor?: unknown }) => c.anchor).map((c: { body: string }) => c.body),
      ['Why **three**?', 'Because three is better'],
    );
  });

  test('a rewrite outdates the comment; Compare shows patchset 1 against 2', async () => {
    ann.write('src/app.ts', 'export const a = 1;\nexport const b = 4;\nexport function sum() {\n  return a + b;\n}\n');
    ann.git('add', '-A');
    ann.git('commit', '-q', '--amend', '-m', 'Make b four');
    push(ann, `HEAD:refs/for/${id.slice(0, 7)}`, '-f');
    bob.ok('sync');
    await page.goto(`${s.url}tickets/${id}`);
    assert.match(await page.locator('#timeline').innerText(), /rewrote this as patchset 2 \(amend\)/);
    const thread = page.locator('#timeline .line-thread');
    assert.equal(await thread.locator('.outdated-label').count(), 1, 'outdated in the timeline');
    assert.match(await thread.locator('.thread-context').innerText(), /export const b = 3;/, 'with its code');
    await go(page, '#tab-files');
    assert.equal(
      await page.locator('.diff-file[data-path="src/app.ts"] .outdated-comments .line-thread').count(),
      1,
      'shown above its file on the new revision',
    );
    await go(page, '#tab-compare');
    await page.selectOption('#compare-from', '1.1');
    await page.selectOption('#compare-to', '2.1');
    await go(page, '#compare-form button[type="submit"]');
    const range = await page.locator('#range-diff').innerText();
    assert.match(range, /Make b three/);
    assert.match(range, /Make b four/);
    assert.equal(await page.locator('td.blob-code.blob-addition', { hasText: 'export const b = 4;' }).count(), 1);
    await shoot(shots, page.url(), 'compare');
  });

  test('approve, then merge with a merge commit: merged on main in the branch matrix', async () => {
    await page.goto(`${s.url}tickets/${id}`);
    await page.click('#review-box summary');
    await page.fill('#review-box textarea', 'Ship it');
    await page.check('#review-box input[name="score"][value="2"]');
    await go(page, '#review-button');
    assert.match(await page.locator('#sidebar-reviewers').innerText(), /Bob Reviewer[\s\S]*\+2 approved/);
    await page.selectOption('#merge-strategy', 'always');
    await go(page, '#merge-button');
    assert.match(bob.git('log', '-1', '--format=%s', 'main'), /^Merge #[0-9a-f]{7}: Make b four/);
    const row = page.locator('#branch-matrix tr', { has: page.locator('.branch-name', { hasText: /^main$/ }) });
    assert.match(await row.innerText(), /merged/);
    assert.match(await page.locator('#merge-box').innerText(), /Merged into main/);
    await shoot(shots, page.url(), 'merged');
  });

  for (const strategy of ['squash', 'rebase', 'ff-only'] as const) {
    test(`merge with ${strategy}: the target moves, the ticket is merged there`, async () => {
      bob.git('push', '-q', 'origin', 'main');
      ann.git('fetch', '-q', 'origin');
      ann.git('checkout', '-q', '-B', `topic-${strategy}`, 'origin/main');
      ann.write(`${strategy}.txt`, `${strategy}\n`);
      ann.commit(`Add ${strategy}.txt`);
      if (strategy !== 'ff-only') {
        ann.write(`${strategy}-2.txt`, 'two\n');
        ann.commit(`Add ${strategy}-2.txt`);
      }
      const short = push(ann, 'HEAD:refs/for/main');
      bob.ok('sync');
      const before = bob.git('rev-parse', 'main').trim();
      if (strategy !== 'ff-only') {
        // main moves on meanwhile, so squash and rebase write new commits
        bob.write(`${strategy}-main.txt`, 'main\n');
        bob.git('add', `${strategy}-main.txt`);
        bob.git('commit', '-q', '-m', `main moves before ${strategy}`);
      }
      await page.goto(`${s.url}tickets/${short}`);
      await page.selectOption('#merge-strategy', strategy);
      await go(page, '#merge-button');
      assert.notEqual(bob.git('rev-parse', 'main').trim(), before);
      const log = bob.git('log', '--format=%s', 'main', '-3');
      if (strategy === 'squash') assert.match(log.split('\n')[0]!, /Add squash\.txt \(#[0-9a-f]{7}\)/);
      if (strategy === 'rebase') assert.match(log, /Add rebase-2\.txt\nAdd rebase\.txt\nmain moves/);
      if (strategy === 'ff-only') assert.equal(log.split('\n')[0], 'Add ff-only.txt');
      assert.equal(bob.json('show', short, '--branch', 'main').ticket.status, 'merged');
      const row = page.locator('#branch-matrix tr', { has: page.locator('.branch-name', { hasText: /^main$/ }) });
      assert.match(await row.innerText(), /merged/);
    });
  }

  test('with JavaScript off, a review is a plain form post', async () => {
    const off = await browser.newContext({ javaScriptEnabled: false });
    try {
      ann.git('checkout', '-q', '-B', 'nojs', 'main');
      ann.write('nojs.txt', 'x\n');
      ann.commit('No script needed');
      const short = push(ann, 'HEAD:refs/for/main');
      bob.ok('sync');
      const p = await off.newPage();
      await p.goto(`${s.url}tickets/${short}`);
      await p.click('#review-box summary');
      await p.check('#review-box input[name="score"][value="-1"]');
      await go(p, '#review-button');
      assert.equal(bob.json('show', short).ticket.review, 'needs-work');
    } finally {
      await off.close();
    }
  });

  test('no script errors or server errors along the way', () => {
    assert.deepEqual(errors, []);
    assert.doesNotMatch(s.err(), /Error|\n\s+at /);
  });
});

describe('reviewing through dit server', { skip }, () => {
  let srv: RunningServer;
  let browser: Browser;
  let root: string;

  before(async () => {
    root = makeRoot();
    serverOk(root, ['repo', 'create', 'team/app']);
    serverOk(root, ['grant', 'ann', 'team/app', 'write']);
    serverOk(root, ['grant', 'bob', 'team/app', 'read']);
    srv = await startServerProcess(root);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
  });
  after(async () => {
    await browser?.close();
    await srv?.stop();
  });

  test('a pushed proposal: a reader sees Files changed, comments on a line, and a disabled merge; a writer merges it', async () => {
    const env = gitAs(PEOPLE.ann);
    const dir = join(tempDir(), 'work');
    gitOk(env, tempDir(), 'clone', '-q', `${srv.url}team/app.git`, dir);
    gitOk(env, dir, 'config', 'commit.gpgsign', 'false');
    gitOk(env, dir, 'commit', '-q', '--allow-empty', '-m', 'initial');
    gitOk(env, dir, 'push', '-q', 'origin', 'HEAD:main');
    gitOk(env, dir, 'checkout', '-q', '-b', 'feature');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'hello.ts'), 'export const hello = "world";\n');
    gitOk(env, dir, 'add', '-A');
    gitOk(env, dir, 'commit', '-q', '-m', 'Say hello');
    const pushed = spawnSync('git', ['push', 'origin', 'HEAD:refs/for/main'], { cwd: dir, env, encoding: 'utf8' });
    assert.equal(pushed.status, 0, pushed.stderr);
    const short = /#([0-9a-f]{7}): /.exec(pushed.stderr)?.[1] ?? assert.fail(pushed.stderr);

    const signIn = async (who: (typeof PEOPLE)['ann']) => {
      const ctx = await browser.newContext();
      const p = await ctx.newPage();
      await p.goto(`${srv.url}-/signin`);
      await p.fill('#name', who.name);
      await p.fill('#password', who.password);
      await p.click('#sign-in-submit');
      await p.waitForURL(srv.url);
      return { ctx, p };
    };
    const reader = await signIn(PEOPLE.bob);
    await reader.p.goto(`${srv.url}team/app/tickets/${short}/files`);
    assert.equal(await reader.p.locator('td.blob-code.blob-addition', { hasText: 'hello' }).count(), 1);
    // a reader comments on lines, as on GitHub (a reader's pushed line comment goes through the same rule)
    await go(reader.p, 'td.blob-code.blob-addition >> xpath=.. >> td.blob-num a >> nth=0');
    await reader.p.fill('#line-comment-body', 'A reader asks: why *hello*?');
    await go(reader.p, '#line-comment-button');
    assert.equal(
      await reader.p.locator('.line-thread em', { hasText: 'hello' }).count(),
      1,
      "the reader's line comment",
    );
    await reader.p.goto(`${srv.url}team/app/tickets/${short}`);
    assert.equal(await reader.p.locator('#merge-button').isDisabled(), true);
    assert.match(await reader.p.locator('#merge-reason').innerText(), /need write access/);
    await reader.ctx.close();
    const anon = await browser.newContext();
    const a = await anon.newPage();
    assert.equal((await a.goto(`${srv.url}team/app/tickets/${short}/files`))?.status(), 404, 'private: 404');
    await anon.close();

    const writer = await signIn(PEOPLE.ann);
    await writer.p.goto(`${srv.url}team/app/tickets/${short}`);
    await writer.p.click('#review-box summary');
    await writer.p.check('#review-box input[name="score"][value="2"]');
    await go(writer.p, '#review-button');
    assert.match(await writer.p.locator('#sidebar-reviewers').innerText(), /ann[\s\S]*\+2 approved/);
    await writer.p.selectOption('#merge-strategy', 'always');
    await go(writer.p, '#merge-button');
    assert.match(writer.p.url(), new RegExp(`/team/app/tickets/${short}`));
    assert.match(await writer.p.locator('#merge-box').innerText(), /Merged into main/);
    gitOk(env, dir, 'fetch', '-q', 'origin');
    assert.match(
      gitOk(env, dir, 'log', '-1', '--format=%s %cn', 'origin/main').trim(),
      /^Merge #[0-9a-f]{7}: Say hello ann$/,
    );
    await writer.ctx.close();
  });
});
