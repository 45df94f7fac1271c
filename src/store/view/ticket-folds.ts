// A view's tickets folded from their journals: one by id, all as summaries, or many in full.
import { createHash } from 'node:crypto';
import { type TicketEntry, ticketEntrySchema } from '../../model/entries/index.js';
import type { Loaded } from '../../model/entry-file.js';
import { type CommitEvent, FOLD_VERSION, fold } from '../../model/fold.js';
import { type Decider, type Summary, summarize, type Ticket } from '../../model/ticket.js';
import type { BoundedMap } from '../../bounded-map.js';
import { loadJournal } from './journal-load.js';
import { type JournalParts, partsKey, type Warning } from './journals.js';
import { mapLimit } from '../limit.js';
import type { View } from './view.js';

export interface Folded {
  ticket: Ticket | null;
  warnings: Warning[];
}

/** A ticket's summary and what decided its status: what a branch matrix row shows. */
export type TicketState = Summary & { decidedBy: Decider | null };

/** What the store remembers of a fold for branch matrices, by fold key (bounded: see Store). */
export type StateMemo = BoundedMap<string, Promise<{ state: TicketState | null; warnings: Warning[] }>>;

/** What a ticket's fold depends on: its journal's trees and files, and the commits naming it. */
export const foldKey = (p: JournalParts, events: readonly CommitEvent[]): string =>
  `${partsKey(p)}|${events.map((e) => e.commit).join(',')}`;

/** Reads, validates and folds one ticket's journal with the commit events that name it. */
export async function foldJournal(view: View, p: JournalParts, events: CommitEvent[]): Promise<Folded> {
  const { entries, warnings } = await loadJournal(view.deps.vcs, p, ticketEntrySchema, 'ticket');
  const ticket = fold(p.id, entries, events);
  if (!ticket && entries.length) {
    warnings.push({
      path: `${p.collection}/${p.id}`,
      problem: 'has entries but no creating entry in this view; shown nowhere',
    });
  }
  return { ticket, warnings };
}

/** One ticket's summary and what decided its status, looked up by path; equal journals fold once. */
export async function stateById(view: View, id: string): Promise<TicketState | null> {
  const [p, events] = await Promise.all([view.partsOf('tickets', id), view.events()]);
  if (!p) return null;
  const ev = events.get(id) ?? [];
  const key = foldKey(p, ev);
  let folded = view.deps.memo.get(key);
  if (!folded) {
    folded = foldJournal(view, p, ev).then(({ ticket, warnings }) => ({
      state: ticket ? { ...summarize(ticket), decidedBy: ticket.decidedBy } : null,
      warnings,
    }));
    view.deps.memo.setPromise(key, folded);
  }
  const { state, warnings } = await folded;
  view.note(warnings);
  return state;
}

/**
 * Every ticket's summary. A view listed before (same trees, same history) is one cache read; otherwise
 * only journals whose trees changed since they were last folded are read and folded again.
 */
export async function summaries(view: View): Promise<Summary[]> {
  const { folds } = view.deps;
  const key = await viewKey(view);
  const snap = await folds.view(key);
  if (snap) {
    view.note(snap.warnings);
    return snap.summaries;
  }
  const [journals, events] = await Promise.all([view.journalsOf('tickets'), view.events()]);
  const out: Summary[] = [];
  const warnings: Warning[] = [];
  await mapLimit([...journals.values()], 256, async (p) => {
    const ev = events.get(p.id) ?? [];
    const k = foldKey(p, ev);
    let hit = await folds.get(k);
    if (!hit) {
      const { ticket, warnings: w } = await foldJournal(view, p, ev);
      hit = { s: ticket ? summarize(ticket) : null, w };
      await folds.set(k, hit);
    }
    warnings.push(...hit.w);
    if (hit.s) out.push(hit.s);
  });
  // newest first, the order lists show by default: sorting a list again is then nearly free
  out.sort((a, b) => (a.created > b.created ? -1 : a.created < b.created ? 1 : a.id < b.id ? -1 : 1));
  folds.rememberView(key, out, warnings);
  view.note(warnings);
  return out;
}

/** Names everything a list of this view depends on: the trees it reads and the history it scans. */
export async function viewKey(view: View): Promise<string> {
  const roots = await view.roots();
  const mentions = roots.commit ? await view.mentions(roots.commit) : [];
  const h = createHash('sha1').update(`v${FOLD_VERSION}|${roots.code.tickets ?? '-'}`);
  for (const j of roots.journals) h.update(`|${j.ref}=${j.trees.tickets ?? '-'}`);
  for (const [id, files] of roots.overlay.get('tickets') ?? []) {
    for (const [name, f] of files) h.update(`|${id}/${name}=${f.key ?? '-'}`);
  }
  for (const m of mentions) h.update(`|${m.commit}`);
  return h.digest('hex');
}

/** Every ticket journal in the view with the key of its fold (what the fold depends on). */
export async function foldKeys(view: View): Promise<Map<string, string>> {
  const [journals, events, merged] = await Promise.all([view.journalsOf('tickets'), view.events(), view.mergedIds()]);
  // merged on this branch is part of what the index holds for the ticket, so it is part of its key
  return new Map(
    [...journals.values()].map((p) => [p.id, foldKey(p, events.get(p.id) ?? []) + (merged.has(p.id) ? '|merged' : '')]),
  );
}

/** Full folds of these tickets (null where the view holds no creating entry), a few hundred at a time. */
export async function foldTickets(
  view: View,
  ids: readonly string[],
  progress: (done: number) => void = () => {},
): Promise<Map<string, Ticket | null>> {
  const [journals, events] = await Promise.all([view.journalsOf('tickets'), view.events()]);
  const out = new Map<string, Ticket | null>();
  await mapLimit(ids, 256, async (id) => {
    const p = journals.get(id);
    const { ticket, warnings } = p ? await foldJournal(view, p, events.get(id) ?? []) : { ticket: null, warnings: [] };
    view.note(warnings);
    out.set(id, ticket);
    if (out.size % 1000 === 0) progress(out.size);
  });
  return out;
}

/** One ticket folded in full, found by path; null where the view holds no creating entry. */
export async function ticketById(view: View, id: string): Promise<Ticket | null> {
  const [p, events] = await Promise.all([view.partsOf('tickets', id), view.events()]);
  if (!p) return null;
  const { ticket, warnings } = await foldJournal(view, p, events.get(id) ?? []);
  view.note(warnings);
  return ticket;
}

/** The validated entries of one ticket (writers use them to pick the next logical clock). */
export async function ticketEntries(view: View, id: string): Promise<Loaded<TicketEntry>[]> {
  const p = await view.partsOf('tickets', id);
  return p ? (await loadJournal(view.deps.vcs, p, ticketEntrySchema, 'ticket')).entries : [];
}
