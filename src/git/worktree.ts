// The working tree and index: uncommitted `.dit/` files, writing and staging entries, committing paths.
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DitError } from '../errors.js';
import type { Git } from './repo.js';
import { commitTree, editTree, mktree } from './write.js';

/** A file under the prefix whose staged content differs from HEAD; `oid` null when deleted. */
export interface Change { path: string; oid: string | null; mode?: string; unmerged?: boolean }

/**
 * What the index holds under `prefix` that HEAD does not. dit stages every entry it writes, so this is
 * the working tree's view; it costs milliseconds where a full `git status` stats every file.
 */
export async function stagedChanges(git: Git, prefix: string, head: string | null): Promise<Change[]> {
  if (!git.worktree) return [];
  // git replaces the index file (write, then rename) on every change, so its identity and the HEAD it
  // was compared with name the answer; a large index costs tens of milliseconds to read
  const memo = join(git.gitDir, 'dit', 'staged.json');
  const key = await stat(join(git.gitDir, 'index'), { bigint: true })
    .then((s) => `${head}:${prefix}:${s.ino}:${s.mtimeNs}:${s.size}`, () => null);
  if (key) {
    const cached = await readFile(memo, 'utf8').then((t) => JSON.parse(t) as { key: string; changes: Change[] }).catch(() => null);
    if (cached?.key === key && Array.isArray(cached.changes)) return cached.changes;
  }
  const changes = await diffStaged(git, prefix, head);
  if (key) {
    await mkdir(dirname(memo), { recursive: true });
    const tmp = `${memo}.${process.pid}`;
    await writeFile(tmp, JSON.stringify({ key, changes })).then(() => rename(tmp, memo)).catch(() => {});
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

/** Writes a file into the working tree and stages it, so it is committed with the user's next commit. */
export async function writeAndStage(git: Git, files: readonly { path: string; data: Buffer }[]): Promise<void> {
  const top = git.worktree;
  if (!top) throw new DitError('usage', 'this repository has no working tree; use --shared');
  const written: string[] = [];
  try {
    for (const f of files) {
      await mkdir(dirname(join(top, f.path)), { recursive: true });
      await writeFile(join(top, f.path), f.data, { flag: 'wx' });
      written.push(f.path);
    }
    await git.run(['update-index', '--add', '-z', '--stdin'], { input: files.map((f) => f.path + '\0').join('') });
  } catch (err) {
    await Promise.all(written.map((p) => rm(join(top, p), { force: true })));
    throw err;
  }
}

/**
 * Commits everything staged under `prefix` (and nothing else) on top of HEAD. The commit's tree is
 * HEAD's tree with just the staged changes under `prefix` applied (the trees on their paths rewritten,
 * nothing else read), so it costs the same in a repository of ten files or a hundred thousand, and no
 * temporary index is made. The index already holds those paths as committed, so after HEAD moves
 * they show as unchanged; the user's other staged changes stay staged and uncommitted.
 */
export async function commitPaths(git: Git, prefix: string, message: string): Promise<string | null> {
  const headOid = await git.oid('HEAD^{commit}');
  const changes = await diffStaged(git, prefix, headOid);
  if (changes.some((c) => c.unmerged)) {
    const path = changes.find((c) => c.unmerged)!.path;
    throw new DitError('conflict', `${path} has unresolved merge conflicts; resolve them (git add or git rm), then commit again`);
  }
  if (!changes.length) return null;
  const headTree = headOid ? await git.oid(`${headOid}^{tree}`) : null;
  const tree = (await editTree(git, headTree, changes)) ?? (await mktree(git, []));
  if (tree === headTree) return null;
  const commit = await commitTree(git, tree, headOid ? [headOid] : [], message);
  const zero = '0'.repeat(git.oidBytes * 2);
  const ok = await git.run(['update-ref', '-m', `dit: ${message.split('\n')[0]}`, 'HEAD', commit, headOid ?? zero], { okCodes: [1, 128] });
  if (ok.code !== 0) throw new DitError('conflict', 'HEAD moved while dit was committing; run the command again');
  return commit;
}
