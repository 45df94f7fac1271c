// `react`: GitHub's reactions on the description or a comment; a 👍 on the description is also a vote.
import * as v from 'valibot';
import { base, oid } from '../schema.js';
import { personKey } from '../ticket.js';
import type { Draft, Meta } from './draft.js';
import type { Description, ItemOf } from '../phrase.js';

/** GitHub's eight reactions, by the names its API uses. */
export const REACTIONS = ['+1', '-1', 'laugh', 'hooray', 'confused', 'heart', 'rocket', 'eyes'] as const;
export type Reaction = (typeof REACTIONS)[number];
export const REACTION_EMOJI: Record<Reaction, string> = {
  '+1': '👍',
  '-1': '👎',
  laugh: '😄',
  hooray: '🎉',
  confused: '😕',
  heart: '❤️',
  rocket: '🚀',
  eyes: '👀',
};

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

export function applyReact(d: Draft, e: ReactEntry, m: Meta): void {
  const key = reactionKey(e.comment);
  const who = personKey(e.author);
  let on = d.reactions.get(key);
  if (!on) d.reactions.set(key, (on = new Map()));
  let people = on.get(e.reaction);
  if (!people) on.set(e.reaction, (people = new Set()));
  // a second 👍 (or taking back one never given) is no news for the timeline
  if (people.has(who) !== e.on)
    d.timeline.push({
      kind: 'reaction',
      entry: m.id,
      time: m.time,
      author: m.author,
      comment: e.comment ?? null,
      reaction: e.reaction,
      on: e.on,
    });
  if (e.on) people.add(who);
  else people.delete(who);
  if (e.reaction === '+1' && key === '') {
    // a 👍 on the ticket is a vote, as `dit vote` records one
    if (e.on) d.votes.add(who);
    else d.votes.delete(who);
  }
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
