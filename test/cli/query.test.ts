// `dit ls QUERY` as a user meets it: words ranked title-first, qualifiers, state defaults, sort,
// errors that point into the query, branch views, `me`, JSON, and an index that follows every write.

import assert from 'node:assert/strict';
import { rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseQuery, queryHelp } from '../../src/query/parse.js';
import { QUALIFIER_NAMES } from '../../src/query/qualifiers.js';
import { type Repo, repoAt, tempDir, tempRepo } from '../support/helpers.js';

const ann = { name: 'Ann Author', email: 'ann@example.com' };
const bob = { name: 'Bob Builder', email: 'bob@example.com' };

/**
 * Six tickets in one import, with fixed times so every order is known. "crash" is in A's title,
 * B's description and a comment on C; D (also "crash") is closed. A is neither the oldest nor the
 * newest of the three, so relevance cannot pass for either date order.
 */
const FIXTURE = [
  {
    key: 'A',
    title: 'Crash when saving large files',
    body: 'The editor window closes and the work is gone.',
    type: 'bug',
    labels: ['ui'],
    created: '2025-02-01T10:00:00Z',
    author: { name: 'Alice', email: 'alice@example.com' },
    priority: 'high',
  },
  {
    key: 'B',
    title: 'Slow startup on old laptops',
    body: 'Sometimes a crash happens while starting up.',
    type: 'bug',
    labels: ['ui', 'docs'],
    created: '2025-01-01T10:00:00Z',
    author: bob,
  },
  {
    key: 'C',
    title: 'Hang on exit with tabs',
    body: 'The process never ends after quitting.',
    type: 'task',
    labels: [],
    created: '2025-03-01T10:00:00Z',
    author: { name: 'Carol', email: 'carol@example.com' },
    comments: [{ author: bob, created: '2025-03-02T10:00:00Z', body: 'I also see a crash here' }],
  },
  {
    key: 'D',
    title: 'Crash in the parser',
    body: 'Fixed by the new tokenizer.',
    type: 'bug',
    labels: ['ui'],
    status: 'fixed',
    created: '2025-04-01T10:00:00Z',
    closed: '2025-04-02T10:00:00Z',
    author: bob,
  },
  {
    key: 'E',
    title: 'Dark theme for settings',
    body: 'Please add one.',
    type: 'enhancement',
    labels: ['docs'],
    created: '2025-05-01T10:00:00Z',
    author: bob,
    responsible: 'ann@example.com',
  },
  {
    key: 'F',
    title: 'How to configure proxies',
    body: 'Behind a company proxy.',
    type: 'question',
    labels: [],
    created: '2025-06-01T10:00:00Z',
    author: ann,
    responsible: 'bob',
  },
];

interface Fixture {
  r: Repo;
  id: Record<string, string>;
  ls: (...args: string[]) => string[];
}

/** A repository holding FIXTURE (one `dit import`, committed on main); `ls` answers with the keys. */
function fixture(): Fixture {
  const r = tempRepo();
  const file = join(tempDir(), 'tickets.jsonl');
  writeFileSync(file, `${FIXTURE.map(({ key: _, ...t }) => JSON.stringify(t)).join('\n')}\n`);
  r.ok('import', file);
  const all = r.json<{ tickets: { id: string; title: string }[] }>('ls', '--all').tickets;
  const id: Record<string, string> = {};
  for (const t of FIXTURE) id[t.key] = all.find((x) => x.title === t.title)!.id;
  const keyOf = new Map(Object.entries(id).map(([k, v]) => [v, k]));
  const ls = (...args: string[]) =>
    r.json<{ tickets: { id: string }[] }>('ls', ...args).tickets.map((t) => keyOf.get(t.id) ?? t.id);
  return { r, id, ls };
}

test('words search title, description and comments, ranked title first; phrases, OR, NOT, prefixes and typos', () => {
  const { ls } = fixture();
  assert.deepEqual(ls('crash'), ['A', 'B', 'C'], 'title, then description, then comment; the closed D is left out');
  assert.deepEqual(ls('crash', 'sort:created-asc'), ['B', 'A', 'C'], 'sort: overrides relevance');
  assert.deepEqual(ls('crash saving'), ['A'], 'side-by-side words must all occur');
  assert.deepEqual(ls('"large files"'), ['A']);
  assert.deepEqual(ls('"files large"'), [], 'a phrase keeps its word order');
  assert.deepEqual(ls('(crash OR hang) -label:ui'), ['C']);
  assert.deepEqual(ls('sav'), ['A'], 'the last word matches the start of a word');
  assert.deepEqual(ls('crahs'), ['A', 'B', 'C'], 'one typo in a longer word is forgiven');
  assert.deepEqual(ls('CRASH', '--limit', '1'), ['A'], 'case does not matter; --limit keeps the best');
});

