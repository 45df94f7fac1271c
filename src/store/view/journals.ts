// Where a view's journals come from: the code tree, the shared journals, and uncommitted files.
import type { Warning } from '../../model/entry-file.js';
import { ATTACHMENT_FILE } from '../../model/entries/attach.js';
import type { Git } from '../../git/repo.js';
import { isTree } from '../../git/tree.js';
import { stagedChanges } from '../../git/worktree.js';
import { listRefs } from '../../git/refs.js';
import { ENTRY_FILE, entryId, fileId } from '../../model/entry-file.js';
import { splitSigned } from '../../model/trust/signed-entry.js';
import { PACK_FILE, parsePack } from '../../model/entry-pack.js';
import { createHash } from 'node:crypto';
import type { Memo } from '../cache/memo.js';

export const COLLECTIONS = ['tickets', 'milestones', 'labels'] as const;
export type Collection = (typeof COLLECTIONS)[number];

export const DIT_DIR = '.dit';
export const JOURNAL_REF = 'refs/dit/journal';
export const REMOTE_JOURNALS = 'refs/dit/remotes/';

/** An uncommitted file in the working tree: its blob id (if staged as is) or its bytes. */
export interface LooseFile {
  oid: string | null;
  data?: Buffer;
}

/** One journal (ticket, milestone or label) as seen by a view: trees to read and loose files on top. */
export interface JournalParts {
  collection: Collection;
  id: string;
  /** Tree oids of `<collection>/<id>` in the code tree and in each shared journal. */
  trees: { tree: string; where: string }[];
  /** Working-tree changes to the code tree's part, by file name; oid null and no data means deleted. */
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

/** The local shared journal and the remote ones a plain `git fetch` brought. */
export async function journalRefs(git: Git): Promise<JournalRef[]> {
  const refs = await listRefs(git, 'refs/dit/');
  return refs.filter((r) => r.ref === JOURNAL_REF || (r.ref.startsWith(REMOTE_JOURNALS) && r.ref.endsWith('/journal')));
}

const HEX40 = /^[0-9a-f]{40}$/;

/**
 * The collection trees under a commit's `.dit` (`<commit>:.dit` or `<commit>^{tree}`). A commit never
 * changes, so the answer is remembered: a warm `dit ls` starts no git process at all.
 */
async function collectionsOf(
  git: Git,
  treeName: string,
  memo?: Memo<string | null>,
): Promise<Partial<Record<Collection, string>>> {
  const key = treeName;
  const known = HEX40.test(treeName.slice(0, 40)) ? await memo?.get(key) : undefined;
  if (typeof known === 'string') {
    const out: Partial<Record<Collection, string>> = {};
    for (const pair of known.split(',').filter(Boolean)) {
      const [name, oid] = pair.split('=');
      if ((COLLECTIONS as readonly string[]).includes(name ?? '') && oid && HEX40.test(oid))
        out[name as Collection] = oid;
    }
    return out;
  }
  const tree = await git.readTree(treeName);
  const out: Partial<Record<Collection, string>> = {};
  for (const e of tree?.entries ?? [])
    if (isTree(e) && (COLLECTIONS as readonly string[]).includes(e.name)) out[e.name as Collection] = e.oid;
  if (HEX40.test(treeName.slice(0, 40)))
    await memo?.set(
      key,
      Object.entries(out)
        .map(([name, oid]) => `${name}=${oid}`)
        .join(','),
    );
  return out;
}

/** Resolves the roots of a view: `commit` (may be null) plus, for the working tree, its changes. */
export async function resolveRoots(
  git: Git,
  commit: string | null,
  withWorktree: boolean,
  journalRefs: Promise<JournalRef[]>,
  memo?: Memo<string | null>,
): Promise<Roots> {
  const [code, changes, journals] = await Promise.all([
    commit ? collectionsOf(git, `${commit}:${DIT_DIR}`, memo) : Promise.resolve({}),
    withWorktree ? stagedChanges(git, `${DIT_DIR}/`, commit) : Promise.resolve([]),
    journalRefs.then((refs) =>
      Promise.all(refs.map(async (r) => ({ ref: r.ref, trees: await collectionsOf(git, `${r.oid}^{tree}`, memo) }))),
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
    files.set(name, { oid: c.oid });
  }
  return { commit, code, journals, overlay, warnings };
}

/** Every journal of a collection in the view, with the parts to read for each. */
export async function listJournals(git: Git, roots: Roots, collection: Collection): Promise<Map<string, JournalParts>> {
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
  const listings = await Promise.all(sources.map((s) => git.readTree(s.tree)));
  listings.forEach((listing, i) => {
    for (const e of listing?.entries ?? []) {
      if (isTree(e) && HEX40.test(e.name))
        part(e.name).trees.push({ tree: e.oid, where: `${sources[i]!.where}/${e.name}` });
    }
  });
  for (const [id, files] of roots.overlay.get(collection) ?? []) part(id).loose = files;
  return out;
}

/** The parts of one journal, looked up by path (no listing of the whole collection). */
export async function journalParts(
  git: Git,
  roots: Roots,
  collection: Collection,
  id: string,
  lookups?: Memo<string | null>,
): Promise<JournalParts | null> {
  const sources: { tree: string; where: string }[] = [];
  const code = roots.code[collection];
  if (code) sources.push({ tree: code, where: `${DIT_DIR}/${collection}` });
  for (const j of roots.journals) {
    const t = j.trees[collection];
    if (t) sources.push({ tree: t, where: `${j.ref}:${collection}` });
  }
  // a lookup in a tree of ten thousand entries costs git milliseconds; trees never change, so remember
  const found = await Promise.all(
    sources.map(async (s) => {
      const key = `${s.tree}:${id}`;
      const known = await lookups?.get(key);
      if (known !== undefined) return known;
      const info = await git.cat.info(key);
      const oid = info?.type === 'tree' ? info.oid : null;
      await lookups?.set(key, oid);
      return oid;
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
    h.update(`|${name}:${f.oid ?? (f.data ? entryId(f.data) : '-')}`);
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
export async function readJournal(git: Git, p: JournalParts, sha1Ids: boolean): Promise<RawFile[]> {
  const files = new Map<string, { path: string; oid: string | null; data?: Buffer }>();
  const listings = await Promise.all(p.trees.map((t) => git.readTree(t.tree)));
  listings.forEach((listing, i) => {
    const t = p.trees[i]!;
    const isCode = t.where.startsWith(DIT_DIR);
    for (const e of listing?.entries ?? []) {
      if (isTree(e) || ATTACHMENT_FILE.test(e.name)) continue; // an attachment's bytes are not an entry
      if (isCode && p.loose?.has(e.name)) continue; // the working tree's version wins
      files.set(`${i}/${e.name}`, { path: `${t.where}/${e.name}`, oid: e.oid });
    }
  });
  for (const [name, f] of p.loose ?? []) {
    if ((f.oid || f.data) && !ATTACHMENT_FILE.test(name))
      files.set(`w/${name}`, {
        path: `${DIT_DIR}/${p.collection}/${p.id}/${name}`,
        oid: f.oid,
        ...(f.data ? { data: f.data } : {}),
      });
  }
  const read = await Promise.all(
    [...files.values()].map(async (f): Promise<RawFile[]> => {
      const data = f.data ?? (f.oid ? await git.readBlob(f.oid) : null);
      if (!data) return [];
      if (PACK_FILE.test(f.path.slice(f.path.lastIndexOf('/') + 1))) {
        const pack = parsePack(data);
        if (!pack.ok) return [{ path: f.path, id: f.oid ?? entryId(data), data, problem: pack.problem }];
        return pack.entries.map((e) => ({ path: f.path, id: fileId(e), data: e }));
      }
      // an unsigned file's id is its blob id, known without hashing; a signed one's is its canonical bytes'
      return [{ path: f.path, id: sha1Ids && f.oid && !splitSigned(data) ? f.oid : fileId(data), data }];
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
