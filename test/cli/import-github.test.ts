// dit import --github: a small hand-written export in the REST shape (issues, a pull request, comments,
// events, pulls), every field mapped; commits from refs/pull/N/head; idempotence; truncated and mistyped files.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { type Repo, ROOT, tempDir, tempRepo } from '../support/helpers.js';

const DIR = join(ROOT, 'test/fixtures/github');
const F = (name: string) => join(DIR, name);
const ALL = [
  '--github',
  F('issues.json'),
  '--comments',
  F('comments.json'),
  '--events',
  F('events.json'),
  '--pulls',
  F('pulls.json'),
];
const commits = (r: Repo) => Number(r.git('rev-list', '--count', 'HEAD').trim());
const show = (r: Repo, n: number) => r.json('show', `github#${n}`).ticket;

test('GitHub issues, a pull request, comments and events import with every field', () => {
  const r = tempRepo();
  const out = r.ok('import', ...ALL);
  assert.match(
    out,
    /^4 tickets, 1 pull request, 3 comments, 5 events, 4 labels, 1 milestone, 5 votes; \d+ new entries in commit [0-9a-f]{7}\n$/,
  );
  assert.equal(commits(r), 2);
  const [six, seven, eight, nine] = [6, 7, 8, 9].map((n) => show(r, n));
  const ref = (t: { id: string }) => `#${t.id.slice(0, 10)}`;

  // #7: a bug (label), closed as completed, so fixed; reopened once on the way
  assert.deepEqual(
    [seven.title, seven.type, seven.status, seven.origin],
    ['Crash when saving an empty file', 'bug', 'fixed', 'github#7'],
  );
  // every entry is the importer's (Ann Author, who ran dit import); GitHub's person is kept as its origin
  const by = { name: 'Ann Author', email: 'ann@example.com' };
  assert.deepEqual(seven.author, {
    name: 'ann',
    email: 'ann@users.noreply.github.com',
    imported: { source: 'GitHub', url: null, by },
  });
  assert.deepEqual(seven.comments[0].author.imported, {
    source: 'GitHub',
    url: 'https://github.com/acme/rocket/issues/7#issuecomment-1001',
    by,
  });
  assert.deepEqual(nine.author.imported, { source: 'GitHub', url: 'https://github.com/acme/rocket/pull/9', by });
  assert.match(r.ok('show', 'github#7'), /--- .*bob \(imported from GitHub, by Ann Author\) commented/);
  assert.equal(seven.created, '2024-01-02T10:00:00.000Z');
  assert.equal(seven.body, `Steps: open, save. Maybe like ${ref(six)}; see owner/other#7 and #123, which is not here.`);
  assert.deepEqual(
    [seven.labels, seven.milestone, seven.responsible, seven.watchers],
    [['bug', 'editor'], 'v1.0', 'bob', ['carol@users.noreply.github.com']],
  );
  assert.equal(seven.votes.length, 3, '+1 reactions are votes');
  assert.deepEqual(
    seven.comments.map((c: { author: { name: string }; time: string; body: string }) => [
      c.author.name,
      c.time,
      c.body,
    ]),
    [
      ['bob', '2024-01-03T10:00:00Z', `Reproduced on 2.3; probably the same as ${ref(eight)}.`],
      ['carol', '2024-01-06T10:05:00Z', `Proposed a fix in ${ref(nine)}.`],
    ],
  );
  const kinds = seven.timeline.map((i: { kind: string; to?: string; changes?: Record<string, unknown[]> }) =>
    i.kind === 'status'
      ? `status:${i.to}`
      : i.kind === 'fields'
        ? `fields:${Object.keys(i.changes ?? {}).join()}`
        : i.kind,
  );
  assert.deepEqual(
    kinds.filter((k: string) => k.startsWith('status') || k.startsWith('fields') || k === 'labels'),
    ['labels', 'fields:title', 'status:fixed', 'status:open', 'status:fixed'],
    'events replayed: label, rename, close, reopen, close',
  );
  assert.equal(
    seven.timeline.find((i: { kind: string }) => i.kind === 'fields').changes.title[0],
    'Crash on save',
    'the title before the rename',
  );
  assert.equal(
    seven.timeline.find((i: { kind: string; to?: string }) => i.kind === 'status' && i.to === 'fixed').author.name,
    'bob',
  );
  assert.equal(seven.updated, '2024-01-08T12:00:01.000Z', 'closed_at');

  // #8: not planned, so wontfix; no description; two +1s
  assert.deepEqual(
    [eight.type, eight.status, eight.body, eight.votes.length, eight.labels],
    ['enhancement', 'wontfix', '', 2, ['enhancement']],
  );
  assert.equal(eight.decidedBy.author.name, 'ann', 'closed_by');
  // #6: by a deleted user (ghost), a question; its link to the later #8 works too
  assert.deepEqual(
    [six.type, six.status, six.author.name, six.body],
    ['question', 'new', 'ghost', `Asked in ${ref(eight)} too.`],
  );

  // #9: the pull request, a proposal with its head and base, merged as its merge commit
  assert.deepEqual(
    [nine.type, nine.status, nine.merge],
    ['proposal', 'merged', { commit: 'fedcba9876543210fedcba9876543210fedcba98', target: 'main' }],
  );
  assert.equal(nine.body, `Fixes ${ref(seven)}.\r\n\r\nSee \`#7\` in code, which stays as it is.`);
  assert.deepEqual(
    nine.patchsets.map(
      (p: {
        revisions: { tip: string; base: string; target: string; head: string; commits: number; type: string }[];
      }) => p.revisions.map((v) => [v.type, v.tip, v.base, v.target, v.head, v.commits]),
    ),
    [
      [
        [
          'proposal',
          '1111111111111111111111111111111111111111',
          '2222222222222222222222222222222222222222',
          'main',
          'guard-empty',
          2,
        ],
      ],
    ],
  );
  assert.deepEqual(
    nine.comments.map((c: { body: string }) => c.body),
    ['Looks right.'],
  );

  // labels with colour and description, the milestone with due date and state
  const labels = r.json<{ labels: { name: string; color: string; description: string }[] }>('labels').labels;
  assert.deepEqual(
    labels.map((l) => [l.name, l.color, l.description]),
    [
      ['bug', 'd73a4a', "Something isn't working"],
      ['editor', '0e8a16', ''],
      ['enhancement', 'a2eeef', 'New feature or request'],
      ['question', labels.find((l) => l.name === 'question')!.color, ''],
    ],
  );
  const [m] = r.json<{ milestones: { name: string; due: string; state: string; description: string }[] }>(
    'milestone',
    'ls',
    '--all',
  ).milestones;
  assert.deepEqual([m!.name, m!.due, m!.state, m!.description], ['v1.0', '2024-03-01', 'closed', 'First release']);

  // findable by number
  assert.deepEqual(
    r.json<{ tickets: { origin: string }[] }>('ls', 'origin:7', '--all').tickets.map((t) => t.origin),
    ['github#7'],
  );
  assert.match(r.ok('show', 'github#9'), /imported from github#9/);

  // the same files again: nothing new
  assert.match(r.ok('import', ...ALL), /nothing new/);
  assert.equal(commits(r), 2);
});

test('a pull request whose commits were fetched (refs/pull/N/head) gets them attached', () => {
  const r = tempRepo();
  const mainTip = r.git('rev-parse', 'HEAD').trim();
  r.git('checkout', '-q', '-b', 'guard-empty');
  r.write('a.txt', '1\n');
  r.commit('first');
  r.write('a.txt', '2\n');
  const tip = r.commit('second');
  r.git('checkout', '-q', 'main');
  r.git('update-ref', 'refs/pull/9/head', tip);
  r.git('branch', '-D', '-q', 'guard-empty');
  r.ok('import', '--github', F('issues.json'), '--pulls', F('pulls.json'));
  const [rev] = show(r, 9).patchsets[0].revisions;
  assert.deepEqual([rev.tip, rev.base, rev.commits, rev.target, rev.head], [tip, mainTip, 2, 'main', 'guard-empty']);
  assert.match(r.ok('import', '--github', F('issues.json'), '--pulls', F('pulls.json')), /nothing new/);
});

test('a truncated file or a field of the wrong type stops the import with its place; --skip-bad leaves the record out', () => {
  const r = tempRepo();
  const dir = tempDir();
  const text = readFileSync(F('issues.json'), 'utf8');
  const cut = join(dir, 'cut.json');
  writeFileSync(cut, text.slice(0, 2500));
  const e1 = r.dit('import', '--github', cut);
  assert.notEqual(e1.code, 0);
  assert.match(
    e1.stderr,
    /cut\.json: line \d+, column \d+: the JSON ends in the middle of a value \(is the file truncated\?\); nothing was imported/,
  );
  assert.match(
    r.dit('import', '--github', cut, '--skip-bad').stderr,
    /truncated/,
    'a file that is not JSON is never half imported',
  );

  const issues = JSON.parse(text) as Record<string, unknown>[];
  issues[1]!.title = 42;
  const typed = join(dir, 'typed.json');
  writeFileSync(typed, JSON.stringify(issues, null, 1));
  const e2 = r.dit('import', '--github', typed);
  assert.notEqual(e2.code, 0);
  assert.match(
    e2.stderr,
    /typed\.json: record 2 \(line \d+, column 2\), the issue: `title`: Invalid type: Expected string but received 42; nothing was imported/,
  );
  const comments = join(dir, 'comments.json');
  writeFileSync(
    comments,
    JSON.stringify([
      {
        id: 1,
        user: { login: 'x' },
        created_at: 'yesterday',
        body: 'hi',
        issue_url: 'https://api.github.com/repos/a/b/issues/7',
      },
    ]),
  );
  assert.match(
    r.dit('import', '--github', F('issues.json'), '--comments', comments).stderr,
    /comments\.json: record 1 .*`created_at`: must be a time/,
  );
  assert.equal(commits(r), 1, 'nothing was written');
  assert.equal(r.ok('ls', '--all'), '');

  const s = r.dit('import', '--github', typed, '--skip-bad');
  assert.equal(s.code, 0, s.stderr);
  assert.match(s.stdout, /^3 tickets, .*; 1 skipped;/);
  assert.match(s.stderr, /skipped: .*typed\.json: record 2/);
  assert.equal(r.json<{ tickets: unknown[] }>('ls', '--all').tickets.length, 3);
  assert.match(r.dit('import', '--github', F('issues.json'), '--git-bug').stderr, /one tracker at a time/);
  assert.match(
    r.dit('import', '--comments', F('comments.json'), '--gitblit', dir).stderr,
    /--comments goes with --github/,
  );
});
