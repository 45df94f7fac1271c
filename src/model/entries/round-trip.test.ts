// Every entry kind survives write -> read -> fold: the bytes parse back to the same entry and fold to the expected ticket.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import type { GenericSchema, InferOutput } from 'valibot';
import { entryId, type Loaded, parseEntry, serialize } from '../entry-file.js';
import { fold } from '../fold.js';
import { nameId } from '../ids.js';
import { foldLabelDef, type LabelDefEntry, labelDefEntrySchema } from '../label-def.js';
import { foldMilestone, type MilestoneEntry, milestoneEntrySchema } from '../milestone.js';
import { phraseText, TICKET_EVENTS } from '../phrase.js';
import type { Ticket } from '../ticket.js';
import { describeEntry, told } from './describe.js';
import { type TicketEntry, type TicketEntryKind, ticketEntrySchema } from './index.js';

const ann = { name: 'Ann Example', email: 'ann@example.com' };
const bob = { name: 'Bøb', email: 'bob@example.com' };

/** What `git hash-object` computes, written out independently of entryId. */
const gitBlobId = (bytes: Buffer): string =>
  createHash('sha1')
    .update(Buffer.concat([Buffer.from(`blob ${bytes.length}\0`, 'utf8'), bytes]))
    .digest('hex');

/** Writes an entry and reads it back as the store would, checking the bytes, the id and the parsed value. */
function roundTrip<S extends GenericSchema>(schema: S, entry: InferOutput<S>): Loaded<InferOutput<S>> {
  const bytes = serialize(entry as object);
  assert.ok(bytes.toString('utf8').endsWith('}\n'), 'one trailing newline');
  const id = entryId(bytes);
  assert.match(id, /^[0-9a-f]{40}$/);
  assert.equal(id, gitBlobId(bytes));
  const parsed = parseEntry(schema, bytes);
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.problem);
  assert.deepEqual(parsed.entry, entry);
  return { id, entry: parsed.entry };
}

const createEntry: TicketEntry = {
  v: 1,
  kind: 'create',
  clock: 1,
  time: '2024-05-01T10:00:00Z',
  author: ann,
  title: 'Crash when saving an empty file',
  body: 'Steps: open, save. cc @bob',
  type: 'bug',
  priority: 'high',
  severity: 'serious',
  labels: ['bug', 'editor'],
  milestone: '2.4',
  responsible: 'ann@example.com',
  topic: 'storage',
  origin: 'gitblit#42',
};
const ticket = entryId(serialize(createEntry));
const comment: TicketEntry = {
  v: 1,
  kind: 'comment',
  ticket,
  clock: 2,
  time: '2024-05-01T11:00:00.250Z',
  author: bob,
  body: 'Reproduced — on 2.3 ✓',
};
const commentId = entryId(serialize(comment));
const baseOid = 'b'.repeat(40);
const tip1 = '1'.repeat(40);
const tip2 = '2'.repeat(40);
const tip3 = '3'.repeat(64);

interface Case {
  kind: TicketEntryKind;
  entries: TicketEntry[];
  expect: (t: Ticket) => void;
}

