// Convergence: clones holding the same entries (and seeing the same commits) fold to the same ticket, byte for byte.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { type TicketEntry, ticketEntrySchema } from './entries/index.js';
import { entryId, type Loaded, parseEntry, serialize } from './entry-file.js';
import { PRIORITIES, SEVERITIES, STATUSES, TYPES } from './fields.js';
import { type CommitEvent, fold } from './fold.js';
import type { Author } from './schema.js';

const AUTHORS: Author[] = [
  { name: 'Ann', email: 'ann@example.com' },
  { name: 'Bob', email: 'bob@example.com' },
  { name: 'cat', email: '' },
];
const LABELS = ['bug', 'editor', 'regression', 'good first issue'];

/** Minutes after a fixed instant: a small range, so equal times (and equal clocks) are common. */
const at = (min: number): string => new Date(Date.UTC(2024, 0, 1) + min * 60_000).toISOString();

const time = fc.integer({ min: 0, max: 40 }).map(at);
const clock = fc.integer({ min: 1, max: 6 });
const author = fc.constantFrom(...AUTHORS);
const text = fc.oneof(
  fc.constantFrom('ok', 'cc @bob', 'see `@ann`', 'Tschüß ✓'),
  fc.string({ minLength: 1, maxLength: 8 }),
);
const line = fc.constantFrom('Crash on save', 'Crash on empty save', 'Slow start', 'ünïcode title');
const person = fc.constantFrom('ann@example.com', 'bob@example.com', '2.4', 'storage');

/** An entry before it is tied to a ticket; edits and deletes name a comment by index, resolved later. */
type Spec =
  | { kind: 'comment'; body: string }
  | { kind: 'edit-comment'; target: number; body: string }
  | { kind: 'delete-comment'; target: number }
  | { kind: 'set'; fields: Record<string, unknown> }
  | { kind: 'label'; add: string[]; remove: string[] }
  | { kind: 'status'; status: (typeof STATUSES)[number]; comment?: string }
  | { kind: 'watch' | 'vote'; on: boolean }
  | { kind: 'create'; title: string };
type Stamped = Spec & { clock: number; time: string; author: Author };

const fields = fc.record(
  {
    title: line,
    body: fc.oneof(fc.constant(''), text),
    type: fc.constantFrom(...TYPES),
    priority: fc.constantFrom(...PRIORITIES),
    severity: fc.constantFrom(...SEVERITIES),
    responsible: fc.option(person),
    milestone: fc.option(person),
    topic: fc.option(person),
  },
  { requiredKeys: [] },
);

const spec: fc.Arbitrary<Spec> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('comment' as const), body: text }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('edit-comment' as const), target: fc.nat(), body: text }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('delete-comment' as const), target: fc.nat() }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('set' as const), fields }), weight: 4 },
  {
    arbitrary: fc.record({
      kind: fc.constant('label' as const),
      add: fc.subarray(LABELS),
      remove: fc.subarray(LABELS),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record(
      { kind: fc.constant('status' as const), status: fc.constantFrom(...STATUSES), comment: text },
      { requiredKeys: ['kind', 'status'] },
    ),
    weight: 3,
  },
  { arbitrary: fc.record({ kind: fc.constantFrom('watch' as const, 'vote' as const), on: fc.boolean() }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('create' as const), title: line }), weight: 1 }, // a stray create, which the fold ignores
);
const stamped: fc.Arbitrary<Stamped> = fc
  .tuple(spec, clock, time, author)
  .map(([s, c, t, a]) => ({ ...s, clock: c, time: t, author: a }));

const journal = fc.record({
  create: fc.record({ title: line, type: fc.constantFrom(...TYPES), time, labels: fc.subarray(LABELS) }),
  rest: fc.array(stamped, { maxLength: 25 }),
});
type Journal = {
  create: { title: string; type: (typeof TYPES)[number]; time: string; labels: string[] };
  rest: Stamped[];
};

/** Reads an entry back the way the store does, so the fold sees validated entries with ids from their bytes. */
function load(entry: object): Loaded<TicketEntry> {
  const bytes = serialize(entry);
  const parsed = parseEntry(ticketEntrySchema, bytes);
  if (!parsed.ok) throw new Error(`the generator made an invalid entry: ${parsed.problem}\n${bytes.toString()}`);
  return { id: entryId(bytes), entry: parsed.entry };
}

