// Where a view's journals come from: the code tree, the shared journals, and uncommitted files.

import { createHash } from 'node:crypto';
import { ATTACHMENT_FILE } from '../../model/entries/attach.js';
import type { Warning } from '../../model/entry-file.js';
import { ENTRY_FILE, entryId, fileId } from '../../model/entry-file.js';
import { PACK_FILE, parsePack } from '../../model/entry-pack.js';
import { splitSigned } from '../../model/trust/signed-entry.js';
import type { Vcs } from '../../vcs/port.js';
import type { JsonMapCache } from '../cache/json-map-cache.js';

export const COLLECTIONS = ['tickets', 'milestones', 'labels'] as const;
export type Collection = (typeof COLLECTIONS)[number];

export const DIT_DIR = '.dit';
export const JOURNAL_REF = 'refs/dit/journal';
export const REMOTE_JOURNALS = 'refs/dit/remotes/';

/** An uncommitted file in the working copy: the key of its content (if staged as is) and, if read, its bytes. */
export interface LooseFile {
  key: string | null;
  data?: Buffer;
}

/** One journal (ticket, milestone or label) as seen by a view: trees to read and loose files on top. */
export interface JournalParts {
  collection: Collection;
  id: string;
  /** Folder keys of `<collection>/<id>` in the code tree and in each shared journal. */
  trees: { tree: string; where: string }[];
  /** Working-copy changes to the code tree's part, by file name; key null and no data means deleted. */
  loose: Map<string, LooseFile> | null;
}

export interface Roots {
  /** The commit whose tree and history the view shows (null: unborn branch or no code view). */
  commit: string | null;
  code: Partial<Record<Collection, string>>;
  journals: { ref: string; trees: Partial<Record<Collection, string>> }[];
  overlay: Map<Collection, Map<string, Map<string, LooseFile>>>;
  warnings: Warning[];
}

export type { Warning } from '../../model/entry-file.js';

export interface JournalRef {
  ref: string;
  oid: string;
}

/** The local shared journal and the remote ones a plain `git fetch` (`hg pull`) brought. */
export async function journalRefs(vcs: Vcs): Promise<JournalRef[]> {
  const refs = await vcs.listRefs('refs/dit/');
  return refs.filter((r) => r.ref === JOURNAL_REF || (r.ref.startsWith(REMOTE_JOURNALS) && r.ref.endsWith('/journal')));
}

const HEX40 = /^[0-9a-f]{40}$/;

/**
 * The collection folders of a commit's snapshot at `path` (`.dit` in a branch, the top of a shared
 * journal). A commit never changes, so the answer is remembered: a warm `dit ls` starts no process at all.
 */
async function collectionsOf(
  vcs: Vcs,
  commit: string,
  path: string,
  lookupCache?: JsonMapCache<string | null>,
): Promise<Partial<Record<Collection, string>>> {
  const key = path ? `${commit}:${path}` : `${commit}^{tree}`; // the names these answers were first kept under
  const known = HEX40.test(commit) ? await lookupCache?.get(key) : undefined;
  if (typeof known === 'string') {
    const out: Partial<Record<Collection, string>> = {};
    for (const pair of known.split(',').filter(Boolean)) {
      const [name, oid] = pair.split('=');
      if ((COLLECTIONS as readonly string[]).includes(name ?? '') && oid && HEX40.test(oid))
        out[name as Collection] = oid;
    }
    // hg's folder keys are dit's own, readable only while their listings are kept: else list the commit again
    if ((await Promise.all(Object.values(out).map((k) => vcs.knowsDir(k)))).every(Boolean)) return out;
  }
  const dir = await vcs.dirAt(commit, path);
  const tree = dir ? await vcs.readDir(dir) : null;
  const out: Partial<Record<Collection, string>> = {};
  for (const e of tree?.entries ?? [])
    if (e.dir && (COLLECTIONS as readonly string[]).includes(e.name)) out[e.name as Collection] = e.key;
  if (HEX40.test(commit))
    await lookupCache?.set(
      key,
      Object.entries(out)
        .map(([name, oid]) => `${name}=${oid}`)
        .join(','),
    );
  return out;
}

