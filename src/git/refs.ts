// Refs: branches, HEAD, and compare-and-swap updates.
// Over 300 lines: reading refs (loose and packed) and updating them atomically share the same file formats and locks.
import { type Dirent, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { type FileHandle, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DitError } from '../errors.js';
import { lockError, lockedPath } from './lock.js';
import type { Git } from './repo.js';

export interface Branch {
  name: string;
  ref: string;
  oid: string;
}

export async function listBranches(git: Git): Promise<Branch[]> {
  return (await listRefs(git, 'refs/heads/')).map((r) => ({ ...r, name: r.ref.slice('refs/heads/'.length) }));
}

/**
 * Refs under a prefix, sorted by name. Read from the files git keeps them in (loose refs override
 * packed-refs), which costs microseconds where a `for-each-ref` process costs milliseconds; a
 * repository with another ref storage (reftable) is asked through git.
 */
export async function listRefs(git: Git, pattern: string): Promise<{ ref: string; oid: string }[]> {
  const common = commonDir(git);
  if (existsSync(join(common, 'reftable'))) return listRefsWithGit(git, pattern);
  const found = new Map<string, string>();
  const packed = await readFile(join(common, 'packed-refs'), 'utf8').catch(() => '');
  for (const line of packed.split('\n')) {
    const m = /^([0-9a-f]{40,64}) (\S+)$/.exec(line);
    if (m && m[2]!.startsWith(pattern)) found.set(m[2]!, m[1]!);
  }
  // synchronous on purpose: an import keeps hundreds of loose refs (refs/dit/patchsets/), and a
  // promise per tiny file costs a thread-pool round trip each (200 files: 200 ms on a busy machine)
  const symbolic: string[] = [];
  const walk = (dir: string, prefix: string): void => {
    let entries: Dirent[] = [];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.endsWith('.lock')) continue;
      if (e.isDirectory()) {
        walk(join(dir, e.name), `${prefix}${e.name}/`);
        continue;
      }
      let text = '';
      try {
        text = readFileSync(join(dir, e.name), 'utf8').trim();
      } catch {
        continue; // deleted meanwhile
      }
      if (/^[0-9a-f]{40,64}$/.test(text)) found.set(`${prefix}${e.name}`, text);
      else if (text.startsWith('ref: ')) symbolic.push(`${prefix}${e.name}`);
    }
  };
  walk(join(common, pattern), pattern);
  await Promise.all(
    symbolic.map(async (ref) => {
      const oid = await git.oid(ref);
      if (oid) found.set(ref, oid);
    }),
  );
  return [...found].map(([ref, oid]) => ({ ref, oid })).sort((a, b) => (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
}

async function listRefsWithGit(git: Git, pattern: string): Promise<{ ref: string; oid: string }[]> {
  const out = await git.text(['for-each-ref', '--format=%(objectname) %(refname)', pattern]);
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => ({ oid: line.slice(0, line.indexOf(' ')), ref: line.slice(line.indexOf(' ') + 1) }));
}

/** Where refs live: the git dir, or for a linked worktree the main repository's. */
export function commonDir(git: Pick<Git, 'gitDir'>): string {
  let dir = commonDirs.get(git.gitDir);
  if (dir === undefined) {
    dir = git.gitDir;
    try {
      dir = resolve(git.gitDir, readFileSync(join(git.gitDir, 'commondir'), 'utf8').trim());
    } catch {
      /* not a linked worktree */
    }
    commonDirs.set(git.gitDir, dir);
  }
  return dir;
}

/** The branch HEAD points at (even unborn) and the commit it names, if any. */
export async function head(git: Git): Promise<{ ref: string | null; oid: string | null }> {
  // HEAD is a file holding "ref: <name>" or, detached, a commit id
  const text = await readFile(join(git.gitDir, 'HEAD'), 'utf8').catch(() => null);
  const ref =
    text === null
      ? (await git.run(['symbolic-ref', '-q', 'HEAD'], { okCodes: [1] })).stdout.toString().trim() || null
      : text.startsWith('ref: ')
        ? text.slice(5).trim()
        : null;
  return { ref, oid: await git.oid('HEAD^{commit}') };
}

