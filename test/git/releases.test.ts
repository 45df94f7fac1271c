// Releases from tags with real repositories: the earliest tag per release line with the fix, fixed-in: queries,
// release notes between two tags, and the ticket page's "Fixed in" line and remote-branch toggle (in-process).

import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Store } from '../../src/store/store.js';
import { createApp } from '../../src/web/app.js';
import { Site } from '../../src/web/site.js';
import { newTicket, type Repo, tempBare, tempRepo } from '../support/helpers.js';

type TagState = {
  tag: string;
  line: string;
  status: string | null;
  fixed: boolean;
  reverted: { revert: { commit: string } }[];
};
type Releases = {
  id: string;
  tags: TagState[];
  lines: { line: string; tags: number; fixedIn: string | null }[];
  fixedIn: string[];
};

const head = (r: Repo): string => r.git('rev-parse', 'HEAD').trim();
const releases = (r: Repo, id: string): Releases => r.json<Releases>('branches', id, '--tags');
const ids = (r: Repo, q: string): string[] =>
  r
    .json<{ tickets: { id: string }[] }>('ls', q)
    .tickets.map((t) => t.id)
    .sort();

/**
 * Three release lines: 2.2 (never fixed), 2.3 (the fix cherry-picked after v2.3.1), 2.4 on main (fixed after
 * an rc, annotated tags), and 2.10 to check that versions sort as numbers. An enhancement is closed by an
 * entry committed before v2.4.0; another ticket is closed only in the shared journal.
 */
function history() {
  const r = tempRepo();
  const bug = newTicket(r, 'Crash on save', '--type', 'bug', '--commit');
  const feature = newTicket(r, 'Export to *CSV*', '--type', 'enhancement', '--commit');
  const journal = newTicket(r, 'Closed in the journal only', '--commit');
  r.git('tag', 'v2.2.0');
  r.git('branch', '2.3.x');
  r.write('work.c', 'work\n');
  r.commit('Work for 2.4');
  r.git('tag', '-a', 'v2.4.0-rc.1', '-m', 'first release candidate');
  r.write('save.c', 'guard\n');
  const fixing = r.commit(`Guard the empty buffer\n\nFixes #${bug.slice(0, 7)}`);
  r.ok('close', feature, '--commit');
  r.git('tag', '-a', 'v2.4.0', '-m', 'release 2.4.0');
  r.write('more.c', 'more\n');
  r.commit('More work');
  r.git('tag', 'v2.10.0');
  r.git('checkout', '-q', '2.3.x');
  r.git('tag', 'v2.3.0');
  r.write('patch.c', 'patch\n');
  r.commit('A patch for 2.3');
  r.git('tag', 'v2.3.1');
  r.git('cherry-pick', fixing);
  const picked = head(r);
  r.git('tag', 'v2.3.2');
  r.git('checkout', '-q', 'main');
  r.ok('close', journal, '--shared');
  return { r, bug, feature, journal, fixing, picked };
}

test('dit branches --tags: every tag in version order, and per release line the earliest with the fix', () => {
  const { r, bug, journal } = history();
  const rel = releases(r, bug.slice(0, 7));
  assert.equal(rel.id, bug);
  assert.deepEqual(
    rel.tags.map((t) => t.tag),
    ['v2.2.0', 'v2.3.0', 'v2.3.1', 'v2.3.2', 'v2.4.0-rc.1', 'v2.4.0', 'v2.10.0'],
    'semantic version order',
  );
  assert.deepEqual(
    rel.tags.map((t) => t.fixed),
    [false, false, false, true, false, true, true],
  );
  assert.deepEqual(rel.lines, [
    { line: 'v2.2', tags: 1, fixedIn: null },
    { line: 'v2.3', tags: 3, fixedIn: 'v2.3.2' },
    { line: 'v2.4', tags: 2, fixedIn: 'v2.4.0' },
    { line: 'v2.10', tags: 1, fixedIn: 'v2.10.0' },
  ]);
  assert.deepEqual(rel.fixedIn, ['v2.3.2', 'v2.4.0', 'v2.10.0']);
  const text = r.ok('branches', bug, '--tags');
  assert.match(text, /^Fixed in v2\.3\.2, v2\.4\.0, v2\.10\.0$/m);
  assert.match(text, /v2\.3\s+v2\.3\.2\s+3/);

  const shared = releases(r, journal);
  assert.ok(
    shared.tags.every((t) => t.status === 'fixed' && !t.fixed),
    'a close in the shared journal is seen everywhere but is in no release',
  );
  assert.deepEqual(shared.fixedIn, []);
  assert.match(r.ok('branches', journal, '--tags'), /Fixed in no release yet/);
  assert.equal(r.dit('branches', bug, '--tags', '--all').code, 2, '--tags does not mix with branch sets');
});

