// The branch matrix: one ticket's state as seen from every local branch.
import { DitError } from '../errors.js';
import { listBranches } from '../git/refs.js';
import type { Decider, Summary } from '../model/ticket.js';
import type { Store } from './store.js';

export interface MatrixRow { branch: string; current: boolean; commit: string; summary: (Summary & { decidedBy: Decider | null }) | null }
/** `worktree`: the ticket in the working tree (HEAD plus staged entries); absent in a bare repository. */
export interface Matrix { id: string; worktree?: MatrixRow['summary']; rows: MatrixRow[] }

export async function branchMatrix(store: Store, prefix: string): Promise<Matrix> {
  const [base, branches, head] = await Promise.all([store.view(), listBranches(store.git), store.head()]);
  let id: string;
  try {
    id = await base.resolve(prefix);
  } catch (err) {
    if (!(err instanceof DitError) || err.code !== 'unknown-ticket') throw err;
    id = await findElsewhere(store, branches.map((b) => b.ref), prefix, err);
  }
  // every branch resolves `fixes #prefix` against the same ids, so one listing serves all rows; when the
  // ticket was found on another branch, it joins them, or no commit could name it
  const ids = base.ids().then((all) => (all.includes(id) ? all : [...all, id].sort()));
  const resolutionIds = () => ids;
  const rows = await Promise.all(branches.map(async (b) => {
    const view = await store.view(b.ref, { resolutionIds });
    return { branch: b.name, current: b.ref === head.ref, commit: b.oid, summary: await view.stateById(id) };
  }));
  return store.bare ? { id, rows } : { id, worktree: await base.stateById(id), rows };
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
  const [branches, head] = await Promise.all([listBranches(store.git), store.head()]);
  return { names: branches.map((b) => b.name), current: head.ref?.replace(/^refs\/heads\//, '') ?? null };
}
