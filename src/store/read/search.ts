// Searching a view: keeps the view's part of the search index current, then runs a compiled query.

import { DitError } from '../../errors.js';
import { OPEN_STATUSES } from '../../model/fields.js';
import type { Summary } from '../../model/ticket.js';
import { usesMe } from '../../query/parse.js';
import { compileExpr, compileOrder, rankExpression } from '../../query/sql.js';
import type { SearchIndex } from '../../query/sqlite-index.js';
import { inState } from '../../query/state.js';
import { withinOneEdit } from '../../query/text.js';
import type { Expr, Query } from '../../query/types.js';
import type { Store } from '../store.js';
import type { View } from '../view/view.js';
import { syncView } from '../view/view-index.js';
import { fixedIn } from './releases.js';

/**
 * Opens the index and brings the view up to date (for tests that look at the rows themselves; answers
 * read them inside syncView): only tickets whose trees (or naming commits) changed
 * since the view was last indexed are folded and added (view/view-index.ts). `progress` hears about long
 * rebuilds. The index stays open for the store's life (`store.close()` closes it).
 */
export function openIndex(
  store: Store,
  view: View,
  progress: (done: number, total: number) => void = () => {},
): Promise<{ index: SearchIndex; name: string }> {
  return syncView(view, store.derived, (index, name) => ({ index, name }), progress);
}

/** What a list shows: the query's tickets in one state, and how many of them are open and closed. */
export interface Found {
  tickets: Summary[];
  /** When lines were asked for: `dit ls`'s plain lines instead of summaries (tickets is empty). */
  lines?: string[];
  open: number;
  closed: number;
}

/**
 * Runs a parsed query against a view: the index executes it (qualifiers as SQL, words through FTS5,
 * ranked by BM25), `state` picking open or closed tickets in SQL too, with both counts from one more
 * query. A damaged index file is deleted and rebuilt once, never trusted. A query that says `me`
 * needs an identity (DitError 'no-identity' otherwise).
 */
export async function searchState(
  store: Store,
  view: View,
  q: Query,
  state: 'open' | 'closed' | 'all',
  progress?: (done: number, total: number) => void,
  lines?: number | null,
): Promise<Found> {
  // `me` with nobody configured would quietly match nothing: say how to configure git instead
  const me = usesMe(q) ? await store.identity() : null;
  q = { ...q, filter: await resolveReleases(store, q.filter) };
  // the query runs in the turn the rows are checked to be this view's (view-index.ts' syncView)
  return store.derived.guard(() =>
    syncView(
      view,
      store.derived,
      (index, name) => {
        view.note(index.warnings(name)); // malformed entries of the view's tickets, as every list reports them
        // one look at the vocabulary per distinct word, however often the query repeats it
        const seen = new Map<string, string[]>();
        const near = (w: string) => seen.get(w) ?? seen.set(w, index.nearWords(w, withinOneEdit)).get(w)!;
        const where = compileExpr(q.filter, me, near);
        const chosen = inState(where, state);
        const order = compileOrder(q);
        const rank = rankExpression(q, near);
        const tickets = lines === undefined ? index.select(name, chosen, order, rank) : [];
        const text = lines === undefined ? undefined : index.lines(name, chosen, order, rank, lines);
        // no terms: the view keeps its counts; otherwise one more query counts what the filter finds
        const kept = where.sql === '1' ? index.counts(name) : null;
        if (kept) return { tickets, lines: text, ...kept };
        const counts = index.count(name, where, OPEN_STATUSES);
        return { tickets, lines: text, open: counts.in, closed: counts.all - counts.in };
      },
      progress,
    ),
  );
}

/** Every ticket of a view a query finds, in the query's order (see searchState). */
export async function search(
  store: Store,
  view: View,
  q: Query,
  progress?: (done: number, total: number) => void,
): Promise<Summary[]> {
  return (await searchState(store, view, q, 'all', progress)).tickets;
}

/** Fills each `fixed-in:REV` term with the tickets REV fixes (derived from git, see releases.ts). */
async function resolveReleases(store: Store, e: Expr): Promise<Expr> {
  switch (e.op) {
    case 'and':
    case 'or':
      return { op: e.op, of: await Promise.all(e.of.map((x) => resolveReleases(store, x))) };
    case 'not':
      return { op: 'not', of: await resolveReleases(store, e.of) };
    case 'fixed-in': {
      try {
        return { ...e, ids: [...(await fixedIn(store, e.rev)).keys()] };
      } catch (err) {
        if (err instanceof DitError && (err.code === 'not-found' || err.code === 'unknown-branch')) {
          throw new DitError(
            'usage',
            `fixed-in:${e.rev}: no tag, branch or commit is named "${e.rev}"; list tags with \`git tag\``,
            { rev: e.rev },
          );
        }
        throw err;
      }
    }
    default:
      return e;
  }
}