/** Resolves the roots of a view: `commit` (may be null) plus, for the working tree, its changes. */
export async function resolveRoots(
  vcs: Vcs,
  commit: string | null,
  withWorktree: boolean,
  journalRefs: Promise<JournalRef[]>,
  lookupCache?: JsonMapCache<string | null>,
): Promise<Roots> {
  const [code, changes, journals] = await Promise.all([
    commit ? collectionsOf(vcs, commit, DIT_DIR, lookupCache) : Promise.resolve({}),
    withWorktree ? vcs.stagedChanges(`${DIT_DIR}/`, commit) : Promise.resolve([]),
    journalRefs.then((refs) =>
      Promise.all(refs.map(async (r) => ({ ref: r.ref, trees: await collectionsOf(vcs, r.oid, '', lookupCache) }))),
    ),
  ]);
  const overlay = new Map<Collection, Map<string, Map<string, LooseFile>>>();
  const warnings: Warning[] = [];
  for (const c of changes) {
    const [dit, collection, id, name, ...rest] = c.path.split('/');
    if (
      dit !== DIT_DIR ||
      !(COLLECTIONS as readonly string[]).includes(collection ?? '') ||
      !id ||
      !name ||
      rest.length
    )
      continue;
    if (!HEX40.test(id) || !(ENTRY_FILE.test(name) || PACK_FILE.test(name))) {
      warnings.push({
        path: c.path,
        problem: 'not an entry file (expected .dit/<collection>/<40-hex id>/<40-hex id>.json); ignored',
      });
      continue;
    }
    const byId = overlay.get(collection as Collection) ?? new Map<string, Map<string, LooseFile>>();
    overlay.set(collection as Collection, byId);
    const files = byId.get(id) ?? new Map<string, LooseFile>();
    byId.set(id, files);
    files.set(name, c.data ? { key: c.key, data: c.data } : { key: c.key });
  }
  return { commit, code, journals, overlay, warnings };
}

/** Every journal of a collection in the view, with the parts to read for each. */
export async function listJournals(vcs: Vcs, roots: Roots, collection: Collection): Promise<Map<string, JournalParts>> {
  const out = new Map<string, JournalParts>();
  const part = (id: string): JournalParts => {
    let p = out.get(id);
    if (!p) out.set(id, (p = { collection, id, trees: [], loose: null }));
    return p;
  };
  const sources: { tree: string; where: string }[] = [];
  const code = roots.code[collection];
  if (code) sources.push({ tree: code, where: `${DIT_DIR}/${collection}` });
  for (const j of roots.journals) {
    const t = j.trees[collection];
    if (t) sources.push({ tree: t, where: `${j.ref}:${collection}` });
  }
  const listings = await Promise.all(sources.map((s) => vcs.readDir(s.tree)));
  listings.forEach((listing, i) => {
    for (const e of listing?.entries ?? []) {
      if (e.dir && HEX40.test(e.name))
        part(e.name).trees.push({ tree: e.key, where: `${sources[i]!.where}/${e.name}` });
    }
  });
  for (const [id, files] of roots.overlay.get(collection) ?? []) part(id).loose = files;
  return out;
}

