// Commenting on a line of a revision's diff, and replying in its thread: the entry, with the code it quotes.
import { DitError } from '../errors.js';
import { contextOf } from '../model/diff.js';
import { lineCommentSchema, MAX_CONTEXT_CHARS, type Side } from '../model/entries/line-comment.js';
import { shortId } from '../model/ids.js';
import { header, nextClock, validated } from '../store/write/entries.js';
import type { Store } from '../store/store.js';
import type { View } from '../store/view/view.js';
import { authorOf, writeEntries, type Target } from '../store/write/write.js';
import { pickRevision, revisionFiles } from './diffs.js';

export interface LineTarget {
  patchset: number;
  revision: number;
  path: string;
  side: Side;
  line: number;
}

const MARK = { context: ' ', add: '+', del: '-' } as const;

/**
 * Writes a comment on a line of a revision's diff, checking that the line is in it; `reply` names a
 * comment whose thread it joins (the thread's anchor is kept). Returns the new entry's id.
 */
export async function addLineComment(
  store: Store,
  view: View,
  prefix: string,
  at: LineTarget | null,
  body: string,
  target: Target,
  reply?: string,
): Promise<string> {
  const t = await view.ticket(prefix, true);
  if (!body.trim()) throw new DitError('usage', 'the comment is empty; write something first');
  let anchor: LineTarget & { commit: string; context: string[] };
  let root: string | undefined;
  if (reply) {
    const found = t.comments.filter((c) => c.anchor && !c.deleted && c.id.startsWith(reply));
    if (found.length !== 1 || reply.length < 4)
      throw new DitError(
        'not-found',
        `no line comment ${reply} on #${shortId(t.id)} to reply to; it may have been deleted`,
      );
    const c = found[0]!;
    root = c.reply ?? c.id;
    anchor = { ...c.anchor! };
  } else {
    if (!at) throw new DitError('usage', 'a line comment needs a patchset, revision, path, side and line');
    const picked = pickRevision(t, at.patchset, at.revision);
    const files = await revisionFiles(store, t, picked, at.path);
    const file = files.files.find((f) => f.path === at.path)?.patch;
    const lines = file ? contextOf(file, at.side, at.line) : null;
    if (!lines)
      throw new DitError(
        'invalid-value',
        `line ${at.line} (${at.side} side) of ${at.path} is not in the diff of patchset ${at.patchset} revision ${at.revision}; comment on a line the diff shows`,
      );
    anchor = {
      ...at,
      commit: picked.tip,
      context: lines.map((l) => `${MARK[l.kind]}${l.text}`.slice(0, MAX_CONTEXT_CHARS)),
    };
  }
  const raw: Record<string, unknown> = {
    ...header(
      'line-comment',
      { ticket: t.id },
      nextClock(await view.ticketEntries(t.id)),
      await authorOf(store, target),
    ),
    patchset: anchor.patchset,
    revision: anchor.revision,
    commit: anchor.commit,
    path: anchor.path,
    side: anchor.side,
    line: anchor.line,
    body,
    ...(root ? { reply: root } : {}),
    ...(anchor.context.length ? { context: anchor.context } : {}),
  };
  const entry = validated(lineCommentSchema, raw);
  const [written] = await writeEntries(
    store,
    target,
    [{ collection: 'tickets', journal: t.id, entry }],
    `dit: comment on #${shortId(t.id)} ${anchor.path.replace(/[\r\n]/g, ' ').slice(0, 100)}:${anchor.line}`,
  );
  return written!;
}
