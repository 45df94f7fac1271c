// Commenting on a line of a revision's diff, and replying in its thread: the entry, with the code it quotes.
import { DitError } from '../errors.js';
import { contextOf, movedLine } from '../model/diff.js';
import { lineCommentSchema, MAX_CONTEXT_CHARS, type Side } from '../model/entries/line-comment.js';
import { shortId } from '../model/ids.js';
import type { Comment, Ticket } from '../model/ticket.js';
import type { Store } from '../store/store.js';
import type { View } from '../store/view/view.js';
import { header, nextClock, validated } from '../store/write/entries.js';
import { authorOf, type Target, writeEntries } from '../store/write/write.js';
import { fileMoved, type Picked, pickRevision, revisionFiles } from './diffs.js';

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
        `line ${at.line} (${at.side} side) of ${at.path} is not in the diff of patchset ` +
          `${at.patchset} revision ${at.revision}; comment on a line the diff shows`,
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

/** Each thread of line comments: its first comment and its replies, in order (deleted ones left out when nothing of them is left). */
export function lineThreads(t: Ticket): { root: Comment; replies: Comment[] }[] {
  const roots = new Map<string, { root: Comment; replies: Comment[] }>();
  for (const c of t.comments) if (c.anchor && !c.reply) roots.set(c.id, { root: c, replies: [] });
  for (const c of t.comments) if (c.anchor && c.reply) roots.get(c.reply)?.replies.push(c);
  return [...roots.values()].filter((th) => !th.root.deleted || th.replies.some((r) => !r.deleted));
}

/** Where a thread of line comments sits on a revision: its line there, or null when its line is gone. */
export interface Placement {
  path: string;
  side: Side;
  line: number | null;
  /** Made on another revision: placed where `git diff` of the two says the line went. */
  outdated: boolean;
}

/** The commit a side of a revision's diff shows: its tip (new) or its base (old). */
function sideCommit(t: Ticket, patchset: number, revision: number, side: Side, tip: string): string | null {
  if (side === 'new') return tip;
  const r = t.patchsets.find((p) => p.number === patchset)?.revisions.find((x) => x.revision === revision);
  return r?.base ?? null;
}

/**
 * Where each thread (by its first comment) is on revision `at`. A thread made on `at` is where it was
 * made; one made on another revision moves with its line, as `git diff` of the two revisions' sides
 * says (the tips for the new side, the bases for the old), renames followed; its line is null when that
 * diff changes or removes it, or when the commits are not here.
 */
export async function placeThreads(
  store: Store,
  t: Ticket,
  at: Picked,
  roots: readonly Comment[],
): Promise<Map<string, Placement>> {
  const out = new Map<string, Placement>();
  await Promise.all(
    roots.map(async (c) => {
      const a = c.anchor;
      if (!a) return;
      if (a.patchset === at.number && a.revision === at.revision) {
        out.set(c.id, { path: a.path, side: a.side, line: a.line, outdated: false });
        return;
      }
      const from = sideCommit(t, a.patchset, a.revision, a.side, a.commit);
      const to = a.side === 'new' ? at.tip : at.base;
      const here = async (oid: string | null) => !!oid && (await store.vcs.canReview(oid));
      if (!from || !(await here(from)) || !(await here(to))) {
        out.set(c.id, { path: a.path, side: a.side, line: null, outdated: true });
        return;
      }
      if (from === to) {
        out.set(c.id, { path: a.path, side: a.side, line: a.line, outdated: true });
        return;
      }
      const moved = await fileMoved(store, from, to, a.path);
      out.set(c.id, {
        path: moved.path ?? a.path,
        side: a.side,
        line: moved.path === null ? null : movedLine(moved.patch, a.line),
        outdated: true,
      });
    }),
  );
  return out;
}

export interface PlacedThread {
  root: Comment;
  replies: Comment[];
  at: Placement;
}

/**
 * A ticket's line comments by file as revision `at` has them (`dit show --lines`): each file's threads
 * in line order, those whose line is gone first (they go above the file, as on the Files changed tab).
 */
export async function lineCommentsByFile(
  store: Store,
  t: Ticket,
  at: Picked,
): Promise<{ path: string; threads: PlacedThread[] }[]> {
  const threads = lineThreads(t);
  const placed = await placeThreads(
    store,
    t,
    at,
    threads.map((th) => th.root),
  );
  const files = new Map<string, PlacedThread[]>();
  for (const th of threads) {
    const p = placed.get(th.root.id);
    if (!p) continue;
    files.set(p.path, [...(files.get(p.path) ?? []), { ...th, at: p }]);
  }
  const order = (x: PlacedThread) => x.at.line ?? 0;
  return [...files]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, list]) => ({
      path,
      threads: list.sort((x, y) => order(x) - order(y) || (x.at.side < y.at.side ? -1 : x.at.side > y.at.side ? 1 : 0)),
    }));
}
