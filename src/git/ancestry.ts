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
