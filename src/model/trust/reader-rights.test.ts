// The reader's rights, entry kind by entry kind: what a reader may write on their own and on someone
// else's ticket, and what takes write access, with the words the refusal uses.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ticketEntrySchema } from '../entries/index.js';
import { beyondReader, NO_FACTS, type TicketFacts } from './reader-rights.js';

const bob = { name: 'bob', email: 'bob@example.com' };
const ann = { name: 'ann', email: 'ann@example.com' };
const T = 'a'.repeat(40);
const C = 'c'.repeat(40);
const e = (kind: string, more: Record<string, unknown> = {}) => ({ kind, author: bob, ticket: T, ...more });
const own: TicketFacts = { opener: { ...bob, email: 'BOB@example.com' }, authorOf: (id) => (id === C ? bob : null) };
const others: TicketFacts = { opener: ann, authorOf: (id) => (id === C ? ann : null) };

test('a reader opens, comments, reacts, votes, reviews +1/-1, and changes only what they wrote', () => {
  const allowed: [ReturnType<typeof e>, TicketFacts][] = [
    [e('create', { title: 'x', body: '', type: 'task', priority: 'normal' }), NO_FACTS],
    [e('comment', { body: 'hi' }), others],
    [e('line-comment'), others],
    [e('react', { reaction: '+1', on: true }), others],
    [e('attach'), others],
    [e('vote', { on: true }), others],
    [e('watch', { on: true, person: bob.email }), others],
    [e('review', { score: 1 }), others],
    [e('review', { score: -1 }), others],
    [e('status', { status: 'closed' }), own],
    [e('status', { status: 'new' }), own],
    [e('set', { fields: { title: 'better', body: 'more' } }), own],
    [e('edit-comment', { comment: C, body: 'x' }), own],
    [e('delete-comment', { comment: C }), own],
    [e('task', { index: 0, done: true }), own],
    [e('task', { comment: C, index: 0, done: true }), own],
  ];
  for (const [entry, facts] of allowed) assert.equal(beyondReader('tickets', entry, facts), null, entry.kind);
});

test('everything else takes write access, and says what', () => {
  const refused: [string, ReturnType<typeof e>, TicketFacts, RegExp][] = [
    ['tickets', e('create', { title: 'x', type: 'bug', labels: ['urgent'] }), NO_FACTS, /labels set/],
    ['tickets', e('create', { title: 'x', type: 'bug', priority: 'high' }), NO_FACTS, /priority set/],
    ['tickets', e('create', { title: 'x', type: 'bug', status: 'closed' }), NO_FACTS, /status set/],
    ['tickets', e('status', { status: 'closed' }), others, /sets its status to closed/],
    ['tickets', e('status', { status: 'merged' }), own, /marks it merged/],
    ['tickets', e('status', { status: 'fixed', commit: 'f'.repeat(40) }), own, /marks it merged/],
    ['tickets', e('status', { status: 'closed' }), NO_FACTS, /sets its status/],
    ['tickets', e('set', { fields: { title: 'mine now' } }), others, /edits its title/],
    ['tickets', e('set', { fields: { priority: 'high' } }), own, /changes its priority/],
    ['tickets', e('label', { add: ['x'] }), own, /labels/],
    ['tickets', e('edit-comment', { comment: C }), others, /someone else's comment/],
    ['tickets', e('delete-comment', { comment: C }), NO_FACTS, /someone else's comment/],
    ['tickets', e('task', { index: 0, done: true }), others, /task/],
    ['tickets', e('vote', { on: true, person: ann.email }), own, /someone else/],
    ['tickets', e('review', { score: 2 }), own, /approves/],
    ['tickets', e('review', { score: -2 }), own, /vetoes/],
    ['tickets', e('check', {}), own, /check/],
    ['tickets', e('patchset', {}), others, /patchset/],
    ['labels', e('define'), NO_FACTS, /label/],
    ['milestones', e('create'), NO_FACTS, /milestone/],
  ];
  for (const [collection, entry, facts, words] of refused)
    assert.match(beyondReader(collection, entry, facts) ?? 'allowed', words, `${entry.kind} ${JSON.stringify(entry)}`);
});

test('every entry kind has its answer (a new kind must say whether a reader may write it)', () => {
  const kinds = ticketEntrySchema.options.map((o) => o.entries.kind.literal);
  for (const kind of kinds)
    assert.doesNotMatch(beyondReader('tickets', e(kind), own) ?? '', /writes a .* entry/, `${kind} is not in the rule`);
});