const lineRoot: TicketEntry = {
  v: 1,
  kind: 'line-comment',
  ticket,
  clock: 2,
  time: '2024-05-02T00:00:00Z',
  author: bob,
  patchset: 1,
  revision: 2,
  commit: tip2,
  path: 'src/a b/<img src=x>.ts',
  side: 'new',
  line: 12,
  body: 'Off by one?',
  context: [' const a = 1;', '+const b = a + 1;'],
};
const lineReply: TicketEntry = {
  v: 1,
  kind: 'line-comment',
  ticket,
  clock: 3,
  time: '2024-05-03T00:00:00Z',
  author: ann,
  patchset: 1,
  revision: 2,
  commit: tip2,
  path: 'src/a b/<img src=x>.ts',
  side: 'new',
  line: 12,
  body: 'Yes, fixed.',
  reply: entryId(serialize(lineRoot)),
  context: [' const a = 1;', '+const b = a + 1;'],
};
const cases: Case[] = [
  {
    kind: 'create',
    entries: [],
    expect: (t) => {
      assert.equal(t.id, ticket);
      assert.equal(t.title, 'Crash when saving an empty file');
      assert.equal(t.body, 'Steps: open, save. cc @bob');
      assert.deepEqual([t.type, t.status, t.priority, t.severity], ['bug', 'new', 'high', 'serious']);
      assert.deepEqual(t.labels, ['bug', 'editor']);
      assert.deepEqual([t.milestone, t.responsible, t.topic], ['2.4', 'ann@example.com', 'storage']);
      assert.deepEqual(t.author, ann);
      assert.equal(t.created, '2024-05-01T10:00:00.000Z', 'times in the ticket are spelled with milliseconds');
      assert.deepEqual(t.mentions, ['bob']);
      assert.equal(t.origin, 'gitblit#42');
    },
  },
  {
    kind: 'comment',
    entries: [comment],
    expect: (t) => {
      assert.deepEqual(t.comments, [
        {
          id: commentId,
          author: bob,
          time: '2024-05-01T11:00:00.250Z',
          body: 'Reproduced — on 2.3 ✓',
          edits: [],
          edited: null,
          deleted: false,
        },
      ]);
      assert.deepEqual(t.participants, ['ann@example.com', 'bob@example.com']);
    },
  },
  {
    kind: 'edit-comment',
    entries: [
      comment,
      {
        v: 1,
        kind: 'edit-comment',
        ticket,
        clock: 3,
        time: '2024-05-01T12:00:00Z',
        author: bob,
        comment: commentId,
        body: 'Reproduced on 2.3 and 2.4',
      },
    ],
    expect: (t) => {
      assert.equal(t.comments[0]?.body, 'Reproduced on 2.3 and 2.4');
      assert.deepEqual(
        t.comments[0]?.edits.map((e) => e.body),
        ['Reproduced — on 2.3 ✓'],
      );
      assert.deepEqual(t.comments[0]?.edited, { time: '2024-05-01T12:00:00Z', author: bob });
    },
  },
  {
    kind: 'delete-comment',
    entries: [
      comment,
      { v: 1, kind: 'delete-comment', ticket, clock: 3, time: '2024-05-01T12:00:00Z', author: ann, comment: commentId },
    ],
    expect: (t) => {
      assert.deepEqual([t.comments[0]?.deleted, t.comments[0]?.body], [true, '']);
      assert.equal(t.timeline.at(-1)?.kind, 'comment-deleted');
    },
  },
  {
    kind: 'set',
    entries: [
      {
        v: 1,
        kind: 'set',
        ticket,
        clock: 2,
        time: '2024-05-02T00:00:00Z',
        author: ann,
        fields: {
          title: 'Crash on empty save',
          body: 'New text',
          type: 'task',
          priority: 'urgent',
          severity: 'minor',
          responsible: null,
          milestone: '2.5',
          topic: null,
        },
      },
    ],
    expect: (t) => {
      assert.deepEqual(
        [t.title, t.body, t.type, t.priority, t.severity, t.responsible, t.milestone, t.topic],
        ['Crash on empty save', 'New text', 'task', 'urgent', 'minor', null, '2.5', null],
      );
      assert.equal(t.updated, '2024-05-02T00:00:00.000Z');
    },
  },
  {
    kind: 'label',
    entries: [
      {
        v: 1,
        kind: 'label',
        ticket,
        clock: 2,
        time: '2024-05-02T00:00:00Z',
        author: ann,
        add: ['regression', 'good first issue'],
        remove: ['editor'],
      },
    ],
    expect: (t) => assert.deepEqual(t.labels, ['bug', 'good first issue', 'regression']),
  },
  {
    kind: 'status',
    entries: [
      {
        v: 1,
        kind: 'status',
        ticket,
        clock: 2,
        time: '2024-05-02T00:00:00Z',
        author: bob,
        status: 'fixed',
        comment: 'Guarded the empty buffer.',
      },
    ],
    expect: (t) => {
      assert.equal(t.status, 'fixed');
      assert.equal(t.decidedBy?.kind, 'entry');
      assert.deepEqual(
        t.comments.map((c) => c.body),
        ['Guarded the empty buffer.'],
      );
    },
  },
  {
    kind: 'watch',
    entries: [{ v: 1, kind: 'watch', ticket, clock: 2, time: '2024-05-02T00:00:00Z', author: bob, on: true }],
    expect: (t) => assert.deepEqual(t.watchers, ['bob@example.com']),
  },
  {
    kind: 'watch', // recorded for someone else, as Gitblit's watchers lists do
    entries: [
      { v: 1, kind: 'watch', ticket, clock: 2, time: '2024-05-02T00:00:00Z', author: bob, on: true, person: 'luca' },
    ],
    expect: (t) => {
      assert.deepEqual(t.watchers, ['luca']);
      const last = t.timeline.at(-1);
      assert.equal(last?.kind === 'watch' ? last.person : null, 'luca');
    },
  },
  {
    kind: 'patchset',
    entries: [
      {
        v: 1,
        kind: 'patchset',
        ticket,
        clock: 2,
        time: '2024-05-02T00:00:00Z',
        author: bob,
        number: 1,
        revision: 1,
        type: 'proposal',
        base: baseOid,
        tip: tip1,
        target: 'main',
        commits: 1,
        added: 1,
        cc: ['carol@example.com'],
      },
      {
        v: 1,
        kind: 'patchset',
        ticket,
        clock: 3,
        time: '2024-05-03T00:00:00Z',
        author: bob,
        number: 1,
        revision: 2,
        type: 'fast-forward',
        base: baseOid,
        tip: tip2,
        target: 'main',
        commits: 2,
        added: 1,
      },
      {
        v: 1,
        kind: 'patchset',
        ticket,
        clock: 4,
        time: '2024-05-04T00:00:00Z',
        author: ann,
        number: 2,
        revision: 1,
        type: 'amend',
        base: baseOid,
        tip: tip3,
        target: 'release/2.4',
        commits: 2,
        added: 2,
        draft: true,
      },
    ],
    expect: (t) => {
      assert.deepEqual(
        t.patchsets.map((p) => [p.number, p.revisions.map((r) => [r.revision, r.type, r.tip, r.commits, r.added])]),
        [
          [
            1,
            [
              [1, 'proposal', tip1, 1, 1],
              [2, 'fast-forward', tip2, 2, 1],
            ],
          ],
          [2, [[1, 'amend', tip3, 2, 2]]],
        ],
      );
      assert.deepEqual(
        [t.current?.number, t.current?.revision, t.current?.tip, t.current?.target, t.current?.draft],
        [2, 1, tip3, 'release/2.4', true],
      );
      assert.deepEqual(t.current?.author, ann, 'the pusher is the entry author');
      assert.deepEqual(t.watchers, ['carol@example.com'], 'cc adds watchers');
      assert.equal(t.timeline.filter((i) => i.kind === 'patchset').length, 3);
      assert.equal(t.review, 'none');
    },
  },
  {
    kind: 'review',
    entries: [
      {
        v: 1,
        kind: 'patchset',
        ticket,
        clock: 2,
        time: '2024-05-02T00:00:00Z',
        author: bob,
        number: 1,
        revision: 1,
        type: 'proposal',
        base: baseOid,
        tip: tip1,
        target: 'main',
        commits: 1,
        added: 1,
      },
      {
        v: 1,
        kind: 'review',
        ticket,
        clock: 3,
        time: '2024-05-03T00:00:00Z',
        author: ann,
        patchset: 1,
        revision: 1,
        score: -1,
        comment: 'Please add a test.',
      },
      {
        v: 1,
        kind: 'review',
        ticket,
        clock: 4,
        time: '2024-05-04T00:00:00Z',
        author: ann,
        patchset: 1,
        revision: 1,
        score: 2,
      },
    ],
    expect: (t) => {
      assert.deepEqual(
        t.reviews.map((r) => [r.author.email, r.score, r.stale]),
        [['ann@example.com', 2, false]],
        'the latest review of each person counts',
      );
      assert.equal(t.review, 'approved');
      assert.deepEqual(
        t.patchsets[0]?.reviews.map((r) => r.score),
        [-1, 2],
        'the patchset keeps every review',
      );
      assert.deepEqual(
        t.comments.map((c) => c.body),
        ['Please add a test.'],
      );
    },
  },
  {
    kind: 'line-comment',
    entries: [lineRoot, lineReply],
    expect: (t) => {
      const root = t.comments.find((c) => c.body === 'Off by one?');
      assert.deepEqual(root?.anchor, {
        patchset: 1,
        revision: 2,
        commit: tip2,
        path: 'src/a b/<img src=x>.ts',
        side: 'new',
        line: 12,
        context: [' const a = 1;', '+const b = a + 1;'],
      });
      const reply = t.comments.find((c) => c.body === 'Yes, fixed.');
      assert.equal(reply?.reply, root?.id, 'the reply names its thread');
      assert.equal(
        t.timeline.filter((i) => i.kind === 'comment').length,
        2,
        'each comment of a thread is an item (the page shows the thread once: web/timeline.ts)',
      );
    },
  },
  {
    kind: 'vote',
    entries: [{ v: 1, kind: 'vote', ticket, clock: 2, time: '2024-05-02T00:00:00Z', author: bob, on: true }],
    expect: (t) => assert.deepEqual(t.votes, ['bob@example.com']),
  },
  {
    kind: 'attach',
    entries: [
      {
        v: 1,
        kind: 'attach',
        ticket,
        clock: 2,
        time: '2024-05-02T00:00:00Z',
        author: bob,
        name: 'crash log (1).txt',
        type: 'text/plain',
        size: 6,
        blob: entryId(Buffer.from('hello\n')),
      },
    ],
    expect: (t) => {
      assert.deepEqual(
        t.attachments.map((a) => [a.name, a.type, a.size, a.blob, a.author.email]),
        [['crash log (1).txt', 'text/plain', 6, 'ce013625030ba8dba906f756967f9e9ca394464a', 'bob@example.com']],
      );
      assert.equal(t.timeline.filter((i) => i.kind === 'attachment').length, 1, 'the timeline shows it');
    },
  },
  {
    kind: 'react',
    entries: [
      { v: 1, kind: 'react', ticket, clock: 2, time: '2024-05-02T00:00:00Z', author: bob, reaction: '+1', on: true },
      { v: 1, kind: 'react', ticket, clock: 3, time: '2024-05-02T00:01:00Z', author: ann, reaction: 'heart', on: true },
      {
        v: 1,
        kind: 'react',
        ticket,
        clock: 4,
        time: '2024-05-02T00:02:00Z',
        author: ann,
        reaction: 'heart',
        on: false,
      },
      {
        v: 1,
        kind: 'react',
        ticket,
        comment: entryId(serialize(comment)),
        clock: 5,
        time: '2024-05-02T00:03:00Z',
        author: ann,
        reaction: 'rocket',
        on: true,
      },
    ],
    expect: (t) => {
      assert.deepEqual(t.reactions, {
        '': { '+1': ['bob@example.com'] },
        [entryId(serialize(comment))]: { rocket: ['ann@example.com'] },
      });
      assert.deepEqual(t.votes, ['bob@example.com'], 'a 👍 on the ticket is a vote');
    },
  },
  {
    kind: 'task',
    entries: [
      { v: 1, kind: 'task', ticket, clock: 2, time: '2024-05-02T00:00:00Z', author: bob, index: 1, done: true },
      { v: 1, kind: 'task', ticket, clock: 3, time: '2024-05-02T00:01:00Z', author: ann, index: 0, done: true },
      { v: 1, kind: 'task', ticket, clock: 4, time: '2024-05-02T00:02:00Z', author: ann, index: 0, done: false },
    ],
    expect: (t) => assert.deepEqual(t.tasks, { '': { '0': false, '1': true } }),
  },
  {
    kind: 'check',
    entries: ((tip1: string, tip2: string) => {
      const check = (clock: number, commit: string, name: string, state: string, extra: object = {}) => ({
        v: 1 as const,
        kind: 'check' as const,
        ticket,
        clock,
        time: `2024-05-02T00:0${clock}:00Z`,
        author: bob,
        patchset: 1,
        revision: commit === tip1 ? 1 : 2,
        commit,
        name,
        state: state as 'pending',
        ...extra,
      });
      return [
        check(2, tip1, 'ci/build', 'pending', { url: 'https://ci.example.com/1', description: 'building' }),
        check(3, tip1, 'ci/build', 'failure', { url: 'https://ci.example.com/1' }),
        check(4, tip1, 'ci/lint', 'success'),
        check(5, tip2, 'ci/build', 'success'),
      ];
    })('a'.repeat(40), 'b'.repeat(40)),
    expect: (t) => {
      assert.deepEqual(
        t.checks.map((c) => [c.commit.slice(0, 1), c.name, c.state, c.url, c.revision]),
        [
          ['a', 'ci/build', 'failure', 'https://ci.example.com/1', 1],
          ['a', 'ci/lint', 'success', null, 1],
          ['b', 'ci/build', 'success', null, 2],
        ],
        'the latest report per name and commit, in the order they were last reported',
      );
      // each report is an item: mail and webhooks tell it; pages show marks instead (web/timeline.ts)
      assert.deepEqual(
        t.timeline.map((i) => i.kind),
        ['created', 'check', 'check', 'check', 'check'],
      );
    },
  },
];