/**
 * Commit id of a revision, or null if it names no commit. A branch of that exact name wins over a tag
 * or anything else git would guess; a name git cannot hold as a ref (spaces, control characters, a
 * leading -) names nothing, rather than being cut short where git's batch reader stops.
 */
export async function resolveCommit(git: Git, rev: string): Promise<string | null> {
  if (!rev || rev.startsWith('-') || /[\s\x00-\x1f\x7f]/.test(rev)) return null;
  if (!rev.startsWith('refs/') && !/[\^~:@{}]/.test(rev)) {
    const branch = await git.oid(`refs/heads/${rev}^{commit}`);
    if (branch) return branch;
  }
  return git.oid(`${rev}^{commit}`);
}

/**
 * Moves a ref only if it still points where we last saw it; false when someone else moved it first. A
 * ref lock held by a live git lasts milliseconds: one that stays is waited for briefly, then reported as
 * `stale-lock` (with how to remove it) or `busy`; `saved` says what became of the user's change.
 */
export async function casRef(
  git: Git,
  ref: string,
  next: string,
  expected: string | null,
  message: string,
  saved = 'nothing was written',
  then?: string,
): Promise<boolean> {
  const fast = await casRefByLock(git, ref, next, expected);
  if (fast !== null) return fast;
  const old = expected ?? '0'.repeat(git.oidBytes * 2);
  const r = await git.run(['update-ref', '-m', message, ref, next, old], { okCodes: [1, 128] });
  if (r.code === 0) return true;
  const lock = lockedPath(r.stderr);
  if (lock) {
    for (let waited = 0; ; waited += 50) {
      const age = await stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => null,
      );
      if (age === null) return false; // gone: the caller rebuilds on whatever the ref is now
      if (age > REF_LOCK_STALE_MS && waited >= REF_LOCK_STALE_MS) throw await lockError(git, lock, saved, then);
      await sleep(50);
    }
  }
  if (/is at|expected|reference already exists|unable to resolve reference/i.test(r.stderr)) return false;
  throw new DitError('git-failed', `git update-ref ${ref} failed: ${r.stderr.trim()}`, { stderr: r.stderr });
}

/** A ref lock older than this, with no git process running here, was left by a git that was stopped. */
const REF_LOCK_STALE_MS = 2_000;

/**
 * git's own protocol for a ref under refs/dit/, without a process: take `<ref>.lock` exclusively, check
 * the old value, write the new one, rename the lock into place. Null (git does it, with its waiting
 * for a held lock) where that is not all git would do: a lock already held, a reflog or hooks to feed,
 * other ref storage, a symbolic ref, a SHA-256 repository.
 */
