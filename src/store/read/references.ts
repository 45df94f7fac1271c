// What `dit doctor` says about references that mean nothing: numbers in commit messages no imported ticket
// had (or several had), and commits closing statuses name that the repository does not have.
import { prefixMatches, shortId } from '../../model/ids.js';
import type { MessageRef } from '../../model/mentions.js';
import { settleRef } from '../../model/origins.js';
import type { Store } from '../store.js';
import type { View } from '../view/view.js';

export interface UnresolvedRef {
  commit: string;
  summary: string;
  /** The reference as dit reads it: `#54`, `GH-54`, `gitblit#54`, `#abc1234`. */
  ref: string;
  action: MessageRef['action'];
  problem: 'no-ticket' | 'several-tickets';
  candidates: string[];
  message: string;
}

export interface MissingEvidence {
  ticket: string;
  origin: string | null;
  commit: string;
  message: string;
}

const spelled = (r: MessageRef): string =>
  r.system === 'github' ? `GH-${r.number}` : r.system ? `${r.system}#${r.number}` : `#${r.prefix ?? r.number}`;

/**
 * References in the view's history that resolve to nothing or to several tickets: every original number
 * (`#54`, `ticket-54`, `GH-54`, a tracker's URL) once tickets were imported, and hex ids that name several
 * tickets. (`dit doctor` leaves out what its closing-keyword check already says of the same commit.)
 */
export async function unresolvedReferences(view: View): Promise<UnresolvedRef[]> {
  const { commit } = await view.roots();
  if (!commit) return [];
  const [ids, origins, mentions] = await Promise.all([view.ids(), view.origins(), view.mentions(commit)]);
  const out: UnresolvedRef[] = [];
  for (const m of mentions) {
    if (m.reverts !== null) continue; // a revert quotes what it reverts
    for (const r of m.refs) {
      const numbered = r.number !== undefined;
      if (numbered && !origins.size && r.prefix === undefined) continue; // no imports: `#3` is just text
      const s = settleRef(r, (p) => prefixMatches(ids, p), origins);
      if ('id' in s) continue;
      if ('none' in s && (!numbered || !origins.size)) continue; // a hex word that names nothing is just text
      const ref = spelled(r);
      out.push({
        commit: m.commit,
        summary: m.summary,
        ref,
        action: r.action,
        problem: 'none' in s ? 'no-ticket' : 'several-tickets',
        candidates: 'ambiguous' in s ? s.ambiguous.slice(0, 10) : [],
        message:
          'none' in s
            ? `${ref} names no ticket in ${view.label}: no imported ticket had that number`
            : `${ref} names ${s.ambiguous.length} tickets (${s.ambiguous.slice(0, 10).map(shortId).join(', ')}); ` +
              `write ticket-N or system#N for an imported one, more hex characters for a dit id`,
      });
    }
  }
  return out;
}

/**
 * Commits that closing statuses name (a Gitblit merge, a GitHub pull request's merge commit) but that the
 * repository does not have: such a status cannot be placed on a branch, so it holds everywhere as stored.
 */
export async function missingEvidence(store: Store, view: View): Promise<MissingEvidence[]> {
  const withEvidence = (await view.summaries()).filter((s) => s.evidence.length);
  const lacking = new Set(await store.reach.lacking(withEvidence.flatMap((s) => s.evidence)));
  const out: MissingEvidence[] = [];
  for (const s of withEvidence)
    for (const c of s.evidence)
      if (lacking.has(c))
        out.push({
          ticket: s.id,
          origin: s.origin,
          commit: c,
          message:
            `${s.origin ?? shortId(s.id)}: its ${s.status} status names commit ${c.slice(0, 10)}, which ` +
            `this repository does not have, so it holds on every branch; fetch that history (or the source's refs) to place it`,
        });
  return out;
}
