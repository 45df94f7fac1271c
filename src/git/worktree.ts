// The working tree and index: uncommitted `.dit/` files, writing and staging entries, committing paths.
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DitError, isDitError } from '../errors.js';
import { faultPoint } from '../fault.js';
import { refuseLinkedFolders } from '../vcs/no-links.js';
import { lockError, lockedPath, lockTimeout } from './lock.js';
import { casRef } from './refs.js';
import type { Git } from './repo.js';
import type { RunOptions } from './run.js';
import { commitTree, editTree, mktree } from './write.js';

/** A file under the prefix whose staged content differs from HEAD; `oid` null when deleted. */
export interface Change {
  path: string;
  oid: string | null;
  mode?: string;
  unmerged?: boolean;
}

/**
 * What the index holds under `prefix` that HEAD does not. dit stages every entry it writes, so this is
 * the working tree's view; it costs milliseconds where a full `git status` stats every file.
 */
export async function stagedChanges(git: Git, prefix: string, head: string | null): Promise<Change[]> {
  if (!git.worktree) return [];
  // git replaces the index file (write, then rename) on every change, so its identity and the HEAD it
  // was compared with name the answer; a large index costs tens of milliseconds to read
  const cacheFile = join(git.gitDir, 'dit', 'staged.json');
  const key = await stat(join(git.gitDir, 'index'), { bigint: true }).then(
    (s) => `${head}:${prefix}:${s.ino}:${s.mtimeNs}:${s.size}`,
    () => null,
  );
  if (key) {
    const cached = await readFile(cacheFile, 'utf8')
      .then((t) => JSON.parse(t) as { key: string; changes: Change[] })
      .catch(() => null);
    if (cached?.key === key && Array.isArray(cached.changes)) return cached.changes;
  }
  const changes = await diffStaged(git, prefix, head);
  if (key) {
    await mkdir(dirname(cacheFile), { recursive: true });
    const tmp = `${cacheFile}.${process.pid}`;
    await writeFile(tmp, JSON.stringify({ key, changes }))
      .then(() => rename(tmp, cacheFile))
      .catch(() => {});
  }
  return changes;
}

async function diffStaged(git: Git, prefix: string, head: string | null): Promise<Change[]> {
  const hasHead = head !== null;
  const args = hasHead
    ? ['diff-index', '--cached', '-z', '--no-renames', '--abbrev=40', head, '--', prefix]
    : ['ls-files', '-s', '-z', '--', prefix];
  const out = (await git.run(args)).stdout.toString('utf8').split('\0');
  const changes: Change[] = [];
  if (!hasHead) {
    for (const rec of out) {
      const m = /^(\d+) ([0-9a-f]+) (\d)\t(.*)$/s.exec(rec);
      if (m && m[3] === '0') changes.push({ path: m[4]!, oid: m[2]!, mode: m[1]! });
      else if (m) changes.push({ path: m[4]!, oid: null, unmerged: true });
    }
    return changes;
  }
  // records: ":<mode> <mode> <oid> <oid> <status>" NUL "<path>" NUL
  for (let i = 0; i + 1 < out.length; i += 2) {
    const meta = out[i]!.split(' ');
    const path = out[i + 1]!;
    const status = meta[4] ?? '';
    const gone = status.startsWith('D') || /^0+$/.test(meta[3] ?? '');
    const change: Change = { path, oid: gone ? null : meta[3]!, mode: gone ? undefined : meta[1] };
    if (status.startsWith('U')) change.unmerged = true;
    changes.push(change);
  }
  return changes;
}

/**
 * Runs a git command that writes the index. Another git holding `index.lock` is waited for (bounded);
 * then the error tells a live holder from a lock left by a stopped git, never git's own "remove the
 * file manually" while a git is running. `saved` says what became of the user's change.
 */
export async function indexRun(
  git: Git,
  args: readonly string[],
  opts: Omit<RunOptions, 'cwd'>,
  saved: string,
  then?: string,
) {
  const deadline = Date.now() + Math.min(10_000, lockTimeout());
  for (let attempt = 0; ; attempt++) {
    try {
      return await git.run(args, opts);
    } catch (err) {
      const lock = isDitError(err, 'git-failed') ? lockedPath(err.data.stderr ?? '') : null;
      if (!lock) throw err;
      if (Date.now() > deadline) throw await lockError(git, lock, saved, then);
      await sleep(Math.min(200, 10 + attempt * 10));
    }
  }
}

/** Writes files into the working tree and stages them, so they are committed with the user's next commit. */
export async function writeAndStage(
  git: Git,
  files: readonly { path: string; data: Buffer }[],
  opts: { replace?: boolean } = {},
): Promise<void> {
  const top = git.worktree;
  if (!top) throw new DitError('usage', 'this repository has no working tree; use --shared');
  await refuseLinkedFolders(
    top,
    files.map((f) => f.path),
  );
  const written: string[] = [];
  try {
    for (const f of files) {
      const full = join(top, f.path);
      await mkdir(dirname(full), { recursive: true });
      // written beside and renamed into place: a kill never leaves half an entry under its name
      const tmp = join(dirname(full), `.${process.pid}.tmp`);
      await rm(tmp, { force: true });
      await writeFile(tmp, f.data, { flag: 'wx' }); // made anew: never through a link left in its place
      if (
        !opts.replace &&
        (await stat(full).then(
          () => true,
          () => false,
        ))
      ) {
        await rm(tmp, { force: true });
        throw new DitError('exists', `${f.path} exists already; nothing was written`);
      }
      await rename(tmp, full);
      written.push(f.path);
    }
    faultPoint('entry-written');
    await stagePaths(
      git,
      files.map((f) => f.path),
    );
  } catch (err) {
    await Promise.all(written.map((p) => rm(join(top, p), { force: true })));
    throw err;
  }
}

