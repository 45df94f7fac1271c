// Errors for typed ids that cannot name a ticket: too short (as git refuses), or not a ticket id at all.
import { DitError } from '../../errors.js';
import { MIN_PREFIX, prefixMatches, shortId } from '../../model/ids.js';

/** Imported tickets whose original number (`gitblit#42`) is the number typed. */
export type OriginHits = { id: string; origin: string }[];

/**
 * The refusal for an id that is too short or not hex, with a hint: the tickets a short prefix would
 * match, or, for a number, the imported tickets that had that number.
 */
export function badPrefix(
  sorted: readonly string[],
  typed: string,
  problem: 'not-hex' | 'short',
  origins: OriginHits = [],
): DitError {
  const p = typed.replace(/^#/, '').toLowerCase();
  const hints: string[] = [];
  if (origins.length)
    hints.push(
      `${origins.map((f) => `${f.origin} is ${shortId(f.id)}`).join(', ')}; \`dit show ${origins[0]!.origin}\``,
    );
  if (problem === 'short') {
    const matches = prefixMatches(sorted, p);
    if (matches.length) {
      const list = matches.slice(0, 5).map(shortId).join(', ');
      hints.push(
        `it starts ${matches.length === 1 ? 'the id' : `${matches.length} ids`} ${list}${matches.length > 5 ? ', …' : ''}`,
      );
    }
    const what = /^\d+$/.test(p)
      ? `"${typed}" looks like an issue number, but dit ids are hashes`
      : `"${typed}" is too short`;
    return new DitError(
      'unknown-ticket',
      `${what}: give at least ${MIN_PREFIX} characters of a ticket id, like 3f9a${hints.length ? ` (${hints.join('; ')})` : ''}; \`dit ls\` lists ids`,
      { id: p, reason: 'too-short', min: MIN_PREFIX },
    );
  }
  return new DitError(
    'unknown-ticket',
    `"${typed}" is not a ticket id; ids are hex, like 3f9a2c1${hints.length ? ` (${hints.join('; ')})` : ''} (see \`dit ls\`)`,
    { id: p, reason: 'not-hex' },
  );
}

/** The same refusal, saying which imported tickets had that number in the tracker they came from. */
export function withOriginHint(err: DitError<'unknown-ticket'>, hits: OriginHits): DitError {
  const list = hits.map((h) => `${h.origin} is ${shortId(h.id)}`).join(', ');
  return new DitError(
    'unknown-ticket',
    `${err.message}; an imported ticket had that number: ${list} (\`dit show ${hits[0]!.origin}\`)`,
    err.data,
  );
}