async function casRefByLock(git: Git, ref: string, next: string, expected: string | null): Promise<boolean | null> {
  if (!ref.startsWith('refs/dit/') || git.oidBytes !== 20 || ref.includes('..') || !/^[0-9a-f]{40}$/.test(next))
    return null;
  const common = commonDir(git);
  if (
    existsSync(join(common, 'reftable')) ||
    existsSync(join(common, 'logs', ref)) ||
    existsSync(join(common, 'hooks', 'reference-transaction'))
  )
    return null;
  const config = await readFile(join(common, 'config'), 'utf8').catch(() => null);
  if (config === null || /hooksPath|logAllRefUpdates\s*=\s*always|\[\s*include/i.test(config)) return null;
  const path = join(common, ref);
  const lock = `${path}.lock`;
  await mkdir(dirname(path), { recursive: true });
  let handle: FileHandle | null;
  try {
    handle = await open(lock, 'wx');
  } catch {
    return null; // held by another writer (git decides how long to wait), or not ours to make
  }
  try {
    const loose = await readFile(path, 'utf8').then(
      (t) => t.trim(),
      () => null,
    );
    if (loose !== null && !/^[0-9a-f]{40}$/.test(loose)) {
      await rm(lock, { force: true });
      return null;
    } // symbolic: git's business
    let current = loose;
    if (current === null) {
      const packed = await readFile(join(common, 'packed-refs'), 'utf8').catch(() => '');
      current =
        packed
          .split('\n')
          .find((l) => l.endsWith(` ${ref}`))
          ?.slice(0, 40) ?? null;
    }
    if (current !== expected) {
      await rm(lock, { force: true });
      return false;
    }
    await handle.writeFile(`${next}\n`);
    await handle.close();
    handle = null;
    await rename(lock, path);
    return true;
  } catch (err) {
    await rm(lock, { force: true });
    throw err;
  } finally {
    await handle?.close().catch(() => {});
  }
}

export async function isAncestor(git: Git, ancestor: string, descendant: string): Promise<boolean> {
  const r = await git.run(['merge-base', '--is-ancestor', ancestor, descendant], { okCodes: [1] });
  return r.code === 0;
}

/**
 * A cheap fingerprint of everything a view reads from refs and the index: HEAD, the index, packed-refs,
 * and every loose ref under refs/heads, refs/remotes, refs/tags and refs/dit (git replaces a ref file on each update, so its
 * inode changes). Null when a file changed so recently that a second change could share its timestamp
 * (git's "racy" case): the caller must not reuse anything then.
 */
export function refsStamp(git: Pick<Git, 'gitDir'>): string | null {
  // synchronous on purpose: a few dozen stats cost microseconds each, where promises cost a thread hop
  const common = commonDir(git);
  const parts: string[] = [];
  let newest = 0n;
  const add = (path: string): void => {
    const s = statSync(path, { bigint: true, throwIfNoEntry: false });
    parts.push(s ? `${path}:${s.ino}:${s.mtimeNs}:${s.size}` : `${path}:-`);
    if (s && s.mtimeNs > newest) newest = s.mtimeNs;
  };
  const walk = (dir: string): void => {
    add(dir);
    let entries: Dirent[] = [];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) (e.isDirectory() ? walk : add)(join(dir, e.name));
  };
  add(join(git.gitDir, 'HEAD'));
  add(join(git.gitDir, 'index'));
  add(join(common, 'packed-refs'));
  for (const sub of ['heads', 'remotes', 'tags', 'dit']) walk(join(common, 'refs', sub));
  if (BigInt(Date.now()) * 1_000_000n - newest < 50_000_000n) return null;
  return parts.join('\n');
}

const commonDirs = new Map<string, string>();

export interface Tag {
  name: string;
  ref: string;
  commit: string;
  date: number;
}

/** Tags that name a commit (annotated ones peeled), with the tagger's or committer's date, in one process. */
export async function listTags(git: Git): Promise<Tag[]> {
  const out = await git.text([
    'for-each-ref',
    '--format=%(refname)%09%(objecttype)%09%(objectname)%09%(*objecttype)%09%(*objectname)%09%(creatordate:unix)',
    'refs/tags/',
  ]);
  const tags: Tag[] = [];
  for (const line of out.split('\n')) {
    const [ref, type, oid, peeledType, peeled, date] = line.split('\t');
    if (!ref || !oid) continue;
    const commit = type === 'commit' ? oid : peeledType === 'commit' ? peeled : null;
    if (commit) tags.push({ name: ref.slice('refs/tags/'.length), ref, commit, date: Number(date) || 0 });
  }
  return tags;
}

/** The commits of tags whose history contains `commit` (one walk for all tags). */
export async function tagCommitsContaining(git: Git, commit: string): Promise<Set<string>> {
  const out = await git.text([
    'for-each-ref',
    '--contains',
    commit,
    '--format=%(objectname) %(*objectname)',
    'refs/tags/',
  ]);
  const found = new Set<string>();
  for (const line of out.split('\n')) {
    const [oid, peeled] = line.split(' ');
    if (peeled) found.add(peeled);
    else if (oid) found.add(oid);
  }
  return found;
}

/** The names of the configured remotes (`git remote`). */
export async function remoteNames(git: Git): Promise<string[]> {
  return (await git.text(['remote'])).split('\n').filter(Boolean);
}
