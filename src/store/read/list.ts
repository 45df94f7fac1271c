// Listing tickets: what `dit ls`, the web list page and `GET /api/tickets` show for a query.

import { cached } from '../../caches.js';
import { priorityRank, severityRank } from '../../model/fields.js';
import type { Summary } from '../../model/ticket.js';
import { type Query, SORT_ORDER, type SortField } from '../../query/types.js';
import type { Store } from '../store.js';
import type { Warning } from '../view/journals.js';
import type { View } from '../view/view.js';
import { searchState } from './search.js';

export type { State } from '../../query/state.js';

import { listPlan, type State } from '../../query/state.js';

export interface Listing {
  /** The tickets in the chosen state, in the query's order. */
  tickets: Summary[];
  /** How many of the query's tickets are open and closed, whatever the state chosen (the list's tabs). */
  open: number;
  closed: number;
  state: State;
  query: Query | null;
  /** Problems met while answering (malformed entry files): they travel with the answer. */
  warnings: Warning[];
}

/**
 * Tickets matching a query in a view, as `dit ls`, the list page and `GET /api/tickets` show them.
 * Remembered by what the answer depends on (the `listings` cache): the trees and history the view
 * reads, the parsed query and the state, so equal questions share one answer whoever asks.
 */
export async function ticketListing(store: Store, view: View, query: Query | null, state?: State): Promise<Listing> {
  const key = `${store.vcs.id}\0${await view.viewKey()}\0${JSON.stringify(query)}\0${state ?? ''}`;
  let fresh = false;
  const found = await cached('listings', key, () => {
    fresh = true;
    return listTickets(store, view, query, state);
  });
  if (!fresh) view.note(found.warnings); // a computed listing noted them already
  return found;
}

/**
 * Runs a query in a view. A top-level `is:open` / `is:closed` picks the state like the tabs do; a
 * query that says nothing about state lists `state` (open by default, as GitHub does), and one that
 * constrains the status some other way (`status:fixed`) lists what it finds. Queries with no terms
 * are answered from the view's summaries; the rest run in the search index.
 */
export async function listTickets(
  store: Store,
  view: View,
  query: Query | null,
  state?: State,
  progress?: (done: number, total: number) => void,
): Promise<Listing> {
  const lens = view.fork(); // the listing's own warnings, which also count as the view's
  const listing = await list(store, lens, query, state, progress);
  view.note(lens.warnings);
  return { ...listing, warnings: lens.warnings };
}

/**
 * The same listing as `dit ls` prints it without colour: a line per ticket made by the derived store
 * (see SearchIndex.lines), at most `limit`; for thousands of tickets much cheaper than summaries.
 */
export async function listLines(
  store: Store,
  view: View,
  query: Query | null,
  state: State | undefined,
  limit: number | null,
): Promise<Omit<Listing, 'tickets'> & { lines: string[] }> {
  const lens = view.fork();
  const { tickets: _, ...listing } = await list(store, lens, query, state, undefined, limit);
  view.note(lens.warnings);
  return { ...listing, lines: listing.lines ?? [], warnings: lens.warnings };
}

async function list(
  store: Store,
  view: View,
  query: Query | null,
  state?: State,
  progress?: (done: number, total: number) => void,
  lines?: number | null,
): Promise<Omit<Listing, 'warnings'> & { lines?: string[] }> {
  // one query of the derived store, whether the query has terms or not: the state picks rows in SQL
  const { q, chosen } = listPlan(query, state);
  const found = await searchState(store, view, q, chosen, progress, lines);
  return { tickets: found.tickets, lines: found.lines, open: found.open, closed: found.closed, state: chosen, query };
}

export { saysState, takeState } from '../../query/state.js';

/**
 * Orders summaries as the index would (SORT_ORDER), for queries with no terms; relevance means newest.
 * Fields are compared in place (folded times share one ISO spelling, so strings compare as times):
 * ten thousand summaries sort without building a key per item.
 */
export function sortSummaries(items: readonly Summary[], q: Pick<Query, 'sort'>): Summary[] {
  const order = SORT_ORDER[q.sort === 'relevance' ? 'created-desc' : q.sort].filter(([f]) => f !== 'score');
  const fields = order.map(([f, dir]) => [FIELD[f], dir === 'asc' ? 1 : -1] as const);
  return [...items].sort((a, b) => {
    for (const [get, d] of fields) {
      const x = get(a);
      const y = get(b);
      if (x !== y) return x < y ? -d : d;
    }
    return 0;
  });
}

const FIELD: Record<SortField, (s: Summary) => string | number> = {
  created: (s) => s.created,
  updated: (s) => s.updated,
  priority: (s) => priorityRank(s.priority),
  severity: (s) => severityRank(s.severity),
  commentCount: (s) => s.comments,
  voteCount: (s) => s.votes,
  id: (s) => s.id,
  score: () => 0,
};
