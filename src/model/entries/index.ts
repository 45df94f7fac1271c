// Every kind of ticket entry: the union schema, and the apply step each kind brings.
import * as v from 'valibot';
import { applyAttach, attachSchema } from './attach.js';
import { applyCheck, checkSchema } from './check.js';
import {
  applyComment,
  applyDeleteComment,
  applyEditComment,
  commentSchema,
  deleteCommentSchema,
  editCommentSchema,
} from './comment.js';
import { applyCreate, type CreateEntry, createSchema } from './create.js';
import type { Draft, Meta } from './draft.js';
import { applyLabel, labelSchema } from './label.js';
import { applyLineComment, lineCommentSchema } from './line-comment.js';
import { applyPatchset, patchsetSchema } from './patchset.js';
import { applyReact, reactSchema } from './react.js';
import { applyReview, reviewSchema } from './review.js';
import { applySet, setSchema } from './set.js';
import { applyStatus, statusSchema } from './status.js';
import { applyTask, taskSchema } from './task.js';
import { applyToggle, voteSchema, watchSchema } from './watch.js';

export const ticketEntrySchema = v.variant('kind', [
  createSchema,
  commentSchema,
  editCommentSchema,
  deleteCommentSchema,
  setSchema,
  labelSchema,
  statusSchema,
  watchSchema,
  voteSchema,
  patchsetSchema,
  reviewSchema,
  lineCommentSchema,
  attachSchema,
  reactSchema,
  taskSchema,
  checkSchema,
]);
export type TicketEntry = v.InferOutput<typeof ticketEntrySchema>;
export type TicketEntryKind = TicketEntry['kind'];
export type { CreateEntry };

export function applyEntry(d: Draft, e: TicketEntry, m: Meta): void {
  switch (e.kind) {
    case 'create':
      return applyCreate(d, e, m);
    case 'comment':
      return applyComment(d, e, m);
    case 'edit-comment':
      return applyEditComment(d, e, m);
    case 'delete-comment':
      return applyDeleteComment(d, e, m);
    case 'set':
      return applySet(d, e, m);
    case 'label':
      return applyLabel(d, e, m);
    case 'status':
      return applyStatus(d, e, m);
    case 'watch':
    case 'vote':
      return applyToggle(d, e, m);
    case 'patchset':
      return applyPatchset(d, e, m);
    case 'review':
      return applyReview(d, e, m);
    case 'line-comment':
      return applyLineComment(d, e, m);
    case 'attach':
      return applyAttach(d, e, m);
    case 'react':
      return applyReact(d, e, m);
    case 'task':
      return applyTask(d, e, m);
    case 'check':
      return applyCheck(d, e, m);
  }
}
