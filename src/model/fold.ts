// The fold: a ticket is its entries (and the commits that mention it) applied in canonical order.

import { type Draft, setStatus } from './entries/draft.js';
import { applyEntry, type TicketEntry } from './entries/index.js';
import { REACTIONS } from './entries/react.js';
import type { Loaded } from './entry-file.js';
import { doneStatus, fieldsOf, initialFields } from './fields.js';
import { extractMentions } from './mentions.js';
import { finishPatchsets, latestPerPerson, reviewState, withStaleness } from './patchsets.js';
import type { Author } from './schema.js';
import { personKey, type Ticket } from './ticket.js';

/** Bump when the fold's output changes for the same input, so cached folds are not reused. */
export const FOLD_VERSION = 10;

/** A derived event: a commit reachable from the viewed branch whose message names the ticket. */
export interface CommitEvent {
  commit: string;
  time: string;
  author: Author;
  summary: string;
  action: 'fixes' | 'refs';
}

interface Ordered {
  clock: number;
  ms: number;
  id: string;
}

/** Canonical order: logical clock, then wall-clock time, then id. */
export function compareOrder(a: Ordered, b: Ordered): number {
  return a.clock - b.clock || a.ms - b.ms || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

type Step = Ordered & ({ entry: TicketEntry } | { event: CommitEvent });

/**
 * Orders entries and commit events together. A commit has no logical clock, so it goes just after the
 * entries written no later than the commit (clock c + ½, with c their largest clock, and at least the
 * creating entry's): after what its author could have seen, before anything written after it.
 */
export function orderSteps(entries: readonly Loaded<TicketEntry>[], events: readonly CommitEvent[]): Step[] {
  const fromEntries = entries.map((l) => ({
    clock: l.entry.clock,
    ms: Date.parse(l.entry.time),
    id: l.id,
    entry: l.entry,
  }));
  let floor = 0;
  for (const s of fromEntries) if (s.entry.kind === 'create' && (floor === 0 || s.clock < floor)) floor = s.clock;
  const steps: Step[] = [...fromEntries];
  for (const event of events) {
    const ms = Date.parse(event.time);
    let clock = floor;
    for (const s of fromEntries) if (s.ms <= ms && s.clock > clock) clock = s.clock;
    steps.push({ clock: clock + 0.5, ms, id: event.commit, event });
  }
  return steps.sort(compareOrder);
}

const NONE: ReadonlySet<string> = new Set();

/**
 * An entry as the ticket tells it: an imported one by the person its source named, marked with where it
 * came from and who imported it (its real author), so votes, reviews and reactions stay each person's.
 */
function shown(e: TicketEntry): TicketEntry {
  const o = e.origin;
  if (!o || typeof o !== 'object') return e;
  const by = { name: e.author.name, email: e.author.email };
  const author: Author = { name: o.name, email: o.email, imported: { source: o.source, url: o.url, by } };
  return { ...e, author };
}

function emptyDraft(id: string, absent: ReadonlySet<string>): Draft {
  return {
    id,
    exists: false,
    title: '',
    body: '',
    status: 'new',
    ...initialFields(),
    origin: null,
    merge: null,
    evidence: [],
    absent,
    labels: new Set(),
    watchers: new Set(),
    votes: new Set(),
    participants: new Set(),
    author: { name: '', email: '' },
    created: '',
    updated: '',
    comments: new Map(),
    references: [],
    decidedBy: null,
    timeline: [],
    patchsets: new Map(),
    current: null,
    reviews: [],
    attachments: [],
    reactions: new Map(),
    tasks: new Map(),
    checks: new Map(),
  };
}

function applyEvent(d: Draft, e: CommitEvent): void {
  d.references.push({ commit: e.commit, summary: e.summary, time: e.time, author: e.author, action: e.action });
  if (e.action === 'refs') {
    d.timeline.push({
      kind: 'commit',
      commit: e.commit,
      time: e.time,
      author: e.author,
      summary: e.summary,
      action: 'refs',
    });
    return;
  }
  const to = doneStatus(d.type);
  const from = setStatus(d, to, {
    kind: 'commit',
    commit: e.commit,
    time: e.time,
    author: e.author,
    summary: e.summary,
  });
  d.timeline.push({
    kind: 'commit',
    commit: e.commit,
    time: e.time,
    author: e.author,
    summary: e.summary,
    action: 'fixes',
    from,
    to,
  });
}

const sorted = (s: Iterable<string>): string[] => [...s].sort();

/** One spelling of a time (with milliseconds), so lists sort by plain string comparison. */
const iso = (t: string): string => new Date(Date.parse(t)).toISOString();

/**
 * Folds one ticket's journal. Pure: the same set of entries and events gives the same ticket, byte for
 * byte, whatever order they are passed in. Returns null when the view holds no creating entry. `absent`
 * names evidence commits the view's history lacks: closing statuses naming them are passed over.
 */
export function fold(
  id: string,
  entries: readonly Loaded<TicketEntry>[],
  events: readonly CommitEvent[] = [],
  absent: ReadonlySet<string> = NONE,
): Ticket | null {
  // A create with another id is not this ticket's (the store warns about it); it must not even place events.
  const own = entries.filter((l) => l.entry.kind !== 'create' || l.id === id);
  if (!own.some((l) => l.entry.kind === 'create')) return null;
  const d = emptyDraft(id, absent);
  let updated = '';
  let updatedMs = -Infinity;
  for (const step of orderSteps(own, events)) {
    if ('entry' in step) {
      const entry = shown(step.entry);
      applyEntry(d, entry, { id: step.id, time: entry.time, author: entry.author });
      d.participants.add(personKey(entry.author));
      if (step.ms > updatedMs) {
        updatedMs = step.ms;
        updated = step.entry.time;
      }
    } else {
      applyEvent(d, step.event);
      if (step.ms > updatedMs) {
        updatedMs = step.ms;
        updated = step.event.time;
      }
    }
  }
  const comments = [...d.comments.values()];
  const mentions = new Set(extractMentions(d.body));
  for (const c of comments) if (!c.deleted) for (const m of extractMentions(c.body)) mentions.add(m);
  const reviews = latestPerPerson(withStaleness(d.reviews, d.current));
  return {
    id,
    title: d.title,
    body: d.body,
    status: d.status,
    ...fieldsOf(d),
    origin: d.origin,
    merge: d.merge,
    evidence: d.evidence,
    labels: sorted(d.labels),
    watchers: sorted(d.watchers),
    votes: sorted(d.votes),
    mentions: sorted(mentions),
    participants: sorted(d.participants),
    author: d.author,
    created: iso(d.created),
    updated: iso(updated || d.created),
    comments,
    references: d.references,
    decidedBy: d.decidedBy,
    timeline: d.timeline,
    patchsets: finishPatchsets(d.patchsets, d.current),
    current: d.current,
    reviews,
    review: reviewState(reviews),
    attachments: d.attachments,
    reactions: reactionsOf(d.reactions),
    tasks: ticksOf(d.tasks),
    checks: [...d.checks.values()],
  };
}

/** Reactions as plain data, in a fixed order, leaving out reactions nobody holds any more. */
function reactionsOf(r: Draft['reactions']): Ticket['reactions'] {
  const out: Ticket['reactions'] = {};
  for (const key of [...r.keys()].sort()) {
    const on: Record<string, string[]> = {};
    for (const name of REACTIONS) {
      const people = r.get(key)!.get(name);
      if (people?.size) on[name] = sorted(people);
    }
    if (Object.keys(on).length) out[key] = on;
  }
  return out;
}

function ticksOf(t: Draft['tasks']): Ticket['tasks'] {
  const out: Ticket['tasks'] = {};
  for (const key of [...t.keys()].sort()) {
    const ticks: Record<string, boolean> = {};
    for (const i of [...t.get(key)!.keys()].sort((a, b) => a - b)) ticks[String(i)] = t.get(key)!.get(i)!.done;
    out[key] = ticks;
  }
  return out;
}
