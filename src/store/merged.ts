// Per-branch merged state: a ticket is merged on every branch that contains its current patchset's tip.
import { isAncestor, listRefs } from '../git/refs.js';
import { isOpen } from '../model/fields.js';
import type { CurrentPatchset } from '../model/ticket.js';
import { mapLimit } from './limit.js';
import * as folds from './ticket-folds.js';
import type { View } from './view.js';

export const PATCHSET_REFS = 'refs/dit/patchsets/';

/** "tip is an ancestor of commit": a fact about immutable objects, remembered for the process. */
const ancestry = new Map<string, boolean>();
const MAX_FACTS = 50_000;

async function reaches(view: View, commit: string, tip: string): Promise<boolean> {
  const key = `${commit}:${tip}`;
  let known = ancestry.get(key);
  if (known === undefined) {
    known = (await view.deps.git.oid(`${tip}^{commit}`)) !== null && (await isAncestor(view.deps.git, tip, commit));
    if (ancestry.size >= MAX_FACTS) ancestry.delete(ancestry.keys().next().value!);
    ancestry.set(key, known);
  }
  return known;
}

/**
 * The tickets merged in this view, with their current patchset. Candidates are the tickets with
 * kept tips (refs/dit/patchsets/<id>/<n>, written by every push and `dit propose`, fetched by `dit
 * sync`), so a repository without patchsets pays one directory read. An open ticket whose current tip
 * the view's commit contains is merged; one closed by hand is left as it is.
 */
export async function mergedTickets(view: View): Promise<Map<string, CurrentPatchset>> {
  const out = new Map<string, CurrentPatchset>();
  const [{ commit }, refs] = await Promise.all([view.roots(), listRefs(view.deps.git, PATCHSET_REFS)]);
  if (!commit || !refs.length) return out;
  const ids = new Set<string>();
  for (const r of refs) {
    const id = r.ref.slice(PATCHSET_REFS.length).split('/')[0]!;
    if (/^[0-9a-f]{40}$/.test(id)) ids.add(id);
  }
  await mapLimit([...ids], 16, async (id) => {
    const t = await folds.ticketById(view, id);
    if (!t?.current || !isOpen(t.status)) return;
    if (await reaches(view, commit, t.current.tip)) out.set(id, t.current);
  });
  return out;
}
