// `task`: ticking a task list item (`- [ ] ...`) of the description or a comment, as an entry of its
// own, so two people ticking different items never race on editing the text.
import * as v from 'valibot';
import type { Description, ItemOf } from '../phrase.js';
import { base, oid } from '../schema.js';
import type { Draft, Meta } from './draft.js';

export const taskSchema = v.strictObject({
  ...base,
  kind: v.literal('task'),
  ticket: oid,
  /** The comment whose list it is; absent for the description. */
  comment: v.optional(oid),
  /** Which task item, counting from 0 in the text's order. */
  index: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(9999)),
  done: v.boolean(),
});
export type TaskEntry = v.InferOutput<typeof taskSchema>;

/** Where ticks are kept: '' for the description, else the comment's id; then item index to done. */
export function applyTask(d: Draft, e: TaskEntry, m: Meta): void {
  const key = e.comment ?? '';
  let ticks = d.tasks.get(key);
  if (!ticks) d.tasks.set(key, (ticks = new Map()));
  if (ticks.get(e.index)?.done !== e.done)
    d.timeline.push({
      kind: 'task',
      entry: m.id,
      time: m.time,
      author: m.author,
      comment: e.comment ?? null,
      index: e.index,
      done: e.done,
    });
  ticks.set(e.index, { done: e.done, time: m.time, author: m.author });
}

/** "ticked task 2 of the description". */
export const describeTask = (item: ItemOf<'task'>): Description => ({
  event: 'changed',
  says: [
    `${item.done ? 'ticked' : 'unticked'} task ${item.index + 1} of `,
    item.comment === null ? 'the description' : 'a comment',
  ],
  text: null,
});
