// Listing tickets: what `dit ls`, the web list page and `GET /api/tickets` show for a query.
import { CLOSED_STATUSES, OPEN_STATUSES, isOpen, priorityRank, severityRank } from '../../model/fields.js';
import type { Summary } from '../../model/ticket.js';
import { SORT_ORDER, type Expr, type Query, type SortField } from '../../query/types.js';
import { remember } from '../../caches.js';
import { search } from './search.js';
import type { Store } from '../store.js';
import type { Warning } from '../view/journals.js';
import type { View } from '../view/view.js';

export type State = 'open' | 'closed' | 'all';

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
  const key = `${store.git.gitDir}\0${await view.viewKey()}\0${JSON.stringify(query)}\0${state ?? ''}`;
  let fresh = false;
  const found = await remember('listings', key, () => {
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

async function list(
  store: Store,
  view: View,
  query: Query | null,
  state?: State,
  progress?: (done: number, total: number) => void,
): Promise<Omit<Listing, 'warnings'>> {
  const taken = query ? takeState(query.filter) : { rest: null, state: null };
  const rest = taken.rest ?? { op: 'and', of: [] };
  const chosen: State = taken.state ?? (query && saysState(rest) ? 'all' : (state ?? 'open'));
  const everything = rest.op === 'and' && rest.of.length === 0;
  const found = everything
    ? sortSummaries(await view.summaries(), query ?? { sort: 'created-desc' })
    : await search(store, view, { ...query!, filter: rest }, progress);
  const open = found.filter((s) => isOpen(s.status));
  const tickets = chosen === 'all' ? found : chosen === 'open' ? open : found.filter((s) => !isOpen(s.status));
  return { tickets, open: open.length, closed: found.length - open.length, state: chosen, query };
}

const isOpenTerm = (e: Expr) => e.op === 'enum' && e.field === 'status' && sameSet(e.values, OPEN_STATUSES);
const isClosedTerm = (e: Expr) => e.op === 'enum' && e.field === 'status' && sameSet(e.values, CLOSED_STATUSES);
const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/** Splits a top-level `is:open` or `is:closed` (alone or among AND-ed terms) from the rest of a query. */
export function takeState(e: Expr): { rest: Expr | null; state: 'open' | 'closed' | null } {
  const terms = e.op === 'and' ? e.of : [e];
  const open = terms.filter(isOpenTerm);
  const closed = terms.filter(isClosedTerm);
  if (open.length + closed.length !== 1) return { rest: e, state: null };
  const rest = terms.filter((t) => !open.includes(t) && !closed.includes(t));
  return { rest: { op: 'and', of: rest }, state: open.length ? 'open' : 'closed' };
}

/** Whether a query constrains the state itself (is:open, is:closed, status:...), so no default applies. */
export function saysState(e: Expr): boolean {
  if (e.op === 'and' || e.op === 'or') return e.of.some(saysState);
  if (e.op === 'not') return saysState(e.of);
  return (e.op === 'enum' && e.field === 'status') || e.op === 'fixed-in'; // fixed tickets are mostly closed
}

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
