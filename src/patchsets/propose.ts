// `dit propose`, `dit checkout` and `dit patchsets`: proposals and their patchsets in a working copy.
import { DitError } from '../errors.js';
import { checkoutBranch, fetchRefs } from '../git/commits.js';
import { getConfig } from '../git/config.js';
import { isAncestor } from '../git/refs.js';
import { shortId } from '../model/ids.js';
import type { Review, Ticket } from '../model/ticket.js';
import type { Store } from '../store/store.js';
import type { View } from '../store/view/view.js';
import { LIMITS } from './diffs.js';
import { parsePushOptions } from './push-options.js';
import type { Pusher } from './pusher.js';
import { patchsetRef, type Recorded, recordPush, ticketBranch } from './record.js';

/** The target when none is given: git's origin/HEAD, main or master; hg's `@` bookmark or default branch. */
async function defaultTarget(store: Store): Promise<string> {
  const name = await store.vcs.defaultTarget();
  if (name) return name;
  throw new DitError('usage', 'no main or master branch to target; name one with --target BRANCH');
}

/**
 * The proposal a branch is: `ticket/<id>` names it; another branch (an hg bookmark) is one when a
 * `ticket/<id>` branch points at the same commit and that ticket's current tip is another commit: hg's
 * `commit --amend` and `rebase` move every bookmark of the changesets they replace, so the proposal's
 * bookmark follows the user's rewrite of theirs.
 */
async function proposalOf(store: Store, view: View, branch: string, tip: string): Promise<Ticket | null> {
  const m = /^ticket\/([0-9a-f]{7,40})$/.exec(branch);
  if (m) return view.ticket(m[1]!, true).catch(() => null);
  for (const r of await store.vcs.listRefs('refs/heads/ticket/')) {
    const own = /^refs\/heads\/ticket\/([0-9a-f]{7,40})$/.exec(r.ref);
    if (!own || r.oid !== tip) continue;
    const t = await view.ticket(own[1]!, true).catch(() => null);
    if (t?.current && t.current.tip !== tip) return t;
  }
  return null;
}

/**
 * Turns the checked-out branch into a proposal (or, on a ticket's branch, a new patchset of it):
 * the entries go to the shared journal and `ticket/<shortid>` is made locally; `dit sync` publishes.
 */
