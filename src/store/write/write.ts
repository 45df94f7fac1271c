// Writing entries: into the working tree (staged, or committed at once) or onto the shared journal.
import { setTimeout as sleep } from 'node:timers/promises';
import { DitError } from '../../errors.js';
import { entryFileName, entryId, serialize } from '../../model/entry-file.js';
import type { Author } from '../../model/schema.js';
import type { Store, Target } from '../store.js';
import { type Collection, DIT_DIR, JOURNAL_REF } from '../view/journals.js';
import { autoPack } from './compact.js';
import { writeLocked } from './lock.js';
import { holdToReaderRights } from './reader-rights.js';
import { withIntent } from './recover.js';
import { signFiles } from './sign.js';
import { recordWritten } from './written-log.js';

export type { Target } from '../store.js';

/** The author of entries written to a target. */
export function authorOf(store: Store, target: Target): Promise<Author> {
  return target.as ? Promise.resolve(target.as) : store.identity();
}

export interface NewEntry {
  collection: Collection;
  journal: string;
  entry: object;
}

const RETRIES = 20;

/** Writes entries; returns their ids. Nothing is written if any part fails before the final step. */
export async function writeEntries(
  store: Store,
  target: Target,
  entries: readonly NewEntry[],
  message: string,
): Promise<string[]> {
  const files = entries.map((e) => {
    const data = serialize(e.entry);
    const id = entryId(data);
    return { id, data, path: `${e.collection}/${e.journal}/${entryFileName(id)}` };
  });
  await writeFiles(store, target, files, message);
  return files.map((f) => f.id);
}

/** Writes entry files (`<collection>/<journal>/<file>`) and logs them, so `dit recover` can find them if they are lost. */
export async function writeFiles(
  store: Store,
  target: Target,
  unsigned: readonly { path: string; data: Buffer }[],
  message: string,
  opts: { replace?: boolean } = {},
): Promise<void> {
  if (target.rights === 'reader') await holdToReaderRights(store, await authorOf(store, target), unsigned);
  const files = await signFiles(store, target, unsigned); // before anything is written: a failed signature writes nothing
  if (target.store === 'tree') {
    if (store.bare)
      throw new DitError('usage', 'a bare repository has no working tree to stage entries in; write with --shared');
    const paths = files.map((f) => ({ path: `${DIT_DIR}/${f.path}`, data: f.data }));
    await writeLocked(store, message, async () => {
      await withIntent(
        store,
        paths.map((f) => f.path),
        () => store.vcs.writeAndStage(paths, opts),
      );
      await recordWritten(store.cacheDir, 'tree', files, (d) => store.vcs.fileKey(d));
      if (target.commit) {
        await store.vcs.commitPaths(`${DIT_DIR}/`, message);
        store.invalidate();
      }
    });
    // (no settle after a staged write: finding the index's changes costs the writer what it saves the reader)
    return;
  }
  await appendToJournal(store, files, message);
  await recordWritten(store.cacheDir, 'shared', files, (d) => store.vcs.fileKey(d));
  store.wrote = true; // the next read is answered from rows brought up to date after the command (write/settle.ts)
}

/**
 * Adds files (new bytes, or content the repository has by key) to the shared journal in one commit,
 * with a compare-and-swap retried when someone wrote first.
 */
export async function appendToJournal(
  store: Store,
  files: readonly ({ path: string; data: Buffer } | { path: string; key: string })[],
  message: string,
): Promise<void> {
  const vcs = store.vcs;
  const author = await store.identity();
  for (let attempt = 0; attempt < RETRIES; attempt++) {
    const old = await vcs.resolve(JOURNAL_REF);
    const commit = await vcs.casCommit(JOURNAL_REF, old, {
      parents: old ? [old] : [],
      changes: files,
      message,
      author,
    });
    if (commit) {
      store.invalidate();
      const added = files.filter((f) => f.path.startsWith('tickets/')).map((f) => f.path.split('/')[1]!);
      const [before, after] = await Promise.all([old ? vcs.dirAt(old, '') : null, vcs.dirAt(commit, '')]);
      if (after) await store.wroteTickets(before, after, added).catch(() => {}); // only speed at stake
      // a journal grown past AUTO_PACK_FILES files is packed on top; losing that race loses nothing
      const dirs = files.map((f) => f.path.slice(0, f.path.lastIndexOf('/')));
      const packed = await autoPack(vcs, commit, dirs, author).catch(() => null);
      if (packed && after) {
        store.invalidate();
        const root = await vcs.dirAt(packed, '');
        // packing keeps every ticket, and changes only the folders written
        if (root) await store.wroteTickets(after, root, [], added).catch(() => {});
      }
      return;
    }
    await sleep(5 + Math.random() * 20 * (attempt + 1)); // someone else wrote first: rebuild on their commit
  }
  throw new DitError(
    'conflict',
    `${JOURNAL_REF} kept moving while dit was writing; nothing was written, run the command again`,
  );
}

/** Entry files staged in the working tree but not committed yet (the web UI's "pending changes"). */
export async function pendingEntries(store: Store): Promise<string[]> {
  if (store.bare) return [];
  return (await store.vcs.stagedChanges(`${DIT_DIR}/`, await store.headCommit())).map((c) => c.path);
}

/** Commits the staged `.dit/` paths and nothing else; returns the commit, or null when there was nothing. */
export async function commitPending(store: Store, message: string): Promise<string | null> {
  if (store.bare) return null;
  const commit = await writeLocked(store, message, () => store.vcs.commitPaths(`${DIT_DIR}/`, message));
  store.invalidate();
  return commit;
}
