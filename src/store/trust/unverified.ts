// Entries whose signature does not prove their author, across a view: what `dit doctor` lists.
import { shortId } from '../../model/ids.js';
import type { Verdict } from '../../model/trust/verdict.js';
import type { Store } from '../store.js';
import type { View } from '../view/view.js';

export interface UnverifiedEntry {
  ticket: string;
  entry: string;
  author: { name: string; email: string };
  verification: Verdict;
}

/** Every unverified entry of every ticket the view holds, oldest ticket first; a few journals read at once. */
export async function unverifiedEntries(store: Store, view: View): Promise<UnverifiedEntry[]> {
  const out: UnverifiedEntry[] = [];
  const ids = await view.ids();
  for (let i = 0; i < ids.length; i += 32) {
    const batch = await Promise.all(
      ids.slice(i, i + 32).map(async (id) => {
        const entries = await view.ticketEntries(id);
        if (!entries.some((e) => e.signed)) return [];
        const verdicts = await store.verdicts(entries);
        return entries
          .filter((e) => verdicts.get(e.id)?.state === 'unverified')
          .map((e) => ({ ticket: id, entry: e.id, author: e.entry.author, verification: verdicts.get(e.id)! }));
      }),
    );
    for (const b of batch) out.push(...b);
  }
  return out;
}

/** One line per unverified entry, as `dit doctor` prints them. */
export const describeUnverified = (u: UnverifiedEntry): string =>
  `#${shortId(u.ticket)} entry ${shortId(u.entry)} by ${u.author.name} <${u.author.email}>: ${u.verification.reason ?? 'unverified'}`;