export async function propose(store: Store, view: View, opts: { target?: string; title?: string }): Promise<Recorded> {
  const h = await store.head();
  if (!h.oid || !h.ref)
    throw new DitError('usage', 'check out the branch to propose first (HEAD is detached or has no commits)');
  const branch = h.ref.replace(/^refs\/heads\//, '');
  const me = await store.identity();
  const pusher: Pusher = { ...me, role: null };
  const options = parsePushOptions(opts.title ? [`title=${opts.title}`] : []);
  const ticket = await proposalOf(store, view, branch, h.oid);
  const target = opts.target ?? ticket?.current?.target ?? (await defaultTarget(store));
  if (target === branch)
    throw new DitError(
      'usage',
      `${branch} is the target itself; create a branch for your change (${store.vcs.label.newBranch}) and propose that`,
    );
  const r = await recordPush(
    store,
    view,
    { ticket, target, tip: h.oid, options, pusher, env: process.env },
    { store: 'shared' },
  );
  store.invalidate();
  return r;
}

/** The remote patchsets come from: origin, when there is one. */
export async function defaultRemote(store: Store): Promise<string | null> {
  return (await getConfig(store.git, 'remote.origin.url')) ? 'origin' : null;
}

/** Where a ticket's patchset tip is kept locally, fetching it from a remote when it is missing. */
export async function ensureTip(store: Store, id: string, n: number, tip: string, remote: string): Promise<void> {
  if (await store.git.oid(`${tip}^{commit}`)) return;
  const ref = patchsetRef(id, n);
  if ((await fetchRefs(store.git, remote, [`+${ref}:${ref}`])) && (await store.git.oid(`${tip}^{commit}`))) return;
  if ((await fetchRefs(store.git, remote, [tip])) && (await store.git.oid(`${tip}^{commit}`))) return;
  throw new DitError(
    'not-found',
    `patchset ${n} of #${shortId(id)} (${tip.slice(0, 7)}) is neither here nor on ${remote}; \`dit sync\` and try again`,
  );
}

/** `dit checkout ID [--patchset N]`: fetches the patchset if needed and checks out ticket/<shortid> (or ticket/<shortid>-<n>). */
export async function checkoutTicket(
  store: Store,
  view: View,
  prefix: string,
  opts: { patchset?: number; remote?: string; force?: boolean },
): Promise<{ id: string; branch: string; tip: string; patchset: number }> {
  const git = store.git; // in Mercurial this is the unsupported error, saying to use hg update ticket/ID
  if (store.bare) throw new DitError('usage', 'a bare repository has nothing to check out into; clone it first');
  const t = await view.ticket(prefix);
  if (!t.current) throw new DitError('not-found', `#${shortId(t.id)} has no patchsets`);
  const n = opts.patchset ?? t.current.number;
  const ps = t.patchsets.find((p) => p.number === n && p.revisions.length);
  if (!ps)
    throw new DitError(
      'not-found',
      `#${shortId(t.id)} has no patchset ${n} (it has ${t.patchsets.map((p) => p.number).join(', ')})`,
    );
  const tip = ps.revisions.at(-1)!.tip;
  const remote = opts.remote ?? (await defaultRemote(store));
  await ensureTip(store, t.id, n, tip, remote ?? 'origin');
  const branch = n === t.current.number ? ticketBranch(t.id) : `${ticketBranch(t.id)}-${n}`;
  const existing = await git.oid(`refs/heads/${branch}^{commit}`);
  if (existing && existing !== tip && !opts.force && !(await isAncestor(git, existing, tip))) {
    if (await isAncestor(git, tip, existing))
      throw new DitError(
        'exists',
        `${branch} already has patchset ${n} and commits on top of it; \`git switch ${branch}\` (or --force to reset it)`,
      );
    throw new DitError(
      'exists',
      `${branch} has commits patchset ${n} lacks; \`git switch ${branch}\` to keep them, or --force to reset it to the patchset`,
    );
  }
  await checkoutBranch(git, branch, existing && !opts.force && (await isAncestor(git, tip, existing)) ? existing : tip);
  store.invalidate();
  return { id: t.id, branch, tip, patchset: n };
}

export interface RevisionRow {
  revision: number;
  type: string;
  tip: string;
  base: string;
  commits: number;
  added: number;
  target: string;
  pusher: { name: string; email: string };
  time: string;
  draft: boolean;
  diffstat: { files: number; added: number; removed: number } | null;
}
export interface PatchsetRow {
  number: number;
  current: boolean;
  revisions: RevisionRow[];
  reviews: Review[];
}

/** Files changed between two commits with lines added and removed (binary files count 0). */
async function diffStat(store: Store, from: string, to: string) {
  const files = (await store.vcs.fileStats(from, to, LIMITS.statBytes)).value;
  return {
    files: files.length,
    added: files.reduce((n, f) => n + (f.added ?? 0), 0),
    removed: files.reduce((n, f) => n + (f.removed ?? 0), 0),
  };
}

/** Every patchset and revision of a ticket with its diffstat (null when the commits are not here) and reviews. */
export async function patchsetList(
  store: Store,
  view: View,
  prefix: string,
): Promise<{ id: string; title: string; review: string; patchsets: PatchsetRow[] }> {
  const t = await view.ticket(prefix);
  const rows = await Promise.all(
    t.patchsets.map(
      async (p): Promise<PatchsetRow> => ({
        number: p.number,
        current: t.current?.number === p.number,
        reviews: p.reviews,
        revisions: await Promise.all(
          p.revisions.map(async (r) => {
            const here = (await store.vcs.canReview(r.tip)) && (await store.vcs.canReview(r.base));
            return {
              revision: r.revision,
              type: r.type,
              tip: r.tip,
              base: r.base,
              commits: r.commits,
              added: r.added,
              target: r.target,
              pusher: r.author,
              time: r.time,
              draft: r.draft,
              diffstat: here ? await diffStat(store, r.base, r.tip) : null,
            };
          }),
        ),
      }),
    ),
  );
  return { id: t.id, title: t.title, review: t.review, patchsets: rows };
}
