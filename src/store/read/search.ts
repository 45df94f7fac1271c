// Searching a view: keeps the view's part of the search index current, then runs a compiled query.
import { join } from 'node:path';
import type { Summary } from '../../model/ticket.js';
import { SearchIndex, isDamage, type IndexDoc } from '../../query/sqlite-index.js';
import { compileExpr, compileOrder, indexDoc, rankExpression } from '../../query/sql.js';
import { docFromTicket } from '../../query/doc.js';
import { withinOneEdit } from '../../query/text.js';
import type { Expr, Query } from '../../query/types.js';
import { DitError } from '../../errors.js';
import { fixedIn } from './releases.js';
import { usesMe } from '../../query/parse.js';
import type { Store } from '../store.js';
import type { View } from '../view/view.js';

const FILE = 'search-v1.sqlite';

/** The name a view's membership is kept under: one per branch (and one for the working tree). */
const viewName = (view: View): string => (view.spec.kind === 'worktree' ? 'worktree' : `rev:${view.spec.rev}`);

/**
 * Opens the index and brings the view up to date: only tickets whose trees (or naming commits) changed
 * since any view was last indexed are folded and added. `progress` hears about long rebuilds.
 */
export async function openIndex(
  store: Store,
  view: View,
  progress: (done: number, total: number) => void = () => {},
): Promise<{ index: SearchIndex; name: string }> {
  const index = SearchIndex.open(join(store.cacheDir, FILE));
  const name = viewName(view);
  const key = await view.viewKey();
  if (index.viewKey(name) === key) return { index, name };
  const keys = await view.foldKeys();
  // only tickets whose key differs from what the view held are looked at: after one comment, one
  const current = index.members(name);
  const changed = [...keys].filter(([id, k]) => current.get(id) !== k);
  const removed = [...current.keys()].filter((id) => !keys.has(id));
  const missing = index.missing(changed.map(([, k]) => k));
  const need = changed.filter(([, k]) => missing.has(k)).map(([id]) => id);
  // the first build folds every ticket: worth a progress line on a terminal
  const step = need.length >= 500 ? store.progress('building the search index', 'tickets') : null;
  step?.update(0, need.length);
  const tickets = await view.foldTickets(need, (done) => {
    progress(done, need.length);
    step?.update(done, need.length);
  });
  step?.end();
  const docs: IndexDoc[] = [];
  const members = new Map<string, string>();
  for (const [id, k] of changed) {
    if (missing.has(k)) {
      const t = tickets.get(id);
      if (!t) {
        if (current.has(id)) removed.push(id);
        continue;
      } // no creating entry in this view
      docs.push(indexDoc(k, docFromTicket(t)));
    }
    members.set(id, k);
  }
  index.update(name, key, members, removed, docs);
  return { index, name };
}

/**
 * Runs a parsed query against a view: the index executes it (qualifiers as SQL, words through FTS5,
 * ranked by BM25). A damaged index file is deleted and rebuilt once, never trusted. A query that says
 * `me` needs an identity (DitError 'no-identity' otherwise).
 */
export async function search(
  store: Store,
  view: View,
  q: Query,
  progress?: (done: number, total: number) => void,
): Promise<Summary[]> {
  // `me` with nobody configured would quietly match nothing: say how to configure git instead
  const me = usesMe(q) ? await store.identity() : null;
  q = { ...q, filter: await resolveReleases(store, q.filter) };
  const run = async () => {
    const { index, name } = await openIndex(store, view, progress);
    try {
      // one look at the vocabulary per distinct word, however often the query repeats it
      const seen = new Map<string, string[]>();
      const near = (w: string) => seen.get(w) ?? seen.set(w, index.nearWords(w, withinOneEdit)).get(w)!;
      return index.select(name, compileExpr(q.filter, me, near), compileOrder(q), rankExpression(q, near));
    } finally {
      index.close();
    }
  };
  try {
    return await run();
  } catch (err) {
    if (!isDamage(err)) throw err;
    SearchIndex.remove(join(store.cacheDir, FILE));
    return run();
  }
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
