// A view's tickets folded from their journals: one by id, all as summaries, or many in full.
import { createHash } from 'node:crypto';
import { type TicketEntry, ticketEntrySchema } from '../../model/entries/index.js';
import type { Loaded } from '../../model/entry-file.js';
import { type CommitEvent, FOLD_VERSION, fold } from '../../model/fold.js';
import { summarize } from '../../model/summary-fields.js';
import type { Ticket } from '../../model/ticket.js';
import { verdictKey } from '../../model/trust/verdict.js';
import { mapLimit } from '../limit.js';
import { loadJournal } from './journal-load.js';
import { type JournalParts, partsKey, type Warning } from './journals.js';
import type { TicketState, ViewSources } from './sources.js';

export type { StateCache, TicketState } from './sources.js';

export interface Folded {
  ticket: Ticket | null;
  warnings: Warning[];
  /** The verdict keys of its signed entries: `dit show` prints their verdicts (kept in the derived store). */
  signed?: string[];
}

const NONE: ReadonlySet<string> = new Set();

/**
 * What a ticket's fold depends on: its journal's trees and files, the commits naming it, and which of the
 * commits its closing statuses name (evidence) the view lacks.
 */
export const foldKey = (p: JournalParts, events: readonly CommitEvent[], absent: ReadonlySet<string> = NONE): string =>
  `${partsKey(p)}|${events.map((e) => e.commit).join(',')}${absent.size ? `|not:${[...absent].sort().join(',')}` : ''}`;

/** Reads, validates and folds one ticket's journal with the commit events that name it. */
export async function foldJournal(
  view: ViewSources,
  p: JournalParts,
  events: CommitEvent[],
  absent: ReadonlySet<string> = NONE,
): Promise<Folded> {
  const { entries, warnings } = await loadJournal(view.deps.vcs, p, ticketEntrySchema, 'ticket');
  const ticket = fold(p.id, entries, events, absent);
  if (!ticket && entries.length) {
    warnings.push({
      path: `${p.collection}/${p.id}`,
      problem: 'has entries but no creating entry in this view; shown nowhere',
    });
  }
  const signed = entries.flatMap((e) => (e.signed ? [verdictKey(e.id, e.signed.sig)] : []));
  return signed.length ? { ticket, warnings, signed } : { ticket, warnings };
}

/**
 * One ticket's summary and what decided its status, looked up by path; equal journals fold once. `absent`:
 * the evidence commits of this ticket that the view lacks.
 */
export async function stateById(
  view: ViewSources,
  id: string,
  absent: ReadonlySet<string> = NONE,
): Promise<TicketState | null> {
  const [p, events] = await Promise.all([view.partsOf('tickets', id), view.events()]);
  if (!p) return null;
  const ev = events.get(id) ?? [];
  const key = foldKey(p, ev, absent);
  let folded = view.deps.states.get(key);
  if (!folded) {
    folded = foldJournal(view, p, ev, absent).then(({ ticket, warnings }) => ({
      state: ticket ? { ...summarize(ticket), decidedBy: ticket.decidedBy } : null,
      warnings,
    }));
    view.deps.states.setPromise(key, folded);
  }
  const { state, warnings } = await folded;
  view.note(warnings);
  return state;
}

/**
 * Full folds of these journals (found by the caller), with the problems each met, a few hundred at a time;
 * `lacking`: per ticket, the evidence commits the view lacks.
 */
export async function foldJournals(
  view: ViewSources,
  parts: readonly JournalParts[],
  lacking: ReadonlyMap<string, ReadonlySet<string>>,
  progress: (done: number) => void = () => {},
): Promise<Map<string, Folded>> {
  const events = await view.events();
  const out = new Map<string, Folded>();
  await mapLimit(parts, 256, async (p) => {
    out.set(p.id, await foldJournal(view, p, events.get(p.id) ?? [], lacking.get(p.id)));
    if (out.size % 1000 === 0) progress(out.size);
  });
  return out;
}

/**
 * The original numbers of the view's imported tickets, as `[origin, id]` pairs. Folded without commit
 * events (an origin is its create entry's, which no commit changes), so reading them never needs the
 * history that they help resolve; remembered by the trees the view reads.
 */
export async function originPairs(view: ViewSources): Promise<[string, string][]> {
  const { folds } = view.deps;
  const journals = await view.journalsOf('tickets');
  const out: [string, string][] = [];
  await mapLimit([...journals.values()], 256, async (p) => {
    const k = foldKey(p, []);
    let hit = await folds.get(k);
    if (!hit) {
      const { ticket, warnings } = await foldJournal(view, p, []);
      hit = { s: ticket ? summarize(ticket) : null, w: warnings };
      await folds.set(k, hit);
    }
    if (hit.s?.origin) out.push([hit.s.origin, p.id]);
  });
  return out.sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
}

/** Names everything a list of this view depends on: the trees it reads and the history it scans. */
export async function viewKey(view: ViewSources): Promise<string> {
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

/** Full folds of these tickets (null where the view holds no creating entry), a few hundred at a time. */
export async function foldTickets(
  view: ViewSources,
  ids: readonly string[],
  progress: (done: number) => void = () => {},
  absent: ReadonlySet<string> = NONE,
): Promise<Map<string, Ticket | null>> {
  const [journals, events] = await Promise.all([view.journalsOf('tickets'), view.events()]);
  const out = new Map<string, Ticket | null>();
  await mapLimit(ids, 256, async (id) => {
    const p = journals.get(id);
    const { ticket, warnings } = p
      ? await foldJournal(view, p, events.get(id) ?? [], absent)
      : { ticket: null, warnings: [] };
    view.note(warnings);
    out.set(id, ticket);
    if (out.size % 1000 === 0) progress(out.size);
  });
  return out;
}

/** One ticket folded in full, found by path; null where the view holds no creating entry. */
export async function ticketById(
  view: ViewSources,
  id: string,
  absent: ReadonlySet<string> = NONE,
): Promise<Ticket | null> {
  const [p, events] = await Promise.all([view.partsOf('tickets', id), view.events()]);
  if (!p) return null;
  const { ticket, warnings } = await foldJournal(view, p, events.get(id) ?? [], absent);
  view.note(warnings);
  return ticket;
}

/** The validated entries of one ticket (writers use them to pick the next logical clock). */
export async function ticketEntries(view: ViewSources, id: string): Promise<Loaded<TicketEntry>[]> {
  const p = await view.partsOf('tickets', id);
  return p ? (await loadJournal(view.deps.vcs, p, ticketEntrySchema, 'ticket')).entries : [];
}
