// Importing plain tickets: the same data always gives the same entries, and they fold back to the plain fields.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type TicketEntry, ticketEntrySchema } from './entries/index.js';
import { entryId, type Loaded, parseEntry, serialize } from './entry-file.js';
import { fold } from './fold.js';
import { entriesFromPlain, normalizeTime, type PlainTicket } from './plain.js';

/** Who imports: every entry's author, the plain data's people kept as origins. */
const ME = { name: 'James', email: 'james@example.com' };
const mark = { source: 'JSON lines', url: null, by: ME };

const plain: PlainTicket = {
  title: 'Crash when saving an empty file',
  body: 'Steps: open, save.',
  type: 'bug',
  status: 'closed',
  priority: 'high',
  severity: 'serious',
  labels: ['editor', 'bug', 'editor'],
  milestone: '2.4',
  responsible: 'ann@example.com',
  topic: null,
  author: { name: 'Ann', email: 'ann@example.com' },
  created: '2021-03-04T05:06:07+02:00',
  closed: '2021-03-09T00:00:00Z',
  comments: [
    { author: 'bob', created: '2021-03-05T00:00:00Z', body: 'Reproduced.' },
    {
      author: { name: 'Carol', email: 'carol@example.com' },
      created: '2021-03-04T23:00:00Z',
      body: 'Same here, cc @bob',
    },
    { created: '2021-03-06T00:00:00.5Z', body: 'Anonymous note' },
  ],
};

function load(entries: Record<string, unknown>[]): Loaded<TicketEntry>[] {
  return entries.map((e) => {
    const bytes = serialize(e);
    const r = parseEntry(ticketEntrySchema, bytes);
    assert.ok(r.ok, r.ok ? '' : r.problem);
    return { id: entryId(bytes), entry: r.entry };
  });
}

test('entriesFromPlain is deterministic', () => {
  const a = entriesFromPlain(plain, ME);
  const b = entriesFromPlain(structuredClone(plain), ME);
  assert.equal(a.id, b.id);
  assert.deepEqual(
    a.entries.map((e) => serialize(e).toString()),
    b.entries.map((e) => serialize(e).toString()),
  );
  assert.equal(a.id, entryId(serialize(a.entries[0]!)), "the ticket id is the create entry's id");
  assert.notEqual(entriesFromPlain({ ...plain, title: 'Other' }, ME).id, a.id);
});

test('the fold of the imported entries matches the plain fields', () => {
  const { id, entries } = entriesFromPlain(plain, ME);
  assert.equal(entries.length, 5, 'create, three comments, one status');
  const t = fold(id, load(entries));
  assert.ok(t);
  assert.equal(t.title, plain.title);
  assert.equal(t.body, plain.body);
  assert.deepEqual([t.type, t.status, t.priority, t.severity], ['bug', 'closed', 'high', 'serious']);
  assert.deepEqual(t.labels, ['bug', 'editor']);
  assert.deepEqual([t.milestone, t.responsible, t.topic], ['2.4', 'ann@example.com', null]);
  assert.deepEqual(t.author, { name: 'Ann', email: 'ann@example.com', imported: mark });
  for (const e of entries) assert.deepEqual(e.author, ME, "every entry is the importer's");
  assert.equal(t.created, '2021-03-04T03:06:07.000Z');
  assert.deepEqual(
    t.comments.map((c) => c.body),
    ['Reproduced.', 'Same here, cc @bob', 'Anonymous note'],
    'comments keep the plain order, even when a time is earlier',
  );
  assert.deepEqual(
    t.comments.map((c) => c.author),
    [
      { name: 'bob', email: '', imported: mark },
      { name: 'Carol', email: 'carol@example.com', imported: mark },
      { name: 'unknown', email: '', imported: mark },
    ],
  );
  assert.equal(t.comments[2]?.time, '2021-03-06T00:00:00.5Z', 'a UTC time is kept as written');
  assert.equal(t.decidedBy?.kind === 'entry' && t.decidedBy.time, '2021-03-09T00:00:00Z');
  assert.deepEqual(t.mentions, ['bob']);
});

test('an open plain ticket gets no status entry; an unknown type becomes a task', () => {
  const { id, entries } = entriesFromPlain({ title: 'Question', type: 'mystery', created: '2021-01-01T00:00:00Z' }, ME);
  assert.deepEqual(
    entries.map((e) => e.kind),
    ['create'],
  );
  const t = fold(id, load(entries));
  assert.deepEqual([t?.type, t?.status, t?.author.name], ['task', 'new', 'unknown']);
});

test("a plain ticket's origin names the source its people are shown from", () => {
  const { id, entries } = entriesFromPlain(
    { ...plain, origin: 'redmine#2001', url: 'https://redmine.example.com/issues/2001' },
    ME,
  );
  assert.equal(entries[0]!.imported, 'redmine#2001');
  const t = fold(id, load(entries))!;
  assert.equal(t.origin, 'redmine#2001');
  assert.deepEqual(t.author.imported, { source: 'redmine', url: 'https://redmine.example.com/issues/2001', by: ME });
});

test('normalizeTime writes UTC with a Z and rejects what is no time', () => {
  assert.equal(normalizeTime('2021-03-04T05:06:07Z'), '2021-03-04T05:06:07Z');
  assert.equal(normalizeTime('2021-03-04T05:06:07.123Z'), '2021-03-04T05:06:07.123Z');
  assert.equal(normalizeTime('2021-03-04T05:06:07-01:00'), '2021-03-04T06:06:07.000Z');
  assert.throws(() => normalizeTime('yesterday'), /not a time/);
});
