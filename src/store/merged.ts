// Per-branch merged state: a ticket is merged on every branch that contains its current patchset's tip.
import { createHash } from 'node:crypto';
import { refsMergedInto } from '../git/commits.js';
import { head, isAncestor, listRefs } from '../git/refs.js';
import { isOpen } from '../model/fields.js';
import type { View } from './view.js';

export const PATCHSET_REFS = 'refs/dit/patchsets/';
/** ticket/<id> branches, local or remote-tracking, by any spelling of their name. */
const TICKET_BRANCH = /^(?:refs\/heads\/|refs\/remotes\/[^/]+\/|[^/]+\/)?ticket\/[0-9a-f]{7,40}(?:-\d+)?$/;

/** What a view knows about kept patchset tips: which its commit contains, and which tickets have any. */
export interface MergedTips {
  /** Kept tips (refs/dit/patchsets/<id>/<n>) the view's commit contains. */
  reachable: Set<string>;
  /** Every kept tip, and the tickets they belong to. */
  kept: Set<string>;
  tickets: Set<string>;
  commit: string | null;
}

/** "tip is an ancestor of commit" for tips no kept ref names (imported data): immutable, remembered for the process. */
const ancestry = new Map<string, boolean>();
const MAX_FACTS = 50_000;

/**
 * One `for-each-ref --merged` answers for every kept tip at once. Every push and `dit propose` keep
 * their tip under refs/dit/patchsets/ (and `dit sync` fetches them), so a repository without
 * patchsets pays one directory read and no process.
 */
export async function mergedTips(view: View): Promise<MergedTips> {
  const [{ commit }, refs] = await Promise.all([view.roots(), listRefs(view.deps.git, PATCHSET_REFS)]);
  const kept = new Set(refs.map((r) => r.oid));
  const tickets = new Set(
    refs.map((r) => r.ref.slice(PATCHSET_REFS.length).split('/')[0]!).filter((id) => /^[0-9a-f]{40}$/.test(id)),
  );
  if (!commit || !refs.length) return { reachable: new Set(), kept, tickets, commit };
  // a ticket's own branch holds its tip by definition: there it is a proposal, not merged
  const name = view.spec.kind === 'rev' ? view.spec.rev : ((await head(view.deps.git)).ref ?? '');
  if (TICKET_BRANCH.test(name)) return { reachable: new Set(), kept, tickets, commit: null };
  const reachable = new Set((await refsMergedInto(view.deps.git, commit, [PATCHSET_REFS])).map((r) => r.oid));
  return { reachable, kept, tickets, commit };
}

/** Whether the view's commit contains this tip (the current patchset's, of an open ticket). */
export async function containsTip(
  view: View,
  m: MergedTips,
  tip: string | null,
  status: Parameters<typeof isOpen>[0],
): Promise<boolean> {
  if (!tip || !m.commit || !isOpen(status)) return false;
  if (m.reachable.has(tip)) return true;
  if (m.kept.has(tip)) return false;
  const key = `${m.commit}:${tip}`;
  let known = ancestry.get(key);
  if (known === undefined) {
    known = (await view.deps.git.oid(`${tip}^{commit}`)) !== null && (await isAncestor(view.deps.git, tip, m.commit));
    if (ancestry.size >= MAX_FACTS) ancestry.delete(ancestry.keys().next().value!);
    ancestry.set(key, known);
  }
  return known;
}

/** Names the merged state for cache keys: which kept tips the commit contains. */
export function mergedKey(m: MergedTips): string {
  if (!m.reachable.size) return '';
  return createHash('sha1')
    .update([...m.reachable].sort().join(','))
    .digest('hex');
}
