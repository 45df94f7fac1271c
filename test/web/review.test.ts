// Route tests for reviewing in the web UI: the Commits, Files changed and Compare tabs, the review,
// merge and line-comment forms, in-process against a clone that fetched a patchset pushed with real git.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { Store } from '../../src/store/store.js';
import { createApp } from '../../src/web/app.js';
import { allowedHosts } from '../../src/web/security.js';
import { Site } from '../../src/web/site.js';
import { cloneOf, type Repo, tempBare } from '../support/helpers.js';

const TOKEN = 'b'.repeat(48);
const HOST = '127.0.0.1:4921';
const HOSTILE_FILE = `<img src=x onerror=alert(1)>.js`;

let remote: Repo;
let clone: Repo;
let id: string;
let site: Site;
let app: ReturnType<typeof createApp>;

function push(repo: Repo, refspec: string, ...extra: string[]): string {
  const r = spawnSync('git', ['push', ...extra, 'origin', refspec], { cwd: repo.dir, env: repo.env, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return /#([0-9a-f]{7}): /.exec(r.stderr)?.[1] ?? assert.fail(r.stderr);
}

const req = (path: string, init: RequestInit = {}) =>
  app.request(`http://${HOST}${path}`, {
    ...init,
    headers: { host: HOST, ...(init.headers as Record<string, string>) },
  });
const post = (path: string, fields: Record<string, string>) => {
  const body = new URLSearchParams({ _csrf: TOKEN, ...fields });
  return req(path, {
    method: 'POST',
    body: body.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: `http://${HOST}` },
  });
};
const page = async (path: string) => {
  const res = await req(path);
  const html = await res.text();
  assert.equal(res.status, 200, `${path}: ${html.slice(0, 2000)}`);
  return html;
};
const show = () => clone.json('show', id).ticket;

before(async () => {
  remote = tempBare();
  clone = cloneOf(remote.dir);
  clone.write('README', 'a project\n');
  clone.write('src/app.ts', 'export const a = 1;\nexport const b = 2;\n');
  clone.commit('initial commit');
  clone.git('push', '-q', 'origin', 'main');
  remote.ok('hooks', 'install');
  clone.git('checkout', '-q', '-b', 'feature');
  clone.write(
    'src/app.ts',
    'export const a = 1;\nexport const b = 3; // "javascript:alert(1)"\nexport const c = `<script>`;\n',
  );
  clone.write(HOSTILE_FILE, 'console.log("<b>x</b>");\n');
  clone.git('mv', 'README', 'README.md');
  clone.write('logo.bin', '\x00\x01\x02binary\x00');
  clone.write('package-lock.json', '{"lockfileVersion": 3}\n');
  clone.commit('Change b <script>alert("subject")</script>');
  id = push(clone, 'HEAD:refs/for/new');
  clone.ok('sync');
  clone.git('fetch', '-q', 'origin', '+refs/dit/patchsets/*:refs/dit/patchsets/*');
  id = clone.json('show', id).ticket.id;
  // the clone reviews from main, as a maintainer would
  clone.git('checkout', '-q', 'main');
  site = new Site(await Store.open(clone.dir, { env: clone.env }));
  app = createApp(site, { hosts: () => allowedHosts('127.0.0.1', 4921), token: TOKEN });
});
after(async () => {
  await site?.close();
});

describe('review pages', () => {
  test('the conversation shows the tabs, the patchset event, the merge box (ready) and the review box', async () => {
    const html = await page(`/tickets/${id}`);
    assert.match(html, /id="tab-commits"/);
    assert.match(html, /id="tab-files"/);
    assert.match(html, /pushed 1 commit — patchset 1 revision 1/);
    assert.match(html, /id="merge-box"/);
    assert.match(html, /This patchset can be fast-forwarded into main/);
    assert.doesNotMatch(html, /id="merge-button"[^>]*disabled/);
    assert.match(html, /id="review-button"/);
    assert.match(html, /git merge --no-ff ticket\//, 'the local git commands');
  });

  test('Commits lists the commit, its subject escaped, linking to the commit page', async () => {
    const html = await page(`/tickets/${id}/commits`);
    assert.match(html, /Change b &lt;script&gt;alert\(&quot;subject&quot;\)&lt;\/script&gt;/);
    assert.doesNotMatch(html, /<script>alert/);
    const tip = show().current.tip as string;
    assert.match(html, new RegExp(`href="/commits/${tip}"`));
    assert.match(html, /Patchset 1 revision 1 \(proposal/);
  });

  test('Files changed: counts, highlighting, hostile names and lines escaped, rename, binary, generated summarised', async () => {
    const html = await page(`/tickets/${id}/files`);
    assert.match(html, /5<\/strong> files changed/);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;\.js/, 'the hostile file name as text');
    assert.doesNotMatch(html, /<img src=x/);
    assert.doesNotMatch(html, /<script>/);
    assert.match(html, /README<\/bdi> → <bdi>README\.md|README<\/bdi>.*README\.md/s, 'the rename');
    assert.match(html, />renamed</);
    assert.match(html, /Binary file not shown/);
    assert.match(html, /Generated file not rendered by default/);
    assert.match(html, /class="hljs-keyword">export</, 'TypeScript is highlighted');
    assert.match(html, /&quot;javascript:alert\(1\)&quot;|javascript:alert\(1\)/);
    assert.doesNotMatch(html, /href="javascript:/);
    assert.match(html, /class="blob-code blob-addition"/);
    assert.match(html, /class="blob-code blob-deletion"/);
    // the split view has four columns per row
    const split = await page(`/tickets/${id}/files?view=split`);
    assert.match(split, /class="diff-table diff-split"/);
    // a generated file loads on its own page
    const lock = await page(`/tickets/${id}/files?file=package-lock.json`);
    assert.match(lock, /lockfileVersion/);
    assert.doesNotMatch(lock, /src\/app\.ts/);
  });

  test('a bad revision is a 404 that names the ones there are', async () => {
    const res = await req(`/tickets/${id}/files?at=9`);
    assert.equal(res.status, 404);
    assert.match(await res.text(), /has no patchset 9; it has 1/);
  });

  test('a line comment: the form under the line, the post, the thread in the diff and in the timeline', async () => {
    const form = await page(`/tickets/${id}/files?path=src/app.ts&side=new&line=2`);
    assert.match(form, /id="new-comment"/);
    const res = await post(`/tickets/${id}/line-comments`, {
      at: '1.1',
      path: 'src/app.ts',
      side: 'new',
      line: '2',
      body: 'Why 3? <script>alert(1)</script>',
      back: `/tickets/${id}/files`,
    });
    assert.equal(res.status, 303, await res.text());
    const t = show();
    const c = t.comments.find((x: { anchor?: unknown }) => x.anchor);
    assert.deepEqual(
      [c.anchor.path, c.anchor.side, c.anchor.line, c.anchor.context.at(-1)],
      ['src/app.ts', 'new', 2, '+export const b = 3; // "javascript:alert(1)"'],
    );
    const files = await page(`/tickets/${id}/files`);
    assert.match(files, /Why 3\?/);
    assert.doesNotMatch(files, /<script>alert/);
    // it is edited like any comment
    assert.match(files, new RegExp(`href="/tickets/${id}/comments/${c.id}/edit"`));
    const edit = await post(`/tickets/${id}/comments/${c.id}/edit`, { body: 'Why 3, not 2?', shared: '1' });
    assert.equal(edit.status, 303);
    assert.equal(show().comments.find((x: { id: string }) => x.id === c.id).body, 'Why 3, not 2?');
    assert.match(await page(`/tickets/${id}/files`), /Why 3, not 2\?/);
    const reply = await post(`/tickets/${id}/line-comments`, { reply: c.id, body: 'Because 2 was taken' });
    assert.equal(reply.status, 303);
    const conv = await page(`/tickets/${id}`);
    assert.match(conv, /Why 3, not 2\?/);
    assert.match(conv, /Because 2 was taken/);
    assert.match(conv, /class="blob-code blob-addition"/, 'the code context in the timeline');
    assert.doesNotMatch(conv, /Outdated/);
    // a line the diff does not show is refused, and nothing is written
    const bad = await post(`/tickets/${id}/line-comments`, {
      at: '1.1',
      path: 'src/app.ts',
      side: 'old',
      line: '99',
      body: 'x',
    });
    assert.equal(bad.status, 400);
    assert.match(await bad.text(), /is not in the diff/);
  });

  test('reviewing: the score recorded on the current revision, the sidebar lists it; a stale page is refused', async () => {
    const res = await post(`/tickets/${id}/review`, { at: '1.1', score: '-1', comment: 'Please add a test' });
    assert.equal(res.status, 303, await res.text());
    let t = show();
    assert.equal(t.review, 'needs-work');
    assert.ok(
      t.comments.some((c: { body: string }) => c.body === 'Please add a test'),
      'with its comment',
    );
    const html = await page(`/tickets/${id}`);
    assert.match(html, /id="sidebar-reviewers"[\s\S]*-1 needs work/);
    const stale = await post(`/tickets/${id}/review`, { at: '1.9', score: '2' });
    assert.equal(stale.status, 409);
    const badScore = await post(`/tickets/${id}/review`, { at: '1.1', score: '7' });
    assert.equal(badScore.status, 400);
    t = show();
    assert.equal(t.reviews.length, 1);
  });

  test('a rewrite: compare patchset 1 with 2, the line comment outdated, the review stale', async () => {
    clone.git('checkout', '-q', 'feature');
    clone.write('src/app.ts', 'export const a = 1;\nexport const b = 4;\nexport const c = `<script>`;\n');
    clone.git('add', '-A');
    clone.git('commit', '-q', '--amend', '-m', 'Change b to 4');
    push(clone, `HEAD:refs/for/${id.slice(0, 7)}`, '-f');
    clone.ok('sync');
    clone.git('fetch', '-q', 'origin', '+refs/dit/patchsets/*:refs/dit/patchsets/*');
    clone.git('checkout', '-q', 'main');
    assert.equal(show().current.number, 2);
    const conv = await page(`/tickets/${id}`);
    assert.match(conv, /rewrote this as patchset 2 \(amend\)/);
    assert.match(conv, /Outdated/);
    assert.match(conv, /\(stale\)/);
    const files = await page(`/tickets/${id}/files`);
    assert.match(files, /outdated-comments[\s\S]*Why 3, not 2\?/, 'the outdated thread above its file');
    const cmp = await page(`/tickets/${id}/compare`);
    assert.match(cmp, /id="range-diff"/);
    assert.match(cmp, /range-pair/);
    assert.match(cmp, /Change b to 4/);
    assert.match(cmp, /b = 4/);
    const explicit = await page(`/tickets/${id}/compare?from=1.1&to=2.1`);
    assert.match(explicit, /<option value="1\.1" selected/);
    // the list marks the proposal, its patchset count, and (once reviewed) its review state
    let list = await page('/?q=is:open');
    assert.match(list, /class="Label Label--secondary proposal-marker[^"]*"[^>]*>.*into main/s);
    assert.match(list, /2 patchsets/);
    assert.doesNotMatch(list, /class="Label [^"]*review-state/, 'the old review is stale');
    assert.equal((await post(`/tickets/${id}/review`, { at: '2.1', score: '1' })).status, 303);
    list = await page('/?q=is:open');
    assert.match(list, /review-state"[^>]*>looks good</);
  });

  test('merging: blocked by a veto with the reason, then merged with squash; the ticket is merged on main', async () => {
    let res = await post(`/tickets/${id}/review`, { at: '2.1', score: '-2' });
    assert.equal(res.status, 303);
    let html = await page(`/tickets/${id}`);
    assert.match(html, /id="merge-reason"[^>]*>\s*vetoed/);
    assert.match(html, /id="merge-button"[^>]*disabled/);
    res = await post(`/tickets/${id}/merge`, { at: '2.1', strategy: 'always' });
    assert.equal(res.status, 409);
    res = await post(`/tickets/${id}/review`, { at: '2.1', score: '2' });
    assert.equal(res.status, 303);
    res = await post(`/tickets/${id}/merge`, { at: '2.1', strategy: 'squash' });
    assert.equal(res.status, 303, await res.text());
    assert.match(
      clone.git('log', '-1', '--format=%s', 'main'),
      /Change b <script>alert\("subject"\)<\/script>|\(#[0-9a-f]{7}\)/,
    );
    assert.equal(clone.json('show', id, '--branch', 'main').ticket.status, 'merged');
    html = await page(`/tickets/${id}?branch=main`);
    assert.match(html, /Merged into main|State--merged/);
    clone.git('push', '-q', 'origin', 'main'); // published, so the next proposal starts from it
  });
});

describe('bounded diffs', () => {
  test('a 5,000-file patchset renders a summary: counts for every file, diffs for the first ones only', async () => {
    clone.git('checkout', '-q', '-b', 'huge', 'main');
    for (let i = 0; i < 5000; i++) clone.write(`gen/f${String(i).padStart(4, '0')}.txt`, `line ${i}\n`);
    clone.commit('Five thousand files');
    const big = push(clone, 'HEAD:refs/for/new');
    clone.ok('sync');
    clone.git('checkout', '-q', 'main');
    const t = clone.json('show', big).ticket;
    const html = await page(`/tickets/${t.id}/files`);
    const has = (re: RegExp, what: string) => assert.ok(re.test(html), what);
    has(/5,000<\/strong> files changed/, 'every file is counted');
    assert.equal((html.match(/class="Box mb-3 diff-file"/g) ?? []).length, 300, 'the first 300 files have a box');
    assert.equal((html.match(/<table class="diff-table/g) ?? []).length, 100, 'diffs for the first 100 only');
    has(/and 4,000 more files/, 'the list is cut at 1,000');
    has(/4,700 more files changed; a page shows the first 300/, 'and says so');
    has(/Not shown: this page already holds/, 'files past the budget are summarised');
    assert.ok(html.length < 1_000_000, `the page stays small (${html.length} bytes)`);
  });
});

describe('a huge line', () => {
  test('a 6 MB one-line file is read only up to the page bound and shown cut', async () => {
    clone.git('checkout', '-q', '-b', 'minified', 'main');
    clone.write('app.min.txt', `${'x'.repeat(6 << 20)}\n`);
    clone.write('small.txt', 'small\n');
    clone.commit('A huge minified line');
    const big = push(clone, 'HEAD:refs/for/new');
    clone.ok('sync');
    clone.git('checkout', '-q', 'main');
    const t = clone.json('show', big).ticket;
    const html = await page(`/tickets/${t.id}/files`);
    assert.ok(html.length < 200_000, `the page stays small (${html.length} bytes)`);
    assert.ok(/The diff was cut here|Some long lines are cut/.test(html), 'it says the diff is cut');
    assert.ok(/2<\/strong> files changed/.test(html), 'both files are counted');
  });
});

describe('review API', () => {
  const api = (path: string, data?: unknown) =>
    req(
      `/api${path}`,
      data === undefined
        ? {}
        : {
            method: 'POST',
            body: JSON.stringify(data),
            headers: { 'content-type': 'application/json', 'x-csrf-token': TOKEN, origin: `http://${HOST}` },
          },
    );

  test('files, mergeable, a line comment, a review and a fast-forward merge, as JSON', async () => {
    clone.git('checkout', '-q', '-B', 'api-change', 'main');
    clone.write('api.txt', 'one\ntwo\n');
    clone.commit('Add api.txt');
    const short = push(clone, 'HEAD:refs/for/main');
    clone.ok('sync');
    clone.git('checkout', '-q', 'main');
    const files = await (await api(`/tickets/${short}/files`)).json();
    assert.deepEqual(
      files.files.map((f: { path: string; added: number }) => [f.path, f.added]),
      [['api.txt', 2]],
    );
    assert.deepEqual(
      files.files[0].patch.hunks[0].lines.map((l: { text: string }) => l.text),
      ['one', 'two'],
    );
    const m = (await (await api(`/tickets/${short}/mergeable`)).json()).mergeable;
    assert.deepEqual([m.ok, m.fastForward, m.conflicts], [true, true, []]);
    const bad = await api(`/tickets/${short}/line-comments`, { at: '1.1', path: 'api.txt', body: 'no line' });
    assert.equal(bad.status, 400);
    assert.match((await bad.json()).error.message, /needs path, side/);
    const lc = await api(`/tickets/${short}/line-comments`, {
      at: '1.1',
      path: 'api.txt',
      side: 'new',
      line: 2,
      body: 'Two?',
    });
    assert.equal(lc.status, 200, await lc.clone().text());
    const rv = await api(`/tickets/${short}/review`, { score: 2, comment: 'Fine', at: '1.1' });
    assert.equal(rv.status, 200);
    const stale = await api(`/tickets/${short}/merge`, { strategy: 'ff-only', at: '2' });
    assert.equal(stale.status, 409);
    const merged = await api(`/tickets/${short}/merge`, { strategy: 'ff-only', at: '1.1' });
    assert.equal(merged.status, 200, await merged.clone().text());
    assert.equal((await merged.json()).fastForward, true);
    const t = clone.json('show', short, '--branch', 'main').ticket;
    assert.equal(t.status, 'merged');
    assert.ok(
      t.comments.some((c: { body: string; anchor?: { line: number } }) => c.body === 'Two?' && c.anchor?.line === 2),
    );
  });
});

describe('conflicts', () => {
  test('a target that moved in the same lines: the merge box lists the paths and the button is disabled', async () => {
    clone.git('checkout', '-q', '-B', 'conflicting', 'main');
    clone.write('clash.txt', 'theirs\n');
    clone.commit('Clash, theirs');
    const short = push(clone, 'HEAD:refs/for/main');
    clone.ok('sync');
    clone.git('checkout', '-q', 'main');
    clone.write('clash.txt', 'ours\n');
    clone.commit('Clash, ours');
    const html = await page(`/tickets/${short}`);
    assert.match(html, /This patchset has conflicts that must be resolved/);
    assert.match(html, /id="merge-conflicts"[\s\S]*clash\.txt/);
    assert.match(html, /id="merge-button"[^>]*disabled/);
    assert.match(html, /rebase the patchset onto main/);
    const res = await post(`/tickets/${short}/merge`, { strategy: 'always' });
    assert.equal(res.status, 409);
    assert.match(await res.text(), /conflicts in clash\.txt/);
  });
});
