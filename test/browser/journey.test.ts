// The review-and-merge journey in Chromium, on `dit serve` in a reviewer's clone and on `dit server`:
// proposals opened by `git push` and by `dit propose`, an amend, reviews by two people, a line comment
// that follows its line to the next patchset, a merge with each strategy from the merge box, and each
// ticket merged on main and open on release-1 in the branch matrix.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
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
  text,
} from '../support/browser-harness.js';
import { cloneOf, type Repo, repoAt, tempBare, tempDir } from '../support/helpers.js';
import {
  gitAs,
  gitOk,
  makeRoot,
  PEOPLE,
  type RunningServer,
  serverOk,
  startServerProcess,
} from '../support/server-helpers.js';

const ANN = { name: 'Ann Author', email: 'ann@example.com' };
const BOB = { name: 'Bob Reviewer', email: 'bob@example.com' };
const CY = { name: 'Cy Maintainer', email: 'cy@example.com' };
const BUF = 'int len;\nint read(void);\nint write(void);\n';

function push(repo: Repo, refspec: string): string {
  const r = spawnSync('git', ['push', 'origin', refspec], { cwd: repo.dir, env: repo.env, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return /#([0-9a-f]{7}): /.exec(r.stderr)?.[1] ?? assert.fail(r.stderr);
}
const shortIdIn = (text: string): string => /#([0-9a-f]{7}): /.exec(text)?.[1] ?? assert.fail(text);

/** Ann's change on a branch of its own, from origin/main. */
function change(ann: Repo, branch: string, files: Record<string, string>, message: string): void {
  ann.git('fetch', '-q', 'origin');
  ann.git('checkout', '-q', '-B', branch, 'origin/main');
  for (const [path, body] of Object.entries(files)) ann.write(path, body);
  ann.commit(message);
}

/**
 * Ann's four proposals: A by push, then amended with a line inserted above the one a comment is on
 * (`comment` runs in between); B by `dit propose` and `dit sync`; C and D by push. Returns their short ids.
 */
async function proposals(ann: Repo, comment: (a: string) => Promise<void>) {
  change(ann, 'guard', { 'src/buf.c': `${BUF}int guard(void);\n` }, 'Guard the empty buffer');
  const a = push(ann, 'HEAD:refs/for/new');
  await comment(a);
  ann.write('src/buf.c', 'int len;\nint read(void);\n/* guarded */\nint write(void);\nint guard(int len);\n');
  ann.git('commit', '-q', '-a', '--amend', '-m', 'Guard the empty buffer');
  push(ann, `+HEAD:refs/for/${a}`);
  change(ann, 'squash-me', { 'b1.txt': 'b1\n' }, 'Add b1');
  ann.write('b2.txt', 'b2\n');
  ann.commit('Add b2');
  const b = shortIdIn(ann.ok('propose', '--target', 'main', '--title', 'Add the b files'));
  ann.ok('sync');
  change(ann, 'rebase-me', { 'c.txt': 'c\n' }, 'Add c');
  const c = push(ann, 'HEAD:refs/for/main');
  change(ann, 'ff-me', { 'd.txt': 'd\n' }, 'Add d');
  const d = push(ann, 'HEAD:refs/for/main');
  return { a, b, c, d };
}

/** The branch matrix row of a branch on a ticket page. */
const matrixRow = (page: Page, branch: string) =>
  page.locator('#branch-matrix tr', { has: page.locator('.branch-name', { hasText: new RegExp(`^${branch}$`) }) });

/** Merges the open proposal with a strategy from its merge box; the page then says it is merged. */
async function mergeWith(page: Page, url: string, strategy: string): Promise<void> {
  await page.goto(url);
  await page.selectOption('#merge-strategy', strategy);
  assertPosted(await go(page, page.locator('#merge-button')));
  assert.match(await text(page.locator('#merge-box')), /Merged into main/, `merged with ${strategy}`);
  assert.match(await text(matrixRow(page, 'main')), /merged/);
  assert.match(await text(matrixRow(page, 'release-1')), /new/, 'still open on release-1');
}

/** A comment on a line of Files changed: its number opens the form under it. */
async function commentOnLine(page: Page, url: string, line: string, body: string): Promise<void> {
  await page.goto(url);
  const opened = await go(page, page.locator(`.diff-file[data-path="src/buf.c"] td.blob-num[id$="${line}"] a`));
  assert.equal(opened?.status(), 200);
  await page.fill('#line-comment-body', body);
  assertPosted(await go(page, page.locator('#line-comment-button')));
}

/** On patchset 2 the comment made on line 3 of patchset 1 sits under line 4, where that line went. */
async function movedThread(page: Page, url: string): Promise<void> {
  await page.goto(url);
  const file = page.locator('.diff-file[data-path="src/buf.c"]');
  assert.equal(await file.locator('.line-thread').count(), 1);
  assert.equal(await file.locator('.outdated-comments .line-thread').count(), 0, 'not above the file');
  const under4 = file.locator('tr:has(td.blob-num[id$="R4"]) + tr.inline-comments .line-thread');
  assert.equal(await under4.count(), 1, 'under new line 4');
  assert.match(await text(under4), /line 3 · now line 4/);
  assert.equal(await under4.locator('.outdated-label').count(), 1);
}

async function review(page: Page, url: string, score: string, comment: string): Promise<void> {
  await page.goto(url);
  await page.click('#review-box summary');
  await page.fill('#review-box textarea', comment);
  await page.check(`#review-box input[name="score"][value="${score}"]`);
  assertPosted(await go(page, page.locator('#review-button')));
}

describe('the journey on dit serve', { skip }, () => {
  let browser: Browser;
  let s: Served | undefined;

  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await stop(s);
    await browser?.close();
  });

  test('a reviewer clones, comments on a line, reviews with Cy, and merges four ways from the page', async () => {
    const remote = tempBare();
    const ann = cloneOf(remote.dir, ANN);
    ann.write('README', 'a project\n');
    ann.write('src/buf.c', BUF);
    ann.commit('initial commit');
    ann.git('branch', 'release-1');
    ann.git('push', '-q', 'origin', 'main', 'release-1');
    remote.ok('hooks', 'install');
    const bob = cloneOf(remote.dir, BOB);
    bob.git('branch', '-q', 'release-1', 'origin/release-1');
    const { ctx, page, watch } = await freshPage(browser);
    try {
      const { a, b, c, d } = await proposals(ann, async (a) => {
        // Bob's first command is `dit serve`: it fetches dit's refs, so the proposal is there at once
        s = await serve(bob);
        assert.match(s.stderr(), /first use of this clone: fetched the shared journal/);
        await page.goto(s.url);
        assert.equal(await page.locator('.ticket-row', { hasText: 'Guard the empty buffer' }).count(), 1);
        await commentOnLine(page, `${s.url}tickets/${a}/files`, 'R3', 'Is write still needed?');
      });
      const url = (id: string) => `${s!.url}tickets/${id}`;
      // Cy reviews from a clone of his own; `git fetch` brings Bob the journal from then on
      const cy = cloneOf(remote.dir, CY);
      cy.ok('review', a, '--looks-good', '-m', 'Fine by me');
      cy.ok('sync');
      bob.git('fetch', '-q', 'origin');
      await movedThread(page, `${url(a)}/files`);
      await page.goto(url(a));
      assert.match(await text(page.locator('#sidebar-reviewers')), /Cy Maintainer.*\+1 looks good/);
      // a plain comment is staged in Bob's branch; the merge carries it instead of refusing
      await page.locator('#comment-box textarea').fill('Merging this now');
      assertPosted(await go(page, page.locator('#comment-button')));
      const staged = bob.git('diff', '--cached', '--name-only').trim();
      assert.match(staged, /^\.dit\/tickets\//);
      await review(page, url(a), '2', 'Ship it');
      assert.match(await text(page.locator('#sidebar-reviewers')), /Bob Reviewer.*\+2 approved/);
      await mergeWith(page, url(d), 'ff-only');
      await mergeWith(page, url(a), 'always');
      assert.match(bob.git('log', '-1', '--format=%s', 'main'), new RegExp(`^Merge #${a}: Guard the empty buffer`));
      assert.equal(bob.git('diff', '--cached', '--name-only').trim(), staged, "Bob's comment is still staged");
      await mergeWith(page, url(b), 'squash');
      await mergeWith(page, url(c), 'rebase');
      assert.deepEqual(bob.git('log', '--first-parent', '--format=%s', '-5', 'main').trim().split('\n'), [
        'Add c',
        `Add the b files (#${b})`,
        `Merge #${a}: Guard the empty buffer`,
        'Add d',
        'initial commit',
      ]);
      for (const id of [a, b, c, d])
        assert.deepEqual(
          ['main', 'release-1'].map((branch) => bob.json('show', id, '--branch', branch).ticket.status),
          ['merged', 'new'],
        );
      assertQuiet(watch);
      assert.doesNotMatch(s!.stderr(), /Error|\n\s+at /);
    } finally {
      await ctx.close();
    }
  });
});

describe('the journey on dit server', { skip }, () => {
  let browser: Browser;
  let srv: RunningServer;

  before(async () => {
    const root = makeRoot();
    serverOk(root, ['repo', 'create', 'team/app']);
    serverOk(root, ['grant', 'ann', 'team/app', 'write']);
    serverOk(root, ['grant', 'bob', 'team/app', 'read']);
    serverOk(root, ['grant', 'cy', 'team/app', 'write']);
    srv = await startServerProcess(root);
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    await srv?.stop();
  });

  const signIn = async (who: (typeof PEOPLE)['ann']) => {
    const f = await freshPage(browser);
    await f.page.goto(`${srv.url}-/signin`);
    await f.page.fill('#name', who.name);
    await f.page.fill('#password', who.password);
    await f.page.click('#sign-in-submit');
    await f.page.waitForURL(srv.url);
    return f;
  };

  test('a reader says +1, a writer comments on a line, approves and merges four ways', async () => {
    const env = gitAs(PEOPLE.ann);
    const dir = join(tempDir(), 'work');
    gitOk(env, tempDir(), 'clone', '-q', `${srv.url}team/app.git`, dir);
    const ann = repoAt(dir, env);
    ann.git('config', 'commit.gpgsign', 'false');
    ann.write('README', 'a project\n');
    ann.write('src/buf.c', BUF);
    ann.commit('initial commit');
    ann.git('branch', 'release-1');
    ann.git('push', '-q', 'origin', 'HEAD:main', 'release-1');
    const cy = await signIn(PEOPLE.cy);
    const bob = await signIn(PEOPLE.bob);
    const url = (id: string) => `${srv.url}team/app/tickets/${id}`;
    try {
      const { a, b, c, d } = await proposals(ann, (a) =>
        commentOnLine(cy.page, `${url(a)}/files`, 'R3', 'Is write still needed?'),
      );
      // Bob may read: the moved comment is there, he may comment on lines (as on GitHub), +1 and -1 only
      await movedThread(bob.page, `${url(a)}/files`);
      assert.ok((await bob.page.locator('td.blob-num a').count()) > 0, 'a reader may comment on lines');
      await bob.page.goto(url(a));
      assert.deepEqual(
        await bob.page
          .locator('#review-box input[name="score"]')
          .evaluateAll((xs) => xs.map((x) => x.getAttribute('value'))),
        ['1', '-1'],
      );
      await review(bob.page, url(a), '1', 'Reads well');
      assert.match(await text(bob.page.locator('#sidebar-reviewers')), /bob.*\+1 looks good/);
      assert.equal(await bob.page.locator('#merge-button').isDisabled(), true);
      assert.match(await text(bob.page.locator('#merge-reason')), /need write access/);
      // Cy approves and merges each proposal with another strategy
      await review(cy.page, url(a), '2', 'Ship it');
      assert.match(await text(cy.page.locator('#sidebar-reviewers')), /bob.*\+1 looks good.*cy.*\+2 approved/);
      await mergeWith(cy.page, url(d), 'ff-only');
      await mergeWith(cy.page, url(a), 'always');
      await mergeWith(cy.page, url(b), 'squash');
      await mergeWith(cy.page, url(c), 'rebase');
      // Ann's clone agrees once it has pulled
      ann.git('checkout', '-q', 'main');
      ann.git('pull', '-q', '--ff-only', 'origin', 'main');
      ann.ok('sync');
      for (const id of [a, b, c, d])
        assert.deepEqual(
          ['main', 'release-1'].map((branch) => ann.json('show', id, '--branch', branch).ticket.status),
          ['merged', 'new'],
        );
      for (const f of [bob, cy]) assertQuiet(f.watch);
    } finally {
      await bob.ctx.close();
      await cy.ctx.close();
    }
  });
});
