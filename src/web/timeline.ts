// A long timeline folded as GitHub folds it: the first items, "N hidden items / Load more", the last
// items; each page renders a bounded window (by count and by text size), and links work without script.
import type { Comment, Ticket, TimelineItem } from '../model/ticket.js';

/** Items shown at the start, per "load more" page, and at the end; text (Markdown) one page may render. */
export const FIRST = 50;
export const PAGE = 200;
export const LAST = 30;
export const TEXT_BUDGET = 1_000_000;

export interface Fold {
  count: number;
  from: number | null;
}
export interface TimelineWindow {
  /** Runs of items to render, with a fold before each run but the first (null: nothing hidden there). */
  runs: { fold: Fold | null; items: { item: TimelineItem; at: number }[] }[];
  total: number;
}

/** Items that only change state: the page shows their result (a watcher, a vote, a reaction, a tick), not the event. */
const HIDDEN = new Set<TimelineItem['kind']>([
  'created',
  'comment-edited',
  'watch',
  'vote',
  'reaction',
  'task',
  'check',
]);

/** Whether an item shows on the page at all (some only change state, and a deleted comment shows as an event). */
export function shows(item: TimelineItem, comments: Map<string, Comment>): boolean {
  if (HIDDEN.has(item.kind)) return false;
  if (item.kind === 'comment') {
    const c = comments.get(item.comment);
    // a reply shows inside its thread, at the thread's first comment
    return !!c && !c.deleted && !(c.reply !== undefined && comments.has(c.reply));
  }
  return true;
}

function textSize(item: TimelineItem, comments: Map<string, Comment>): number {
  if (item.kind === 'comment') return comments.get(item.comment)?.body.length ?? 0;
  if (item.kind === 'status') return item.comment?.length ?? 0;
  return 64;
}

/** The items a page shows, from position `from` (of the items that show) onwards; pure. */
export function timelineWindow(t: Ticket, from: number | null): TimelineWindow {
  const comments = new Map(t.comments.map((c) => [c.id, c]));
  const all = t.timeline.filter((i) => shows(i, comments));
  const n = all.length;
  const at = (i: number) => ({ item: all[i]!, at: i });
  if (n <= FIRST + LAST + 10 && textTotal(all, comments) <= TEXT_BUDGET)
    return { runs: [{ fold: null, items: all.map((_, i) => at(i)) }], total: n };
  // the last items, within half the budget
  let tailStart = n;
  for (let spent = 0; tailStart > 0 && n - tailStart < LAST; tailStart--) {
    spent += textSize(all[tailStart - 1]!, comments);
    if (spent > TEXT_BUDGET / 2 && n - tailStart > 0) break;
  }
  const start = Math.max(0, Math.min(from ?? 0, tailStart));
  const limit = Math.min(tailStart, start + (start === 0 ? FIRST : PAGE));
  let end = start;
  for (let spent = 0; end < limit; end++) {
    spent += textSize(all[end]!, comments);
    if (spent > TEXT_BUDGET / 2 && end > start) break;
  }
  const runs: TimelineWindow['runs'] = [];
  runs.push({ fold: start > 0 ? { count: start, from: null } : null, items: range(start, end).map(at) });
  const hidden = tailStart - end;
  runs.push({ fold: hidden > 0 ? { count: hidden, from: end } : null, items: range(tailStart, n).map(at) });
  return { runs, total: n };
}

const range = (a: number, b: number): number[] => Array.from({ length: Math.max(0, b - a) }, (_, i) => a + i);
const textTotal = (items: TimelineItem[], comments: Map<string, Comment>) =>
  items.reduce((s, i) => s + textSize(i, comments), 0);
