// The patchset tips a view's entries name, kept under refs/dit/patchsets/ when their commits are here.
import { isOpen } from '../../model/fields.js';
import type { Store } from '../store.js';
import { adoptTips, type KeptTip } from '../view/merged.js';

/**
 * Keeps the current tips of the checked-out view's open proposals that no ref keeps yet and whose
 * commits are here: tickets a plain `git clone` has in its branch, a squash or rebase merged in another
 * clone, a `dit propose`d tip a hooked remote did not take. The merged state reads kept tips only (one
 * `for-each-ref --merged` for all), so this runs where tips arrive: a clone's first command and
 * `dit sync`. Returns how many were kept.
 */
export async function keepNamedTips(store: Store): Promise<number> {
  const view = await store.view();
  const [m, all] = await Promise.all([view.merged(), view.summaries()]);
  const tips: KeptTip[] = [];
  for (const s of all) {
    if (!s.tip || m.kept.has(s.tip) || !isOpen(s.status)) continue;
    const t = await view.ticket(s.id, true);
    if (t.current?.tip === s.tip) tips.push({ ticket: s.id, number: t.current.number, tip: s.tip });
  }
  if (!tips.length || !(await adoptTips(store.vcs, tips, m.listing))) return 0;
  store.invalidate();
  return tips.length;
}