test('tags follow git: a revert released later, a moved tag, a deleted cache', () => {
  const { r, bug, fixing } = history();
  r.git('revert', '--no-edit', fixing);
  const revert = head(r);
  r.git('tag', 'v2.10.1');
  let rel = releases(r, bug);
  const last = rel.tags.find((t) => t.tag === 'v2.10.1')!;
  assert.equal(last.fixed, false, 'the release after the revert does not have the fix');
  assert.equal(last.reverted[0]?.revert.commit, revert);
  assert.match(r.ok('branches', bug, '--tags'), new RegExp(`v2\\.10\\.1\\s+new\\s+reverted by ${revert.slice(0, 7)}`));
  assert.deepEqual(ids(r, '-fixed-in:v2.10.1 fixed-in:v2.10.0'), [bug], 'the query finds the regression');

  r.git('tag', '-f', 'v2.2.0', 'v2.3.2'); // re-tag: derived, never stored
  rel = releases(r, bug);
  assert.equal(rel.lines.find((l) => l.line === 'v2.2')?.fixedIn, 'v2.2.0', 'the moved tag now has the fix');
  const warm = r.ok('branches', bug, '--tags', '--json');
  rmSync(join(r.dir, '.git/dit'), { recursive: true, force: true });
  assert.equal(r.ok('branches', bug, '--tags', '--json'), warm, 'cold equals warm');
});

test('fixed-in: and -fixed-in: find tickets by release, closed or not in the working tree', () => {
  const { r, bug, feature, journal } = history();
  assert.deepEqual(
    ids(r, 'fixed-in:v2.4.0'),
    [bug, feature].sort(),
    'a fixes commit and a close committed in the tree',
  );
  assert.deepEqual(ids(r, 'fixed-in:v2.3.2'), [bug]);
  assert.deepEqual(ids(r, 'fixed-in:v2.3.1'), []);
  assert.deepEqual(ids(r, 'fixed-in:v2.4.0 -fixed-in:v2.3.1'), [bug, feature].sort());
  assert.deepEqual(ids(r, 'fixed-in:v2.4.0 -fixed-in:v2.3.2'), [feature]);
  assert.deepEqual(ids(r, 'fixed-in:2.3.x type:bug'), [bug], 'a branch works as well as a tag');
  assert.ok(!ids(r, '-fixed-in:v2.4.0').includes(bug));
  assert.ok(ids(r, '-fixed-in:v2.4.0').includes(journal), 'the journal-only close is in no release');
  const bad = r.dit('ls', 'fixed-in:v9.9.9');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /fixed-in:v9\.9\.9: no tag, branch or commit is named "v9\.9\.9"; list tags with `git tag`/);
  assert.match(r.ok('ls', '--help'), /fixed-in:REV/);
});

test('dit release-notes FROM..TO: tickets fixed in between, grouped by type, as Markdown or --json', () => {
  const { r, bug, feature } = history();
  const md = r.ok('release-notes', 'v2.3.0..v2.4.0');
  assert.equal(
    md,
    [
      '## v2.4.0',
      '',
      'Changes since v2.3.0: 2 tickets.',
      '',
      '### Bugs fixed',
      '',
      `- Crash on save (#${bug.slice(0, 7)})`,
      '',
      '### Enhancements',
      '',
      `- Export to \\*CSV\\* (#${feature.slice(0, 7)})`,
      '',
    ].join('\n'),
    'Markdown with the title escaped',
  );
  const j = r.json<{
    from: string;
    to: string;
    groups: { type: string; tickets: { id: string }[] }[];
    reverted: unknown[];
  }>('release-notes', 'v2.3.1..v2.3.2');
  assert.deepEqual([j.from, j.to], ['v2.3.1', 'v2.3.2']);
  assert.deepEqual(
    j.groups.map((g) => [g.type, g.tickets.map((t) => t.id)]),
    [['bug', [bug]]],
  );
  assert.deepEqual(r.json('release-notes', 'v2.4.0..v2.10.0').groups, [], 'nothing new');

  r.git('revert', '--no-edit', r.git('log', '--format=%H', '--grep=Guard the empty buffer', 'main').trim());
  const notes = r.ok('release-notes', 'v2.4.0..');
  assert.match(notes, /^## HEAD$/m, 'TO defaults to HEAD');
  assert.match(
    notes,
    new RegExp(`### No longer fixed[\\s\\S]*Crash on save \\(#${bug.slice(0, 7)}\\)`),
    'a reverted fix is listed',
  );
  const bad = r.dit('release-notes', 'v2.3.0');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /is not a range; write FROM\.\.TO, like v2\.3\.0\.\.v2\.4\.0/);
});