test('labels: -label excludes, repeated labels all hold, unknown labels match nothing and exit 0', () => {
  const { r, ls } = fixture();
  assert.deepEqual(ls('label:ui', '-label:docs'), ['A']);
  assert.deepEqual(ls('label:ui -label:docs', '--all'), ['D', 'A']);
  assert.deepEqual(ls('label:UI label:docs'), ['B'], 'repeated labels mean AND; names ignore case');
  assert.deepEqual(ls('label:ui OR label:docs'), ['E', 'A', 'B']);
  assert.deepEqual(ls('type:bug type:task'), ['C', 'A', 'B'], 'repeated single-valued fields mean OR');
  assert.deepEqual(ls('no:label'), ['F', 'C']);
  assert.deepEqual(ls('priority:>=high'), ['A']);
  const none = r.dit('ls', 'label:nobody-uses-this');
  assert.equal(none.code, 0, none.stderr);
  assert.equal(none.stdout, '');
  assert.equal(none.stderr, 'No open tickets match "label:nobody-uses-this" in the working tree\n', 'said, not silent');
});

test('open tickets only, unless the query (or --closed, --all) speaks of state', () => {
  const { ls } = fixture();
  assert.deepEqual(ls('type:bug'), ['A', 'B'], 'the default: open only, newest first');
  assert.deepEqual(ls('is:closed'), ['D']);
  assert.deepEqual(ls('status:fixed'), ['D']);
  assert.deepEqual(ls('type:bug', '--closed'), ['D']);
  assert.deepEqual(ls('type:bug', '--all'), ['D', 'A', 'B']);
  assert.deepEqual(ls('is:open OR is:closed'), ['F', 'E', 'D', 'C', 'A', 'B']);
  assert.deepEqual(ls('-is:open'), ['D'], 'a negated state still says something about state');
});

test('sort: in the query, one argument or several; --sort and sort: are not both given', () => {
  const { r, ls } = fixture();
  assert.deepEqual(ls('type:bug sort:created-asc'), ['B', 'A']);
  assert.deepEqual(ls('type:bug', 'sort:created-asc'), ['B', 'A'], 'arguments are joined into one query');
  assert.deepEqual(ls('is:open', 'sort:updated-desc'), ['F', 'E', 'C', 'A', 'B'], 'C was updated by its comment');
  assert.deepEqual(ls('is:open', 'sort:priority-desc'), ['A', 'F', 'E', 'C', 'B']);
  assert.deepEqual(ls('crash', '--sort', 'created'), ['C', 'A', 'B'], '--sort applies to a query too');
  const both = r.dit('ls', 'crash sort:created-asc', '--sort', 'updated');
  assert.equal(both.code, 2, both.stderr);
  assert.match(both.stderr, /sort:/);
});

test('a query that cannot be parsed exits 2 and points at the problem, suggesting the nearest name', () => {
  const { r } = fixture();
  const cases: [string[], RegExp][] = [
    [['lable:ui'], /unknown qualifier `lable:` at column 1; did you mean `label:`\?\n {2}lable:ui\n {2}\^{6}\n/],
    [
      ['crash', 'lable:ui'],
      /unknown qualifier `lable:` at column 7; did you mean `label:`\?\n {2}crash lable:ui\n {8}\^{6}\n/,
    ],
    [['is:opne'], /unknown value `opne` for is: at column 4; did you mean `open`\?\n {2}is:opne\n {5}\^{4}\n/],
    [['priority:>hgih'], /did you mean `high`\?/],
    [['(crash'], /unbalanced parenthesis: this `\(` is never closed at column 1/],
    [['crash OR'], /OR needs a term after it at column 7/],
    [['created:2026-02-30'], /not a date/],
    [['label:ui', '--branch', 'main', 'branch:release-9'], /branch:release-9 and --branch main disagree/],
  ];
  for (const [args, message] of cases) {
    const res = r.dit('ls', ...args);
    assert.equal(res.code, 2, `dit ls ${args.join(' ')}: ${res.stderr}`);
    assert.match(res.stderr, message, `dit ls ${args.join(' ')}`);
    assert.equal(res.stdout, '');
  }
});