/** Turns generated specs into valid entries of one ticket; returns the ticket id and its entries. */
function build(j: Journal): { id: string; entries: Loaded<TicketEntry>[] } {
  const create = load({
    v: 1,
    kind: 'create',
    clock: 1,
    time: j.create.time,
    author: AUTHORS[0],
    title: j.create.title,
    body: 'cc @bob',
    type: j.create.type,
    labels: j.create.labels,
  });
  const id = create.id;
  const entries = [create];
  const later: Stamped[] = [];
  for (const s of j.rest) {
    const m = { v: 1, clock: s.clock, time: s.time, author: s.author };
    switch (s.kind) {
      case 'create':
        entries.push(load({ ...m, kind: 'create', title: s.title, body: '', type: 'task' }));
        break;
      case 'comment':
        entries.push(load({ ...m, kind: 'comment', ticket: id, body: s.body }));
        break;
      case 'set':
        entries.push(load({ ...m, kind: 'set', ticket: id, fields: s.fields }));
        break;
      case 'label':
        entries.push(load({ ...m, kind: 'label', ticket: id, add: s.add, remove: s.remove }));
        break;
      case 'status':
        entries.push(
          load({
            ...m,
            kind: 'status',
            ticket: id,
            status: s.status,
            ...(s.comment === undefined ? {} : { comment: s.comment }),
          }),
        );
        break;
      case 'watch':
      case 'vote':
        entries.push(load({ ...m, kind: s.kind, ticket: id, on: s.on }));
        break;
      default:
        later.push(s);
    }
  }
  const comments = entries
    .filter((l) => l.entry.kind === 'comment' || (l.entry.kind === 'status' && l.entry.comment !== undefined))
    .map((l) => l.id);
  for (const s of later) {
    const m = { v: 1, clock: s.clock, time: s.time, author: s.author, ticket: id };
    if (s.kind !== 'edit-comment' && s.kind !== 'delete-comment') continue;
    const comment = comments[s.target % (comments.length + 1)] ?? 'f'.repeat(40); // sometimes a comment this view lacks
    entries.push(
      load(s.kind === 'edit-comment' ? { ...m, kind: s.kind, comment, body: s.body } : { ...m, kind: s.kind, comment }),
    );
  }
  return { id, entries };
}

const events = fc
  .uniqueArray(
    fc.record({
      n: fc.integer({ min: 0, max: 50 }),
      min: fc.integer({ min: 0, max: 40 }),
      action: fc.constantFrom('fixes' as const, 'refs' as const),
      who: author,
    }),
    { selector: (e) => e.n, maxLength: 5 },
  )
  .map((list) =>
    list.map(
      (e): CommitEvent => ({
        commit: e.n.toString(16).padStart(40, 'a'),
        time: at(e.min),
        author: e.who,
        summary: `commit ${e.n}`,
        action: e.action,
      }),
    ),
  );

/** A small seeded generator, so fast-check drives (and replays) every shuffle. */
function shuffle<T>(items: readonly T[], seed: number): T[] {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const k = Math.floor(next() * (i + 1));
    [out[i], out[k]] = [out[k]!, out[i]!];
  }
  return out;
}

/** Splits entries over clones (an entry may be on several, every entry on at least one), then merges them back. */
function splitAndMerge<T extends { id: string }>(
  entries: readonly T[],
  masks: readonly number[],
  clones: number,
  seed: number,
): T[] {
  const perClone: T[][] = Array.from({ length: clones }, () => []);
  entries.forEach((e, i) => {
    const mask = ((masks[i % masks.length] ?? 1) % (2 ** clones - 1)) + 1; // 1 .. 2^clones - 1: never on no clone
    for (let c = 0; c < clones; c++) if (mask & (1 << c)) perClone[c]!.push(e);
  });
  const shuffled = shuffle(
    perClone.map((list, c) => shuffle(list, seed + c + 1)),
    seed,
  );
  const seen = new Map<string, T>();
  for (const list of shuffled) for (const e of list) if (!seen.has(e.id)) seen.set(e.id, e);
  return [...seen.values()];
}

test('convergence: any split of the same entries over clones, merged in any order, folds to identical bytes', () => {
  fc.assert(
    fc.property(
      journal,
      events,
      fc.integer({ min: 1, max: 4 }),
      fc.array(fc.nat(), { minLength: 1, maxLength: 30 }),
      fc.integer(),
      (j, evs, clones, masks, seed) => {
        const { id, entries } = build(j);
        const expected = JSON.stringify(fold(id, entries, evs));
        assert.notEqual(expected, 'null');
        const merged = splitAndMerge(entries, masks, clones, seed);
        assert.equal(merged.length, new Set(entries.map((e) => e.id)).size);
        assert.equal(JSON.stringify(fold(id, merged, shuffle(evs, seed ^ 0x5bd1e995))), expected);
      },
    ),
    { numRuns: 200 },
  );
});

test('convergence: the order of commit events does not matter', () => {
  fc.assert(
    fc.property(journal, events, fc.integer(), (j, evs, seed) => {
      const { id, entries } = build(j);
      const expected = JSON.stringify(fold(id, entries, evs));
      assert.equal(JSON.stringify(fold(id, entries, shuffle(evs, seed))), expected);
      assert.equal(JSON.stringify(fold(id, entries, [...evs].reverse())), expected);
    }),
    { numRuns: 200 },
  );
});

test('the generator reaches the interesting cases', () => {
  // Guards the property above against a generator that silently stopped producing edits, tombstones or closes.
  const seen = new Set<string>();
  fc.assert(
    fc.property(journal, events, (j, evs) => {
      const { id, entries } = build(j);
      const t = fold(id, entries, evs);
      for (const c of t?.comments ?? []) {
        if (c.deleted) seen.add('deleted');
        if (c.edits.length) seen.add('edited');
      }
      if (t?.decidedBy?.kind === 'commit') seen.add('closed by commit');
      if (t?.labels.length === 0) seen.add('no labels');
      if (t?.watchers.length) seen.add('watchers');
    }),
    { numRuns: 200, seed: 42 },
  );
  assert.deepEqual([...seen].sort(), ['closed by commit', 'deleted', 'edited', 'no labels', 'watchers']);
});
