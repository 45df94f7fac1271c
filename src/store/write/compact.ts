// Entry packs (DESIGN §2): a journal's entry files compacted into one immutable pack, at import and by `dit gc`.
import { setTimeout as sleep } from 'node:timers/promises';
import { DitError } from '../../errors.js';
import { ENTRY_FILE, entryFileName, entryId, fileId } from '../../model/entry-file.js';
import { PACK_FILE, packFileName, parsePack, serializePack } from '../../model/entry-pack.js';
import type { DirEntry, FileChange, Vcs } from '../../vcs/port.js';
import type { Store } from '../store.js';
import { COLLECTIONS, DIT_DIR, JOURNAL_REF } from '../view/journals.js';

/** Below this many files a journal is left as it is: packing two files into one gains little. */
export const PACK_MIN_FILES = 2;

/** What packing one tree did: journals packed, files before and after, and the edits to make it so. */
export interface Packing {
  journals: number;
  filesBefore: number;
  filesAfter: number;
  /** The files to remove (`<collection>/<id>/<file>`). */
  removed: string[];
  blobs: { path: string; data: Buffer }[];
}

/** A packing as changes to a snapshot: the old files removed, the packs added. */
const changesOf = (plan: Packing): FileChange[] => [
  ...plan.removed.map((path) => ({ path, remove: true as const })),
  ...plan.blobs,
];

/**
 * Plans the packing of every journal under a `.dit`-like tree (`tickets/<id>/...`, ...): each journal
 * of at least `min` files becomes one pack of all its entries; the old files are removed. A pack that
 * cannot be read, or a file that is not an entry, is left alone. `skip` names journals not to touch
 * (`tickets/<id>`), such as those with uncommitted changes.
 */
export async function planPacking(
  vcs: Vcs,
  root: string | null,
  min = PACK_MIN_FILES,
  skip: ReadonlySet<string> = new Set(),
): Promise<Packing> {
  const plan: Packing = { journals: 0, filesBefore: 0, filesAfter: 0, removed: [], blobs: [] };
  if (!root) return plan;
  const top = (await vcs.readDir(root))?.entries ?? [];
  for (const c of top) {
    if (!c.dir || !(COLLECTIONS as readonly string[]).includes(c.name)) continue;
    const journals = (await vcs.readDir(c.key))?.entries ?? [];
    // journals in parallel batches: each costs a tree and a few blobs through the one cat-file process
    for (let i = 0; i < journals.length; i += 256) {
      await Promise.all(
        journals.slice(i, i + 256).map(async (j) => {
          if (!j.dir || skip.has(`${c.name}/${j.name}`)) return;
          const packed = await packJournal(vcs, `${c.name}/${j.name}`, j.key, min);
          if (!packed) return;
          plan.journals++;
          plan.filesBefore += packed.before;
          plan.filesAfter++;
          plan.removed.push(...packed.removed);
          plan.blobs.push(packed.blob);
        }),
      );
    }
  }
  return plan;
}

/** One journal's packing (`dir` is `tickets/<id>`): null when it has fewer than `min` files, or cannot be read. */
async function packJournal(
  vcs: Vcs,
  dir: string,
  tree: string,
  min: number,
): Promise<{ before: number; removed: string[]; blob: { path: string; data: Buffer } } | null> {
  const files = ((await vcs.readDir(tree))?.entries ?? []).filter(
    (f) => !f.dir && (ENTRY_FILE.test(f.name) || PACK_FILE.test(f.name)),
  );
  if (files.length < min) return null;
  const entries: Buffer[] = [];
  for (const f of files) {
    const data = await vcs.readFile(f.key);
    if (!data) return null;
    if (PACK_FILE.test(f.name)) {
      const pack = parsePack(data);
      if (!pack.ok) return null; // a damaged or newer pack: leave the whole journal as it is
      entries.push(...pack.entries);
    } else {
      entries.push(data);
    }
  }
  const data = serializePack(entries);
  const name = packFileName(entryId(data));
  if (files.length === 1 && files[0]!.name === name) return null;
  return {
    before: files.length,
    removed: files.filter((f) => f.name !== name).map((f) => `${dir}/${f.name}`),
    blob: { path: `${dir}/${name}`, data },
  };
}

/** A journal of the shared journal with this many files is packed by the write that reaches it. */
export const AUTO_PACK_FILES = 32;

/**
 * After a write to the shared journal (commit `commit`): each journal in `dirs` (`tickets/<id>`) that
 * now holds AUTO_PACK_FILES files or more is packed in one more commit on top, by compare-and-swap.
 * Losing the race to another writer skips it (their write, or the next one, packs it); readers count
 * an entry once however it is stored, so nothing any reader sees changes. Only the shared journal is
 * packed by itself: packing a branch's files is a change to commit, which `dit gc` makes when asked.
 */
