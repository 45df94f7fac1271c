// The branch matrix: one ticket's state as seen from every local (and remote-tracking) branch.
import { DitError } from '../../errors.js';
import type { Decider, Summary } from '../../model/ticket.js';
import type { Branch } from '../../vcs/port.js';
import type { Reversal } from '../cache/history.js';
import type { Store } from '../store.js';
import type { Resolution, View } from '../view/view.js';

export interface MatrixRow {
  branch: string;
  /** A remote-tracking branch (`origin/4.x`) rather than a local one. */
  remote: boolean;
  current: boolean;
  commit: string;
  summary: (Summary & { decidedBy: Decider | null }) | null;
  /** Commits naming the ticket that a revert undid on this branch, newest first (why it is open again). */
  reverted: Reversal[];
}
/** `worktree`: the ticket in the working tree (HEAD plus staged entries); absent in a bare repository. */
export interface Matrix {
  id: string;
  worktree?: MatrixRow['summary'];
  worktreeReverted?: Reversal[];
  rows: MatrixRow[];
}

/** Which branches a matrix shows: local ones (the default), remote-tracking ones, or both. */
export type BranchSet = 'local' | 'remotes' | 'all';
export const BRANCH_SETS: readonly BranchSet[] = ['local', 'remotes', 'all'];

/** Remote-tracking branches (`refs/remotes/<remote>/<name>`), without the `<remote>/HEAD` aliases. */
export function remoteBranches(store: Store): Promise<Branch[]> {
  return store.vcs.remoteBranches();
}

async function branchesOf(store: Store, set: BranchSet): Promise<(Branch & { remote: boolean })[]> {
  const [local, remote] = await Promise.all([
    set === 'remotes' ? [] : store.vcs.branches(),
    set === 'local' ? [] : remoteBranches(store),
  ]);
  return [...local.map((b) => ({ ...b, remote: false })), ...remote.map((b) => ({ ...b, remote: true }))];
}

export async function branchMatrix(store: Store, prefix: string, set: BranchSet = 'local'): Promise<Matrix> {
  const [base, branches, head] = await Promise.all([store.view(), branchesOf(store, set), store.head()]);
  let id: string;
  try {
    id = await base.resolve(prefix);
  } catch (err) {
    if (!(err instanceof DitError) || err.code !== 'unknown-ticket') throw err;
    id = await findElsewhere(
      store,
      branches.map((b) => b.ref),
      prefix,
      err,
    );
  }
  // every branch resolves `fixes #prefix` against the same ids, so one listing serves all rows; when the
  // ticket was found on another branch, it joins them, or no commit could name it
  const resolution = matrixResolution(base, id);
  // where the commits its closing statuses name are: two git passes each for every row at once
  await store.reach.prefill(
    await base.evidenceOf(id),
    branches.map((b) => b.oid),
  );
  const rows = await Promise.all(
    branches.map(async (b): Promise<MatrixRow> => {
      const view = await store.view(b.ref, { resolution });
      const [summary, reverted] = await Promise.all([view.stateById(id), view.reversals(id)]);
      return { branch: b.name, remote: b.remote, current: b.ref === head.ref, commit: b.oid, summary, reverted };
    }),
  );
  if (store.bare) return { id, rows };
  const [worktree, worktreeReverted] = await Promise.all([base.stateById(id), base.reversals(id)]);
  return { id, worktree, worktreeReverted, rows };
}

/**
 * What `fixes #prefix` and `fixes #54` resolve against in every view of a matrix: the working tree's ids,
 * plus the ticket, and the working tree's original numbers.
 */
export function matrixResolution(base: View, id: string): () => Promise<Resolution> {
  const r = base.ids().then((all) => ({
    ids: all.includes(id) ? all : [...all, id].sort(),
    origins: () => base.origins(),
  }));
  return () => r;
}

async function findElsewhere(store: Store, refs: string[], prefix: string, original: DitError): Promise<string> {
  for (const ref of refs) {
    try {
      return await (await store.view(ref)).resolve(prefix);
    } catch (err) {
      if (!(err instanceof DitError) || err.code !== 'unknown-ticket') throw err;
    }
  }
  throw original;
}

/** Local branch names, and which one is checked out. */
export async function localBranches(store: Store): Promise<{ names: string[]; current: string | null }> {
  const [branches, head] = await Promise.all([store.vcs.branches(), store.head()]);
  return { names: branches.map((b) => b.name), current: head.ref?.replace(/^refs\/heads\//, '') ?? null };
}
