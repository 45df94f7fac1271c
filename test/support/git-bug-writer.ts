// Writes git-bug's own storage with git plumbing (format version 4): operation packs under refs/bugs/<id>
// and identities under refs/identities/<id>, as git-bug itself lays them out.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import type { Repo } from './helpers.js';

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

function execText(r: Repo, args: string[], input: string): string {
  return execFileSync('git', args, { cwd: r.dir, env: r.env, input, encoding: 'utf8' }).trim();
}
export function hashStdin(r: Repo, text: string): string {
  return execText(r, ['hash-object', '-w', '--stdin'], text);
}
export function mktree(r: Repo, lines: string[]): string {
  return execText(r, ['mktree'], `${lines.join('\n')}\n`);
}

/** Writes what git-bug writes: blobs, a tree (ops, version-4, clocks as empty blobs), a commit. */
export function writePack(
  r: Repo,
  authorId: string,
  ops: string[],
  clocks: { edit: number; create?: number },
  parent?: string,
): string {
  const packText = `{"author":{"id":"${authorId}"},"ops":[${ops.join(',')}]}`;
  const empty = r.git('hash-object', '-w', '/dev/null').trim();
  const lines = [
    `100644 blob ${hashStdin(r, packText)}\tops`,
    `100644 blob ${empty}\tversion-4`,
    `100644 blob ${empty}\tedit-clock-${clocks.edit}`,
  ];
  if (clocks.create) lines.push(`100644 blob ${empty}\tcreate-clock-${clocks.create}`);
  const tree = mktree(r, lines);
  return r.git('commit-tree', tree, ...(parent ? ['-p', parent] : []), '-m', 'git-bug').trim();
}

/** An identity as git-bug stores it: refs/identities/<id>, a commit whose tree holds the `version` blob. */
export function identity(r: Repo, name: string, email: string, nonce: string): string {
  const version = `{"version":2,"times":{"bugs-create":1,"bugs-edit":1},"unix_time":1700000000,"name":"${name}","email":"${email}","nonce":"${nonce}"}`;
  const id = sha256(version);
  const tree = mktree(r, [`100644 blob ${hashStdin(r, version)}\tversion`]);
  r.git('update-ref', `refs/identities/${id}`, r.git('commit-tree', tree, '-m', 'identity').trim());
  return id;
}
