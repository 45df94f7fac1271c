// What changed between two trees, file by file, as git's raw diff reports it.
import type { Git } from './repo.js';

export interface FileChange {
  status: string;
  oldMode: string;
  newMode: string;
  oldOid: string;
  newOid: string;
  path: string;
}

/** Every file changed from one commit's tree to another's (recursively, no rename detection); `from` null is the empty tree. */
export async function changedFiles(git: Git, from: string | null, to: string): Promise<FileChange[]> {
  const args = from
    ? ['diff-tree', '-r', '-z', '--raw', '--no-renames', '--no-commit-id', from, to]
    : ['ls-tree', '-r', '-z', '--full-tree', to];
  const out = (await git.run(args)).stdout.toString('utf8');
  const parts = out.split('\0');
  const changes: FileChange[] = [];
  if (!from) {
    for (const line of parts) {
      const m = /^(\d+) (\w+) ([0-9a-f]+)\t([\s\S]*)$/.exec(line);
      if (m) changes.push({ status: 'A', oldMode: '000000', newMode: m[1]!, oldOid: '', newOid: m[3]!, path: m[4]! });
    }
    return changes;
  }
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const m = /^:(\d+) (\d+) ([0-9a-f]+) ([0-9a-f]+) (\w)\d*$/.exec(parts[i]!);
    if (m)
      changes.push({
        oldMode: m[1]!,
        newMode: m[2]!,
        oldOid: m[3]!,
        newOid: m[4]!,
        status: m[5]!,
        path: parts[i + 1]!,
      });
  }
  return changes;
}

/**
 * The files under `prefixes` (folders: `.dit`) added from one commit to another, or all of them when
 * `from` is null; deleted ones too when asked (a pack a push replaces).
 */
export async function filesUnder(
  git: Git,
  from: string | null,
  to: string,
  prefixes: readonly string[],
): Promise<{ added: { path: string; oid: string }[]; deleted: { path: string; oid: string }[] }> {
  const added: { path: string; oid: string }[] = [];
  const deleted: { path: string; oid: string }[] = [];
  if (!from) {
    const out = (await git.run(['ls-tree', '-r', '-z', '--full-tree', to, '--', ...prefixes])).stdout.toString('utf8');
    for (const line of out.split('\0')) {
      const m = /^\d+ blob ([0-9a-f]+)\t([\s\S]*)$/.exec(line);
      if (m) added.push({ path: m[2]!, oid: m[1]! });
    }
    return { added, deleted };
  }
  const out = (
    await git.run([
      'diff-tree',
      '-r',
      '-z',
      '--raw',
      '--no-renames',
      '--no-commit-id',
      '--diff-filter=AD',
      from,
      to,
      '--',
      ...prefixes,
    ])
  ).stdout.toString('utf8');
  const parts = out.split('\0');
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const m = /^:\d+ \d+ ([0-9a-f]+) ([0-9a-f]+) (A|D)$/.exec(parts[i]!);
    if (m) (m[3] === 'A' ? added : deleted).push({ path: parts[i + 1]!, oid: m[3] === 'A' ? m[2]! : m[1]! });
  }
  return { added, deleted };
}

/**
 * The names of a tree's entries that differ between two trees (not recursing: for a `tickets` tree, the
 * tickets whose journals changed). git compares the trees object by object, so ten thousand equal
 * journals cost it nothing: milliseconds, where listing both in Node costs a hundred.
 */
export async function changedNames(git: Git, from: string, to: string): Promise<string[]> {
  const out = (await git.run(['diff-tree', '-z', '--name-only', '--no-renames', from, to])).stdout.toString('utf8');
  return out.split('\0').filter(Boolean);
}
