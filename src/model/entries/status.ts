// `status`: closes, reopens or otherwise moves a ticket through its workflow, with an optional comment.
import * as v from 'valibot';
import { isOpen, STATUSES, statusAction } from '../fields.js';
import type { Description, ItemOf, Part } from '../phrase.js';
import { base, MAX_NAME, MAX_TEXT, oid, singleLine, text } from '../schema.js';
import { addComment } from './comment.js';
import { type Draft, type Meta, setStatus } from './draft.js';

export const statusSchema = v.strictObject({
  ...base,
  kind: v.literal('status'),
  ticket: oid,
  status: v.picklist(STATUSES),
  comment: v.optional(v.pipe(text, v.minLength(1), v.maxLength(MAX_TEXT))),
  /** For `merged`: the merge commit and the branch it went into (Gitblit's mergeSha and mergeTo). */
  commit: v.optional(
    v.pipe(v.string(), v.regex(/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/, 'must be a 40- or 64-character hex commit id')),
  ),
  target: v.optional(singleLine(MAX_NAME)),
});
export type StatusEntry = v.InferOutput<typeof statusSchema>;

/**
 * A closing status that names a commit is evidence (DESIGN §4): it holds where that commit is. Where the
 * view lacks the commit it changes nothing; the timeline still tells, marked as decided elsewhere.
 */
export function applyStatus(d: Draft, e: StatusEntry, m: Meta): void {
  if (e.comment !== undefined) addComment(d, e.comment, m);
  const evidence = e.commit !== undefined && !isOpen(e.status);
  if (evidence && !d.evidence.includes(e.commit!)) d.evidence.push(e.commit!);
  if (evidence && d.absent.has(e.commit!)) {
    const target = e.target !== undefined ? { target: e.target } : {};
    d.timeline.push({
      kind: 'status',
      entry: m.id,
      time: m.time,
      author: m.author,
      from: d.status,
      to: e.status,
      commit: e.commit!,
      ...target,
      elsewhere: true,
    });
    return;
  }
  const by = { kind: 'entry' as const, id: m.id, time: m.time, author: m.author };
  const from = setStatus(d, e.status, evidence ? { ...by, commit: e.commit! } : by);
  if (e.commit !== undefined || e.target !== undefined)
    d.merge = { commit: e.commit ?? null, target: e.target ?? null };
  else if (e.status !== 'merged') d.merge = null;
  const merge =
    e.commit !== undefined ? { commit: e.commit, ...(e.target !== undefined ? { target: e.target } : {}) } : {};
  if (from !== e.status || e.commit !== undefined)
    d.timeline.push({ kind: 'status', entry: m.id, time: m.time, author: m.author, from, to: e.status, ...merge });
}

/** "closed this as fixed in merge commit abc1234 into main", "reopened this"; the event asks the model. */
export function describeStatus(item: ItemOf<'status'>): Description {
  const says: Part[] = isOpen(item.to)
    ? isOpen(item.from)
      ? ['set the status to ', { status: item.to }]
      : ['reopened this']
    : ['closed this as ', { status: item.to }];
  if (item.commit) {
    says.push(item.to === 'merged' ? ' in merge commit ' : ' in commit ', { commit: item.commit });
    if (item.target) says.push(' into ', { code: item.target });
    if (item.elsewhere) says.push(", which is not in this branch's history: not here");
  }
  return { event: statusAction(item.from, item.to), says, text: item.comment ?? null };
}
