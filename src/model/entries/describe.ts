// Every timeline item described in words, from the one place each entry kind defines them: what the
// ticket page, `dit show`, mail and webhooks say about the same entry.

import type { Description, ItemOf, Told } from '../phrase.js';
import type { Comment, Review, Ticket, TimelineItem } from '../ticket.js';
import { describeAttachment } from './attach.js';
import { describeCheck } from './check.js';
import { describeComment, describeCommentDeleted, describeCommentEdited } from './comment.js';
import { describeCreated } from './create.js';
import { describeLabels } from './label.js';
import { describePatchset } from './patchset.js';
import { describeReaction } from './react.js';
import { describeReview } from './review.js';
import { describeFields } from './set.js';
import { describeStatus } from './status.js';
import { describeTask } from './task.js';
import { describeVote, describeWatch } from './watch.js';

/**
 * A commit that names the ticket (`fixes #id`, `refs #id`): not an entry, but what the view's history
 * says (fold.ts), so it is described here.
 */
const describeCommit = (item: ItemOf<'commit'>): Description => ({
  event: 'changed',
  says: [
    item.action === 'fixes' ? 'fixed this in commit ' : 'referenced this in commit ',
    { commit: item.commit },
    ' ',
    { quote: item.summary },
  ],
  text: null,
});

/** One describer per kind of item: a kind without one does not compile. */
const DESCRIBE: { [K in TimelineItem['kind']]: (item: ItemOf<K>, told: Told) => Description } = {
  created: describeCreated,
  comment: describeComment,
  'comment-edited': describeCommentEdited,
  'comment-deleted': describeCommentDeleted,
  fields: describeFields,
  labels: describeLabels,
  status: describeStatus,
  watch: describeWatch,
  vote: describeVote,
  commit: describeCommit,
  patchset: describePatchset,
  review: describeReview,
  attachment: describeAttachment,
  reaction: describeReaction,
  task: describeTask,
  check: describeCheck,
};

/** What to look things up in, built once per ticket: a timeline of thousands is described in one pass. */
export function told(ticket: Ticket): Told {
  let comments: Map<string, Comment> | null = null;
  let reviews: Map<string, Review> | null = null;
  return {
    ticket,
    comment: (id) => (comments ??= new Map(ticket.comments.map((c) => [c.id, c]))).get(id),
    review: (entry) =>
      (reviews ??= new Map(ticket.patchsets.flatMap((p) => p.reviews).map((r) => [r.entry, r]))).get(entry),
  };
}

/** The words for one item of `told.ticket`'s timeline. */
export function describeItem(item: TimelineItem, t: Told): Description {
  return (DESCRIBE[item.kind] as (item: TimelineItem, told: Told) => Description)(item, t);
}

/**
 * What one entry did, in words: its items' descriptions, a comment the entry carries (a review's, a
 * status change's) told as that item's text rather than as a comment of its own. Empty when the entry
 * changed nothing this ticket shows (a label added twice, an entry the view does not hold).
 */
export function describeEntry(t: Told, entry: string): Description[] {
  const items = t.ticket.timeline.filter((i) => 'entry' in i && i.entry === entry);
  const said = items.map((i) => describeItem(i, t));
  const own = said.filter((_, k) => items[k]!.kind !== 'comment');
  if (own.length === 0) return said;
  const comment = said.find((_, k) => items[k]!.kind === 'comment');
  return comment?.text ? own.map((d, k) => (k === 0 && !d.text ? { ...d, text: comment.text } : d)) : own;
}
