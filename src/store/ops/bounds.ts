// What one write may add to a ticket (model/schema.ts's MAX_LABELS, MAX_WATCHERS, MAX_VOTES,
// MAX_REACTIONS): refused here, before anything is written, so the CLI, forms and the API say the same.
import { invalid } from '../../errors.js';
import { shortId } from '../../model/ids.js';
import { MAX_LABELS, MAX_REACTIONS, MAX_VOTES, MAX_WATCHERS } from '../../model/schema.js';
import type { Ticket } from '../../model/ticket.js';

const BOUNDS = {
  labels: { max: MAX_LABELS, fix: 'remove some first (dit label ID -NAME)' },
  watchers: { max: MAX_WATCHERS, fix: 'remove some first (dit watchers)' },
  votes: { max: MAX_VOTES, fix: 'the ticket has all the votes it can count' },
  reactions: { max: MAX_REACTIONS, fix: 'the ticket has all the reactions it can hold' },
} as const;

/** Refuses a write that leaves a ticket (null: a new one) with more than the bound of `what`. */
export function within(what: keyof typeof BOUNDS, t: Ticket | null, have: number, after: number): void {
  const { max, fix } = BOUNDS[what];
  if (after <= max || after <= have) return; // never refuse a write that shrinks (or keeps) an older, larger set
  const who = t
    ? `#${shortId(t.id)} has ${have.toLocaleString('en')}, and this would make it ${after.toLocaleString('en')}`
    : `this gives it ${after.toLocaleString('en')}`;
  throw invalid(`a ticket may have at most ${max.toLocaleString('en')} ${what}; ${who}: ${fix}`, {
    field: what,
  });
}

/** How many reactions a ticket holds, over its description and its comments. */
export const reactionsOf = (t: Ticket): number =>
  Object.values(t.reactions).reduce((n, r) => n + Object.values(r).reduce((m, p) => m + p.length, 0), 0);
