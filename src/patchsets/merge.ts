// `dit merge`: the current patchset into its target, without a work tree (git merge-tree), as a merge, squash or rebase.
import { DitError } from '../errors.js';
import { commitForReplay, commitsBetween, commitTreeAs, localChanges, mergeTree, updateRefs } from '../git/commits.js';
import { getConfigBool } from '../git/config.js';
import { checkoutChange } from '../git/fast-import.js';
import { isAncestor } from '../git/refs.js';
import { patchsetSchema } from '../model/entries/patchset.js';
import { shortId } from '../model/ids.js';
import type { Author } from '../model/schema.js';
import type { Store } from '../store/store.js';
import { DIT_DIR } from '../store/view/journals.js';
import { keepTips } from '../store/view/merged.js';
import type { View } from '../store/view/view.js';
import { header, nextClock, validated } from '../store/write/entries.js';
import { writeEntries } from '../store/write/write.js';
import { checksBlocking, requiredChecks } from './checks.js';
import { defaultRemote, ensureTip } from './propose.js';
import { patchsetRef } from './record.js';

export const STRATEGIES = ['ff-only', 'if-necessary', 'always', 'squash', 'rebase'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export interface Merged {
  id: string;
  target: string;
  commit: string;
  strategy: Strategy;
  fastForward: boolean;
  patchset: number | null;
  /** The patchset entry a squash or rebase records (null for a merge commit or a fast-forward). */
  entry: string | null;
}

const refuse = (message: string, data: Record<string, unknown> = {}): never => {
  throw new DitError('conflict', message, data);
};

/** Merges `theirs` onto `ours` as a tree; a conflict lists its paths. */
async function mergedTree(store: Store, ours: string, theirs: string, base?: string): Promise<string> {
  const r = await mergeTree(store.git, ours, theirs, base);
  if (!r.clean)
    refuse(
      `merging conflicts in ${r.conflicts.join(', ')}; rebase the patchset onto its target, push it, and merge again`,
      { conflicts: r.conflicts },
    );
  return r.tree;
}

/**
 * Merges the current patchset of a ticket into its target branch. Refused when vetoed, when
 * `dit.requireApproval` is set and nobody approved, while a required check (`dit.requiredCheck`) of
 * the current revision is not `success`, and on conflicts. The target moves with a
 * compare-and-swap; if it is checked out, the work tree follows as `git merge` would. Squash and
 * rebase write new commits: they are recorded as the ticket's next patchset, so the ticket is merged
 * on every branch that contains them, as with a merge.
 */
export async function mergeTicket(
  store: Store,
  view: View,
  prefix: string,
  strategy: Strategy = 'always',
  as?: Author,
): Promise<Merged> {
  const git = store.git;
  const t = await view.ticket(prefix, true);
  const c = t.current ?? refuse(`#${shortId(t.id)} has no patchset to merge`);
  if (t.review === 'vetoed')
    refuse(`#${shortId(t.id)} is vetoed; it needs a new revision (or the veto withdrawn) first`);
  if ((await getConfigBool(git, 'dit.requireApproval')) && t.review !== 'approved') {
    refuse(
      `this repository requires an approval (dit.requireApproval) and nobody approved #${shortId(t.id)} ` +
        `patchset ${c.number} revision ${c.revision}; ask for \`dit review ${shortId(t.id)} --approve\``,
    );
  }
  const blocked = checksBlocking(t, await requiredChecks(store));
  if (blocked) refuse(`#${shortId(t.id)} cannot be merged yet: ${blocked}`, { checks: true });
  const targetRef = `refs/heads/${c.target}`;
  const ours =
    (await git.oid(`${targetRef}^{commit}`)) ??
    refuse(`the target branch ${c.target} does not exist here; fetch it first`);
  if (!(await git.oid(`${c.tip}^{commit}`))) {
    // a reviewer's clone has the ticket from `dit sync` but maybe not its commits: fetch them as checkout does
    const remote = store.bare ? null : await defaultRemote(store);
    if (remote) await ensureTip(store, t.id, c.number, c.tip, remote).catch(() => {});
    if (!(await git.oid(`${c.tip}^{commit}`)))
      throw new DitError(
        'not-found',
        `the patchset's tip ${c.tip.slice(0, 7)} is not in this repository${remote ? ` nor on ${remote}` : ''}; ` +
          `fetch it with \`dit checkout ${shortId(t.id)}\``,
      );
  }
  if (await isAncestor(git, c.tip, ours)) refuse(`#${shortId(t.id)} is already merged into ${c.target}`);
  const canFastForward = await isAncestor(git, ours, c.tip);
  const title = t.title;
  let next: string;
  let patchset: number | null = null;
  let entry: string | null = null;
  if (strategy === 'ff-only' || (strategy === 'if-necessary' && canFastForward)) {
    if (!canFastForward)
      refuse(
        `${c.target} has moved on since the patchset's base; it cannot be fast-forwarded (try --strategy if-necessary or rebase)`,
      );
    next = c.tip;
  } else if (strategy === 'always' || strategy === 'if-necessary') {
    const tree = await mergedTree(store, ours, c.tip);
    next = await commitTreeAs(git, tree, [ours, c.tip], `Merge #${shortId(t.id)}: ${title}\n`, as, as);
  } else if (strategy === 'squash') {
    const tree = await mergedTree(store, ours, c.tip);
    const log = await commitsBetween(git, ours, c.tip);
    const list = log.map((l) => `* ${l.subject}`).join('\n');
    next = await commitTreeAs(
      git,
      tree,
      [ours],
      `${title} (#${shortId(t.id)})\n\nSquashed from patchset ${c.number} revision ${c.revision}:\n${list}\n`,
      as,
      as,
    );
  } else {
    // rebase: replay each commit of base..tip on the moving target, keeping authors and messages
    let onto = ours;
    for (const l of await commitsBetween(git, ours, c.tip)) {
      const info = await commitForReplay(git, l.commit);
      if (info.parents.length > 1)
        refuse(`patchset ${c.number} holds a merge commit (${l.commit.slice(0, 7)}); merge it with --strategy always`);
      const tree = await mergedTree(store, onto, l.commit, info.parents[0]);
      onto = await commitTreeAs(git, tree, [onto], info.message, info.author, as);
    }
    next = onto;
  }
  if (strategy === 'squash' || strategy === 'rebase') patchset = c.number + 1;
  // the tip merged is kept (a clone that got the patchset by `git fetch` may not have kept it yet), so
  // the merged state, which reads kept tips, sees it at once
  await keepTips(
    store.vcs,
    [{ ticket: t.id, number: c.number, tip: c.tip }],
    `dit: #${shortId(t.id)} patchset ${c.number}`,
  );
  await moveTarget(store, targetRef, ours, next);
  if (patchset !== null) {
    // the new commits are the ticket's next patchset, so "merged" follows them from branch to branch
    await updateRefs(
      git,
      [{ ref: patchsetRef(t.id, patchset), next }],
      `dit: #${shortId(t.id)} merged as patchset ${patchset}`,
    );
    const commits = (await commitsBetween(git, ours, next)).length;
    const author = as ?? (await store.identity());
    const written = validated(patchsetSchema, {
      ...header('patchset', { ticket: t.id }, nextClock(await view.ticketEntries(t.id)), author),
      number: patchset,
      revision: 1,
      type: strategy === 'squash' ? 'squash' : 'rebase',
      base: ours,
      tip: next,
      target: c.target,
      commits,
      added: commits,
    });
    [entry = null] = await writeEntries(
      store,
      { store: 'shared' },
      [{ collection: 'tickets', journal: t.id, entry: written }],
      `dit: #${shortId(t.id)} merged (${strategy}) as patchset ${patchset}`,
    );
  }
  store.invalidate();
  return { id: t.id, target: c.target, commit: next, strategy, fastForward: next === c.tip, patchset, entry };
}

/**
 * Entry files dit staged (`dit comment`, `dit new`, ...) are its own: a merge carries them, staged, to
 * the new tip, as they name no path the merge can touch. Anything else uncommitted holds the merge up.
 */
const ditsOwn = (c: { index: string; tree: string; path: string }): boolean =>
  c.index === 'A' && c.tree === ' ' && c.path.startsWith(`${DIT_DIR}/`);

/** Moves the target; a checked-out target brings the index and work tree along (refusing over local changes). */
async function moveTarget(store: Store, ref: string, from: string, to: string): Promise<void> {
  const h = await store.head();
  if (!store.bare && h.ref === ref) {
    const theirs = (await localChanges(store.git)).filter((c) => !ditsOwn(c));
    if (theirs.length)
      refuse(
        `${ref.replace('refs/heads/', '')} is checked out with uncommitted changes (${theirs
          .slice(0, 3)
          .map((c) => c.path)
          .join(', ')}${theirs.length > 3 ? ', ...' : ''}); commit or stash them, then merge`,
      );
    // a two-tree read-tree keeps index entries neither tree has: dit's staged entries stay staged
    await checkoutChange(store.git, from, to);
  }
  await updateRefs(store.git, [{ ref, next: to, expected: from }], `dit merge: ${to.slice(0, 7)}`);
}