test('entryId is the git blob id of the bytes', () => {
  // Known values from `git hash-object`: the empty blob and "hello\n".
  assert.equal(entryId(Buffer.alloc(0)), 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391');
  assert.equal(entryId(Buffer.from('hello\n')), 'ce013625030ba8dba906f756967f9e9ca394464a');
  // The length in the header counts bytes, not characters.
  const bytes = serialize(comment);
  assert.notEqual(bytes.length, bytes.toString('utf8').length);
  assert.equal(entryId(bytes), gitBlobId(bytes));
});

test('every ticket entry kind has a round-trip case', () => {
  const kinds = ticketEntrySchema.options.map((o) => o.entries.kind.literal);
  assert.deepEqual([...new Set(cases.map((c) => c.kind))].sort(), [...kinds].sort());
});

for (const c of cases) {
  test(`round trip: ${c.kind}`, () => {
    const loaded = [createEntry, ...c.entries].map((e) => roundTrip(ticketEntrySchema, e));
    assert.equal(loaded[0]?.id, ticket);
    const t = fold(ticket, loaded);
    assert.ok(t);
    c.expect(t);
    assert.deepEqual(fold(ticket, [...loaded].reverse()), t, 'the order files are read in does not matter');
  });
}

test('round trip: milestone create and set', () => {
  const id = nameId('milestone', '2.4');
  const author = ann;
  const entries: MilestoneEntry[] = [
    {
      v: 1,
      kind: 'create',
      milestone: id,
      clock: 1,
      time: '2024-05-01T00:00:00Z',
      author,
      fields: { name: '2.4', description: 'Spring', due: '2024-06-01', state: 'open', color: 'c5def5' },
    },
    {
      v: 1,
      kind: 'set',
      milestone: id,
      clock: 2,
      time: '2024-05-02T00:00:00Z',
      author,
      fields: { due: null, state: 'closed' },
    },
  ];
  const loaded = entries.map((e) => roundTrip(milestoneEntrySchema, e));
  assert.deepEqual(foldMilestone(id, [...loaded].reverse()), {
    id,
    name: '2.4',
    description: 'Spring',
    due: null,
    state: 'closed',
    color: 'c5def5',
    author,
    created: '2024-05-01T00:00:00Z',
    updated: '2024-05-02T00:00:00Z',
  });
});

test('round trip: label definition', () => {
  const id = nameId('label', 'regression');
  const entries: LabelDefEntry[] = [
    {
      v: 1,
      kind: 'define',
      label: id,
      clock: 1,
      time: '2024-05-01T00:00:00Z',
      author: ann,
      name: 'regression',
      description: 'Worked before',
    },
    {
      v: 1,
      kind: 'define',
      label: id,
      clock: 2,
      time: '2024-05-02T00:00:00Z',
      author: bob,
      name: 'regression',
      color: 'd73a4a',
    },
  ];
  const loaded = entries.map((e) => roundTrip(labelDefEntrySchema, e));
  assert.deepEqual(foldLabelDef(id, [...loaded].reverse()), {
    id,
    name: 'regression',
    color: 'd73a4a',
    description: 'Worked before',
  });
  assert.equal(foldLabelDef(id, loaded.slice(0, 1))?.color.length, 6, 'an undefined colour gets a stable default');
});

test('every entry kind is described, in the words the page, the CLI, mail and webhooks share', () => {
  const described = new Set<string>();
  for (const c of cases) {
    const loaded = [createEntry, ...c.entries].map((e) => ({ id: entryId(serialize(e)), entry: e }));
    const t = fold(ticket, loaded);
    assert.ok(t);
    const about = told(t);
    for (const { id, entry } of loaded) {
      const said = describeEntry(about, id);
      // an entry of the case that changes what it says it changes is told in words
      if (entry.kind !== c.kind) continue;
      assert.ok(said.length > 0, `${entry.kind} ${id.slice(0, 7)}: no timeline item describes it`);
      for (const d of said) {
        assert.ok(TICKET_EVENTS.includes(d.event), `${entry.kind}: event ${d.event}`);
        const words = phraseText(d.says);
        assert.match(words, /^[a-z]/, `${entry.kind}: "${words}" reads after a name`);
        assert.doesNotMatch(words, /undefined|null|\[object/, `${entry.kind}: "${words}"`);
      }
      described.add(entry.kind);
    }
  }
  const kinds = ticketEntrySchema.options.map((o) => o.entries.kind.literal);
  assert.deepEqual([...described].sort(), [...kinds].sort(), 'every kind in entries/ has a description');
});

test('a review is told with its score and what it said; a status change with the event the model names', () => {
  const review: TicketEntry = {
    v: 1,
    kind: 'review',
    ticket,
    clock: 2,
    time: '2024-05-02T00:00:00Z',
    author: bob,
    patchset: 1,
    revision: 1,
    score: -1,
    comment: 'Needs a test',
  };
  const close: TicketEntry = {
    v: 1,
    kind: 'status',
    ticket,
    clock: 3,
    time: '2024-05-03T00:00:00Z',
    author: ann,
    status: 'on-hold',
  };
  const loaded = [createEntry, review, close].map((e) => ({ id: entryId(serialize(e)), entry: e }));
  const about = told(fold(ticket, loaded)!);
  const [r] = describeEntry(about, loaded[1]!.id);
  assert.equal(phraseText(r!.says), 'reviewed patchset 1 revision 1: needs work (-1)');
  assert.equal(r!.text, 'Needs a test');
  assert.equal(r!.event, 'reviewed');
  const [s] = describeEntry(about, loaded[2]!.id);
  assert.equal(phraseText(s!.says), 'closed this as on-hold');
  assert.equal(s!.event, 'closed', 'on-hold closes a ticket');
});
