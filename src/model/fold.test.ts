// The fold: canonical order, how each kind of entry changes the ticket, and commits that close or reference it.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CreateEntry, TicketEntry } from './entries/index.js';
import { entryId, type Loaded, serialize } from './entry-file.js';
import { type CommitEvent, compareOrder, fold } from './fold.js';
import type { Author } from './schema.js';
import { summarize } from './summary-fields.js';
import type { Ticket } from './ticket.js';

const ann: Author = { name: 'Ann', email: 'ann@example.com' };
const bob: Author = { name: 'Bob', email: 'bob@example.com' };
const cat: Author = { name: 'cat', email: '' };

/** Minutes after a fixed instant, in the entry time format. */
const at = (min: number): string => new Date(Date.UTC(2024, 0, 1) + min * 60_000).toISOString();
const load = (entry: TicketEntry): Loaded<TicketEntry> => ({ id: entryId(serialize(entry)), entry });

function create(fields: Partial<CreateEntry> = {}): Loaded<TicketEntry> {
  return load({
    v: 1,
    kind: 'create',
    clock: 1,
    time: at(0),
    author: ann,
    title: 'Crash on save',
    body: 'It crashes.',
    type: 'bug',
    ...fields,
  });
}
/** The fields every non-create entry of ticket `t` carries. */
const meta = (t: Loaded<TicketEntry>, clock: number, min: number, author: Author = ann) => ({
  v: 1 as const,
  ticket: t.id,
  clock,
  time: at(min),
  author,
});

function must(t: Ticket | null): Ticket {
  assert.ok(t, 'the ticket should fold');
  return t;
}
const commit = (n: number, min: number, action: 'fixes' | 'refs', author: Author = bob): CommitEvent => ({
  commit: n.toString(16).padStart(40, 'c'),
  time: at(min),
  author,
  summary: `commit ${n}`,
  action,
});

test('compareOrder: clock first, then time, then id', () => {
  assert.ok(compareOrder({ clock: 1, ms: 900, id: 'f' }, { clock: 2, ms: 100, id: 'a' }) < 0);
  assert.ok(compareOrder({ clock: 2, ms: 100, id: 'f' }, { clock: 2, ms: 900, id: 'a' }) < 0);
  assert.ok(compareOrder({ clock: 2, ms: 100, id: 'a' }, { clock: 2, ms: 100, id: 'b' }) < 0);
  assert.equal(compareOrder({ clock: 2, ms: 100, id: 'a' }, { clock: 2, ms: 100, id: 'a' }), 0);
});

test('a higher clock wins over a later time', () => {
  const c = create();
  const late = load({ ...meta(c, 2, 90), kind: 'set', fields: { title: 'written later, lower clock' } });
  const high = load({ ...meta(c, 3, 10), kind: 'set', fields: { title: 'higher clock' } });
  assert.equal(must(fold(c.id, [c, high, late])).title, 'higher clock');
  assert.equal(must(fold(c.id, [late, c, high])).title, 'higher clock');
});

test('on equal clocks the later time wins, whatever the ids', () => {
  const c = create();
  // Find a pair where the later entry has the smaller id, so time (not id) must decide.
  let found: { early: Loaded<TicketEntry>; late: Loaded<TicketEntry>; title: string } | undefined;
  for (let n = 0; !found; n++) {
    const early = load({ ...meta(c, 2, 10), kind: 'set', fields: { title: `early ${n}` } });
    const late = load({ ...meta(c, 2, 20), kind: 'set', fields: { title: `late ${n}` } });
    if (late.id < early.id) found = { early, late, title: `late ${n}` };
  }
  const { early, late, title } = found;
  assert.equal(must(fold(c.id, [c, early, late])).title, title);
  assert.equal(must(fold(c.id, [late, early, c])).title, title);
});

test('on equal clocks and times the larger id is applied last', () => {
  const c = create();
  const x = load({ ...meta(c, 2, 10), kind: 'set', fields: { title: 'x' } });
  const y = load({ ...meta(c, 2, 10), kind: 'set', fields: { title: 'y' } });
  const last = x.id > y.id ? 'x' : 'y';
  assert.equal(must(fold(c.id, [c, x, y])).title, last);
  assert.equal(must(fold(c.id, [c, y, x])).title, last);
});

