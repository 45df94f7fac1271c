// Branch truth on a repository shaped like a real migrated project (test/real-history.ts): every ticket's
// state on every branch, remote-tracking branch and tag against `git merge-base --is-ancestor`, the branch
// matrix, releases and release notes from the same evidence, and original numbers resolving.

import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { branchMatrix } from '../../src/store/read/branches.js';
import { releaseNotes, releasesOf } from '../../src/store/read/releases.js';
import { Store } from '../../src/store/store.js';
import { DONE, type RealHistory, realHistory } from '../support/real-history.js';

let built: RealHistory | null = null;
const history = (): RealHistory => (built ??= realHistory());

type Listed = { tickets: { id: string; status: string }[] };
type Row = { branch: string; remote: boolean; summary: { status: string } | null };
type TagRow = { tag: string; status: string | null; fixed: boolean };

/** Where dit and git disagree, one line each (an empty list when they agree). */
function disagreements(want: Map<string, string>, got: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [k, w] of want)
    if (got.get(k) !== w) out.push(`${k}: git says ${w}, dit says ${got.get(k) ?? '(nothing)'}`);
  return out;
}

const fixedAt = (h: RealHistory, t: RealHistory['truths'][number], ref: string) => {
  const e = h.expected(t, ref);
  return DONE.has(e.status) && e.byCommit;
};

test('every ticket on every branch, remote-tracking branch and tag: what git says', async () => {
  const h = history();
  const want = new Map<string, string>();
  const got = new Map<string, string>();
  const store = await Store.open(h.r.dir, { env: h.r.env });
  try {
    for (const ref of h.refs) {
      const status = new Map((await (await store.view(ref.name)).summaries()).map((s) => [s.id, s.status as string]));
      for (const t of h.truths) {
        want.set(`${ref.name} ${t.label}`, h.expected(t, ref.name).status);
        got.set(`${ref.name} ${t.label}`, status.get(t.id) ?? '(missing)');
      }
    }
  } finally {
    await store.close();
  }
  assert.deepEqual(disagreements(want, got), []);
  // the shapes the issue names, read plainly and through the command line
  const merged = h.truths.filter((t) => t.origin?.startsWith('gitblit#') && t.steps.some((s) => s.commit));
  assert.ok(merged.length >= 8, 'the history has Gitblit merges');
  const pages = new Map(h.r.json<Listed>('ls', '--all', '--branch', 'gh-pages').tickets.map((t) => [t.id, t.status]));
  assert.deepEqual(
    merged.filter((t) => pages.get(t.id) === 'merged').map((t) => t.label),
    [],
    'nothing merged on master is merged on the orphan gh-pages',
  );
  const onPages = h.truths.find((t) => t.label === `gitblit#${h.numbers.closedOnPages}`)!;
  assert.ok(DONE.has(pages.get(onPages.id)!), '`fixes #N` on gh-pages closes it there');
  assert.equal(pages.get(onPages.id), h.expected(onPages, 'gh-pages').status);
  const old = new Map(
    h.r.json<Listed>('ls', '--all', '--branch', 'origin/release-0.9').tickets.map((t) => [t.id, t.status]),
  );
  const onOld = h.truths.find((t) => t.label === `gitblit#${h.numbers.closedOnOldLine}`)!;
  assert.ok(DONE.has(old.get(onOld.id)!), 'a fix on a branch that only the remote has');
  assert.equal(old.get(onOld.id), h.expected(onOld, 'origin/release-0.9').status);
  assert.equal(pages.get(onOld.id), 'new');
});

test('the branch matrix and the releases of each ticket follow the same evidence', async () => {
  const h = history();
  const want = new Map<string, string>();
  const got = new Map<string, string>();
  const store = await Store.open(h.r.dir, { env: h.r.env });
  try {
    for (const t of h.truths) {
      for (const ref of h.refs.filter((x) => x.kind !== 'tag'))
        want.set(`${t.label} on ${ref.name}`, h.expected(t, ref.name).status);
      for (const row of (await branchMatrix(store, t.id, 'all')).rows)
        got.set(`${t.label} on ${row.branch}`, row.summary?.status ?? '(missing)');
      for (const tag of h.tags) {
        want.set(`${t.label} in ${tag}`, h.expected(t, tag).status);
        want.set(`${t.label} fixed in ${tag}`, String(fixedAt(h, t, tag)));
      }
      for (const row of (await releasesOf(store, t.id)).tags) {
        got.set(`${t.label} in ${row.tag}`, row.status ?? '(missing)');
        got.set(`${t.label} fixed in ${row.tag}`, String(row.fixed));
      }
    }
  } finally {
    await store.close();
  }
  assert.deepEqual(disagreements(want, got), []);
  // the same through the command line, for a Gitblit merge that master has and release-1.0 does not
  const t = h.truths.find(
    (x) =>
      x.label.startsWith('gitblit#') &&
      x.steps.some((s) => s.commit) &&
      !fixedAt(h, x, 'v1.0.0') &&
      fixedAt(h, x, 'v1.1.0'),
  )!;
  const rows = h.r.json<{ rows: Row[] }>('branches', t.id, '--all').rows;
  assert.deepEqual(
    rows.map((r) => [r.branch, r.summary?.status]),
    rows.map((r) => [r.branch, h.expected(t, r.branch).status]),
  );
  const tags = h.r.json<{ tags: TagRow[]; fixedIn: string[] }>('branches', t.id, '--tags');
  // per release line (v1.1 for v1.1.x), the first release git finds the fix in
  const lines = new Map<string, string>();
  for (const tag of h.tags) {
    const line = /^v\d+\.\d+/.exec(tag)![0];
    if (!lines.has(line) && fixedAt(h, t, tag)) lines.set(line, tag);
  }
  assert.deepEqual(tags.fixedIn, [...lines.values()]);
  assert.ok(tags.fixedIn.includes('v1.1.0') && !tags.fixedIn.some((x) => x.startsWith('v1.0')));
  assert.match(
    h.r.ok('branches', t.id, '--tags'),
    new RegExp(`^Fixed in ${[...lines.values()].join(', ').replace(/\./g, '\\.')}$`, 'm'),
  );
});

