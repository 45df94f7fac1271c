// `patchset`: one push to a ticket, a new revision of its current patchset or a new patchset (Gitblit's rules).
import * as v from 'valibot';
/** How a push relates to the patchset before it (see src/patchsets/classify.ts for the rules). */
import { PATCHSET_TYPES } from '../fields.js';
import type { Description, ItemOf, Phrase } from '../phrase.js';
import { base, commitOid, MAX_NAME, oid, singleLine } from '../schema.js';
import type { Draft, Meta } from './draft.js';

export { PATCHSET_TYPES, type PatchsetType } from '../fields.js';

const count = v.pipe(v.number(), v.integer(), v.minValue(0));
const positive = v.pipe(v.number(), v.integer(), v.minValue(1));

/**
 * `number` and `revision` name the patchset and its revision (1, 2, ...); `base` is the merge base with
 * `target` (a branch name), `tip` the pushed commit; `commits` counts base..tip, `added` what this
 * revision added to the previous one (all of them for a new patchset). The entry's author is the pusher.
 * `cc` adds watchers; `draft` marks the revision as not ready for review.
 */
export const patchsetSchema = v.strictObject({
  ...base,
  kind: v.literal('patchset'),
  ticket: oid,
  number: positive,
  revision: positive,
  type: v.picklist(PATCHSET_TYPES),
  base: commitOid,
  tip: commitOid,
  target: singleLine(MAX_NAME),
  commits: count,
  added: count,
  cc: v.optional(v.array(singleLine(MAX_NAME))),
  draft: v.optional(v.boolean()),
  // what imports bring along: the source branch (a pull request's head), the previous tip and the
  // diffstat Gitblit recorded; the commits themselves need not be in this repository
  head: v.optional(singleLine(MAX_NAME)),
  parent: v.optional(commitOid),
  insertions: v.optional(count),
  deletions: v.optional(count),
});
export type PatchsetEntry = v.InferOutput<typeof patchsetSchema>;

export function applyPatchset(d: Draft, e: PatchsetEntry, m: Meta): void {
  let ps = d.patchsets.get(e.number);
  if (!ps) d.patchsets.set(e.number, (ps = { number: e.number, revisions: [], reviews: [] }));
  const rev = {
    revision: e.revision,
    type: e.type,
    tip: e.tip,
    base: e.base,
    target: e.target,
    commits: e.commits,
    added: e.added,
    author: m.author,
    time: m.time,
    entry: m.id,
    draft: e.draft === true,
    ...(e.head !== undefined ? { head: e.head } : {}),
    ...(e.parent !== undefined ? { parent: e.parent } : {}),
    ...(e.insertions !== undefined ? { insertions: e.insertions } : {}),
    ...(e.deletions !== undefined ? { deletions: e.deletions } : {}),
  };
  // two writers who both pushed "revision 2" keep both: history is never dropped, the later one is current
  ps.revisions.push(rev);
  d.current = { number: e.number, ...rev };
  for (const who of e.cc ?? []) d.watchers.add(who);
  d.timeline.push({
    kind: 'patchset',
    entry: m.id,
    time: m.time,
    author: m.author,
    number: e.number,
    revision: e.revision,
    type: e.type,
    tip: e.tip,
    base: e.base,
    target: e.target,
    commits: e.commits,
    added: e.added,
  });
}

const commits = (n: number) => `${n} commit${n === 1 ? '' : 's'}`;

/** "pushed 2 commits — patchset 1 revision 2 onto main, tip abc1234", or a rewrite as a new patchset. */
export function describePatchset(item: ItemOf<'patchset'>): Description {
  const rewrite = item.type !== 'proposal' && item.type !== 'fast-forward';
  const says: Phrase = [
    rewrite
      ? `rewrote this as patchset ${item.number} (${item.type}): ${commits(item.commits)}`
      : `pushed ${commits(item.added)} — patchset ${item.number} revision ${item.revision}${item.type === 'fast-forward' ? ', fast-forward' : ''}`,
    ' onto ',
    { code: item.target },
    ', tip ',
    { commit: item.tip },
  ];
  return { event: 'patchset', says, text: null };
}