/** The parts of one journal, looked up by path (no listing of the whole collection). */
export async function journalParts(
  vcs: Vcs,
  roots: Roots,
  collection: Collection,
  id: string,
  lookups?: JsonMapCache<string | null>,
): Promise<JournalParts | null> {
  const sources: { tree: string; where: string }[] = [];
  const code = roots.code[collection];
  if (code) sources.push({ tree: code, where: `${DIT_DIR}/${collection}` });
  for (const j of roots.journals) {
    const t = j.trees[collection];
    if (t) sources.push({ tree: t, where: `${j.ref}:${collection}` });
  }
  // a lookup in a folder of ten thousand entries costs milliseconds; folders never change, so remember
  const found = await Promise.all(
    sources.map(async (s) => {
      const key = `${s.tree}:${id}`;
      const known = await lookups?.get(key);
      if (known === null || (known !== undefined && (await vcs.knowsDir(known)))) return known;
      const found = await vcs.lookup(s.tree, id);
      const dir = found?.dir ? found.key : null;
      await lookups?.set(key, dir);
      return dir;
    }),
  );
  const p: JournalParts = { collection, id, trees: [], loose: roots.overlay.get(collection)?.get(id) ?? null };
  found.forEach((oid, i) => {
    if (oid) p.trees.push({ tree: oid, where: `${sources[i]!.where}/${id}` });
  });
  return p.trees.length || p.loose ? p : null;
}

/** A cache key for one journal as the view sees it: changes whenever any of its files could. */
export function partsKey(p: JournalParts): string {
  const trees = p.trees.map((t) => t.tree).join(',');
  if (!p.loose) return trees;
  const h = createHash('sha1').update(trees);
  for (const [name, f] of [...p.loose].sort(([a], [b]) => (a < b ? -1 : 1)))
    h.update(`|${name}:${f.key ?? (f.data ? entryId(f.data) : '-')}`);
  return h.digest('hex');
}

/** An entry's bytes and where they came from (an entry file, or an entry pack); `problem` when unreadable. */
export interface RawFile {
  path: string;
  id: string;
  data: Buffer;
  problem?: string;
}

/**
 * Reads a journal's entry files, de-duplicated by entry id. The code tree's part is overlaid with the
 * working tree's changes; shared journals are read as they are.
 */
export async function readJournal(vcs: Vcs, p: JournalParts): Promise<RawFile[]> {
  const files = new Map<string, { path: string; key: string | null; data?: Buffer }>();
  const listings = await Promise.all(p.trees.map((t) => vcs.readDir(t.tree)));
  listings.forEach((listing, i) => {
    const t = p.trees[i]!;
    const isCode = t.where.startsWith(DIT_DIR);
    for (const e of listing?.entries ?? []) {
      if (e.dir || ATTACHMENT_FILE.test(e.name)) continue; // an attachment's bytes are not an entry
      if (isCode && p.loose?.has(e.name)) continue; // the working tree's version wins
      files.set(`${i}/${e.name}`, { path: `${t.where}/${e.name}`, key: e.key });
    }
  });
  for (const [name, f] of p.loose ?? []) {
    if ((f.key || f.data) && !ATTACHMENT_FILE.test(name))
      files.set(`w/${name}`, {
        path: `${DIT_DIR}/${p.collection}/${p.id}/${name}`,
        key: f.key,
        ...(f.data ? { data: f.data } : {}),
      });
  }
  const read = await Promise.all(
    [...files.values()].map(async (f): Promise<RawFile[]> => {
      const data = f.data ?? (f.key ? await vcs.readFile(f.key) : null);
      if (!data) return [];
      if (PACK_FILE.test(f.path.slice(f.path.lastIndexOf('/') + 1))) {
        const pack = parsePack(data);
        if (!pack.ok) return [{ path: f.path, id: f.key ?? entryId(data), data, problem: pack.problem }];
        return pack.entries.map((e) => ({ path: f.path, id: fileId(e), data: e }));
      }
      // an unsigned file's id is its blob id, known without hashing; a signed one's is its canonical bytes'
      return [{ path: f.path, id: vcs.keysAreEntryIds && f.key && !splitSigned(data) ? f.key : fileId(data), data }];
    }),
  );
  // an entry may be both packed and loose (a branch packed it, another still has the file): once
  const seen = new Set<string>();
  const out: RawFile[] = [];
  for (const r of read.flat())
    if (!seen.has(r.id)) {
      seen.add(r.id);
      out.push(r);
    }
  return out;
}
