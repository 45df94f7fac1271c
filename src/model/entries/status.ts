// `status`: closes, reopens or otherwise moves a ticket through its workflow, with an optional comment.
import * as v from 'valibot';
import { base, MAX_TEXT, oid, text } from '../schema.js';
import { STATUSES } from '../fields.js';
import { addComment } from './comment.js';
import { setStatus, type Draft, type Meta } from './draft.js';

export const statusSchema = v.strictObject({
  ...base,
  kind: v.literal('status'),
  ticket: oid,
  status: v.picklist(STATUSES),
  comment: v.optional(v.pipe(text, v.minLength(1), v.maxLength(MAX_TEXT))),
});
export type StatusEntry = v.InferOutput<typeof statusSchema>;

export function applyStatus(d: Draft, e: StatusEntry, m: Meta): void {
  if (e.comment !== undefined) addComment(d, e.comment, m);
  const from = setStatus(d, e.status, { kind: 'entry', id: m.id, time: m.time, author: m.author });
  if (from !== e.status) d.timeline.push({ kind: 'status', entry: m.id, time: m.time, author: m.author, from, to: e.status });
}
