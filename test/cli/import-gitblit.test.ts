// dit import --gitblit: Gitblit's own 259 ticket journals end to end, a repository with refs/meta/gitblit/tickets
// and its config, comment edits and deletions, idempotence, and bad journals that write nothing.

import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { entryId, serialize } from '../../src/model/entry-file.js';
import { GITBLIT_FIXTURE, type Repo, tempBare, tempDir, tempRepo } from '../support/helpers.js';

const FIXTURE = GITBLIT_FIXTURE;

interface Change {
  date: string;
  author: string;
  fields?: Record<string, string | null>;
  comment?: { id: string; text: string };
  patchset?: object;
  review?: object;
}

/** The journals read the simple way Gitblit's own TicketModel does (last status, last type), to check dit against. */
function readFixture(dir: string): Map<number, Change[]> {
  const out = new Map<number, Change[]>();
  for (const bucket of readdirSync(join(dir, 'id'))) {
    for (const n of readdirSync(join(dir, 'id', bucket)))
      out.set(Number(n), JSON.parse(readFileSync(join(dir, 'id', bucket, n, 'journal.json'), 'utf8')));
  }
  return out;
}

const tally = (values: string[]) =>
  Object.fromEntries([...new Set(values)].sort().map((v) => [v, values.filter((x) => x === v).length]));
const lastField = (changes: Change[], field: string, fallback: string) =>
  changes
    .reduce((v, c) => (c.fields && field in c.fields ? (c.fields[field] ?? fallback) : v), fallback)
    .toLowerCase()
    .replace(/_/g, '-');
const commits = (r: Repo) => Number(r.git('rev-list', '--count', 'HEAD').trim());

function needFixture(): string | null {
  if (FIXTURE) return FIXTURE;
  assert.ok(!process.env.CI, 'CI must have ../shared/fixtures/gitblit-tickets');
  return null;
}