test("branch: searches that branch's view: a ticket closed only on a branch", () => {
  const { r, id, ls } = fixture();
  r.git('checkout', '-q', '-b', 'release-1');
  r.ok('close', id.A!, '--commit', '-m', 'fixed for the release');
  r.git('checkout', '-q', 'main');
  assert.deepEqual(ls('crash'), ['A', 'B', 'C'], 'still open here');
  assert.deepEqual(ls('crash branch:release-1'), ['B', 'C']);
  assert.deepEqual(ls('is:closed branch:release-1'), ['D', 'A']);
  assert.deepEqual(ls('is:closed', '--branch', 'release-1'), ['D', 'A'], '--branch says the same');
  assert.deepEqual(ls('"the release"', 'branch:release-1', '--all'), ['A'], 'the closing comment is searchable there');
  assert.deepEqual(ls('"the release"', '--all'), [], '...and only there');
  assert.deepEqual(ls('is:closed'), ['D'], "the branches' views do not leak into each other");
  const missing = r.dit('ls', 'crash branch:nope');
  assert.equal(missing.code, 4);
  assert.match(missing.stderr, /no branch or commit named "nope"/);
});

test('me is the user git config names; without one, a query with me says how to set it', () => {
  const { r } = fixture();
  const env = { ...r.env };
  for (const k of ['GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL']) delete env[k];
  env.EMAIL = '';
  const u = repoAt(r.dir, env);
  const keys = (...args: string[]) =>
    u
      .json<{ tickets: { title: string }[] }>('ls', ...args)
      .tickets.map((t) => FIXTURE.find((f) => f.title === t.title)!.key);
  u.git('config', 'user.useConfigOnly', 'true');
  u.git('config', 'user.name', ann.name);
  u.git('config', 'user.email', ann.email);
  assert.deepEqual(keys('responsible:me'), ['E']);
  assert.deepEqual(keys('assignee:me'), ['E'], 'assignee: is responsible:');
  assert.deepEqual(keys('author:me'), ['F']);
  assert.deepEqual(keys('responsible:"me"'), [], 'a quoted "me" is someone called me');
  u.git('config', 'user.name', bob.name);
  u.git('config', 'user.email', bob.email);
  assert.deepEqual(keys('responsible:me'), ['F'], 'a name-only responsible matches the local part of my email');
  assert.deepEqual(keys('author:me', 'sort:created-asc', '--all'), ['B', 'D', 'E']);
  assert.deepEqual(keys('participant:me type:task'), ['C'], 'commenting makes me a participant');
  u.git('config', '--unset', 'user.name');
  u.git('config', '--unset', 'user.email');
  const anon = u.dit('ls', 'responsible:me');
  assert.equal(anon.code, 8, anon.stderr);
  assert.match(anon.stderr, /git config --global user\.email/);
  assert.deepEqual(keys('responsible:bob'), ['F'], 'queries without me need no identity');
});

test("--json gives the view, the query and the tickets' summaries", () => {
  const { r, id } = fixture();
  const out = r.json('ls', 'crash', 'label:ui');
  assert.equal(out.query, 'crash label:ui');
  assert.deepEqual(out.warnings, []);
  assert.equal(typeof out.view, 'string');
  assert.deepEqual(
    out.tickets.map((t: { id: string }) => t.id),
    [id.A, id.B],
  );
  const a = out.tickets[0];
  assert.equal(a.title, 'Crash when saving large files');
  assert.deepEqual(
    [a.type, a.status, a.priority, a.labels, a.comments, a.created],
    ['bug', 'new', 'high', ['ui'], 0, '2025-02-01T10:00:00.000Z'],
  );
  assert.deepEqual(a.author, { name: 'Alice', email: 'alice@example.com' });
  assert.equal(r.json('ls', 'label:nobody').tickets.length, 0);
  assert.match(
    r.ok('ls', 'crash'),
    new RegExp(`^${id.A!.slice(0, 7)} +new +bug +Crash when saving large files +\\[ui\\]\n`),
    'the text list, best first',
  );
});

