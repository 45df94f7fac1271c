// Label definitions: colour and description of a label name, kept as a journal so they sync.
import * as v from 'valibot';
import type { Loaded } from './entry-file.js';
import { compareOrder } from './fold.js';
import { base, labelName, MAX_LABEL_DESCRIPTION, oid } from './schema.js';

export const labelDefEntrySchema = v.strictObject({
  ...base,
  kind: v.literal('define'),
  label: oid,
  name: labelName,
  color: v.optional(v.pipe(v.string(), v.regex(/^[0-9a-f]{6}$/, 'colours are six hex digits, like d73a4a'))),
  description: v.optional(v.pipe(v.string(), v.maxLength(MAX_LABEL_DESCRIPTION))),
});
export type LabelDefEntry = v.InferOutput<typeof labelDefEntrySchema>;

export interface LabelDef {
  id: string;
  name: string;
  color: string;
  description: string;
}

/** A stable default colour for labels nobody defined, derived from the name. */
export function defaultColor(name: string): string {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (Math.imul(h, 31) + name.charCodeAt(i)) >>> 0;
  return (h & 0xffffff).toString(16).padStart(6, '0');
}

export function foldLabelDef(id: string, entries: readonly Loaded<LabelDefEntry>[]): LabelDef | null {
  const ordered = entries
    .map((l) => ({ clock: l.entry.clock, ms: Date.parse(l.entry.time), id: l.id, entry: l.entry }))
    .sort(compareOrder);
  let def: LabelDef | null = null;
  for (const { entry } of ordered) {
    def ??= { id, name: entry.name, color: defaultColor(entry.name), description: '' };
    def.name = entry.name;
    if (entry.color !== undefined) def.color = entry.color;
    if (entry.description !== undefined) def.description = entry.description;
  }
  return def;
}