/** Stages working-tree files as they are. */
export async function stagePaths(git: Git, paths: readonly string[]): Promise<void> {
  if (!paths.length) return;
  await indexRun(
    git,
    ['update-index', '--add', '-z', '--stdin'],
    { input: paths.map((p) => `${p}\0`).join('') },
    'nothing was written',
  );
}

/** Paths of `paths` that the index holds. */
export async function stagedOf(git: Git, paths: readonly string[]): Promise<Set<string>> {
  if (!paths.length) return new Set();
  // a long list of pathspecs costs git time per index entry: list the folder once instead
  const specs = paths.length <= 100 ? paths : [paths.reduce((a, b) => commonPrefix(a, b))];
  const out = (await git.run(['ls-files', '-z', '--', ...specs])).stdout.toString('utf8');
  const want = new Set(paths);
  return new Set(out.split('\0').filter((p) => want.has(p)));
}

function commonPrefix(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return a.slice(0, a.lastIndexOf('/', i - 1) + 1) || '.';
}

const TMP_INDEX = /^dit-index-(\d+)-\d+$/;

/** Temporary index files (see commitPaths) left by a dit process that was stopped; removed. */
export async function removeStaleTempIndexes(git: Git, alive: (pid: number) => boolean): Promise<number> {
  const names = await readdir(git.gitDir).catch(() => [] as string[]);
  let removed = 0;
  for (const n of names) {
    const m = TMP_INDEX.exec(n);
    if (m && !alive(Number(m[1]))) {
      await rm(join(git.gitDir, n), { force: true });
      removed++;
    }
  }
  return removed;
}

const STAGED_SAVED = 'your change is written and staged in .dit/';
const COMMIT_LATER =
  'commit it with `git commit -m "Ticket updates" -- .dit` (running the command again would add it twice)';

/**
 * Commits everything staged under `prefix` (and nothing else) on top of HEAD. The commit's tree is
 * HEAD's tree with just the staged changes under `prefix` applied (the trees on their paths rewritten,
 * nothing else read), so it costs the same in a repository of ten files or a hundred thousand, and no
 * temporary index is made. The index already holds those paths as committed, so after HEAD moves
 * they show as unchanged; the user's other staged changes stay staged and uncommitted. A HEAD that
 * moves meanwhile (a commit of the user's) is built on again.
 */
export async function commitPaths(git: Git, prefix: string, message: string): Promise<string | null> {
  for (let attempt = 1; ; attempt++) {
    const headOid = await git.oid('HEAD^{commit}');
    const changes = await diffStaged(git, prefix, headOid);
    if (changes.some((c) => c.unmerged)) {
      const path = changes.find((c) => c.unmerged)!.path;
      throw new DitError(
        'conflict',
        `${path} has unresolved merge conflicts; resolve them (git add or git rm), then commit again`,
      );
    }
    if (!changes.length) return null;
    const headTree = headOid ? await git.oid(`${headOid}^{tree}`) : null;
    const tree = (await editTree(git, headTree, changes)) ?? (await mktree(git, []));
    if (tree === headTree) return null;
    const commit = await commitTree(git, tree, headOid ? [headOid] : [], message);
    faultPoint('commit-made');
    if (await casRef(git, 'HEAD', commit, headOid, `dit: ${message.split('\n')[0]}`, STAGED_SAVED, COMMIT_LATER))
      return commit;
    if (attempt >= 5)
      throw new DitError('conflict', `HEAD kept moving while dit was committing; ${STAGED_SAVED}; ${COMMIT_LATER}`);
  }
}

/**
 * Replaces files in the working tree and the index in one go: `remove` deleted from both, `add` written
 * and staged (git hashes and stats them, so `git status` stays cheap). Paths are from the top.
 */
export async function replaceStaged(
  git: Git,
  remove: readonly string[],
  add: readonly { path: string; data: Buffer }[],
): Promise<void> {
  const top = git.worktree;
  if (!top) throw new DitError('usage', 'this repository has no working tree');
  await refuseLinkedFolders(top, [...remove, ...add.map((f) => f.path)]);
  for (let i = 0; i < add.length; i += 256) {
    await Promise.all(
      add.slice(i, i + 256).map(async (f) => {
        await mkdir(dirname(join(top, f.path)), { recursive: true });
        // removed first: a link in its place is replaced, never written through
        await rm(join(top, f.path), { force: true });
        await writeFile(join(top, f.path), f.data);
      }),
    );
  }
  for (let i = 0; i < remove.length; i += 256)
    await Promise.all(remove.slice(i, i + 256).map((p) => rm(join(top, p), { force: true })));
  const paths = [...remove, ...add.map((f) => f.path)];
  await git.run(['update-index', '--add', '--remove', '-z', '--stdin'], { input: paths.map((p) => `${p}\0`).join('') });
}
