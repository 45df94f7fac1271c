// A tree-store write under the working copy's write lock: one writer at a time, and the first writer
// after a stopped one finishes or undoes what it left (recover.ts).
import { withWriteLock } from '../../git/lock.js';
import type { Store } from '../store.js';
import { recover } from './recover.js';

/** Runs `fn` holding the write lock; writers wait for each other (bounded). */
export function writeLocked<T>(store: Store, command: string, fn: () => Promise<T>): Promise<T> {
  return withWriteLock(
    store.vcs,
    command,
    async () => {
      store.invalidate(); // HEAD and the index may have changed while we waited
      return fn();
    },
    (notes, takenFrom) => recover(store, notes, takenFrom),
    store.notes,
  );
}
