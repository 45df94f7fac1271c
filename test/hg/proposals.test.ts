// Proposals in hg: `dit propose` on a bookmark, an amend as patchset 2 (patchset 1 still readable after hg
// strips it), review and line comments through `dit serve`'s API and pages, and merged per branch against hg.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Store } from '../../src/store/store.js';
import { createApp } from '../../src/web/app.js';
import { allowedHosts } from '../../src/web/security.js';
import { Site } from '../../src/web/site.js';
import { type HgRepo, hgSkip, tempHgRepo } from '../support/hg.js';

const TOKEN = 'e'.repeat(48);
const HOST = '127.0.0.1:4931';
let site: Site | null = null;
after(async () => {
  await site?.close();
});

const statusOn = (r: HgRepo, id: string, branch: string): string =>
  r.json('show', id, '--branch', branch).ticket.status;

test('a bookmark proposed, amended (patchset 2, patchset 1 still readable), reviewed in dit serve, merged on default only', {
  skip: hgSkip,
}, async () => {
  const r = tempHgRepo();
  const initial = r.node('.');
  r.hg('branch', '-q', 'stable');
  r.write('stable.txt', 'release line\n');
  r.commit('Start the stable line');
  r.hg('update', '-q', 'default');
  r.hg('bookmark', 'feature');
  r.write('feature.c', 'int f(void) { return 1; }\n');
  const first = r.commit('Add f\n\nBecause f.');

  const p1 = r.json('propose', '--target', 'default');
  const id: string = p1.id;
  const short = id.slice(0, 7);
  assert.deepEqual([p1.created, p1.patchset.number, p1.patchset.type], [true, 1, 'proposal']);
  assert.equal(r.node(`ticket/${short}`), first, 'the ticket/<id> bookmark is on the proposed changeset');
  let t = r.json('show', id).ticket;
  assert.deepEqual(
    [t.type, t.title, t.body, t.current.tip, t.current.target],
    ['proposal', 'Add f', 'Because f.', first, 'default'],
  );
  assert.equal(t.current.base, initial, 'measured against default outside the bookmark');

  // hg (evolution off) strips the amended changeset: dit's bundle keeps patchset 1 readable
  r.write('feature.c', 'int f(void) { return 2; }\n');
  r.hg('commit', '-q', '--amend', '-m', 'Add f, amended');
  const second = r.node('.');
  assert.equal(r.hg('log', '-r', `id(${JSON.stringify(first)})`, '-T', 'x'), '', 'hg stripped the first changeset');
  assert.equal(r.node(`ticket/${short}`), second, 'the amend moved the ticket bookmark with the user’s');
  const p2 = r.json('propose');
  assert.deepEqual([p2.id, p2.created, p2.patchset.number, p2.patchset.type], [id, false, 2, 'amend']);
  assert.ok(existsSync(join(r.dir, '.hg', 'dit', 'kept', `${first}.hg`)), 'patchset 1 is bundled under .hg/dit/kept');
  const list = r.json('patchsets', id);
  assert.deepEqual(
    list.patchsets.map((p: any) => [p.number, p.revisions[0].tip, p.revisions[0].diffstat]),
    [
      [1, first, { files: 1, added: 1, removed: 0 }],
      [2, second, { files: 1, added: 1, removed: 0 }],
    ],
  );
  assert.match(r.dit('propose').stdout, /no new changes|already has/, 'proposing again adds nothing');

  // dit serve's API and pages: both patchsets' files and commits, a review and a line comment
  site = new Site(await Store.open(r.dir, { env: r.env }));
  const app = createApp(site, { hosts: () => allowedHosts('127.0.0.1', 4931), token: TOKEN });
  const req = (path: string, init: RequestInit = {}) =>
    app.request(`http://${HOST}${path}`, { ...init, headers: { host: HOST, ...(init.headers as object) } });
  const post = (path: string, data: unknown) =>
    req(path, {
      method: 'POST',
      body: JSON.stringify(data),
      headers: { 'content-type': 'application/json', 'x-csrf-token': TOKEN, origin: `http://${HOST}` },
    });
  for (const [at, text] of [
    ['1', 'return 1;'],
    ['2', 'return 2;'],
  ] as const) {
    const res = await req(`/api/tickets/${short}/files?at=${at}`);
    assert.equal(res.status, 200, await res.clone().text());
    const files = await res.json();
    assert.deepEqual(
      files.files.map((f: any) => [f.path, f.status, f.added, f.removed]),
      [['feature.c', 'A', 1, 0]],
    );
    const lines = files.files[0].patch.hunks.flatMap((h: any) => h.lines.map((l: any) => `${l.kind} ${l.text}`));
    assert.deepEqual(lines, [`add int f(void) { ${text} }`], `patchset ${at}'s diff`);
    const commits = await (await req(`/api/tickets/${short}/commits?at=${at}`)).json();
    assert.deepEqual(
      commits.commits.map((c: any) => c.subject),
      [at === '1' ? 'Add f' : 'Add f, amended'],
    );
    const page = await req(`/tickets/${short}/files?at=${at}`);
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.match(html, /feature\.c/);
    const words = html.replace(/<[^>]+>/g, '').replace(/&#x27;|&#39;/g, "'");
    assert.ok(words.includes(text), `the Files tab of patchset ${at} shows its line`);
  }
  const cmp = await req(`/api/tickets/${short}/compare?from=1&to=2`);
  assert.equal(cmp.status, 200, await cmp.clone().text());
  assert.deepEqual(
    (await cmp.json()).files.files.map((f: any) => [f.path, f.added, f.removed]),
    [['feature.c', 1, 1]],
  );
  const reviewed = await post(`/api/tickets/${short}/review`, { score: 2, at: '2' });
  assert.equal(reviewed.status, 200, await reviewed.clone().text());
  const commented = await post(`/api/tickets/${short}/line-comments`, {
    at: '2',
    path: 'feature.c',
    side: 'new',
    line: 1,
    body: 'Why 2?',
  });
  assert.equal(commented.status, 200, await commented.clone().text());
  const shown = await (await req(`/tickets/${short}/files?at=2`)).text();
  assert.match(shown, /Why 2\?/, 'the line comment shows on the Files tab');
  await site.close();
  site = null;
  t = r.json('show', id).ticket;
  assert.equal(t.review, 'approved');

  // merged where hg says the tip is: default after the merge, never stable
  r.hg('update', '-q', '-r', initial);
  r.write('other.txt', 'meanwhile\n');
  r.commit('Meanwhile on default');
  assert.equal(r.contains('default', second), false);
  assert.equal(statusOn(r, id, 'default'), 'new', 'not merged before the merge');
  r.hg('merge', '-q', 'feature');
  r.commit('Merge the feature');
  for (const [branch, expected] of [
    ['default', 'merged'],
    ['stable', 'new'],
  ] as const) {
    assert.equal(r.contains(branch, second) ? 'merged' : 'new', expected, `hg on ${branch}`);
    assert.equal(statusOn(r, id, branch), expected, `dit on ${branch}`);
  }
});
