// What hg names: bookmarks, named branches' heads, tags, the shared journal's heads, dit's own refs; and a stamp of it all.
import { readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Branch, Tag } from '../vcs/port.js';
import type { Hg } from './repo.js';

/** The named branch that holds the shared journal (its own root, never merged into code). */
export const JOURNAL_BRANCH = 'dit/journal';
export const JOURNAL_REF = 'refs/dit/journal';

export interface Names {
  bookmarks: { name: string; node: string }[];
  /** Open heads per named branch, newest first. */
  heads: Map<string, string[]>;
  tags: { name: string; node: string; date: number }[];
}

/** Parses `debugdit-names`: `kind\0name\0node\0extra\0` records. */
export function parseNames(text: string): Names {
  const out: Names = { bookmarks: [], heads: new Map(), tags: [] };
  const f = text.split('\0');
  for (let i = 0; i + 3 < f.length; i += 4) {
    const [kind, name, node, extra] = [f[i]!, f[i + 1]!, f[i + 2]!, f[i + 3]!];
    if (kind === 'B') out.bookmarks.push({ name, node });
    else if (kind === 'H') out.heads.set(name, [...(out.heads.get(name) ?? []), node]);
    else if (kind === 'T') out.tags.push({ name, node, date: Number(extra) || 0 });
  }
  return out;
}

/**
 * A fingerprint of what names and views depend on: the changelog, bookmarks, tags, phases, obsolescence
 * markers, the working copy's dirstate and branch, and dit's own refs. Null when a file changed so
 * recently that a second change could share its timestamp.
 */
export function hgStamp(hg: Pick<Hg, 'hgDir' | 'storeDir'>, withDirstate = true): string | null {
  const parts: string[] = [];
  let newest = 0n;
  const add = (path: string) => {
    const s = statSync(path, { bigint: true, throwIfNoEntry: false });
    parts.push(s ? `${path}:${s.ino}:${s.mtimeNs}:${s.size}` : `${path}:-`);
    if (s && s.mtimeNs > newest) newest = s.mtimeNs;
  };
  for (const f of ['00changelog.i', '00changelog.n', 'phaseroots', 'obsstore']) add(join(hg.storeDir, f));
  for (const f of ['bookmarks', 'localtags']) add(join(hg.hgDir, f));
  // what views read besides names: the working copy's parent and branch, and dit's own refs
  if (withDirstate) for (const f of ['dirstate', 'branch', 'bookmarks.current', 'dit/refs']) add(join(hg.hgDir, f));
  if (BigInt(Date.now()) * 1_000_000n - newest < 50_000_000n) return null;
  return parts.join('\n');
}

/**
 * Names, asked of hg once per state of the repository: remembered under `.hg/dit/` by the stamp of the
 * files they come from, so a warm `dit ls` starts no hg at all.
 */
export class NameCache {
  private current: { stamp: string | null; names: Promise<Names> } | null = null;
  constructor(private readonly hg: Hg) {}

  get(): Promise<Names> {
    const stamp = hgStamp(this.hg, false);
    if (this.current && stamp !== null && this.current.stamp === stamp) return this.current.names;
    const names = this.load(stamp);
    this.current = { stamp, names };
    names.catch(() => {
      if (this.current?.names === names) this.current = null;
    });
    return names;
  }

  forget(): void {
    this.current = null;
  }

  private async load(stamp: string | null): Promise<Names> {
    const file = join(this.hg.hgDir, 'dit', 'names-v1.json');
    if (stamp !== null) {
      const known = await readFile(file, 'utf8')
        .then((t) => JSON.parse(t) as { stamp: string; text: string })
        .catch(() => null);
      if (known?.stamp === stamp && typeof known.text === 'string') return parseNames(known.text);
    }
    const text = await this.hg.text(['debugdit-names']);
    if (stamp !== null) {
      await mkdir(join(this.hg.hgDir, 'dit'), { recursive: true }).catch(() => {});
      const tmp = `${file}.${process.pid}`;
      await writeFile(tmp, JSON.stringify({ stamp, text }))
        .then(() => rename(tmp, file))
        .catch(() => {});
    }
    return parseNames(text);
  }
}

/** dit's own refs (kept patchset tips): `.hg/dit/refs`, a line `<node> <ref>` each. */
export function readDitRefs(hg: Hg): Map<string, string> {
  const out = new Map<string, string>();
  let text = '';
  try {
    text = readFileSync(join(hg.hgDir, 'dit', 'refs'), 'utf8');
  } catch {
    return out;
  }
  for (const line of text.split('\n')) {
    const m = /^([0-9a-f]{40}) (refs\/dit\/\S+)$/.exec(line);
    if (m) out.set(m[2]!, m[1]!);
  }
  return out;
}

export async function writeDitRefs(hg: Hg, refs: Map<string, string>): Promise<void> {
  const file = join(hg.hgDir, 'dit', 'refs');
  await mkdir(join(hg.hgDir, 'dit'), { recursive: true });
  const tmp = `${file}.${process.pid}`;
  const lines = [...refs].sort(([a], [b]) => (a < b ? -1 : 1)).map(([ref, node]) => `${node} ${ref}\n`);
  await writeFile(tmp, lines.join(''));
  await rename(tmp, file);
}

/** Branches as views see them: bookmarks, and each named branch by its newest open head (not the journal's). */
export function branchesOf(names: Names): Branch[] {
  const out = new Map<string, Branch>();
  for (const [name, heads] of names.heads)
    if (name !== JOURNAL_BRANCH && heads[0]) out.set(name, { name, ref: `refs/heads/${name}`, oid: heads[0] });
  for (const b of names.bookmarks) out.set(b.name, { name: b.name, ref: `refs/heads/${b.name}`, oid: b.node });
  return [...out.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function tagsOf(names: Names): Tag[] {
  return names.tags.map((t) => ({ name: t.name, ref: `refs/tags/${t.name}`, commit: t.node, date: t.date }));
}

/**
 * Refs in git's spelling: `refs/heads/` branches and bookmarks, `refs/tags/`, the shared journal
 * (`refs/dit/journal` is ours, `journal`; another head, pulled and not yet merged by `dit sync`, is
 * `refs/dit/remotes/head-<node>/journal`, read as a remote's journal is) and dit's own refs.
 */
export function refsOf(names: Names, dit: Map<string, string>, journal: string | null): { ref: string; oid: string }[] {
  const out: { ref: string; oid: string }[] = [];
  for (const b of branchesOf(names)) out.push({ ref: b.ref, oid: b.oid });
  for (const t of names.tags) out.push({ ref: `refs/tags/${t.name}`, oid: t.node });
  if (journal) out.push({ ref: JOURNAL_REF, oid: journal });
  for (const node of names.heads.get(JOURNAL_BRANCH) ?? [])
    if (node !== journal) out.push({ ref: `refs/dit/remotes/head-${node.slice(0, 12)}/journal`, oid: node });
  for (const [ref, oid] of dit) if (ref !== JOURNAL_REF) out.push({ ref, oid });
  return out.sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
}
