// Writing objects with plumbing: blobs, trees edited by path, commits.
import type { Git } from './repo.js';
import { isTree, mktreeInput, type TreeEntry } from './tree.js';

export async function writeBlob(git: Git, data: Buffer): Promise<string> {
  return (await git.text(['hash-object', '-w', '--stdin'], { input: data })).trim();
}

export async function mktree(git: Git, entries: readonly TreeEntry[]): Promise<string> {
  return (await git.text(['mktree'], { input: mktreeInput(entries) })).trim();
}

/** A file (blob) to place at a slash-separated path. */
export interface FileAdd { path: string; oid: string }

/**
 * Returns a tree equal to `base` (a tree oid, or null for empty) with the files added, reading only
 * the subtrees on the way to them and writing only the trees that change.
 */
export async function addToTree(git: Git, base: string | null, files: readonly FileAdd[]): Promise<string> {
  const entries = base ? ((await git.readTree(base))?.entries ?? []) : [];
  const byName = new Map(entries.map((e) => [e.name, e]));
  const groups = new Map<string, FileAdd[]>();
  for (const f of files) {
    const slash = f.path.indexOf('/');
    if (slash < 0) {
      byName.set(f.path, { mode: '100644', name: f.path, oid: f.oid });
    } else {
      const dir = f.path.slice(0, slash);
      const list = groups.get(dir) ?? [];
      list.push({ path: f.path.slice(slash + 1), oid: f.oid });
      groups.set(dir, list);
    }
  }
  await Promise.all([...groups].map(async ([dir, list]) => {
    const existing = byName.get(dir);
    const oid = await addToTree(git, existing && isTree(existing) ? existing.oid : null, list);
    byName.set(dir, { mode: '40000', name: dir, oid });
  }));
  return mktree(git, [...byName.values()]);
}

/** Union of two trees of immutable files: what either has, recursively. Same name means same content. */
export async function unionTrees(git: Git, a: string, b: string): Promise<string> {
  if (a === b) return a;
  const [ta, tb] = await Promise.all([git.readTree(a), git.readTree(b)]);
  const byName = new Map((ta?.entries ?? []).map((e) => [e.name, e]));
  await Promise.all((tb?.entries ?? []).map(async (e) => {
    const mine = byName.get(e.name);
    if (!mine) byName.set(e.name, e);
    else if (isTree(mine) && isTree(e) && mine.oid !== e.oid) byName.set(e.name, { ...e, oid: await unionTrees(git, mine.oid, e.oid) });
  }));
  return mktree(git, [...byName.values()]);
}

export async function commitTree(git: Git, tree: string, parents: readonly string[], message: string): Promise<string> {
  const args = ['commit-tree', tree];
  for (const p of parents) args.push('-p', p);
  return (await git.text(args, { input: message })).trim();
}
