// `watch` and `vote`: the author joins or leaves the ticket's watchers or voters.
import * as v from 'valibot';
import type { Description, ItemOf, Phrase } from '../phrase.js';
import { base, MAX_NAME, MAX_VOTES, MAX_WATCHERS, oid, singleLine } from '../schema.js';
import { personKey } from '../ticket.js';
import type { Draft, Meta } from './draft.js';

// `person`: who joins or leaves when the author records it for someone else (Gitblit's watchers lists)
const person = v.optional(singleLine(MAX_NAME));
export const watchSchema = v.strictObject({ ...base, kind: v.literal('watch'), ticket: oid, on: v.boolean(), person });
export const voteSchema = v.strictObject({ ...base, kind: v.literal('vote'), ticket: oid, on: v.boolean(), person });
export type WatchEntry = v.InferOutput<typeof watchSchema>;
export type VoteEntry = v.InferOutput<typeof voteSchema>;

export function applyToggle(d: Draft, e: WatchEntry | VoteEntry, m: Meta): void {
  const set = e.kind === 'watch' ? d.watchers : d.votes;
  const who = e.person ?? personKey(e.author);
  if (set.has(who) === e.on) return;
  // past the bound (older or hostile entries) the first people count and the rest are dropped
  if (e.on && set.size >= (e.kind === 'watch' ? MAX_WATCHERS : MAX_VOTES)) return;
  if (e.on) set.add(who);
  else set.delete(who);
  d.timeline.push({
    kind: e.kind,
    entry: m.id,
    time: m.time,
    author: m.author,
    on: e.on,
    ...(e.person !== undefined ? { person: e.person } : {}),
  });
}

export function describeWatch(item: ItemOf<'watch'>): Description {
  const says: Phrase = item.person
    ? item.on
      ? ['added ', { person: item.person }, ' to the watchers']
      : ['removed ', { person: item.person }, ' from the watchers']
    : [item.on ? 'started watching' : 'stopped watching'];
  return { event: 'changed', says, text: null };
}

export function describeVote(item: ItemOf<'vote'>): Description {
  const says: Phrase = item.person
    ? [item.on ? 'recorded a vote by ' : 'took back the vote of ', { person: item.person }]
    : [item.on ? 'voted' : 'took back a vote'];
  return { event: 'changed', says, text: null };
}