test("a server asked fixed-in: and release notes at once: a tag's code is never read as its journal (in-process)", async () => {
  const { r, bug, feature } = history();
  const saved = { ...process.env };
  try {
    // each round from nothing derived, so the whole view and the code-only view of each tag are built together
    for (let round = 0; round < 10; round++) {
      rmSync(join(r.dir, '.git/dit'), { recursive: true, force: true });
      const site = new Site(await Store.open(r.dir, { env: r.env }));
      try {
        const app = createApp(site, { hosts: () => null, token: 'test-token' });
        const get = async <T>(path: string): Promise<T> => {
          const res = await app.request(`http://127.0.0.1${path}`);
          assert.equal(res.status, 200, path);
          return (await res.json()) as T;
        };
        type Notes = { groups: { tickets: { id: string }[] }[] };
        const listed = (rev: string) =>
          get<{ tickets: { id: string }[] }>(`/api/tickets?state=all&q=${encodeURIComponent(`fixed-in:${rev}`)}`);
        const [fixed, later, notes, patch] = await Promise.all([
          listed('v2.3.2'),
          listed('v2.4.0'),
          get<Notes>('/api/release-notes?range=v2.3.0..v2.4.0'),
          get<Notes>('/api/release-notes?range=v2.3.1..v2.3.2'),
        ]);
        const ids = (x: { tickets: { id: string }[] }) => x.tickets.map((t) => t.id).sort();
        const noted = (x: Notes) => x.groups.flatMap((g) => g.tickets.map((t) => t.id)).sort();
        // the close written to the journal alone is in no release
        assert.deepEqual(
          [ids(fixed), ids(later), noted(notes), noted(patch)],
          [[bug], [bug, feature].sort(), [bug, feature].sort(), [bug]],
          `round ${round}`,
        );
      } finally {
        await site.close();
      }
    }
  } finally {
    process.env = saved;
  }
});

test('the ticket page: a "Fixed in" line with links, and a toggle for remote-tracking branches (in-process)', async () => {
  const { r, bug } = history();
  const bare = tempBare();
  r.git('remote', 'add', 'origin', bare.dir);
  r.git('push', '-q', 'origin', 'main', '2.3.x:maint-2.3');
  r.git('fetch', '-q', 'origin');
  const saved = { ...process.env };
  const site = new Site(await Store.open(r.dir, { env: r.env }));
  try {
    const app = createApp(site, { hosts: () => null, token: 'test-token' });
    const page = async (path: string) => {
      const res = await app.request(`http://127.0.0.1${path}`);
      assert.equal(res.status, 200, path);
      return res.text();
    };
    const html = await page(`/tickets/${bug}`);
    const fixed = /<div[^>]*id="fixed-in"[^>]*>([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '';
    assert.match(fixed, /Fixed in/);
    assert.deepEqual(
      [...fixed.matchAll(/class="[^"]*release-tag[^"]*"[^>]*>([^<]+)</g)].map((m) => m[1]),
      ['v2.3.2', 'v2.4.0', 'v2.10.0'],
    );
    assert.match(fixed, /href="\/\?q=fixed-in%3A%22v2\.3\.2%22"/, 'each tag links to what it fixes');
    assert.doesNotMatch(html, /origin\/maint-2\.3/, 'remote branches are hidden by default');
    assert.match(html, /id="remotes-toggle"[^>]*>\s*Show remote branches/);
    const withRemotes = await page(`/tickets/${bug}?remotes=1`);
    assert.match(withRemotes, /origin\/maint-2\.3/);
    assert.match(withRemotes, /id="remotes-toggle"[^>]*>\s*Hide remote branches/);
    const rows = [...withRemotes.matchAll(/<tr class="[^"]*remote-branch[^"]*">([\s\S]*?)<\/tr>/g)].map((m) => m[1]!);
    assert.equal(rows.length, 2, 'origin/main and origin/maint-2.3');
    assert.ok(
      rows.some((x) => /maint-2\.3[\s\S]*fixed/.test(x)),
      'the remote release branch has the fix',
    );
    const listed = await page(`/?q=${encodeURIComponent('fixed-in:"v2.3.2"')}`);
    assert.match(listed, /Crash on save/, 'the link lists the ticket');
    const api = (await (await app.request(`http://127.0.0.1/api/tickets/${bug}/branches?set=remotes`)).json()) as {
      rows: { branch: string }[];
    };
    assert.deepEqual(
      api.rows.map((x) => x.branch),
      ['origin/main', 'origin/maint-2.3'],
    );
    const rel = (await (await app.request(`http://127.0.0.1/api/tickets/${bug.slice(0, 8)}/releases`)).json()) as {
      fixedIn: string[];
    };
    assert.deepEqual(rel.fixedIn, ['v2.3.2', 'v2.4.0', 'v2.10.0'], 'the API answers what the CLI does');
    const notes = (await (await app.request('http://127.0.0.1/api/release-notes?range=v2.3.1..v2.3.2')).json()) as {
      groups: { tickets: { id: string }[] }[];
    };
    assert.deepEqual(
      notes.groups.flatMap((g) => g.tickets.map((t) => t.id)),
      [bug],
    );
    const bad = await app.request('http://127.0.0.1/api/release-notes?range=nonsense');
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: { message: string } }).error.message, /is not a range/);
  } finally {
    await site.close();
    process.env = saved;
  }
});
