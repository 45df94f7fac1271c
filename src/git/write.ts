// Writing objects with plumbing: blobs, trees edited by path, commits.

import { randomBytes } from 'node:crypto';
import { access, mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import type { Git } from './repo.js';
import { isTree, locateDirs, mktreeInput, objectId, serializeTree, spliceDirs, type TreeEntry } from './tree.js';

export async function writeBlob(git: Git, data: Buffer): Promise<string> {
  if (git.oidBytes === 20) return writeLooseObject(git, 'blob', data);
  return (await git.text(['hash-object', '-w', '--stdin'], { input: data })).trim();
}

export async function mktree(git: Git, entries: readonly TreeEntry[]): Promise<string> {
  if (git.oidBytes === 20) return writeLooseObject(git, 'tree', serializeTree(entries));
  return (await git.text(['mktree'], { input: mktreeInput(entries) })).trim();
}

/** Trees from this size are written uncompressed (zlib level 0): see writeLooseObject. */
const STORE_TREES_FROM = 1 << 20;

/**
 * Writes an object as git does, without a process: zlib-deflated under objects/xx/yyyy, through a
 * temporary file renamed into place, so a reader never sees half an object. An object that exists
 * is left alone. (SHA-1 repositories; others go through git.)
 */
async function writeLooseObject(git: Git, type: 'blob' | 'tree' | 'commit', data: Buffer): Promise<string> {
  const oid = objectId(type, data);
  const dir = join(git.objectsDir, oid.slice(0, 2));
  const path = join(dir, oid.slice(2));
  if (
    await access(path).then(
      () => true,
      () => false,
    )
  )
    return oid;
  // level 1, as git's own loose objects (core.looseCompression's default). A tree of megabytes (a folder of
  // 100,000 tickets) is mostly binary ids that deflate by a quarter at ten times the cost of storing them:
  // stored, as zlib allows (git gc packs it against its parent by delta)
  const level = type === 'tree' && data.length >= STORE_TREES_FROM ? 0 : 1;
  const body = deflateSync(Buffer.concat([Buffer.from(`${type} ${data.length}\0`), data]), { level });
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `tmp_obj_dit_${process.pid}_${randomBytes(6).toString('hex')}`);
  await writeFile(tmp, body, { mode: 0o444 });
  await rename(tmp, path);
  return oid;
}

/** A file (blob) to place at a slash-separated path. */
export interface FileAdd {
  path: string;
  oid: string;
}

/** A change to one path: a blob to place (with its mode, 100644 by default), or `oid` null to remove it. */
export interface FileEdit {
  path: string;
  oid: string | null;
  mode?: string;
}

/**
 * Returns a tree equal to `base` (a tree oid, or null for empty) with the files added, reading only
 * the subtrees on the way to them and writing only the trees that change.
 */
export async function addToTree(git: Git, base: string | null, files: readonly FileAdd[]): Promise<string> {
  return (await editTree(git, base, files)) ?? mktree(git, []);
}

/**
 * `base` with the edits applied: the cost is in the edited paths (the trees on the way to them are
 * read and rewritten), not in the size of the tree. A directory left empty disappears, as in git;
 * null when the whole tree is empty.
 */
export async function editTree(git: Git, base: string | null, edits: readonly FileEdit[]): Promise<string | null> {
  if (!edits.length && base) return base;
  if (base && git.oidBytes === 20 && edits.every((f) => f.path.includes('/'))) {
    const spliced = await editBigTree(git, base, edits);
    if (spliced !== undefined) return spliced;
  }
  const entries = base ? ((await git.readTree(base))?.entries ?? []) : [];
  const byName = new Map(entries.map((e) => [e.name, e]));
  const groups = new Map<string, FileEdit[]>();
  for (const f of edits) {
    const slash = f.path.indexOf('/');
    if (slash < 0) {
      if (f.oid === null) byName.delete(f.path);
      else byName.set(f.path, { mode: f.mode ?? '100644', name: f.path, oid: f.oid });
    } else {
      const dir = f.path.slice(0, slash);
      const list = groups.get(dir) ?? [];
      list.push({ ...f, path: f.path.slice(slash + 1) });
      groups.set(dir, list);
    }
  }
  await Promise.all(
    [...groups].map(async ([dir, list]) => {
      const existing = byName.get(dir);
      const oid = await editTree(git, existing && isTree(existing) ? existing.oid : null, list);
      if (oid === null) byName.delete(dir);
      else byName.set(dir, { mode: '40000', name: dir, oid });
    }),
  );
  return byName.size ? mktree(git, [...byName.values()]) : null;
}

/** A tree this big (a folder of thousands of tickets) is edited in its bytes; smaller ones are parsed. */
const BIG_TREE_BYTES = 64 * 1024;

/**
 * editTree for a big tree whose edits are all inside its folders: the folders are found and replaced in
 * the tree's bytes (tree.ts' locateDirs), so a write into a folder of 100,000 tickets neither parses nor
 * re-sorts them. Undefined when the tree is small, or a name is a file: the caller edits it entry by entry.
 */