test('scalar fields: the last value in order wins, null clears, unchanged values leave no timeline item', () => {
  const c = create({ priority: 'low', responsible: 'ann@example.com', milestone: '2.4' });
  const t = must(
    fold(c.id, [
      c,
      load({
        ...meta(c, 2, 1),
        kind: 'set',
        fields: { title: 'Crash on empty save', priority: 'high', severity: 'minor' },
      }),
      load({ ...meta(c, 3, 2, bob), kind: 'set', fields: { priority: 'urgent', responsible: null, topic: 'storage' } }),
      load({ ...meta(c, 4, 3), kind: 'set', fields: { body: 'Steps: open, save.', type: 'task', milestone: null } }),
      load({ ...meta(c, 5, 4), kind: 'set', fields: { priority: 'urgent' } }),
    ]),
  );
  assert.equal(t.title, 'Crash on empty save');
  assert.equal(t.body, 'Steps: open, save.');
  assert.equal(t.type, 'task');
  assert.equal(t.priority, 'urgent');
  assert.equal(t.severity, 'minor');
  assert.equal(t.responsible, null);
  assert.equal(t.milestone, null);
  assert.equal(t.topic, 'storage');
  const fields = t.timeline.filter((i) => i.kind === 'fields');
  assert.equal(fields.length, 3, 'the set that changed nothing adds no timeline item');
  assert.deepEqual(fields[1]?.kind === 'fields' && fields[1].changes, {
    priority: ['high', 'urgent'],
    responsible: ['ann@example.com', null],
    topic: [null, 'storage'],
  });
  assert.equal(t.updated, at(4));
  assert.deepEqual(t.participants, ['ann@example.com', 'bob@example.com']);
});

test('labels: adds and removes apply in order', () => {
  const c = create({ labels: ['editor', 'bug'] });
  const entries = [
    c,
    load({ ...meta(c, 2, 1), kind: 'label', add: ['regression'], remove: ['editor'] }),
    load({ ...meta(c, 3, 2), kind: 'label', add: ['editor'], remove: [] }),
    load({ ...meta(c, 4, 3), kind: 'label', add: [], remove: ['regression', 'not-there'] }),
    load({ ...meta(c, 5, 4), kind: 'label', add: ['bug'], remove: [] }),
  ];
  const t = must(fold(c.id, entries));
  assert.deepEqual(t.labels, ['bug', 'editor']);
  assert.deepEqual(
    t.timeline.filter((i) => i.kind === 'labels').map((i) => i.kind === 'labels' && [i.added, i.removed]),
    [
      [['regression'], ['editor']],
      [['editor'], []],
      [[], ['regression']],
    ],
    'a label entry that changes nothing leaves no trace',
  );
  assert.deepEqual(must(fold(c.id, [...entries].reverse())), t);
});

test('comments: edits keep the history, a delete is a tombstone that the timeline keeps', () => {
  const c = create();
  const comment = load({ ...meta(c, 2, 1, bob), kind: 'comment', body: 'First draft, cc @carol' });
  const edit1 = load({ ...meta(c, 3, 2, bob), kind: 'edit-comment', comment: comment.id, body: 'Second draft' });
  const edit2 = load({ ...meta(c, 4, 3, ann), kind: 'edit-comment', comment: comment.id, body: 'Final, cc @dave' });
  const other = load({ ...meta(c, 4, 4, ann), kind: 'comment', body: 'Another one' });

  const edited = must(fold(c.id, [other, edit2, c, edit1, comment]));
  assert.equal(edited.comments.length, 2);
  const e = edited.comments[0]!;
  assert.equal(e.id, comment.id);
  assert.equal(e.body, 'Final, cc @dave');
  assert.deepEqual(e.edits, [
    { time: at(1), author: bob, body: 'First draft, cc @carol' },
    { time: at(2), author: bob, body: 'Second draft' },
  ]);
  assert.deepEqual(e.edited, { time: at(3), author: ann });
  assert.equal(e.deleted, false);
  assert.deepEqual(edited.mentions, ['dave']);

  const del = load({ ...meta(c, 5, 5, bob), kind: 'delete-comment', comment: comment.id });
  const late = load({ ...meta(c, 6, 6, bob), kind: 'edit-comment', comment: comment.id, body: 'Back from the dead' });
  const t = must(fold(c.id, [c, comment, edit1, edit2, other, del, late]));
  const d = t.comments[0]!;
  assert.equal(d.deleted, true);
  assert.equal(d.body, '');
  assert.deepEqual(d.edits, [], 'the old text is hidden too');
  assert.deepEqual(d.edited, { time: at(3), author: ann });
  assert.equal(t.comments[1]?.body, 'Another one');
  assert.deepEqual(t.mentions, []);
  assert.equal(summarize(t).comments, 1);
  assert.deepEqual(
    t.timeline.map((i) => i.kind),
    ['created', 'comment', 'comment-edited', 'comment-edited', 'comment', 'comment-deleted'],
    'the edit after the delete changes nothing',
  );
});