test('the Gitblit fixture imports whole: statuses, types, comments, patchsets, reviews, milestones, origins', () => {
  const dir = needFixture();
  if (!dir) return;
  const journals = readFixture(dir);
  assert.equal(journals.size, 259);
  const r = tempRepo();
  const out = r.ok('import', '--gitblit', dir);
  assert.match(
    out,
    /^259 tickets, 66 comments, 472 patchset changes, 6 reviews, 10 milestones; \d+ new entries in commit [0-9a-f]{7}\n$/,
  );
  assert.equal(commits(r), 2, 'one commit');
  assert.equal(r.git('status', '--porcelain'), '');

  const list = r.json<{ tickets: { id: string; status: string; type: string; comments: number; origin: string }[] }>(
    'ls',
    '--all',
  ).tickets;
  assert.equal(list.length, 259);
  const all = [...journals.values()];
  assert.deepEqual(tally(list.map((t) => t.status)), tally(all.map((j) => lastField(j, 'status', 'new'))));
  assert.deepEqual(tally(list.map((t) => t.type)), tally(all.map((j) => lastField(j, 'type', 'task'))));
  assert.deepEqual(tally(list.map((t) => t.status)), {
    declined: 1,
    duplicate: 4,
    fixed: 2,
    merged: 220,
    new: 17,
    open: 8,
    resolved: 7,
  });
  assert.equal(
    list.reduce((n, t) => n + t.comments, 0),
    66,
  );
  assert.deepEqual(list.map((t) => t.origin).sort(), [...journals.keys()].map((n) => `gitblit#${n}`).sort());

  const entries = r
    .ok('export')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
    .filter((l) => l.kind === 'ticket')
    .flatMap((l) => l.entries.map((e: { entry: { kind: string } }) => e.entry));
  assert.equal(entries.filter((e) => e.kind === 'patchset').length, 472);
  // every entry is written by whoever imports, with the Gitblit user as its origin (never as the author)
  assert.deepEqual(
    [...new Set(entries.map((e) => JSON.stringify([e.author, e.origin?.source, e.origin?.url])))],
    [JSON.stringify([{ name: 'Ann Author', email: 'ann@example.com' }, 'Gitblit', null])],
  );
  assert.ok(entries.some((e) => e.origin.name === 'alfsch') && entries.some((e) => e.origin.name === 'james'));
  assert.equal(entries.filter((e) => e.kind === 'review').length, 6);
  assert.equal(r.json<{ milestones: unknown[] }>('milestone', 'ls', '--all').milestones.length, 10);

  // ticket 83, read by hand: a bug proposed as one patchset and merged by james into master as c8d65e0
  const t83 = r.json('show', 'gitblit#83').ticket;
  assert.deepEqual(
    [t83.title, t83.type, t83.status, t83.milestone, t83.topic, t83.responsible, t83.origin],
    ['Fix cache miss in repository model retrieval', 'bug', 'merged', 'v1.6.0', 'pr-185', 'james', 'gitblit#83'],
  );
  assert.deepEqual(t83.merge, { commit: 'c8d65e08fa9cdfe3d8522a90157438f4eaeedeec', target: 'master' });
  // the importer (Ann Author) wrote every entry; Gitblit's user is kept as its origin, and shown so
  const mark = { source: 'Gitblit', url: null, by: { name: 'Ann Author', email: 'ann@example.com' } };
  assert.deepEqual(t83.author, { name: 'james', email: '', imported: mark });
  assert.match(r.ok('show', 'gitblit#83'), /opened by james \(imported from Gitblit, by Ann Author\) on /);
  assert.equal(t83.created, '2014-05-22T23:35:29.000Z');
  assert.deepEqual(
    t83.patchsets.map(
      (p: {
        number: number;
        revisions: { revision: number; tip: string; base: string; target: string; type: string }[];
      }) => [p.number, p.revisions.map((v) => [v.revision, v.type, v.tip, v.base, v.target])],
    ),
    [
      [
        1,
        [
          [
            1,
            'proposal',
            '889bb73008ba5539edc1b19b678d1e850dc6e56c',
            'eeb12b8573338514329b5f4805ac594c1d1906e0',
            'master',
          ],
        ],
      ],
    ],
  );
  assert.match(r.ok('show', 'gitblit#83'), /imported from gitblit#83/);
  assert.match(r.ok('show', 'gitblit#83'), /merged as c8d65e08fa9cdfe3d8522a90157438f4eaeedeec into master/);

  // ticket 5: alfsch asked for work on patchset 2 revision 1, james approved revision 2; three comments
  const t5 = r.json('show', 'gitblit#5').ticket;
  assert.deepEqual(
    t5.patchsets.flatMap((p: { reviews: { author: { name: string }; score: number; revision: number }[] }) =>
      p.reviews.map((v) => [v.author.name, v.revision, v.score]),
    ),
    [
      ['alfsch', 1, -1],
      ['james', 2, 2],
    ],
  );
  assert.equal(t5.review, 'approved');
  const texts = journals
    .get(5)!
    .filter((c) => c.comment)
    .map((c) => c.comment!.text);
  assert.equal(texts.length, 3);
  assert.deepEqual(
    t5.comments.map((c: { author: { name: string }; body: string }) => [c.author.name, c.body]),
    [
      ['alfsch', texts[0]],
      ['james', texts[1]],
      ['alfsch', 'Done.'],
    ],
  );
  assert.equal(t5.responsible, 'alfsch');

  // ticket 6: tompos and james voted; james set davido responsible and mentioned him; four watchers over time
  const t6 = r.json('show', 'gitblit#6').ticket;
  assert.deepEqual(t6.votes, ['james', 'tompos']);
  assert.ok(t6.mentions.includes('davido'));
  // ticket 1: james added lucamilanesio as a watcher, and the title and description were edited several times
  const t1 = r.json('show', 'gitblit#1').ticket;
  assert.ok(t1.watchers.includes('lucamilanesio'));
  assert.equal(t1.title, 'Ticket tracker with patchset contributions');
  assert.equal(
    t1.timeline.filter((i: { kind: string; changes?: object }) => i.kind === 'fields' && 'body' in (i.changes ?? {}))
      .length >= 5,
    true,
  );
  assert.equal(t1.patchsets.length, 18);
  assert.equal(
    t1.patchsets.reduce((n: number, p: { revisions: unknown[] }) => n + p.revisions.length, 0),
    59,
  );
  assert.deepEqual(
    t1.reviews.map((v: { score: number; stale: boolean }) => [v.score, v.stale]),
    [[2, true]],
    'approved an older revision: kept, stale',
  );
  // ticket 108 moved from milestone "1.6.1" to "v1.6.1": the history keeps both, only v1.6.1 is a milestone
  const t108 = r.json('show', 'gitblit#108').ticket;
  assert.equal(t108.milestone, 'v1.6.1');
  assert.ok(
    t108.timeline.some(
      (i: { kind: string; changes?: { milestone?: unknown[] } }) => i.changes?.milestone?.[1] === '1.6.1',
    ),
  );

  // findable by the old number, in queries too
  assert.deepEqual(
    r.json<{ tickets: { origin: string }[] }>('ls', 'origin:83', '--all').tickets.map((t) => t.origin),
    ['gitblit#83'],
  );
  assert.equal(r.json<{ tickets: unknown[] }>('ls', 'origin:gitblit', '--all').tickets.length, 259);
  assert.match(r.dit('show', 'gitblit#999').stderr, /no ticket imported as gitblit#999/);

  // a second import of the same journals adds nothing, not even an empty commit
  const again = r.ok('import', '--gitblit', dir);
  assert.match(again, /^259 tickets, .*nothing new/);
  assert.equal(commits(r), 2);
});

test('a Gitblit repository: refs/meta/gitblit/tickets, with milestones and label colours from its config', () => {
  const dir = needFixture();
  if (!dir) return;
  const gb = tempBare();
  // the journals of tickets 5 and 83 committed as Gitblit's branch ticket service keeps them
  const staging = tempRepo();
  for (const [bucket, n] of [
    ['05', '5'],
    ['83', '83'],
  ]) {
    staging.write(`id/${bucket}/${n}/journal.json`, readFileSync(join(dir, 'id', bucket!, n!, 'journal.json'), 'utf8'));
  }
  staging.commit('tickets');
  staging.git('push', '-q', gb.dir, 'HEAD:refs/meta/gitblit/tickets');
  gb.git('config', 'milestone.v1.6.0.status', 'Closed');
  gb.git('config', 'milestone.v1.6.0.due', '2014-06-01');
  gb.git('config', 'milestone.v1.6.0.color', '#FF0000');
  gb.git('config', 'milestone.v2.0.0.status', 'Open');
  gb.git('config', 'label.needs review.color', '#0e8a16');

  const r = tempRepo();
  assert.match(
    r.ok('import', '--gitblit', gb.dir),
    /^2 tickets, 3 comments, \d+ patchset changes, 2 reviews, 3 milestones, 1 label;/,
  );
  const ms = r.json<{ milestones: { name: string; state: string; due: string | null; color: string | null }[] }>(
    'milestone',
    'ls',
    '--all',
  ).milestones;
  assert.deepEqual(ms.map((m) => [m.name, m.state, m.due, m.color]).sort(), [
    ['v1.4.0', 'open', null, null],
    ['v1.6.0', 'closed', '2014-06-01', 'ff0000'],
    ['v2.0.0', 'open', null, null],
  ]);
  const labels = r.json<{ labels: { name: string; color: string }[] }>('labels').labels;
  assert.deepEqual(
    labels.filter((l) => l.name === 'needs review').map((l) => l.color),
    ['0e8a16'],
  );
  assert.equal(r.json('show', 'gitblit#5').ticket.title, 'Periodically synchronize users and teams with LDAP server');

  // a plain folder (not a repository, no ticket folders) is refused with what to give instead
  const empty = tempDir();
  assert.match(r.dit('import', '--gitblit', empty).stderr, /holds no Gitblit tickets/);
});

/** A Gitblit ticket folder holding one journal. */
function journalDir(changes: unknown, number = 42): string {
  const dir = tempDir();
  const t = join(dir, 'id', String(number % 100).padStart(2, '0'), String(number));
  mkdirSync(t, { recursive: true });
  writeFileSync(join(t, 'journal.json'), typeof changes === 'string' ? changes : JSON.stringify(changes));
  return dir;
}

test('comment edits and deletions: the same Gitblit comment id edits or deletes the comment, history kept', () => {
  const changes = [
    {
      date: '2015-03-01T10:00:00Z',
      author: 'ann',
      fields: {
        title: 'Crash on save',
        body: 'See #41.',
        type: 'Bug',
        status: 'New',
        priority: 'High',
        severity: 'Serious',
        labels: '+editor,+ui',
        watchers: '+ann',
      },
    },
    { date: '2015-03-01T11:00:00Z', author: 'bob', comment: { id: 'c1', text: 'Reproduced on 2.3' } },
    { date: '2015-03-01T11:05:00Z', author: 'bob', comment: { id: 'c2', text: 'Also on 2.2, oops' } },
    { date: '2015-03-01T12:00:00Z', author: 'bob', comment: { id: 'c1', text: 'Reproduced on 2.3 and 2.4' } },
    { date: '2015-03-01T12:30:00Z', author: 'bob', comment: { id: 'c2', text: '', deleted: true } },
    {
      date: '2015-03-02T09:00:00Z',
      author: 'ann',
      fields: { status: 'On_Hold', labels: '-ui', priority: 'Urgent', milestone: '', voters: '+carl' },
    },
    { date: '2015-03-03T09:00:00Z', author: 'ann', fields: { status: 'Fixed' } },
  ];
  const dir = journalDir(changes);
  const r = tempRepo();
  assert.match(
    r.ok('import', '--gitblit', dir),
    /^1 ticket, 2 comments, 0 patchset changes, 0 reviews, 0 milestones, 1 comment edit, 1 comment deletion;/,
  );
  const t = r.json('show', 'gitblit#42').ticket;
  assert.deepEqual(
    [t.type, t.status, t.priority, t.severity, t.labels, t.votes],
    ['bug', 'fixed', 'urgent', 'serious', ['editor'], ['carl']],
  );
  assert.equal(t.body, 'See #41.', 'a reference to a ticket not imported stays as written');
  const [c1, c2] = t.comments;
  assert.deepEqual(
    [c1.body, c1.edits.map((e: { body: string }) => e.body), c1.edited.time],
    ['Reproduced on 2.3 and 2.4', ['Reproduced on 2.3'], '2015-03-01T12:00:00Z'],
  );
  assert.deepEqual([c2.deleted, c2.body], [true, '']);
  assert.ok(t.timeline.some((i: { kind: string; to?: string }) => i.kind === 'status' && i.to === 'on-hold'));
});

test('references #N in Gitblit text point at the imported tickets', () => {
  const dir = tempDir();
  const put = (n: number, changes: unknown) => {
    const t = join(dir, 'id', String(n % 100).padStart(2, '0'), String(n));
    mkdirSync(t, { recursive: true });
    writeFileSync(join(t, 'journal.json'), JSON.stringify(changes));
  };
  put(1, [{ date: '2015-01-01T00:00:00Z', author: 'ann', fields: { title: 'First', body: 'Before #2 existed' } }]);
  put(2, [
    { date: '2015-01-02T00:00:00Z', author: 'ann', fields: { title: 'Second', body: 'Follows #1.' } },
    { date: '2015-01-03T00:00:00Z', author: 'bob', comment: { id: 'x', text: 'dup of #1, see `#2` and http://x/#2' } },
  ]);
  const r = tempRepo();
  r.ok('import', '--gitblit', dir);
  const one = r.json('show', 'gitblit#1').ticket;
  const two = r.json('show', 'gitblit#2').ticket;
  assert.equal(two.body, `Follows #${one.id.slice(0, 10)}.`);
  assert.equal(two.comments[0].body, `dup of #${one.id.slice(0, 10)}, see \`#2\` and http://x/#2`);
  assert.equal(one.body, `Before #${two.id.slice(0, 10)} existed`, 'a link to a later ticket too');
});

test('a truncated journal or a change of the wrong type stops the import, names the file and place, and writes nothing', () => {
  const r = tempRepo();
  const good = { date: '2015-03-01T10:00:00Z', author: 'ann', fields: { title: 'Fine' } };
  const truncated = journalDir(JSON.stringify([good, good]).slice(0, 60), 7);
  const e1 = r.dit('import', '--gitblit', truncated);
  assert.notEqual(e1.code, 0);
  assert.match(
    e1.stderr,
    /id\/07\/7\/journal\.json: line 1, column 61: the JSON ends in the middle of a value \(is the file truncated\?\); nothing was imported/,
  );

  const wrong = journalDir([good, { date: 5, author: 'bob', comment: { id: 'c', text: 'x' } }], 8);
  const e2 = r.dit('import', '--gitblit', wrong);
  assert.notEqual(e2.code, 0);
  assert.match(
    e2.stderr,
    /id\/08\/8\/journal\.json: change 2: `date`: Invalid type: Expected string but received 5; nothing was imported/,
  );
  const badStatus = journalDir([{ ...good, fields: { title: 'x', status: 'Sleeping' } }], 9);
  assert.match(
    r.dit('import', '--gitblit', badStatus).stderr,
    /change 1: `fields.status` is "Sleeping", which is none of new, open/,
  );
  assert.equal(commits(r), 1, 'nothing was written');
  assert.equal(r.ok('ls', '--all'), '');

  // --skip-bad leaves the broken journal out and says so
  const mixed = journalDir([good], 10);
  cpSync(join(wrong, 'id'), join(mixed, 'id'), { recursive: true });
  const s = r.dit('import', '--gitblit', mixed, '--skip-bad');
  assert.equal(s.code, 0, s.stderr);
  assert.match(s.stdout, /^1 ticket, .*; 1 skipped;/);
  assert.match(s.stderr, /skipped: .*id\/08\/8\/journal\.json: change 2: `date`/);
  assert.equal(r.json('show', 'gitblit#10').ticket.title, 'Fine');
});

test("imported patchsets' tips are kept under refs/dit/patchsets/, so gc keeps them and merged state sees them", () => {
  const r = tempRepo();
  const base = r.git('rev-parse', 'HEAD').trim();
  r.git('checkout', '-q', '-b', 'proposal');
  r.write('fix.txt', 'one\n');
  const first = r.commit('Fix the cache');
  r.write('fix.txt', 'two\n');
  const second = r.commit('Fix the cache, again');
  r.git('checkout', '-q', 'main');
  const gone = 'e'.repeat(40);
  const dir = journalDir([
    { date: '2024-01-01T00:00:00Z', author: 'ann', fields: { title: 'Cache misses', type: 'Proposal', status: 'New' } },
    {
      date: '2024-01-02T00:00:00Z',
      author: 'ann',
      patchset: { number: 1, rev: 1, tip: first, base, commits: 1, added: 1, type: 'Proposal' },
    },
    {
      date: '2024-01-03T00:00:00Z',
      author: 'ann',
      patchset: { number: 1, rev: 2, tip: second, base, commits: 2, added: 1, type: 'FastForward' },
    },
    {
      date: '2024-01-04T00:00:00Z',
      author: 'ann',
      patchset: { number: 2, rev: 1, tip: gone, base, commits: 1, added: 1, type: 'Amend' },
    },
  ]);
  const out = r.dit('import', '--gitblit', dir);
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stderr, /patchset 2 of [0-9a-f]{7}: commit eeeeeeeeee is not in this repository; fetch it/);
  const id = r.json('show', 'gitblit#42').ticket.id as string;
  // patchset 1's latest revision is kept; patchset 2's commit is not here to keep
  assert.equal(r.git('rev-parse', `refs/dit/patchsets/${id}/1`).trim(), second);
  assert.equal(r.git('for-each-ref', '--format=%(refname)', 'refs/dit/patchsets/').trim().split('\n').length, 1);
  // a second import keeps what is there and writes nothing new
  assert.match(r.ok('import', '--gitblit', dir), /nothing new/);
  assert.equal(r.git('rev-parse', `refs/dit/patchsets/${id}/1`).trim(), second);
});

/** `value` with each string that `names` maps replaced (the test's own walk, in key order). */
function renamed(value: unknown, names: Map<string, string>): unknown {
  if (typeof value === 'string') return names.get(value) ?? value;
  if (Array.isArray(value)) return value.map((x) => renamed(x, names));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, renamed(x, names)]));
  return value;
}