async function editBigTree(git: Git, base: string, edits: readonly FileEdit[]): Promise<string | null | undefined> {
  const obj = await git.cat.contents(base);
  if (obj?.type !== 'tree' || obj.data.length < BIG_TREE_BYTES) return undefined;
  const groups = new Map<string, FileEdit[]>();
  for (const f of edits) {
    const slash = f.path.indexOf('/');
    const dir = f.path.slice(0, slash);
    const list = groups.get(dir) ?? [];
    list.push({ ...f, path: f.path.slice(slash + 1) });
    groups.set(dir, list);
  }
  const slots = locateDirs(obj.data, [...groups.keys()], git.oidBytes);
  if (!slots) return undefined;
  const oids = new Map<string, string | null>();
  await Promise.all(slots.map(async (s) => oids.set(s.name, await editTree(git, s.oid, groups.get(s.name)!))));
  const data = spliceDirs(obj.data, slots, oids);
  return data.length ? writeLooseObject(git, 'tree', data) : null;
}

/** Called for each directory where two trees differ, with its path and merged entries; may drop some. */
export type UnionHook = (path: readonly string[], entries: TreeEntry[]) => Promise<TreeEntry[]>;

/** Whether a file or folder of the other side's tree may come in; `dir` is the folders above it. */
export type Accept = (dir: readonly string[], entry: TreeEntry) => boolean;

/**
 * Union of two trees of immutable files: what either has, recursively. Same name means same content.
 * With `filter`, what `b` brings is checked on the way in: refused files and folders are left out and
 * their paths added to `filter.dropped` (`a` is ours, and trusted; null is the empty tree).
 */
export async function unionTrees(
  git: Git,
  a: string | null,
  b: string,
  hook?: UnionHook,
  path: readonly string[] = [],
  filter?: { accept: Accept; dropped: string[] },
): Promise<string> {
  if (a === b) return a;
  const [ta, tb] = await Promise.all([a ? git.readTree(a) : null, git.readTree(b)]);
  const byName = new Map((ta?.entries ?? []).map((e) => [e.name, e]));
  let changed = !!ta;
  await Promise.all(
    (tb?.entries ?? []).map(async (e) => {
      if (filter && !filter.accept(path, e)) {
        filter.dropped.push([...path, e.name].join('/'));
        changed = true;
        return;
      }
      const mine = byName.get(e.name);
      if (!mine) {
        if (!filter || !isTree(e)) {
          byName.set(e.name, e);
          return;
        }
        const oid = await unionTrees(git, null, e.oid, hook, [...path, e.name], filter);
        if (oid !== e.oid) changed = true;
        byName.set(e.name, { ...e, oid });
      } else if (isTree(mine) && isTree(e) && mine.oid !== e.oid) {
        byName.set(e.name, { ...e, oid: await unionTrees(git, mine.oid, e.oid, hook, [...path, e.name], filter) });
      }
    }),
  );
  if (!changed && !hook && tb) return tb.oid; // all of b, as it was: no need to write it again
  const entries = [...byName.values()];
  return mktree(git, hook ? await hook(path, entries) : entries);
}

export async function commitTree(git: Git, tree: string, parents: readonly string[], message: string): Promise<string> {
  const args = ['commit-tree', tree];
  for (const p of parents) args.push('-p', p);
  return (await git.text(args, { input: message })).trim();
}

/**
 * A commit by `who` (author and committer), written without a process where that gives what git
 * would: a SHA-1 repository and no GIT_*_DATE or GIT_COMMITTER_* variables asking for something else.
 * Otherwise `git commit-tree`, which also signs when configured to.
 */
export async function commitTreeBy(
  git: Git,
  tree: string,
  parents: readonly string[],
  message: string,
  who: { name: string; email: string },
): Promise<string> {
  const env = process.env;
  const other =
    env.GIT_AUTHOR_DATE ||
    env.GIT_COMMITTER_DATE ||
    (env.GIT_COMMITTER_NAME && env.GIT_COMMITTER_NAME !== who.name) ||
    (env.GIT_COMMITTER_EMAIL && env.GIT_COMMITTER_EMAIL !== who.email);
  if (git.oidBytes !== 20 || other || /[<>\n]/.test(who.name + who.email))
    return commitTree(git, tree, parents, message);
  const now = new Date();
  const off = -now.getTimezoneOffset();
  const tz = `${off < 0 ? '-' : '+'}${String(Math.floor(Math.abs(off) / 60)).padStart(2, '0')}${String(Math.abs(off) % 60).padStart(2, '0')}`;
  const ident = `${who.name} <${who.email}> ${Math.floor(now.getTime() / 1000)} ${tz}`;
  const text =
    `tree ${tree}\n${parents.map((p) => `parent ${p}\n`).join('')}author ` +
    `${ident}\ncommitter ${ident}\n\n${message}`; // the message as given, as commit-tree takes it
  return writeLooseObject(git, 'commit', Buffer.from(text, 'utf8'));
}
