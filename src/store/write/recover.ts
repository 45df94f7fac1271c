// Finishing or undoing what a stopped writer left behind: entry files written but not staged, an
// import whose branch had not moved yet, temporary index files. Runs under the working copy's lock.
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { faultPoint } from '../../fault.js';
import { type LockOwner, ownerAlive } from '../../git/lock.js';
import { ENTRY_FILE, fileId } from '../../model/entry-file.js';
import { shortId } from '../../model/ids.js';
import { linkOn } from '../../vcs/no-links.js';
import type { Store } from '../store.js';

const INTENT = 'write-intent.json';
const PENDING_IMPORT = 'import-pending.json';

async function writeJson(path: string, value: unknown): Promise<void> {
  const tmp = `${path}.${process.pid}`;
  await writeFile(tmp, JSON.stringify(value));
  await rename(tmp, path);
}

const readJson = <T>(path: string): Promise<T | null> =>
  readFile(path, 'utf8').then(
    (t) => JSON.parse(t) as T,
    () => null,
  );

/** Runs a tree-store write with its paths noted first, so a kill part-way is repaired by the next writer. */
export async function withIntent<T>(store: Store, paths: readonly string[], fn: () => Promise<T>): Promise<T> {
  const file = join(store.cacheDir, INTENT);
  await writeJson(file, { pid: process.pid, paths });
  try {
    return await fn();
  } finally {
    await rm(file, { force: true });
  }
}

/** What the lock holder repairs before writing; each repair adds a note saying what it did. */
export async function recover(store: Store, notes: string[], takenFrom: LockOwner | null): Promise<void> {
  await adoptEntries(store, notes);
  await finishImport(store, notes);
  if (takenFrom) {
    const n = await store.vcs.repairAfterStop(
      (pid) => pid === process.pid || ownerAlive({ ...takenFrom, pid, boot: null }),
    );
    if (n) notes.push(`removed ${n} temporary index file${n > 1 ? 's' : ''} left by a dit command that was stopped`);
  }
}

/** Entry files a stopped writer put in the working tree: complete ones are staged, anything else removed. */
async function adoptEntries(store: Store, notes: string[]): Promise<void> {
  const file = join(store.cacheDir, INTENT);
  const intent = await readJson<{ pid: number; paths: string[] }>(file);
  if (!intent || !Array.isArray(intent.paths) || !store.vcs.worktree) return;
  const top = store.vcs.worktree;
  const paths = intent.paths.filter((p) => typeof p === 'string' && p.startsWith('.dit/') && !p.includes('..'));
  const staged = await store.vcs.stagedOf(paths);
  const adopt: string[] = [];
  for (const p of paths) {
    if (staged.has(p) || (await linkOn(top, p))) continue; // never read (nor remove) through a link
    const data = await readFile(join(top, p)).catch(() => null);
    const m = ENTRY_FILE.exec(basename(p));
    if (data && m && fileId(data) === m[1]) adopt.push(p);
    else if (data) await rm(join(top, p), { force: true });
  }
  for (const folder of new Set(paths.map((p) => dirname(p)))) {
    if (await linkOn(top, folder)) continue;
    const dir = join(top, folder);
    for (const n of await readdir(dir).catch(() => [] as string[]))
      if (/^\.\d+\.tmp$/.test(n)) await rm(join(dir, n), { force: true });
  }
  await store.vcs.stagePaths(adopt);
  if (adopt.length)
    notes.push(
      `staged ${adopt.length} entry file${adopt.length > 1 ? 's' : ''} that a stopped dit command had written but not staged (${adopt.slice(0, 3).join(', ')})`,
    );
  await rm(file, { force: true });
}

export interface PendingImport {
  ref: string;
  from: string | null;
  to: string;
  message: string;
}

/**
 * A tree-store import: the commit is made first, then the index and working tree are brought to it,
 * and only then does the branch move, so a kill at any point leaves a working copy that shows what it
 * shows; the note on disk lets the next writer finish the job (or undo it when the branch moved on).
 */
export async function applyImport(store: Store, job: PendingImport): Promise<void> {
  await writeJson(join(store.cacheDir, PENDING_IMPORT), job);
  faultPoint('import-noted');
  await completeImport(store, job);
}

async function completeImport(store: Store, job: PendingImport): Promise<void> {
  const vcs = store.vcs;
  // an earlier attempt may have written some files and not staged them: they are the import's own
  // (content-addressed entry files), and git refuses to check out over untracked files
  const added = await vcs.addedPaths(job.from, job.to);
  const staged = await vcs.stagedOf(added);
  await Promise.all(added.filter((p) => !staged.has(p)).map((p) => rm(join(vcs.worktree!, p), { force: true })));
  await vcs.checkoutChange(job.from, job.to);
  faultPoint('import-checked-out');
  const saved = 'the imported entries are staged in .dit/';
  if (!(await vcs.casRef(job.ref, job.to, job.from, job.message, saved, 'run `dit import` again to finish'))) {
    throw new Error(`${job.ref} moved while importing`);
  }
  store.invalidate();
  faultPoint('import-ref-moved');
  await rm(join(store.cacheDir, PENDING_IMPORT), { force: true });
}

async function finishImport(store: Store, notes: string[]): Promise<void> {
  const file = join(store.cacheDir, PENDING_IMPORT);
  const job = await readJson<PendingImport>(file);
  if (!job || typeof job.ref !== 'string' || typeof job.to !== 'string') return;
  const vcs = store.vcs;
  const now = await vcs.resolve(job.ref);
  if (now === job.to) {
    await rm(file, { force: true });
    return; // stopped after the branch moved: nothing is missing
  }
  if (now === job.from && (await vcs.resolve(job.to))) {
    await completeImport(store, job);
    notes.push(
      `finished an import that was interrupted: ${job.ref.replace('refs/heads/', '')} now has its commit ${shortId(job.to)}`,
    );
    return;
  }
  // the branch moved on (a commit of the user's, maybe with the staged entries): take back what the
  // interrupted import staged and that the branch does not have, so a new import starts clean
  const added = now ? await vcs.addedPaths(now, job.to) : [];
  const staged = await vcs.stagedOf(added);
  const undo = added.filter((p) => staged.has(p));
  if (undo.length) {
    await vcs.unstage(undo);
    await Promise.all(undo.map((p) => rm(join(vcs.worktree!, p), { force: true })));
  }
  await rm(file, { force: true });
  notes.push(
    `undid an import that was interrupted before ${job.ref.replace('refs/heads/', '')} moved ` +
      `(it has moved since): ${undo.length} staged entry files taken back; run the import again`,
  );
}