test('every write is seen by the next query: comment, edit, label, close, commit', () => {
  const { r, id, ls } = fixture();
  assert.deepEqual(ls('zebra'), []);
  r.ok('comment', id.B!, 'zebra stripes on the splash screen');
  assert.deepEqual(ls('zebra'), ['B'], "a staged comment is in the working tree's view");
  assert.deepEqual(ls('zebra', '--branch', 'main'), [], '...and not yet on main');
  r.ok('edit', id.A!, '--title', 'Data loss when saving large files');
  assert.deepEqual(ls('crash'), ['B', 'C'], 'the old title is forgotten');
  assert.deepEqual(ls('loss'), ['A']);
  r.ok('label', id.C!, '+ui');
  assert.deepEqual(ls('label:ui'), ['C', 'A', 'B']);
  r.ok('close', id.B!);
  assert.deepEqual(ls('zebra'), []);
  assert.deepEqual(ls('zebra is:closed'), ['B']);
  r.git('commit', '-q', '-m', 'ticket changes');
  assert.deepEqual(ls('zebra', '--branch', 'main', '--all'), ['B'], 'committed, main sees it too');
  assert.deepEqual(ls('label:ui', '--branch', 'main'), ['C', 'A']);
});

test('deleting or damaging .git/dit changes no answer', () => {
  const { r } = fixture();
  const queries = [['crash'], ['label:ui -label:docs', '--all'], ['(crash OR hang) sort:created-asc']];
  const answers = () => queries.map((q) => r.ok('ls', ...q, '--json'));
  const first = answers();
  const index = join(r.dir, '.git/dit/search-v1.sqlite');
  assert.ok(statSync(index).size > 0, 'the index lives in .git/dit');
  rmSync(join(r.dir, '.git/dit'), { recursive: true, force: true });
  assert.deepEqual(answers(), first, 'rebuilt from nothing');
  truncateSync(index, Math.floor(statSync(index).size / 2));
  assert.deepEqual(answers(), first, 'a truncated index is rebuilt');
  writeFileSync(index, 'not a database '.repeat(500));
  assert.deepEqual(answers(), first, 'an overwritten index is rebuilt');
});

test('dit ls --help describes the whole language, and every qualifier it shows parses as shown', () => {
  const help = tempRepo().ok('ls', '--help');
  assert.ok(help.includes(queryHelp()));
  for (const name of QUALIFIER_NAMES) assert.match(help, new RegExp(`(^|[\\s(-])${name}:`, 'm'), `help shows ${name}:`);
  // every qualifier written with a value (placeholders such as status:S aside) is one parse.ts accepts
  const shown = [...help.matchAll(/(?<![\w-])-?[a-z][a-z-]*:(?:"[^"]*"|[^\s,;)'"]+)/g)]
    .map((m) => m[0])
    .filter((t) => !/:[A-Z]+$/.test(t));
  assert.ok(shown.length > 40, shown.join(' '));
  for (const t of shown) assert.doesNotThrow(() => parseQuery(t), t);
});

test("GitHub's habits: is:issue, is:pr, state:, reason:, in:, involves:, linked:pr, sort:created", () => {
  const { r, ls } = fixture();
  const pr = r.json<{ ticket: { id: string } }>('new', 'Support proxies in the fetcher', '--type', 'proposal', '--json')
    .ticket.id;
  assert.deepEqual(ls('is:pr'), [pr], 'a proposal is a pull request');
  assert.deepEqual(ls('is:issue is:open'), ['F', 'E', 'C', 'A', 'B'], "GitHub's issue page starts here");
  assert.deepEqual(ls('state:closed'), ['D']);
  assert.deepEqual(ls('state:open', 'is:issue', 'type:bug'), ['A', 'B']);
  assert.deepEqual(ls('reason:completed'), ['D'], 'fixed is completed');
  assert.deepEqual(ls('reason:"not planned"'), []);
  assert.deepEqual(ls('in:title crash'), ['A'], "B's description and C's comment are left out");
  assert.deepEqual(ls('in:body crash'), ['B']);
  assert.deepEqual(ls('crash in:comments'), ['C']);
  assert.deepEqual(ls('in:title,body crash'), ['A', 'B']);
  assert.deepEqual(ls('involves:ann'), [pr, 'F', 'E'], 'the author of the proposal and F, responsible for E');
  assert.deepEqual(ls('involves:bob -author:bob'), ['F', 'C'], 'responsible for F, commented on C');
  assert.deepEqual(ls('linked:pr'), [], 'no ticket has commits attached');
  assert.deepEqual(ls('type:bug sort:created'), ['A', 'B']);
  const bad = r.dit('ls', 'in:titel crash');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown value `titel` for in:.*did you mean `title`/);
});
