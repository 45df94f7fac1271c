// Whether the current patchset can be merged now, and why not: what the merge box shows before `dit merge` is tried.
import { cache } from '../caches.js';
import { mergeTree } from '../git/commits.js';
import { getConfigBool } from '../git/config.js';
import { isAncestor } from '../git/refs.js';
import type { Ticket } from '../model/ticket.js';
import type { Store } from '../store/store.js';
import { checksBlocking, type RevisionChecks, requiredChecks, revisionChecks } from './checks.js';

export interface Mergeability {
  /** Whether the merge button may be pressed (with a strategy that suits `fastForward`). */
  ok: boolean;
  /** Why not, in words that say what to do next (null when ok). */
  reason: string | null;
  target: string;
  /** The target branch's tip, or null when it does not exist here. */
  targetTip: string | null;
  /** Paths `git merge-tree` reports conflicting. */
  conflicts: string[];
  /** The target has not moved since the base: a fast-forward is possible. */
  fastForward: boolean;
  merged: boolean;
  requireApproval: boolean;
  /** The current revision's checks, and the repository's required check names (`dit.requiredCheck`). */
  checks: RevisionChecks;
  requiredChecks: string[];
}

/** The paths merging two commits conflicts in; kept by the two commits, whose merge never changes. */
async function conflictsOf(store: Store, ours: string, theirs: string): Promise<string[]> {
  const key = `${store.git.gitDir}\0merge\0${ours}\0${theirs}`;
  const kept = cache<string[]>('diffs');
  const hit = kept.get(key);
  if (hit) return hit;
  const r = await mergeTree(store.git, ours, theirs);
  const conflicts = r.clean ? [] : r.conflicts;
  kept.set(key, conflicts);
  return conflicts;
}

/** Checks the current patchset against its target as `dit merge` would, without writing anything. */
export async function mergeability(store: Store, t: Ticket): Promise<Mergeability | null> {
  const c = t.current;
  if (!c) return null;
  const git = store.git;
  const requireApproval = await getConfigBool(git, 'dit.requireApproval');
  const required = await requiredChecks(store);
  const targetTip = await git.oid(`refs/heads/${c.target}^{commit}`);
  const out: Mergeability = {
    ok: false,
    reason: null,
    target: c.target,
    targetTip,
    conflicts: [],
    fastForward: false,
    merged: false,
    requireApproval,
    checks: revisionChecks(t, { patchset: c.number, revision: c.revision, commit: c.tip }, required),
    requiredChecks: required,
  };
  const blocked = checksBlocking(t, required);
  if (!targetTip) return { ...out, reason: `the target branch ${c.target} does not exist here; fetch it first` };
  if (!(await git.oid(`${c.tip}^{commit}`)))
    return { ...out, reason: `the patchset's tip ${c.tip.slice(0, 7)} is not in this repository; fetch it first` };
  if (await isAncestor(git, c.tip, targetTip))
    return { ...out, merged: true, reason: `already merged into ${c.target}` };
  out.fastForward = await isAncestor(git, targetTip, c.tip);
  if (!out.fastForward) out.conflicts = await conflictsOf(store, targetTip, c.tip);
  if (t.review === 'vetoed') out.reason = 'vetoed: it needs a new revision (or the veto withdrawn) first';
  else if (requireApproval && t.review !== 'approved')
    out.reason = 'this repository requires an approval (dit.requireApproval) and nobody approved the current revision';
  else if (blocked) out.reason = blocked;
  else if (out.conflicts.length)
    out.reason =
      `merging conflicts in ${out.conflicts.length} file${out.conflicts.length === 1 ? '' : 's'}; ` +
      `rebase the patchset onto ${c.target} and push it again`;
  out.ok = out.reason === null;
  return out;
}
