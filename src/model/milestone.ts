// Milestones: a journal per milestone (create, then field changes), folded like tickets.
import * as v from 'valibot';
import type { Loaded } from './entry-file.js';
import { compareOrder } from './fold.js';
import type { Author } from './schema.js';
import { base, MAX_NAME, oid, singleLine, text } from './schema.js';

const date = v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/, 'dates are written YYYY-MM-DD'));
export const milestoneFieldsSchema = v.strictObject({
  name: v.optional(singleLine(MAX_NAME)),
  description: v.optional(text),
  due: v.optional(v.nullable(date)),
  state: v.optional(v.picklist(['open', 'closed'])),
  color: v.optional(
    v.nullable(v.pipe(v.string(), v.regex(/^[0-9a-f]{6}$/, 'colours are six hex digits, like d73a4a'))),
  ),
});
export type MilestoneFields = v.InferOutput<typeof milestoneFieldsSchema>;

export const milestoneEntrySchema = v.variant('kind', [
  v.strictObject({ ...base, kind: v.literal('create'), milestone: oid, fields: milestoneFieldsSchema }),
  v.strictObject({ ...base, kind: v.literal('set'), milestone: oid, fields: milestoneFieldsSchema }),
]);
export type MilestoneEntry = v.InferOutput<typeof milestoneEntrySchema>;

export interface Milestone {
  id: string;
  name: string;
  description: string;
  due: string | null;
  state: 'open' | 'closed';
  /** Six hex digits, or null for the page's default. */
  color: string | null;
  author: Author;
  created: string;
  updated: string;
}

/** Every entry applies its fields in canonical order; concurrent creates of one name simply merge. */
export function foldMilestone(id: string, entries: readonly Loaded<MilestoneEntry>[]): Milestone | null {
  const ordered = entries
    .map((l) => ({ clock: l.entry.clock, ms: Date.parse(l.entry.time), id: l.id, entry: l.entry }))
    .sort(compareOrder);
  const first = ordered[0];
  if (!first) return null;
  const m: Milestone = {
    id,
    name: '',
    description: '',
    due: null,
    state: 'open',
    color: null,
    author: first.entry.author,
    created: first.entry.time,
    updated: first.entry.time,
  };
  for (const { entry } of ordered) {
    const f = entry.fields;
    if (f.name !== undefined) m.name = f.name;
    if (f.description !== undefined) m.description = f.description;
    if (f.due !== undefined) m.due = f.due;
    if (f.state !== undefined) m.state = f.state;
    if (f.color !== undefined) m.color = f.color;
    m.updated = entry.time;
  }
  return m.name ? m : null;
}