test('editing a comment this view cannot see changes nothing', () => {
  const c = create();
  const ghost = 'f'.repeat(40);
  const t = must(
    fold(c.id, [
      c,
      load({ ...meta(c, 2, 1), kind: 'edit-comment', comment: ghost, body: 'x' }),
      load({ ...meta(c, 3, 2), kind: 'delete-comment', comment: ghost }),
    ]),
  );
  assert.deepEqual(t.comments, []);
  assert.deepEqual(
    t.timeline.map((i) => i.kind),
    ['created'],
  );
});

test('watch and vote are per author, keyed by email (or the name without one)', () => {
  const c = create();
  const t = must(
    fold(c.id, [
      c,
      load({ ...meta(c, 2, 1, ann), kind: 'watch', on: true }),
      load({ ...meta(c, 2, 2, bob), kind: 'watch', on: true }),
      load({ ...meta(c, 3, 3, ann), kind: 'watch', on: false }),
      load({ ...meta(c, 3, 4, cat), kind: 'watch', on: true }),
      load({ ...meta(c, 2, 5, bob), kind: 'vote', on: true }),
      load({ ...meta(c, 3, 6, bob), kind: 'vote', on: true }),
      load({ ...meta(c, 3, 7, ann), kind: 'vote', on: false }),
      load({ ...meta(c, 4, 8, cat), kind: 'vote', on: true }),
    ]),
  );
  assert.deepEqual(t.watchers, ['bob@example.com', 'cat']);
  assert.deepEqual(t.votes, ['bob@example.com', 'cat']);
  assert.equal(t.timeline.filter((i) => i.kind === 'vote').length, 2, 'a repeated or no-op vote leaves no trace');
  assert.equal(summarize(t).votes, 2);
});

test('a status entry with a comment adds the comment and moves the status', () => {
  const c = create();
  const close = load({ ...meta(c, 2, 5, bob), kind: 'status', status: 'wontfix', comment: 'Works as designed.' });
  const t = must(fold(c.id, [c, close]));
  assert.equal(t.status, 'wontfix');
  assert.deepEqual(t.decidedBy, { kind: 'entry', id: close.id, time: at(5), author: bob });
  assert.deepEqual(
    t.comments.map((x) => [x.id, x.body, x.author]),
    [[close.id, 'Works as designed.', bob]],
  );
  assert.deepEqual(
    t.timeline.map((i) => i.kind),
    ['created', 'comment', 'status'],
  );
  const s = t.timeline[2];
  assert.ok(s?.kind === 'status');
  assert.equal(s.from, 'new');
  assert.equal(s.to, 'wontfix');

  // The comment of a status entry is a comment like any other: it can be edited.
  const edit = load({
    ...meta(c, 3, 6, bob),
    kind: 'edit-comment',
    comment: close.id,
    body: 'Works as designed, see the docs.',
  });
  assert.equal(must(fold(c.id, [c, close, edit])).comments[0]?.body, 'Works as designed, see the docs.');
});

test('the create entry sets defaults and its id is the ticket id', () => {
  const c = create();
  const t = must(fold(c.id, [c]));
  assert.equal(t.id, c.id);
  assert.equal(t.status, 'new');
  assert.equal(t.priority, 'normal');
  assert.equal(t.severity, 'unrated');
  assert.deepEqual([t.responsible, t.milestone, t.topic], [null, null, null]);
  assert.equal(t.created, at(0));
  assert.equal(t.updated, at(0));
  assert.deepEqual(t.author, ann);
});

