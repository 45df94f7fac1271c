// `label`: adds and removes labels; applied in order like any set.
import * as v from 'valibot';
import { base, labelName, oid } from '../schema.js';
import type { Draft, Meta } from './draft.js';

export const labelSchema = v.strictObject({
  ...base,
  kind: v.literal('label'),
  ticket: oid,
  add: v.array(labelName),
  remove: v.array(labelName),
});
export type LabelEntry = v.InferOutput<typeof labelSchema>;

export function applyLabel(d: Draft, e: LabelEntry, m: Meta): void {
  const added = e.add.filter((l) => !d.labels.has(l));
  for (const l of added) d.labels.add(l);
  const removed = e.remove.filter((l) => d.labels.delete(l));
  if (added.length || removed.length)
    d.timeline.push({ kind: 'labels', entry: m.id, time: m.time, author: m.author, added, removed });
}
