// Per-branch merged state: a ticket is merged on every branch that contains its current patchset's tip.
import { createHash } from 'node:crypto';
import { cached } from '../../caches.js';
import { isOpen } from '../../model/fields.js';
import { shortId } from '../../model/ids.js';
import type { Vcs } from '../../vcs/port.js';
import type { ViewSources } from './sources.js';

export const PATCHSET_REFS = 'refs/dit/patchsets/';
/** Where patchset `n` of a ticket keeps its tip. */
export const patchsetRef = (id: string, n: number): string => `${PATCHSET_REFS}${id}/${n}`;

/** A patchset's tip as an entry names it: the latest revision of each number wins. */
export interface KeptTip {
  ticket: string;
  number: number;
  tip: string;
}

/**
 * Keeps imported patchsets' tips under refs/dit/patchsets/<id>/<n>, as a push keeps its own, so gc
 * never drops them and the merged state sees them. Tips whose commit the repository lacks are
 * answered (the importer warns); refs already in place are left alone.
 */
export async function keepTips(vcs: Vcs, tips: readonly KeptTip[], message: string): Promise<KeptTip[]> {
  const latest = new Map<string, KeptTip>();
  for (const t of tips) latest.set(patchsetRef(t.ticket, t.number), t);
  const missing: KeptTip[] = [];
  const updates: { ref: string; next: string }[] = [];
  const kept = new Map((await vcs.listRefs(PATCHSET_REFS)).map((r) => [r.ref, r.oid]));
  for (const [ref, t] of latest) {
    if (!/^[0-9a-f]{40}$/.test(t.tip) || !(await vcs.hasCommit(t.tip))) missing.push(t);
    else if (kept.get(ref) !== t.tip) updates.push({ ref, next: t.tip });
  }
  for (let i = 0; i < updates.length; i += 1000) await vcs.updateRefs(updates.slice(i, i + 1000), message);
  return missing;
}

/** What an importer says of a patchset whose commit is not in the repository. */
export const missingTip = (t: KeptTip) =>
  `patchset ${t.number} of ${shortId(t.ticket)}: commit ${t.tip.slice(0, 10)} is not in this repository; ` +
  'fetch it (Gitblit keeps patchsets under refs/tickets/) and import again to keep it under refs/dit/patchsets/';

/** ticket/<id> branches (and Gitblit's ticket/<number>), local or remote-tracking, by any spelling of their name. */
const TICKET_BRANCH = /^(?:refs\/heads\/|refs\/remotes\/[^/]+\/|[^/]+\/)?ticket\/(?:[0-9a-f]{7,40}(?:-\d+)?|\d{1,9})$/;

/** What a view knows about kept patchset tips: which its commit contains, and which tickets have any. */
export interface MergedTips {
  /** Kept tips (refs/dit/patchsets/<id>/<n>) the view's commit contains. */
  reachable: Set<string>;
  /** Every kept tip, and the tickets they belong to. */
  kept: Set<string>;
  tickets: Set<string>;
  commit: string | null;
  /** Names every kept ref and its tip (what `reachable` and the tips found missing depend on). */
  listing: string;
}

/**
 * One `for-each-ref --merged` answers for every kept tip at once. Every push and `dit propose` keep
 * their tip under refs/dit/patchsets/ (and `dit sync` fetches them), so a repository without
 * patchsets pays one directory read and no process.
 */
export async function mergedTips(view: ViewSources): Promise<MergedTips> {
  const [{ commit }, refs] = await Promise.all([view.roots(), view.deps.keptTips()]);
  const kept = new Set(refs.map((r) => r.oid));
  const tickets = new Set(
    refs.map((r) => r.ref.slice(PATCHSET_REFS.length).split('/')[0]!).filter((id) => /^[0-9a-f]{40}$/.test(id)),
  );
  const listing = refs.length
    ? createHash('sha1')
        .update(refs.map((r) => `${r.ref} ${r.oid}`).join('\n'))
        .digest('hex')
    : '';
  // a ticket's own branch holds its tip by definition: there it is a proposal, not merged
  const name = !commit ? '' : view.spec.kind === 'rev' ? view.spec.rev : ((await view.deps.vcs.head()).ref ?? '');
  if (TICKET_BRANCH.test(name)) return { reachable: new Set(), kept, tickets, commit: null, listing };
  if (!commit || !refs.length) return { reachable: new Set(), kept, tickets, commit, listing };
  // which kept tips a commit contains depends on nothing else: remembered in this process (the `merged`
  // cache) and, as facts about ancestry, under .git/dit/ (the `reach` cache) for the next one
  const reachable = await cached('merged', `${view.deps.vcs.id}\0${commit}\0${listing}`, () =>
    view.deps.reach.contained(commit, [...kept]),
  );
  return { reachable, kept, tickets, commit, listing };
}

/**
 * Keeps, under refs/dit/patchsets/<id>/<n>, the current tips that a view's entries name and no ref
 * keeps yet, when their commits are here: what a plain `git clone` has (entries in a branch's tree,
 * commits on its branches), a squash or rebase merged in another clone (its commits came with the
 * target branch), a `dit propose`d tip that a hooked remote does not take. Then the one
 * `for-each-ref --merged` answers for them too, and gc never drops them. A tip whose commit is not
 * here is asked about once per process and state of the kept refs. True when a ref was written.
 */
export async function adoptTips(vcs: Vcs, tips: readonly KeptTip[], listing: string): Promise<boolean> {
  const here: KeptTip[] = [];
  await Promise.all(
    tips.map(async (t) => {
      const present = await cached('merged', `${vcs.id}\0tip\0${t.tip}\0${listing}`, () =>
        /^[0-9a-f]{40}$/.test(t.tip) ? vcs.hasCommit(t.tip) : Promise.resolve(false),
      );
      if (present) here.push(t);
    }),
  );
  if (!here.length) return false;
  try {
    await keepTips(vcs, here, 'dit: keep the patchset tips entries name');
    return true;
  } catch {
    return false; // a repository we may not write to: its merged state stays what its refs say
  }
}

/**
 * Whether the view's commit contains this tip (the current patchset's, of an open ticket). Only kept
 * tips count: every push, `dit propose` and import keeps its tip, `dit sync` fetches them, and a clone's
 * first command and every sync keep the ones its entries name (adoptTips), so lists, pages and
 * `dit show` answer alike and the view key (mergedKey) names all they depend on.
 */
export function containsTip(m: MergedTips, tip: string | null, status: Parameters<typeof isOpen>[0]): boolean {
  return !!tip && !!m.commit && isOpen(status) && m.reachable.has(tip);
}

/** Names the merged state for cache keys: which kept tips the commit contains. */
export function mergedKey(m: MergedTips): string {
  if (!m.reachable.size) return '';
  return createHash('sha1')
    .update([...m.reachable].sort().join(','))
    .digest('hex');
}
