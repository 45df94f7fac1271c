// Ticket ids from prefixes: the one id a prefix names in a view's sorted ids, and the errors a bad prefix gets.
import { DitError } from '../../errors.js';
import { prefixMatches, prefixProblem, shortId } from '../../model/ids.js';
import { badPrefix } from './id-hints.js';

/**
 * The one id among `sorted` that a prefix (with or without `#`) names; errors list the candidates.
 * `where` names the view in messages; `worktree` adds the hint to look at another branch.
 */
export function resolvePrefix(sorted: readonly string[], prefix: string, where: string, worktree: boolean): string {
  const p = prefix.replace(/^#/, '').toLowerCase();
  const problem = prefixProblem(p);
  if (problem) throw badPrefix(sorted, prefix, problem);
  const matches = prefixMatches(sorted, p);
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) {
    const hint = worktree ? ' or look at another branch with --branch' : '';
    throw new DitError('unknown-ticket', `no ticket ${p} in ${where}; list tickets with \`dit ls\`${hint}`, { id: p });
  }
  const shown = matches.slice(0, 10).map(shortId).join(', ') + (matches.length > 10 ? ', …' : '');
  throw new DitError('ambiguous-id', `${p} matches ${matches.length} tickets: ${shown}; give more characters`, {
    id: p,
    candidates: matches.slice(0, 10),
  });
}
