// Reviewing a ticket's current revision: +2 approve, +1 looks good, -1 needs work, -2 veto.
import { DitError } from '../errors.js';
import { reviewSchema, SCORES, type Score } from '../model/entries/review.js';
import { shortId } from '../model/ids.js';
import type { Store } from '../store/store.js';
import type { View } from '../store/view/view.js';
import { header, nextClock, validated } from '../store/write/entries.js';
import { type Target, writeEntries } from '../store/write/write.js';
import { canWrite, type Pusher } from './pusher.js';

/**
 * The scores someone may give, as in Gerrit and Gitblit: whoever may read a repository may say +1
 * (looks good) or -1 (needs work); +2 (approve) and -2 (veto) need write access. No reviewer: the
 * repository's own git identity, who may do anything.
 */
export function allowedScores(reviewer?: Pusher | null): readonly Score[] {
  return !reviewer || canWrite(reviewer) ? SCORES : SCORES.filter((s) => Math.abs(s) === 1);
}

/**
 * Records a review of the current revision. `reviewer` defaults to git's identity (who may do
 * anything to their own repository); a server passes the signed-in account, and ±2 needs write access.
 */
export async function reviewTicket(
  store: Store,
  view: View,
  prefix: string,
  score: Score,
  comment: string | undefined,
  target: Target,
  reviewer?: Pusher,
): Promise<{ id: string; entry: string; patchset: number; revision: number }> {
  const t = await view.ticket(prefix, true);
  const current = t.current;
  if (!current) {
    throw new DitError(
      'invalid-value',
      `#${shortId(t.id)} has no patchset to review; add one with \`${store.vcs.label.addPatchset.replace('ID', shortId(t.id))}\``,
    );
  }
  const allowed = allowedScores(reviewer);
  if (!allowed.includes(score)) {
    throw new DitError(
      'forbidden',
      'approving (+2) and vetoing (-2) need write access to the repository; say looks good (+1) or needs work (-1)',
      { need: 'write' },
    );
  }
  const author = reviewer ? { name: reviewer.name, email: reviewer.email } : await store.identity();
  const raw: Record<string, unknown> = {
    ...header('review', { ticket: t.id }, nextClock(await view.ticketEntries(t.id)), author),
    patchset: current.number,
    revision: current.revision,
    score,
  };
  if (comment) raw.comment = comment;
  const entry = validated(reviewSchema, raw);
  const [written] = await writeEntries(
    store,
    target,
    [{ collection: 'tickets', journal: t.id, entry }],
    `dit: review #${shortId(t.id)} patchset ${current.number} revision ${current.revision}: ${score > 0 ? '+' : ''}${score}`,
  );
  return { id: t.id, entry: written!, patchset: current.number, revision: current.revision };
}
