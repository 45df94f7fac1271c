// Refs: branches, HEAD, and compare-and-swap updates.
import type { Git } from './repo.js';

export interface Branch { name: string; ref: string; oid: string }

export async function listBranches(git: Git): Promise<Branch[]> {
  const out = await git.text(['for-each-ref', '--format=%(objectname) %(refname)', 'refs/heads/']);
  return out.split('\n').filter(Boolean).map((line) => {
    const sp = line.indexOf(' ');
    const ref = line.slice(sp + 1);
    return { oid: line.slice(0, sp), ref, name: ref.slice('refs/heads/'.length) };
  });
}

export async function listRefs(git: Git, pattern: string): Promise<{ ref: string; oid: string }[]> {
  const out = await git.text(['for-each-ref', '--format=%(objectname) %(refname)', pattern]);
  return out.split('\n').filter(Boolean).map((line) => ({ oid: line.slice(0, line.indexOf(' ')), ref: line.slice(line.indexOf(' ') + 1) }));
}

/** The branch HEAD points at (even unborn) and the commit it names, if any. */
export async function head(git: Git): Promise<{ ref: string | null; oid: string | null }> {
  const ref = (await git.run(['symbolic-ref', '-q', 'HEAD'], { okCodes: [1] })).stdout.toString().trim() || null;
  return { ref, oid: await git.oid('HEAD^{commit}') };
}

/** Commit id of a revision, or null if it names no commit. */
export const resolveCommit = (git: Git, rev: string): Promise<string | null> =>
  rev.startsWith('-') ? Promise.resolve(null) : git.oid(`${rev}^{commit}`);

/** Moves a ref only if it still points where we last saw it; false when someone else moved it first. */
export async function casRef(git: Git, ref: string, next: string, expected: string | null, message: string): Promise<boolean> {
  const old = expected ?? '0'.repeat(git.oidBytes * 2);
  const r = await git.run(['update-ref', '-m', message, ref, next, old], { okCodes: [1, 128] });
  return r.code === 0;
}

export async function isAncestor(git: Git, ancestor: string, descendant: string): Promise<boolean> {
  const r = await git.run(['merge-base', '--is-ancestor', ancestor, descendant], { okCodes: [1] });
  return r.code === 0;
}
