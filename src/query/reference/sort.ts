// Test reference: orders matched tickets by a query's sort key, as SORT_ORDER spells out, ties broken down to the id.
import { priorityRank, severityRank } from '../../model/fields.js';
import type { QueryDoc } from '../doc.js';
import { type Query, SORT_ORDER, type SortField, type SortKey } from '../types.js';

/**
 * A sorted copy of `docs`. `score` (higher is better) ranks relevance; without it relevance falls
 * back to created-desc. Times compare as instants, priority and severity by rank.
 */
export function sortDocs(
  q: Pick<Query, 'sort'>,
  docs: readonly QueryDoc[],
  score?: (doc: QueryDoc) => number,
): QueryDoc[] {
  const key = (d: QueryDoc, f: SortField): number | string => {
    switch (f) {
      case 'score':
        return score ? score(d) : 0;
      case 'created':
        return Date.parse(d.created);
      case 'updated':
        return Date.parse(d.updated);
      case 'priority':
        return priorityRank(d.priority);
      case 'severity':
        return severityRank(d.severity);
      case 'commentCount':
        return d.commentCount;
      case 'voteCount':
        return d.voteCount;
      case 'id':
        return d.id;
    }
  };
  return sortBy(q.sort, docs, key);
}

/** A sorted copy of `items` in the order SORT_ORDER gives `sort`, reading each field through `key`. */
export function sortBy<T>(sort: SortKey, items: readonly T[], key: (item: T, f: SortField) => number | string): T[] {
  const order = SORT_ORDER[sort];
  const keyed = items.map((d) => ({ d, k: order.map(([f]) => key(d, f)) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < order.length; i++) {
      const x = a.k[i]!;
      const y = b.k[i]!;
      if (x === y) continue;
      const c = x < y ? -1 : 1;
      return order[i]![1] === 'asc' ? c : -c;
    }
    return 0;
  });
  return keyed.map((e) => e.d);
}
