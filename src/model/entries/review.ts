// `review`: a score (+2 approve, +1 looks good, -1 needs work, -2 veto) on one revision of a patchset.
import * as v from 'valibot';
import { SCORES, type Score } from '../fields.js';
import type { Description, ItemOf, Told } from '../phrase.js';
import { base, MAX_TEXT, oid, text } from '../schema.js';
import { addComment } from './comment.js';
import type { Draft, Meta } from './draft.js';

export { SCORES, type Score } from '../fields.js';
/** The words for each score, as `dit review` spells its options. */
export const SCORE_NAMES: Record<Score, string> = {
  2: 'approved',
  1: 'looks good',
  [-1]: 'needs work',
  [-2]: 'vetoed',
};

const positive = v.pipe(v.number(), v.integer(), v.minValue(1));

export const reviewSchema = v.strictObject({
  ...base,
  kind: v.literal('review'),
  ticket: oid,
  patchset: positive,
  revision: positive,
  score: v.picklist(SCORES),
  comment: v.optional(v.pipe(text, v.minLength(1), v.maxLength(MAX_TEXT))),
});
export type ReviewEntry = v.InferOutput<typeof reviewSchema>;

export function applyReview(d: Draft, e: ReviewEntry, m: Meta): void {
  if (e.comment !== undefined) addComment(d, e.comment, m);
  const review = {
    author: m.author,
    time: m.time,
    entry: m.id,
    patchset: e.patchset,
    revision: e.revision,
    score: e.score,
    comment: e.comment ?? null,
  };
  d.reviews.push(review);
  let ps = d.patchsets.get(e.patchset);
  // a review can arrive before the patchset it names (entries from another clone): it waits there
  if (!ps) d.patchsets.set(e.patchset, (ps = { number: e.patchset, revisions: [], reviews: [] }));
  ps.reviews.push(review);
  d.timeline.push({
    kind: 'review',
    entry: m.id,
    time: m.time,
    author: m.author,
    patchset: e.patchset,
    revision: e.revision,
    score: e.score,
  });
}

/** The score in words, as `dit review` spells it: `approved (+2)`. */
export const scoreWords = (s: Score): string => `${SCORE_NAMES[s]} (${s > 0 ? '+' : ''}${s})`;

/** "reviewed patchset 1 revision 2: approved (+2)", with what the review said. */
export const describeReview = (item: ItemOf<'review'>, told: Told): Description => ({
  event: 'reviewed',
  says: [
    `reviewed patchset ${item.patchset} revision ${item.revision}: `,
    { score: item.score, words: scoreWords(item.score) },
  ],
  text: told.review(item.entry)?.comment ?? null,
});