test('a ticket with no create entry folds to null', () => {
  const c = create();
  const comment = load({ ...meta(c, 2, 1), kind: 'comment', body: 'orphan' });
  assert.equal(fold(c.id, []), null);
  assert.equal(fold(c.id, [comment]), null);
  assert.equal(fold(c.id, [comment], [commit(1, 2, 'fixes')]), null);
  const foreign = create({ title: 'Another ticket' });
  assert.equal(fold(c.id, [foreign, comment]), null, 'a create with another id does not create this ticket');
});

test('a second create in the journal is ignored', () => {
  const c = create();
  const foreign = create({ title: 'Another ticket', time: at(1), status: 'closed' });
  const t = must(fold(c.id, [foreign, c]));
  assert.equal(t.title, 'Crash on save');
  assert.equal(t.status, 'new');
  assert.deepEqual(
    t.timeline.map((i) => i.kind),
    ['created'],
  );
});

test("fixes: a commit closes the ticket with its type's done status", () => {
  for (const [type, done] of [
    ['bug', 'fixed'],
    ['enhancement', 'resolved'],
    ['proposal', 'merged'],
    ['task', 'resolved'],
  ] as const) {
    const c = create({ type });
    const fix = commit(1, 10, 'fixes');
    const t = must(fold(c.id, [c], [fix]));
    assert.equal(t.status, done, type);
    assert.deepEqual(t.decidedBy, {
      kind: 'commit',
      commit: fix.commit,
      time: fix.time,
      author: bob,
      summary: 'commit 1',
    });
    assert.deepEqual(t.references, [
      { commit: fix.commit, summary: 'commit 1', time: fix.time, author: bob, action: 'fixes' },
    ]);
    assert.deepEqual(t.timeline.at(-1), {
      kind: 'commit',
      commit: fix.commit,
      time: fix.time,
      author: bob,
      summary: 'commit 1',
      action: 'fixes',
      from: 'new',
      to: done,
    });
    assert.equal(t.updated, fix.time);
  }
});

test('fixes: the done status follows the type the ticket has when the commit applies', () => {
  const c = create({ type: 'bug' });
  const retype = load({ ...meta(c, 2, 5), kind: 'set', fields: { type: 'enhancement' } });
  assert.equal(must(fold(c.id, [c, retype], [commit(1, 10, 'fixes')])).status, 'resolved');
  assert.equal(
    must(fold(c.id, [c, retype], [commit(1, 1, 'fixes')])).status,
    'fixed',
    'the retype came after the commit',
  );
});

test('fixes: a reopen written after the commit wins', () => {
  const c = create();
  const reopen = load({ ...meta(c, 2, 20, ann), kind: 'status', status: 'open' });
  const t = must(fold(c.id, [c, reopen], [commit(1, 10, 'fixes')]));
  assert.equal(t.status, 'open');
  assert.deepEqual(t.decidedBy, { kind: 'entry', id: reopen.id, time: at(20), author: ann });
  assert.deepEqual(
    t.timeline.map((i) => i.kind),
    ['created', 'commit', 'status'],
  );
});

test('fixes: an entry written before the commit does not override it', () => {
  const c = create();
  const early = load({ ...meta(c, 2, 5, ann), kind: 'status', status: 'open' });
  const later = load({ ...meta(c, 3, 6, ann), kind: 'set', fields: { priority: 'high' } });
  const fix = commit(1, 10, 'fixes');
  const t = must(fold(c.id, [later, early, c], [fix]));
  assert.equal(t.status, 'fixed');
  assert.equal(t.priority, 'high');
  assert.equal(t.decidedBy?.kind, 'commit');
  assert.deepEqual(
    t.timeline.map((i) => i.kind),
    ['created', 'status', 'fields', 'commit'],
  );
});

test('refs: a commit adds a reference and leaves the status alone', () => {
  const c = create();
  const close = load({ ...meta(c, 2, 5), kind: 'status', status: 'wontfix' });
  const ref = commit(2, 10, 'refs');
  const t = must(fold(c.id, [c, close], [ref]));
  assert.equal(t.status, 'wontfix');
  assert.equal(t.decidedBy?.kind, 'entry');
  assert.deepEqual(t.references, [
    { commit: ref.commit, summary: 'commit 2', time: ref.time, author: bob, action: 'refs' },
  ]);
  assert.deepEqual(t.timeline.at(-1), {
    kind: 'commit',
    commit: ref.commit,
    time: ref.time,
    author: bob,
    summary: 'commit 2',
    action: 'refs',
  });
});

