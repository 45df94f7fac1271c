// Which state a list shows for a query (open, closed or all) and the SQL that picks it: what `dit ls`,
// the list page and the quick path (store/read/quick.ts) all decide the same way.
import { CLOSED_STATUSES, OPEN_STATUSES } from '../model/fields.js';
import type { Compiled } from './sql.js';
import type { Expr, Query } from './types.js';

export type State = 'open' | 'closed' | 'all';

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
 * The query a list runs and the state it shows. A top-level `is:open` / `is:closed` picks the state like
 * the tabs do; a query that says nothing about state lists `state` (open by default, as GitHub does),
 * and one that constrains the status some other way (`status:fixed`) lists what it finds.
 */
export function listPlan(query: Query | null, state?: State): { q: Query; chosen: State } {
  const taken = query ? takeState(query.filter) : { rest: null, state: null };
  const rest = taken.rest ?? { op: 'and', of: [] };
  const chosen: State = taken.state ?? (query && saysState(rest) ? 'all' : (state ?? 'open'));
  const q: Query = query ? { ...query, filter: rest } : { filter: rest, text: [], sort: 'created-desc', branch: null };
  return { q, chosen };
}

/** A compiled filter narrowed to the tickets of one state. */
export function inState(where: Compiled, state: State): Compiled {
  if (state === 'all') return where;
  return {
    sql: `(${where.sql}) AND d.status ${state === 'open' ? '' : 'NOT '}IN (${OPEN_STATUSES.map(() => '?').join(', ')})`,
    params: [...where.params, ...OPEN_STATUSES],
  };
}
