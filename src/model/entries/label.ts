// `label`: adds and removes labels; applied in order like any set.
import * as v from 'valibot';
import { type Description, type ItemOf, listed, type Part } from '../phrase.js';
import { base, labelName, MAX_LABELS, oid } from '../schema.js';
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
  const removed = e.remove.filter((l) => d.labels.delete(l));
  // past the bound (an older or hostile entry) the first labels count and the rest are dropped
  const added = e.add.filter((l) => !d.labels.has(l)).slice(0, Math.max(0, MAX_LABELS - d.labels.size));
  for (const l of added) d.labels.add(l);
  if (added.length || removed.length)
    d.timeline.push({ kind: 'labels', entry: m.id, time: m.time, author: m.author, added, removed });
}

/** "added ui, bug and removed old" (long lists cut short: "and 99,990 more"). */
export function describeLabels(item: ItemOf<'labels'>): Description {
  const says: Part[] = [];
  const label = (name: string): Part => ({ label: name });
  if (item.added.length) says.push('added ', ...listed(item.added, label));
  if (item.added.length && item.removed.length) says.push(' and ');
  if (item.removed.length) says.push('removed ', ...listed(item.removed, label));
  return { event: 'changed', says, text: null };
}
