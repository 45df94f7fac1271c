// How a push relates to a ticket's current patchset (Gitblit's rules): a pure function of facts about the commits.
import type { PatchsetType } from '../model/entries/patchset.js';

export interface Previous {
  number: number;
  revision: number;
  tip: string;
  base: string;
  commits: number;
}

/** What the receiver found out with git about the pushed tip. */
export interface PushFacts {
  previous: Previous | null;
  /** Merge base of the pushed tip with the target, and how many commits base..tip holds. */
  base: string;
  commits: number;
  /** The previous tip is an ancestor of the pushed tip. */
  fastForward: boolean;
  /** The previous tip is already in the target branch. */
  previousMerged: boolean;
  /** Commits previous-tip..tip (meaningful for a fast-forward). */
  addedOnTop: number;
}

export interface Classified {
  type: PatchsetType;
  number: number;
  revision: number;
  added: number;
}

/**
 * | push                                                      | type          | patchset | revision |
 * | first patchset                                            | proposal      | 1        | 1        |
 * | fast-forward of the current tip, tip not yet merged       | fast-forward  | same     | +1       |
 * | fast-forward, but the current tip is already merged       | rebase        | +1       | 1        |
 * | not fast-forward, new base and fewer commits              | rebase+squash | +1       | 1        |
 * | not fast-forward, fewer commits                           | squash        | +1       | 1        |
 * | not fast-forward, new base                                | rebase        | +1       | 1        |
 * | not fast-forward, otherwise                               | amend         | +1       | 1        |
 */
export function classify(f: PushFacts): Classified {
  const p = f.previous;
  if (!p) return { type: 'proposal', number: 1, revision: 1, added: f.commits };
  const next = (type: PatchsetType): Classified => ({ type, number: p.number + 1, revision: 1, added: f.commits });
  if (f.fastForward) {
    return f.previousMerged
      ? next('rebase')
      : { type: 'fast-forward', number: p.number, revision: p.revision + 1, added: f.addedOnTop };
  }
  const newBase = f.base !== p.base;
  const fewer = f.commits < p.commits;
  if (newBase && fewer) return next('rebase+squash');
  if (fewer) return next('squash');
  if (newBase) return next('rebase');
  return next('amend');
}

/** A rewrite replaces the previous tip (so the ticket branch is forced); a fast-forward only adds. */
export const isRewrite = (c: Classified): boolean => c.type !== 'proposal' && c.type !== 'fast-forward';
