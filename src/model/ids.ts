// Ids of journals whose identity is a name (milestones, labels), short ids for display, and prefix rules.
import { createHash } from 'node:crypto';

/** Same name, same journal: two clones that create milestone "2.4" write to one journal, which merges. */
export function nameId(collection: 'milestone' | 'label', name: string): string {
  return createHash('sha1').update(`${collection}\0${name}`).digest('hex');
}

export const SHORT = 7;
export const shortId = (id: string): string => id.slice(0, SHORT);

/** The fewest characters a typed ticket id may have, as git asks for abbreviated object names. */
export const MIN_PREFIX = 4;

/** Why a typed id cannot name a ticket (`short`: hex, but under MIN_PREFIX), or null when it may. */
export function prefixProblem(prefix: string): 'not-hex' | 'short' | null {
  if (!/^[0-9a-f]{1,64}$/.test(prefix)) return 'not-hex';
  return prefix.length < MIN_PREFIX ? 'short' : null;
}

/** Plain code-unit order: the same on every machine, unlike localeCompare. */
export const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Ids (sorted) that start with a prefix, by binary search. */
export function prefixMatches(sorted: readonly string[], prefix: string): string[] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  const out: string[] = [];
  for (let i = lo; i < sorted.length && sorted[i]!.startsWith(prefix); i++) out.push(sorted[i]!);
  return out;
}
