// `line-comment`: a comment on one line of a revision's diff (path, side, line), or a reply in its thread.
import * as v from 'valibot';
import { base, commitOid, MAX_TEXT, oid, text } from '../schema.js';
import type { Draft, Meta } from './draft.js';

export const SIDES = ['old', 'new'] as const;
export type Side = (typeof SIDES)[number];
/** Lines of code a comment quotes (each with its diff marker), so the timeline shows them without git. */
export const MAX_CONTEXT_LINES = 6;
export const MAX_CONTEXT_CHARS = 2100;
export const MAX_PATH = 4096;

const positive = v.pipe(v.number(), v.integer(), v.minValue(1));

/**
 * `patchset`/`revision`/`commit` name the revision commented on (its tip), `path` the file (its new name;
 * the old one for a line only on the old side), `side` and `line` the line in that side's numbering.
 * `reply` names the thread's first comment; a reply repeats its anchor. `context` is the diff lines
 * leading up to the line, as the writer saw them.
 */
export const lineCommentSchema = v.strictObject({
  ...base,
  kind: v.literal('line-comment'),
  ticket: oid,
  patchset: positive,
  revision: positive,
  commit: commitOid,
  path: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_PATH)),
  side: v.picklist(SIDES),
  line: positive,
  body: v.pipe(text, v.minLength(1, 'a comment must not be empty'), v.maxLength(MAX_TEXT)),
  reply: v.optional(oid),
  context: v.optional(
    v.pipe(v.array(v.pipe(v.string(), v.maxLength(MAX_CONTEXT_CHARS))), v.maxLength(MAX_CONTEXT_LINES)),
  ),
});
export type LineCommentEntry = v.InferOutput<typeof lineCommentSchema>;

export function applyLineComment(d: Draft, e: LineCommentEntry, m: Meta): void {
  const anchor = {
    patchset: e.patchset,
    revision: e.revision,
    commit: e.commit,
    path: e.path,
    side: e.side,
    line: e.line,
    context: e.context ?? [],
  };
  d.comments.set(m.id, {
    id: m.id,
    author: m.author,
    time: m.time,
    body: e.body,
    edits: [],
    edited: null,
    deleted: false,
    anchor,
    ...(e.reply !== undefined ? { reply: e.reply } : {}),
  });
  // every comment is an item (mail and the CLI tell of replies); pages show a thread once, at its first
  // comment, with its replies inside it (web/timeline.ts)
  d.timeline.push({ kind: 'comment', entry: m.id, time: m.time, author: m.author, comment: m.id });
}
