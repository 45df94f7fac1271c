// What a CLI write leaves for the next read: the derived store brought up to git's new state and the
// lost-entries count for that state remembered, so the next `dit ls`, search or `dit show` takes the
// quick path (store/read/quick.ts) instead of finding out what the write changed.
import type { Store } from '../store.js';
import { lostCount } from './lost-entries.js';

/** After a command that wrote: only speed is at stake, so nothing here fails the command. */
export async function settleAfterWrite(store: Store): Promise<void> {
  if (!store.wrote) return;
  const stamp = await store.settle().catch(() => null);
  if (stamp) await lostCount(store, stamp).catch(() => 0);
}