export async function autoPack(
  vcs: Vcs,
  commit: string,
  dirs: readonly string[],
  who: { name: string; email: string },
): Promise<string | null> {
  const plan: Packing = { journals: 0, filesBefore: 0, filesAfter: 0, removed: [], blobs: [] };
  for (const dir of new Set(dirs)) {
    const tree = await vcs.dirAt(commit, dir);
    const packed = tree ? await packJournal(vcs, dir, tree, AUTO_PACK_FILES) : null;
    if (!packed) continue;
    plan.journals++;
    plan.removed.push(...packed.removed);
    plan.blobs.push(packed.blob);
  }
  if (!plan.journals) return null;
  const message = `dit: pack the entries of ${plan.journals} journal${plan.journals === 1 ? '' : 's'}`;
  return vcs.casCommit(JOURNAL_REF, commit, { parents: [commit], changes: changesOf(plan), message, author: who });
}

export interface GcResult {
  branch: Packing | null;
  shared: Packing | null;
  commit: string | null;
  journalCommit: string | null;
}

/**
 * `dit gc`: packs the checked-out branch's committed `.dit/` (journals with staged changes are left for
 * next time) and commits that at once with any other staged `.dit/` files, as `--commit` does; then packs
 * the shared journal with a compare-and-swap commit. Answers never change: readers see the same entries.
 */
export async function gc(
  store: Store,
  opts: { min?: number; shared?: boolean; branch?: boolean } = {},
): Promise<GcResult> {
  const vcs = store.vcs;
  const min = opts.min ?? PACK_MIN_FILES;
  const out: GcResult = { branch: null, shared: null, commit: null, journalCommit: null };
  if (opts.branch !== false && !store.bare && vcs.worktree) {
    const head = (await vcs.head()).oid;
    const root = head ? await vcs.dirAt(head, DIT_DIR) : null;
    const staged = new Set(
      (await vcs.stagedChanges(`${DIT_DIR}/`, head)).map((c) => c.path.split('/').slice(1, 3).join('/')),
    );
    const plan = await planPacking(vcs, root, min, staged);
    out.branch = plan;
    if (plan.journals) {
      await vcs.replaceStaged(
        plan.removed.map((path) => `${DIT_DIR}/${path}`),
        plan.blobs.map((b) => ({ path: `${DIT_DIR}/${b.path}`, data: b.data })),
      );
      out.commit = await vcs.commitPaths(`${DIT_DIR}/`, `dit: pack the entries of ${plan.journals} journals`);
    }
  }
  if (opts.shared !== false) {
    const author = await store.identity();
    for (let attempt = 0; attempt < 10; attempt++) {
      const old = await vcs.resolve(JOURNAL_REF);
      if (!old) break;
      const tree = await vcs.dirAt(old, '');
      const plan = await planPacking(vcs, tree, min);
      out.shared = plan;
      if (!plan.journals) break;
      const message = `dit: pack the entries of ${plan.journals} journals`;
      const commit = await vcs.casCommit(JOURNAL_REF, old, {
        parents: [old],
        changes: changesOf(plan),
        message,
        author,
      });
      if (commit) {
        out.journalCommit = commit;
        break;
      }
      if (attempt === 9)
        throw new DitError('conflict', `${JOURNAL_REF} kept moving during dit gc; nothing was lost, run it again`);
      await sleep(10 + Math.random() * 40);
    }
  }
  store.invalidate();
  return out;
}

/**
 * At import: the files of each journal with more than one entry become one pack, so a new repository
 * starts with one file per ticket. `files` are paths under `.dit/` (`tickets/<id>/<entry>.json`).
 */
export function packForImport<F extends { path: string; data: Buffer }>(
  files: readonly F[],
  min = PACK_MIN_FILES,
): { path: string; data: Buffer }[] {
  const byJournal = new Map<string, Buffer[]>();
  for (const f of files) {
    const dir = f.path.slice(0, f.path.lastIndexOf('/'));
    const list = byJournal.get(dir) ?? [];
    list.push(f.data);
    byJournal.set(dir, list);
  }
  const out: { path: string; data: Buffer }[] = [];
  for (const [dir, list] of byJournal) {
    if (list.length < min) {
      for (const data of list) out.push({ path: `${dir}/${fileId(data)}.json`, data });
      continue;
    }
    const data = serializePack(list);
    out.push({ path: `${dir}/${packFileName(entryId(data))}`, data });
  }
  return out;
}

/**
 * For a union of two journals (`dit sync`): one side packed entries the other still has as files; the
 * files a pack holds are dropped, so a sync with a clone that did not pack does not undo the packing.
 */
export async function dropPacked(vcs: Vcs, path: readonly string[], entries: DirEntry[]): Promise<DirEntry[]> {
  if (path.length !== 2 || !(COLLECTIONS as readonly string[]).includes(path[0]!)) return entries;
  const packs = entries.filter((e) => !e.dir && PACK_FILE.test(e.name));
  if (!packs.length) return entries;
  const packed = new Set<string>();
  for (const p of packs) {
    const data = await vcs.readFile(p.key);
    const pack = data ? parsePack(data) : null;
    if (pack?.ok) for (const e of pack.entries) packed.add(entryFileName(fileId(e)));
  }
  return entries.filter((e) => !packed.has(e.name) || !ENTRY_FILE.test(e.name));
}