test('events never apply before the create entry, even when the commit is older', () => {
  const c = create({ time: at(100) });
  const t = must(fold(c.id, [c], [commit(1, 10, 'fixes'), commit(2, 5, 'refs')]));
  assert.equal(t.status, 'fixed', 'the create entry must not reset what the commit decided');
  assert.deepEqual(
    t.timeline.map((i) => i.kind),
    ['created', 'commit', 'commit'],
  );
  assert.deepEqual(
    t.references.map((r) => r.summary),
    ['commit 2', 'commit 1'],
    'events among themselves go by time',
  );
  assert.equal(t.updated, at(100));
});

test('events never apply before the create entry, even with a stray create of a lower clock in the journal', () => {
  const c = create({ clock: 3, time: at(100) });
  const stray = create({ clock: 1, time: at(1), title: 'Some other ticket' });
  const t = must(fold(c.id, [stray, c], [commit(1, 10, 'fixes')]));
  assert.equal(t.title, 'Crash on save');
  assert.equal(t.status, 'fixed');
  assert.deepEqual(
    t.timeline.map((i) => i.kind),
    ['created', 'commit'],
  );
});

test('the order commit events are passed in does not matter', () => {
  const c = create();
  const entries = [c, load({ ...meta(c, 2, 15), kind: 'status', status: 'open' })];
  const events = [commit(1, 10, 'fixes'), commit(2, 20, 'refs'), commit(3, 20, 'fixes'), commit(4, 30, 'refs')];
  const a = JSON.stringify(fold(c.id, entries, events));
  assert.equal(JSON.stringify(fold(c.id, [...entries].reverse(), [...events].reverse())), a);
  assert.equal(JSON.stringify(fold(c.id, entries, [events[2]!, events[0]!, events[3]!, events[1]!])), a);
  assert.equal(must(fold(c.id, entries, events)).status, 'fixed', 'commit 3 came after the reopen');
});

test('a closing status naming a commit holds only where the commit is (DESIGN §4)', () => {
  const author = ann;
  const create = {
    v: 1,
    kind: 'create',
    clock: 1,
    time: '2026-01-01T00:00:00.000Z',
    author,
    title: 'T',
    body: '',
    type: 'bug',
  } as const;
  const id = entryId(serialize(create));
  const merge = 'a'.repeat(40);
  const loaded = (e: Record<string, unknown>) => ({ id: entryId(serialize(e)), entry: e as never });
  const entries = [
    loaded(create),
    loaded({ v: 1, kind: 'status', ticket: id, clock: 2, time: '2026-01-02T00:00:00.000Z', author, status: 'open' }),
    loaded({
      v: 1,
      kind: 'status',
      ticket: id,
      clock: 3,
      time: '2026-01-03T00:00:00.000Z',
      author,
      status: 'merged',
      commit: merge,
      target: 'master',
    }),
    loaded({ v: 1, kind: 'comment', ticket: id, clock: 4, time: '2026-01-04T00:00:00.000Z', author, body: 'after' }),
  ];
  const here = fold(id, entries)!;
  assert.equal(here.status, 'merged');
  assert.deepEqual(here.evidence, [merge]);
  assert.deepEqual(here.decidedBy && 'commit' in here.decidedBy ? here.decidedBy.commit : null, merge);
  const elsewhere = fold(id, entries, [], new Set([merge]))!;
  assert.equal(elsewhere.status, 'open', 'the status before the merge, where the merge commit is not');
  assert.equal(elsewhere.merge, null);
  assert.deepEqual(elsewhere.evidence, [merge], 'the evidence is the same wherever it is folded');
  const item = elsewhere.timeline.find((t) => t.kind === 'status' && t.to === 'merged');
  assert.deepEqual(item && 'elsewhere' in item ? item.elsewhere : null, true, 'the timeline says it holds elsewhere');
  assert.equal(elsewhere.comments.length, 1, 'the rest of the journal folds as ever');
});