/**
 * The entries an import made before entries had an origin would have written for `changes`: today's
 * import of them (in a scratch repository), each with the Gitblit user as author and no origin, the
 * create's `imported` number back in `origin`, and every id (the ticket's, an edited comment's) the
 * one those bytes hash to. Written into a new repository's tree as plain files, as that import left them.
 */
function formerImport(dir: string): { r: Repo; ticket: string } {
  const scratch = tempRepo();
  scratch.ok('import', '--gitblit', dir);
  const line = scratch
    .ok('export')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
    .find((l) => l.kind === 'ticket');
  const names = new Map<string, string>();
  const files: [string, Buffer][] = [];
  const entries = [...line.entries].sort((a, b) => a.entry.clock - b.entry.clock);
  for (const { id, entry } of entries) {
    const old: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(renamed(entry, names) as Record<string, unknown>)) {
      if (k === 'origin') continue;
      if (k === 'author') old.author = { name: entry.origin.name, email: entry.origin.email };
      else if (k === 'imported') old.origin = x;
      else old[k] = x;
    }
    const data = serialize(old);
    names.set(id, entryId(data));
    files.push([entryId(data), data]);
  }
  const ticket = names.get(line.id)!;
  const r = tempRepo();
  const folder = join(r.dir, '.dit', 'tickets', ticket);
  mkdirSync(folder, { recursive: true });
  for (const [id, data] of files) writeFileSync(join(folder, `${id}.json`), data);
  r.git('add', '-A', '.dit');
  r.git('commit', '-q', '-m', 'Gitblit tickets, imported before origins');
  return { r, ticket };
}

