// Pure patchset rules the fold and views share: stale reviews, the review state, merged-on-a-branch.
import type { DraftPatchset, DraftReview } from './entries/draft.js';
import { isOpen } from './fields.js';
import {
  type CurrentPatchset,
  type Decider,
  type Patchset,
  personKey,
  type Review,
  type ReviewState,
  type Summary,
} from './ticket.js';

const isCurrent = (r: DraftReview, current: CurrentPatchset | null): boolean =>
  current !== null && r.patchset === current.number && r.revision === current.revision;

/** Reviews with their staleness: only a review of the current revision counts. */
export function withStaleness(reviews: readonly DraftReview[], current: CurrentPatchset | null): Review[] {
  return reviews.map((r) => ({ ...r, stale: !isCurrent(r, current) }));
}

/** The latest review of each person (in canonical order), oldest first. */
export function latestPerPerson(reviews: readonly Review[]): Review[] {
  const last = new Map<string, Review>();
  for (const r of reviews) {
    const k = personKey(r.author);
    last.delete(k); // re-inserted, so the map's order is the order of each person's latest review
    last.set(k, r);
  }
  return [...last.values()];
}

/** A veto wins over everything, then an approval, then needs work, then looks good. */
export function reviewState(latest: readonly Review[]): ReviewState {
  const scores = new Set(latest.filter((r) => !r.stale).map((r) => r.score));
  if (scores.has(-2)) return 'vetoed';
  if (scores.has(2)) return 'approved';
  if (scores.has(-1)) return 'needs-work';
  if (scores.has(1)) return 'looks-good';
  return 'none';
}

/** Patchsets in number order, each review marked stale or not. */
export function finishPatchsets(
  patchsets: ReadonlyMap<number, DraftPatchset>,
  current: CurrentPatchset | null,
): Patchset[] {
  return [...patchsets.values()]
    .sort((a, b) => a.number - b.number)
    .map((p) => ({ number: p.number, revisions: p.revisions, reviews: withStaleness(p.reviews, current) }));
}

/**
 * A ticket seen from a branch that contains its current patchset's tip is merged there. Only an open
 * ticket changes: one closed by hand (declined, duplicate) keeps what a person decided.
 */
export function mergedOnBranch<T extends { status: Summary['status']; decidedBy?: Decider | null }>(
  t: T,
  by: { tip: string; time: string; author: CurrentPatchset['author']; number?: number; revision?: number },
): T {
  if (!isOpen(t.status)) return t;
  const decidedBy: Decider = {
    kind: 'commit',
    commit: by.tip,
    time: by.time,
    author: by.author,
    summary: by.number ? `patchset ${by.number} revision ${by.revision}` : "the patchset's tip",
  };
  return { ...t, status: 'merged', ...('decidedBy' in t ? { decidedBy } : {}) };
}
