// The working tree and index: uncommitted `.dit/` files, writing and staging entries, committing paths.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DitError } from '../errors.js';
import type { Git } from './repo.js';
import { commitTree } from './write.js';

/** A file under the prefix whose working-tree content differs from HEAD; `oid` null when deleted. */
export interface Change { path: string; oid: string | null; data?: Buffer }

/**
 * What the working tree holds under `prefix` that HEAD does not: staged and unstaged changes and
 * untracked files. Unstaged content is read from disk (the caller hashes it if needed).
 */
export async function worktreeChanges(git: Git, prefix: string): Promise<Change[]> {
  if (!git.worktree) return [];
  const out = (await git.run(['status', '--porcelain=v2', '-z', '--untracked-files=all', '--no-renames', '--', prefix])).stdout.toString('utf8');
  const changes: Change[] = [];
  const reads: Promise<void>[] = [];
  const fromDisk = (path: string) => {
    const change: Change = { path, oid: null };
    changes.push(change);
    reads.push(readFile(join(git.worktree!, path)).then((data) => { change.data = data; }, () => {}));
  };
  for (const rec of out.split('\0')) {
    if (rec.startsWith('? ')) fromDisk(rec.slice(2));
    else if (rec.startsWith('1 ')) {
      const f = rec.split(' ');
      const xy = f[1]!, mW = f[5]!, hI = f[7]!, path = f.slice(8).join(' ');
      if (mW === '000000') changes.push({ path, oid: null });
      else if (xy[1] === '.') changes.push({ path, oid: hI });
      else fromDisk(path);
    } else if (rec.startsWith('u ')) {
      fromDisk(rec.split(' ').slice(10).join(' '));
    }
  }
  await Promise.all(reads);
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
 * Commits everything staged under `prefix` (and nothing else) on top of HEAD, then leaves the user's
 * index as it was apart from that: their other staged changes stay staged and uncommitted.
 */
export async function commitPaths(git: Git, prefix: string, message: string): Promise<string | null> {
  const headOid = await git.oid('HEAD^{commit}');
  const tmpIndex = join(git.gitDir, `dit-index-${process.pid}-${Date.now()}`);
  const env = { GIT_INDEX_FILE: tmpIndex };
  try {
    if (headOid) await git.run(['read-tree', headOid], { env });
    else await git.run(['read-tree', '--empty'], { env });
    await git.run(['rm', '--cached', '-r', '-q', '--ignore-unmatch', '--', prefix], { env });
    const staged = (await git.run(['ls-files', '-s', '-z', '--', prefix])).stdout.toString('utf8');
    const info = staged.split('\0').filter(Boolean).map((l) => l + '\n').join('');
    await git.run(['update-index', '--index-info'], { env, input: info });
    const tree = (await git.text(['write-tree'], { env })).trim();
    const headTree = headOid ? await git.oid(`${headOid}^{tree}`) : null;
    if (tree === headTree) return null;
    const commit = await commitTree(git, tree, headOid ? [headOid] : [], message);
    const ok = await git.run(['update-ref', '-m', `dit: ${message.split('\n')[0]}`, 'HEAD', commit, headOid ?? '0'.repeat(git.oidBytes * 2)], { okCodes: [1, 128] });
    if (ok.code !== 0) throw new DitError('conflict', 'HEAD moved while dit was committing; run the command again');
    return commit;
  } finally {
    await rm(tmpIndex, { force: true });
  }
}
