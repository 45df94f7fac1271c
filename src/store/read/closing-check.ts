// Closing keywords that close nothing: `fixes #b5d8` (too short), `fixes #42`, an id of no ticket or of several.

import { prefixMatches, shortId } from '../../model/ids.js';
import { closingWords, MESSAGE_MIN_ID } from '../../model/mentions.js';
import { NO_ORIGINS, type OriginIndex, settleRef } from '../../model/origins.js';
import type { Store } from '../store.js';
import type { View } from '../view/view.js';

export type ClosingProblemKind = 'too-short' | 'not-an-id' | 'no-ticket' | 'several-tickets';

export interface ClosingProblem {
  token: string;
  line: string;
  problem: ClosingProblemKind;
  /** Tickets the word could mean (a too-short prefix of one ticket, or the several a prefix matches). */
  candidates: string[];
  /** Says what is wrong and what to write instead. */
  message: string;
  commit?: string;
  summary?: string;
}

/**
 * What is wrong with each closing keyword of a message, against a view's sorted ticket ids and the original
 * numbers of its imported tickets (`fixes #42` closes what was ticket 42 in Gitblit or GitHub).
 */
export function checkClosingWords(
  message: string,
  ids: readonly string[],
  where: string,
  origins: OriginIndex = NO_ORIGINS,
): ClosingProblem[] {
  const out: ClosingProblem[] = [];
  for (const { token, line } of closingWords(message)) {
    if (/^\d{1,9}$/.test(token) && origins.size) {
      const ref = { number: Number(token), ...(token.length >= MESSAGE_MIN_ID ? { prefix: token } : {}) };
      const r = settleRef(ref, (p) => prefixMatches(ids, p), origins);
      if ('id' in r) continue;
      if ('ambiguous' in r) {
        out.push({
          token,
          line,
          problem: 'several-tickets',
          candidates: r.ambiguous.slice(0, 10),
          message:
            `#${token} names ${r.ambiguous.length} tickets (${r.ambiguous.slice(0, 10).map(shortId).join(', ')}); ` +
            `write ticket-${token} or system#${token} for an imported one, more hex characters for a dit id`,
        });
        continue;
      }
    }
    const hex = /^[0-9a-f]+$/.test(token);
    const matches = hex ? prefixMatches(ids, token) : [];
    if (hex && token.length >= MESSAGE_MIN_ID && matches.length === 1) continue;
    const problem: ClosingProblemKind = !hex
      ? 'not-an-id'
      : token.length < MESSAGE_MIN_ID
        ? 'too-short'
        : matches.length
          ? 'several-tickets'
          : 'no-ticket';
    const candidates = matches.slice(0, 10);
    let text: string;
    if (problem === 'not-an-id')
      text = `#${token} is not a ticket id (ids are hex, like #3f9a2c1), so this closes nothing`;
    else if (problem === 'too-short') {
      text = `#${token} is too short to count: commit messages need ${MESSAGE_MIN_ID} characters of an id`;
      if (matches.length === 1) text += `; write #${shortId(matches[0]!)}`;
      else if (matches.length > 1) text += `; it starts ${matches.length} ids (${candidates.map(shortId).join(', ')})`;
      else text += `, and no ticket in ${where} starts with it`;
    } else if (problem === 'several-tickets') {
      text = `#${token} matches ${matches.length} tickets (${candidates.map((c) => c.slice(0, token.length + 2)).join(', ')}); give more characters`;
    } else text = `#${token} is no ticket in ${where}, so this closes nothing`;
    // where tickets were imported, digits are read as an original number first: say that none had it
    if (/^\d{1,9}$/.test(token) && origins.size && !matches.length)
      text += `; no imported ticket had the number ${Number(token)} either`;
    out.push({ token, line, problem, candidates, message: text });
  }
  return out;
}

/** Every commit reachable from the view's commit whose closing keywords close nothing. */
export async function closingProblemsInHistory(store: Store, view: View): Promise<ClosingProblem[]> {
  const { commit } = await view.roots();
  if (!commit) return [];
  const [ids, origins] = await Promise.all([view.ids(), view.origins()]);
  const out: ClosingProblem[] = [];
  for (const c of await store.vcs.commitsWithClosingWords(commit)) {
    const summary = c.message.split('\n', 1)[0] ?? '';
    for (const p of checkClosingWords(c.message, ids, view.label, origins))
      out.push({ ...p, commit: c.commit, summary });
  }
  return out;
}