test('release notes between releases: the tickets git finds fixed in one and not the other', async () => {
  const h = history();
  const pairs = [
    ['v0.9.0', 'v1.0.0'],
    ['v1.0.0', 'v1.0.1'],
    ['v1.0.1', 'v1.1.0'],
    ['v1.1.0', 'v2.0.0'],
    ['v1.0.2', 'v1.1.1'],
    ['v0.9.1', 'v1.0.0'],
  ] as const;
  const want = new Map<string, string>();
  const got = new Map<string, string>();
  let total = 0;
  const store = await Store.open(h.r.dir, { env: h.r.env });
  try {
    for (const [a, b] of pairs) {
      const notes = await releaseNotes(store, `${a}..${b}`);
      const added = h.truths.filter((t) => fixedAt(h, t, b) && !fixedAt(h, t, a));
      total += added.length;
      want.set(
        `${a}..${b} new`,
        added
          .map((t) => t.label)
          .sort()
          .join(' '),
      );
      want.set(
        `${a}..${b} no longer fixed`,
        h.truths
          .filter((t) => fixedAt(h, t, a) && !fixedAt(h, t, b))
          .map((t) => t.label)
          .sort()
          .join(' '),
      );
      const label = (id: string) => h.truths.find((t) => t.id === id)?.label ?? id;
      got.set(
        `${a}..${b} new`,
        notes.groups
          .flatMap((g) => g.tickets.map((t) => label(t.id)))
          .sort()
          .join(' '),
      );
      got.set(
        `${a}..${b} no longer fixed`,
        notes.reverted
          .map((t) => label(t.id))
          .sort()
          .join(' '),
      );
    }
  } finally {
    await store.close();
  }
  assert.deepEqual(disagreements(want, got), []);
  assert.ok(total >= 10, 'the releases hold a real number of fixes');
  const cli = h.r.json<{ groups: { tickets: { id: string }[] }[] }>('release-notes', 'v1.0.0..v1.0.1');
  assert.equal(cli.groups.flatMap((g) => g.tickets).length, want.get('v1.0.0..v1.0.1 new')!.split(' ').length);
});

test('original numbers resolve wherever an id is read: #N, ticket-N, issue-N, GH-N, source URLs, system#N', () => {
  const h = history();
  const idOf = (label: string) => h.truths.find((t) => t.label === label)!.id;
  const shown = (arg: string) => h.r.json<{ ticket: { id: string } }>('show', arg).ticket.id;
  const n = h.numbers.fixedOnMaster;
  for (const form of [
    `#${n}`,
    `${n}`,
    `ticket-${n}`,
    `issue-${n}`,
    `gitblit#${n}`,
    `https://gitblit.example.com/tickets/widget.git/${n}`,
  ])
    assert.equal(shown(form), idOf(`gitblit#${n}`), form);
  for (const form of ['GH-1025', 'gh-1025', '#1025', 'https://github.com/acme/widget/issues/1025', 'github#1025'])
    assert.equal(shown(form), idOf('github#1025'), form);
  assert.equal(shown('https://github.com/acme/widget/pull/1021'), idOf('github#1021'));
  // a comment and a branch matrix read the same way
  h.r.ok('comment', `ticket-${n}`, '-m', 'Seen again on 1.0.1', '--shared');
  assert.match(h.r.ok('show', `#${n}`), /Seen again on 1\.0\.1/);
  assert.equal(h.r.json<{ id: string }>('branches', `GH-1025`).id, idOf('github#1025'));
  // the timeline of a ticket shows the commits that name it by its old number
  const t = h.r.json<{ ticket: { references: { summary: string; action: string }[] } }>('show', 'GH-1028').ticket;
  assert.deepEqual(
    t.references.map((x) => [x.summary, x.action]),
    [['Explain the frob limits', 'refs']],
  );
});

test('a cold read (no .git/dit) answers exactly as a warm one', () => {
  const h = history();
  const id = h.truths.find((t) => t.label.startsWith('gitblit#') && t.steps.some((s) => s.commit))!.id;
  const warm = [h.r.ok('branches', id, '--all', '--json'), h.r.ok('branches', id, '--tags', '--json')];
  rmSync(join(h.r.dir, '.git', 'dit'), { recursive: true, force: true });
  assert.deepEqual([h.r.ok('branches', id, '--all', '--json'), h.r.ok('branches', id, '--tags', '--json')], warm);
});
