// `react`: GitHub's reactions on the description or a comment; a 👍 on the description is also a vote.
import * as v from 'valibot';
import type { Description, ItemOf } from '../phrase.js';
import { REACTION_EMOJI, REACTIONS } from '../reactions.js';
import { base, MAX_REACTIONS, MAX_VOTES, oid } from '../schema.js';
import { personKey } from '../ticket.js';
import type { Draft, Meta } from './draft.js';

export { REACTION_EMOJI, REACTIONS, type Reaction } from '../reactions.js';

export const reactSchema = v.strictObject({
  ...base,
  kind: v.literal('react'),
  ticket: oid,
  /** The comment reacted to; absent for the description. */
  comment: v.optional(oid),
  reaction: v.picklist(REACTIONS),
  on: v.boolean(),
});
export type ReactEntry = v.InferOutput<typeof reactSchema>;

/** Where reactions are kept in a ticket: '' for the description, else the comment's id. */
export const reactionKey = (comment: string | undefined): string => comment ?? '';

/** How many reactions a ticket being folded holds (MAX_REACTIONS bounds it). */
const counts = new WeakMap<Draft, number>();
export const reactionCount = (d: Draft): number => counts.get(d) ?? 0;

export function applyReact(d: Draft, e: ReactEntry, m: Meta): void {
  const key = reactionKey(e.comment);
  const who = personKey(e.author);
  if (e.reaction === '+1' && key === '') {
    // a 👍 on the ticket is a vote, as `dit vote` records one
    if (!e.on) d.votes.delete(who);
    else if (d.votes.size < MAX_VOTES) d.votes.add(who);
  }
  const had = d.reactions.get(key)?.get(e.reaction)?.has(who) ?? false;
  // a second 👍 (or taking back one never given) is no news for the timeline
  if (had === e.on) return;
  // past the bound (older or hostile entries) the first reactions count and the rest are dropped
  if (e.on && reactionCount(d) >= MAX_REACTIONS) return;
  counts.set(d, reactionCount(d) + (e.on ? 1 : -1));
  let on = d.reactions.get(key);
  if (!on) d.reactions.set(key, (on = new Map()));
  let people = on.get(e.reaction);
  if (!people) on.set(e.reaction, (people = new Set()));
  if (e.on) people.add(who);
  else people.delete(who);
  d.timeline.push({
    kind: 'reaction',
    entry: m.id,
    time: m.time,
    author: m.author,
    comment: e.comment ?? null,
    reaction: e.reaction,
    on: e.on,
  });
}

/** "reacted 👍 to the description"; pages leave reactions out of the timeline, mail and webhooks tell them. */
export const describeReaction = (item: ItemOf<'reaction'>): Description => ({
  event: 'changed',
  says: [
    `${item.on ? 'reacted' : 'took back'} ${REACTION_EMOJI[item.reaction]} ${item.on ? 'to' : 'on'} `,
    item.comment === null ? 'the description' : 'a comment',
  ],
  text: null,
});
