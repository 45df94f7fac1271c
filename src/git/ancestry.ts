// How commits relate: the merge base of two, and how many commits lie between (for imported pull requests).
import type { Git } from './repo.js';

/** The best common ancestor of two commits, or null when they share no history. */
export async function mergeBase(git: Git, a: string, b: string): Promise<string | null> {
  const r = await git.run(['merge-base', a, b], { okCodes: [1] });
  return r.code === 0 ? r.stdout.toString().trim() || null : null;
}

/** Commits reachable from `tip` but not from `base`. */
export async function countBetween(git: Git, base: string, tip: string): Promise<number> {
  return Number((await git.text(['rev-list', '--count', `${base}..${tip}`])).trim()) || 0;
}

/** Every commit in the history of `tip` (itself included): one pass, for asking about many commits at once. */
export async function historyOf(git: Git, tip: string): Promise<Set<string>> {
  const out = (await git.run(['rev-list', tip])).stdout.toString('utf8');
  return new Set(out.split('\n').filter(Boolean));
}

/**
 * The commits that branch, remote-tracking branch and tag tips point to (tags peeled), split by whether
 * their history contains `commit`: two `for-each-ref` passes answer a whole branch matrix.
 */
export async function refTipsAround(git: Git, commit: string): Promise<{ contain: Set<string>; lack: Set<string> }> {
  const tips = async (filter: '--contains' | '--no-contains') => {
    const out = await git.text([
      'for-each-ref',
      filter,
      commit,
      '--format=%(objectname) %(*objectname)',
      'refs/heads/',
      'refs/remotes/',
      'refs/tags/',
    ]);
    const found = new Set<string>();
    for (const line of out.split('\n')) {
      const [oid, peeled] = line.split(' ');
      if (peeled) found.add(peeled);
      else if (oid) found.add(oid);
    }
    return found;
  };
  const [contain, lack] = await Promise.all([tips('--contains'), tips('--no-contains')]);
  return { contain, lack };
}
