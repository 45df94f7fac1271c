// Accessibility: axe-core's WCAG 2 A and AA rules run in Chromium on every page of `dit serve` and of
// `dit server` (signed out and signed in), in the light and the dark theme, on a real imported tracker
// (Gitblit's own tickets) with a proposal whose files and commits are real. Every violation fails.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { CI, launch, newContext, type Served, serve, skip, stop } from '../support/browser-harness.js';
import { GITBLIT_FIXTURE, type Repo, tempRepo } from '../support/helpers.js';
import { axeReport, axeViolations } from '../support/page-checks.js';
import { makeRoot, PEOPLE, type RunningServer, serverOk, startServerProcess } from '../support/server-helpers.js';

const THEMES = ['light', 'dark'] as const;
const noFixture =
  !GITBLIT_FIXTURE && !CI ? 'the Gitblit fixture (../shared/fixtures/gitblit-tickets) is missing' : false;

let repo: Repo;
let served: Served | undefined;
let hosted: RunningServer | undefined;
let browser: Browser | undefined;
let proposal: string;
let imported: string;
let commit: string;

/** Visits each path in both themes (the system's, as the reader's browser says it) and collects what axe finds. */
async function audit(base: string, paths: string[], signIn?: (page: Page) => Promise<void>): Promise<string[]> {
  const found: string[] = [];
  for (const theme of THEMES) {
    const { ctx, watch } = await newContext(browser!, { colorScheme: theme });
    try {
      const page = await ctx.newPage();
      if (signIn) await signIn(page);
      for (const path of paths) {
        const res = await page.goto(`${base}${path}`);
        assert.ok(res && res.status() < 500, `${path}: ${res?.status()}`);
        const mode = await page.evaluate(() => document.documentElement.getAttribute('data-color-mode'));
        assert.ok(mode === 'auto' || mode === theme, `${path}: the page follows the system's theme`);
        const vs = await axeViolations(page);
        if (vs.length) found.push(axeReport(`${theme} ${path}`, vs));
      }
      assert.deepEqual(watch.errors, [], 'no script errors');
    } finally {
      await ctx.close();
    }
  }
  return found;
}

before(async () => {
  if (skip || noFixture) return;
  repo = tempRepo();
  repo.write('src/app.ts', 'export const a = 1;\nexport const b = 2;\n');
  repo.commit('The app');
  repo.ok('import', '--gitblit', GITBLIT_FIXTURE!);
  repo.ok('label-def', 'needs-triage', '--color', 'fbca04');
  repo.git('checkout', '-q', '-b', 'guard');
  repo.write('src/app.ts', 'export const a = 1;\nexport const b = 3;\nexport const c = 4;\n');
  repo.write('docs/notes.md', '# Notes\n');
  commit = repo.commit('Guard the empty buffer');
  proposal = repo.json<{ ticket: { id: string } }>('propose').ticket.id;
  repo.git('checkout', '-q', 'main');
  repo.ok('label', proposal, 'needs-triage', 'ui');
  imported = repo.json<{ tickets: { id: string; origin?: string }[] }>('ls', 'is:closed', '--limit', '1').tickets[0]!
    .id;
  repo.ok('comment', imported, 'A comment with **Markdown**, `code` and a [link](https://example.com).');
  served = await serve(repo);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await stop(served);
  await hosted?.stop();
});

test('dit serve: no WCAG 2 A or AA violation on any page, light or dark', { skip: skip || noFixture }, async () => {
  const t = `/tickets/${proposal}`;
  const found = await audit(served!.origin, [
    '/',
    '/?q=is%3Aclosed',
    '/help',
    '/tickets/new',
    t,
    `${t}/commits`,
    `${t}/files`,
    `${t}/files?view=split`,
    `${t}/compare`,
    `/tickets/${imported}`,
    '/milestones',
    '/labels',
    `/commits/${commit}`,
    '/no-such-page',
  ]);
  assert.equal(found.length, 0, `axe found:\n${found.join('\n')}`);
});

test('dit server: no WCAG 2 A or AA violation on any page, signed out or in, light or dark', {
  skip: skip || noFixture,
}, async () => {
  const root = makeRoot();
  serverOk(root, ['repo', 'import', repo.dir, '--name', 'tools/widget', '--public', '--description', 'Widgets']);
  serverOk(root, ['grant', 'ann', 'tools/widget', 'admin']);
  hosted = await startServerProcess(root, ['--signup']);
  const base = hosted.url.slice(0, -1);
  const r = '/tools/widget';
  const t = `${r}/tickets/${proposal}`;
  const signedOut = await audit(base, ['/', '/-/signin', '/-/signup', `${r}/`, t, `${r}/labels`, '/nobody/nothing']);
  const signedIn = await audit(
    base,
    [
      '/',
      '/-/my',
      '/-/account',
      `${r}/`,
      `${r}/tickets/new`,
      t,
      `${t}/commits`,
      `${t}/files`,
      `${t}/compare`,
      `${r}/tickets/${imported}`,
      `${r}/milestones`,
      `${r}/labels`,
      `${r}/-/settings`,
      `${r}/help`,
    ],
    async (page) => {
      await page.goto(`${base}/-/signin`);
      await page.fill('#name', PEOPLE.ann.name);
      await page.fill('#password', PEOPLE.ann.password);
      await Promise.all([page.waitForURL(`${base}/`), page.click('#sign-in-submit')]);
    },
  );
  const admin = await audit(base, ['/-/admin'], async (page) => {
    await page.goto(`${base}/-/signin`);
    await page.fill('#name', PEOPLE.admin.name);
    await page.fill('#password', PEOPLE.admin.password);
    await Promise.all([page.waitForURL(`${base}/`), page.click('#sign-in-submit')]);
  });
  const found = [...signedOut, ...signedIn, ...admin];
  assert.equal(found.length, 0, `axe found:\n${found.join('\n')}`);
});