test('a repository imported before origins is not imported twice: the old entries are recognised, new changes name them', () => {
  const changes: object[] = [
    {
      date: '2015-03-01T10:00:00Z',
      author: 'ann',
      fields: { title: 'Crash on save', body: 'It crashes.', type: 'Bug', status: 'New', labels: '+editor' },
    },
    { date: '2015-03-01T11:00:00Z', author: 'bob', comment: { id: 'c1', text: 'Reproduced on 2.3' } },
    { date: '2015-03-01T11:05:00Z', author: 'bob', comment: { id: 'c2', text: 'Also on 2.2, oops' } },
    { date: '2015-03-01T12:00:00Z', author: 'bob', comment: { id: 'c1', text: 'Reproduced on 2.3 and 2.4' } },
    { date: '2015-03-01T12:30:00Z', author: 'bob', comment: { id: 'c2', text: '', deleted: true } },
    { date: '2015-03-02T09:00:00Z', author: 'ann', fields: { status: 'Open', labels: '+ui' } },
  ];
  const dir = journalDir(changes);
  const { r, ticket } = formerImport(dir);
  const folder = join(r.dir, '.dit', 'tickets', ticket);
  const held = readdirSync(folder).length;
  const before = r.json('show', 'gitblit#42').ticket;
  assert.equal(before.id, ticket, 'the old import reads as before, by its number');
  assert.deepEqual(
    before.comments.map((c: { author: { name: string; imported?: unknown } }) => [c.author.name, !!c.author.imported]),
    [
      ['bob', false],
      ['bob', false],
    ],
    'old entries: the Gitblit user is the author, no import mark',
  );

  // the same journal again: nothing is new
  assert.match(r.ok('import', '--gitblit', dir), /^1 ticket, 2 comments.*nothing new/);
  assert.equal(readdirSync(folder).length, held, 'no entry file added');
  const same = r.json('show', 'gitblit#42').ticket;
  assert.equal(same.comments.length, 2);
  assert.deepEqual(same.timeline.length, before.timeline.length);

  // Gitblit moved on: c1 edited again, a new comment; only those two are written, the edit naming the old c1
  changes.push(
    { date: '2015-03-03T08:00:00Z', author: 'bob', comment: { id: 'c1', text: 'Reproduced on 2.3, 2.4 and 2.5' } },
    { date: '2015-03-03T09:00:00Z', author: 'carl', comment: { id: 'c3', text: 'Fixed by the new cache' } },
  );
  writeFileSync(join(dir, 'id', '42', '42', 'journal.json'), JSON.stringify(changes));
  assert.match(r.ok('import', '--gitblit', dir), /; 2 new entries in commit/);
  assert.equal(readdirSync(folder).length, held + 2);
  const after = r.json('show', 'gitblit#42').ticket;
  assert.deepEqual(
    after.comments.map((c: { body: string; deleted: boolean }) => [c.body, c.deleted]),
    [
      ['Reproduced on 2.3, 2.4 and 2.5', false],
      ['', true],
      ['Fixed by the new cache', false],
    ],
  );
  assert.equal(after.comments[0].id, before.comments[0].id, 'the edit edits the comment the old import wrote');
  assert.equal(after.comments[0].edits.length, 2);
  assert.equal(after.comments[2].author.name, 'carl');
  assert.equal(after.comments[2].author.imported.source, 'Gitblit', 'a new entry is written the new way');
});
