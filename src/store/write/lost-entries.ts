// `dit recover`: entries dit wrote that no branch, index or journal holds any more (a reset, a stash), and restoring them.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ENTRY_FILE, fileId } from '../../model/entry-file.js';
import { PACK_FILE, parsePack } from '../../model/entry-pack.js';
import { LOST_CHECK_FILE, lostKey } from '../cache/lost-check.js';
import type { Store } from '../store.js';
import { DIT_DIR, JOURNAL_REF } from '../view/journals.js';
import { appendToJournal, writeFiles } from './write.js';
import { readWritten, type Written, writtenStamp } from './written-log.js';

export interface Lost extends Written {
  /** The ticket, milestone or label the entry belongs to, and what the entry does. */
  journal: string;
  kind: string;
  title: string | null;
  summary: string;
}

/** A tree store path as a path in a branch's snapshot (a journal's paths are its own). */
const inTree = (path: string) => `${DIT_DIR}/${path}`;

/**
 * Written entries that nothing holds any more: not HEAD, not the index, not any branch, remote branch or
 * shared journal. Entries whose objects git has pruned cannot come back and are left out.
 */
export async function lostEntries(store: Store): Promise<Lost[]> {
  const written = await readWritten(store.cacheDir);
  if (!written.length) return [];
  const vcs = store.vcs;
  const head = await store.headCommit();
  const staged = store.bare
    ? new Map<string, string | null>()
    : new Map((await vcs.stagedChanges(`${DIT_DIR}/`, head)).map((c) => [c.path, c.key]));
  const refs = [
    ...(head ? ['HEAD'] : []),
    ...(await vcs.listRefs('refs/'))
      .map((r) => r.ref)
      .filter((r) => !r.startsWith('refs/stash') && !r.startsWith('refs/tags/')),
  ];
  const journals = refs.filter((r) => r === JOURNAL_REF || (r.startsWith('refs/dit/') && r.endsWith('/journal')));
  const branches = refs.filter((r) => !journals.includes(r));
  // `dit gc` replaces entry files with an entry pack, which holds them just as well
  const packIds = new Map<string, Promise<Set<string>>>();
  const inPack = async (rev: string, path: string, id: string): Promise<boolean> => {
    const key = await vcs.keyAt(rev, path);
    const dir = key ? await vcs.readDir(key) : null;
    for (const e of dir?.entries ?? []) {
      if (!PACK_FILE.test(e.name)) continue;
      let ids = packIds.get(e.key);
      if (!ids) {
        packIds.set(
          e.key,
          (ids = vcs.readFile(e.key).then((b) => {
            const p = b ? parsePack(b) : null;
            return new Set(p?.ok ? p.entries.map((x) => fileId(x)) : []);
          })),
        );
      }
      if ((await ids).has(id)) return true;
    }
    return false;
  };
  const held = async (w: Written): Promise<boolean> => {
    if (staged.get(`${DIT_DIR}/${w.path}`)) return true;
    for (const r of journals) if (await vcs.keyAt(r, w.path)) return true;
    for (const r of branches) if (await vcs.keyAt(r, inTree(w.path))) return true;
    const id = ENTRY_FILE.exec(basename(w.path))?.[1];
    if (!id) return false;
    for (const r of journals) if (await inPack(r, dirname(w.path), id)) return true;
    for (const r of branches) if (await inPack(r, inTree(dirname(w.path)), id)) return true;
    return false;
  };
  const out: Lost[] = [];
  await Promise.all(
    written.map(async (w) => {
      if (await held(w)) return;
      const data = await vcs.readFile(w.oid);
      if (!data) return; // pruned by git gc: nothing left to restore
      out.push({ ...w, ...describe(w, data) });
    }),
  );
  return out.sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : a.path < b.path ? -1 : 1));
}

function describe(w: Written, data: Buffer): Pick<Lost, 'journal' | 'kind' | 'title' | 'summary'> {
  const journal = w.path.split('/')[1]!;
  let e: Record<string, unknown> = {};
  try {
    e = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
  } catch {
    /* shown as unreadable */
  }
  const kind = typeof e.kind === 'string' ? e.kind : 'unreadable';
  const title = typeof e.title === 'string' ? e.title : null;
  const text = (x: unknown) => (typeof x === 'string' ? x.replace(/\s+/g, ' ').slice(0, 60) : '');
  const summary =
    kind === 'create'
      ? `new ${String(e.type ?? 'ticket')} "${text(e.title)}"`
      : kind === 'comment'
        ? `comment "${text(e.body)}"`
        : kind === 'status'
          ? `status ${text(e.status)}`
          : kind === 'set'
            ? `set ${Object.keys((e.fields as object) ?? {}).join(', ')}`
            : kind === 'label'
              ? `labels ${[...((e.add as string[]) ?? []).map((l) => `+${l}`), ...((e.remove as string[]) ?? []).map((l) => `-${l}`)].join(' ')}`
              : kind;
  return { journal, kind, title, summary };
}

/**
 * Puts lost entries back where they were written: tree-store entries staged again in the working tree
 * (or, in a bare repository, onto the shared journal), shared ones onto the shared journal.
 */
export async function restoreEntries(store: Store, lost: readonly Lost[]): Promise<{ staged: number; shared: number }> {
  const tree: { path: string; data: Buffer }[] = [];
  const shared: { path: string; key: string }[] = [];
  for (const l of lost) {
    if (l.store === 'tree' && !store.bare) {
      const data = await store.vcs.readFile(l.oid);
      if (data) tree.push({ path: l.path, data });
    } else shared.push({ path: l.path, key: l.oid });
  }
  const what = (n: number) => `dit: recover ${n} entr${n === 1 ? 'y' : 'ies'}`;
  if (tree.length)
    await writeFiles(store, { store: 'tree', commit: false }, tree, what(tree.length), { replace: true });
  if (shared.length) await appendToJournal(store, shared, what(shared.length));
  store.invalidate();
  return { staged: tree.length, shared: shared.length };
}

/**
 * How many entries are lost, cheaply: remembered while refs, index and the log are unchanged, so
 * `dit ls` pays for the check only after something moved. `stamp`: git's state when the caller already read it.
 */
export async function lostCount(store: Store, stamp?: string | null): Promise<number> {
  const log = await writtenStamp(store.cacheDir);
  if (!log) return 0;
  const refs = stamp === undefined ? store.stamp() : stamp;
  const key = refs === null ? null : lostKey(log, refs);
  const checkFile = join(store.cacheDir, LOST_CHECK_FILE);
  if (key) {
    const known = await readFile(checkFile, 'utf8')
      .then((t) => JSON.parse(t) as { key: string; count: number })
      .catch(() => null);
    if (known?.key === key && typeof known.count === 'number') return known.count;
  }
  const count = (await lostEntries(store)).length;
  if (key) {
    await mkdir(store.cacheDir, { recursive: true });
    const tmp = `${checkFile}.${process.pid}`;
    await writeFile(tmp, JSON.stringify({ key, count }))
      .then(() => rename(tmp, checkFile))
      .catch(() => {});
  }
  return count;
}
