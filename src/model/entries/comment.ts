// `comment`, `edit-comment`, `delete-comment`: discussion, with edit history and tombstones.
import * as v from 'valibot';
import type { Description, ItemOf, Told } from '../phrase.js';
import { base, MAX_TEXT, oid, text } from '../schema.js';
import type { Draft, Meta } from './draft.js';

const body = v.pipe(text, v.minLength(1, 'a comment must not be empty'), v.maxLength(MAX_TEXT));

export const commentSchema = v.strictObject({ ...base, kind: v.literal('comment'), ticket: oid, body });
export const editCommentSchema = v.strictObject({
  ...base,
  kind: v.literal('edit-comment'),
  ticket: oid,
  comment: oid,
  body,
});
export const deleteCommentSchema = v.strictObject({
  ...base,
  kind: v.literal('delete-comment'),
  ticket: oid,
  comment: oid,
});
export type CommentEntry = v.InferOutput<typeof commentSchema>;
export type EditCommentEntry = v.InferOutput<typeof editCommentSchema>;
export type DeleteCommentEntry = v.InferOutput<typeof deleteCommentSchema>;

export function addComment(d: Draft, commentBody: string, m: Meta): void {
  d.comments.set(m.id, {
    id: m.id,
    author: m.author,
    time: m.time,
    body: commentBody,
    edits: [],
    edited: null,
    deleted: false,
  });
  d.timeline.push({ kind: 'comment', entry: m.id, time: m.time, author: m.author, comment: m.id });
}

export function applyComment(d: Draft, e: CommentEntry, m: Meta): void {
  addComment(d, e.body, m);
}

export function applyEditComment(d: Draft, e: EditCommentEntry, m: Meta): void {
  const c = d.comments.get(e.comment);
  if (!c || c.deleted) return; // editing what this view cannot see (or a deleted comment) changes nothing
  c.edits.push({ time: c.edited?.time ?? c.time, author: c.edited?.author ?? c.author, body: c.body });
  c.body = e.body;
  c.edited = { time: m.time, author: m.author };
  d.tasks.delete(e.comment); // the edited text says which tasks are done (the editor starts from the ticked text)
  d.timeline.push({ kind: 'comment-edited', entry: m.id, time: m.time, author: m.author, comment: e.comment });
}

export function applyDeleteComment(d: Draft, e: DeleteCommentEntry, m: Meta): void {
  const c = d.comments.get(e.comment);
  if (!c || c.deleted) return;
  c.deleted = true;
  c.body = '';
  c.edits = [];
  d.timeline.push({ kind: 'comment-deleted', entry: m.id, time: m.time, author: m.author, comment: e.comment });
}

/** A comment, a line comment ("commented on a.ts line 12") or a reply in a line comment's thread. */
export function describeComment(item: ItemOf<'comment'>, told: Told): Description {
  const c = told.comment(item.comment);
  const a = c?.anchor;
  const where = a ? [' on ', { code: a.path }, ` line ${a.line}`] : [];
  return {
    event: 'commented',
    says: [c?.reply !== undefined ? 'replied' : 'commented', ...where],
    text: c && !c.deleted ? c.body : null,
  };
}

export const describeCommentEdited = (item: ItemOf<'comment-edited'>, told: Told): Description => {
  const c = told.comment(item.comment);
  return { event: 'changed', says: ['edited a comment'], text: c && !c.deleted ? c.body : null };
};

export const describeCommentDeleted = (_item: ItemOf<'comment-deleted'>): Description => ({
  event: 'changed',
  says: ['deleted a comment'],
  text: null,
});
