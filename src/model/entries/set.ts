// `set`: changes scalar fields (title, description, type, priority, ...); last value in order wins.
import * as v from 'valibot';
import { choicesOf, TICKET_FIELD_NAMES, type TicketField, type TicketFieldValues } from '../fields.js';
import type { Description, ItemOf, Part } from '../phrase.js';
import { base, MAX_NAME, MAX_TITLE, oid, singleLine, text } from '../schema.js';
import type { Draft, Meta } from './draft.js';

/** A field as a `set` entry writes it: one of its values, or a name (null clears it). */
const setField = <K extends TicketField>(field: K) => {
  const values = choicesOf(field);
  return v.optional(values ? v.picklist(values) : v.nullable(singleLine(MAX_NAME))) as unknown as v.OptionalSchema<
    v.GenericSchema<TicketFieldValues[K]>,
    undefined
  >;
};
type SetFields = { [K in TicketField]: ReturnType<typeof setField<K>> };

export const fieldsSchema = v.strictObject({
  title: v.optional(singleLine(MAX_TITLE)),
  body: v.optional(text),
  ...(Object.fromEntries(TICKET_FIELD_NAMES.map((f) => [f, setField(f)])) as SetFields),
});
export type Fields = v.InferOutput<typeof fieldsSchema>;
/** The fields a `set` entry may change: the title, the description and the table's (model/fields.ts). */
export const FIELD_NAMES = Object.keys(fieldsSchema.entries) as (keyof Fields)[];

export const setSchema = v.strictObject({ ...base, kind: v.literal('set'), ticket: oid, fields: fieldsSchema });
export type SetEntry = v.InferOutput<typeof setSchema>;

export function applySet(d: Draft, e: SetEntry, m: Meta): void {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const name of FIELD_NAMES) {
    const value = e.fields[name];
    if (value === undefined || d[name] === value) continue;
    changes[name] = [d[name], value];
    (d as unknown as Record<string, unknown>)[name] = value;
  }
  if ('body' in changes) d.tasks.delete(''); // the new description says which of its tasks are done
  if (Object.keys(changes).length)
    d.timeline.push({ kind: 'fields', entry: m.id, time: m.time, author: m.author, changes });
}

/** A field's value in a sentence: `nothing` for none, people as people. */
function valuePart(field: string, v: unknown): Part {
  if (v === null || v === undefined || v === '') return { value: 'nothing' };
  if (field === 'responsible') return { person: String(v) };
  return { value: String(v) };
}

/** "changed priority from normal to high, edited the description". */
export function describeFields(item: ItemOf<'fields'>): Description {
  const says: Part[] = [];
  for (const [k, [from, to]] of Object.entries(item.changes)) {
    if (says.length) says.push(', ');
    if (k === 'body')
      says.push(from ? (to ? 'edited the description' : 'cleared the description') : 'added a description');
    else says.push(`changed ${k} from `, valuePart(k, from), ' to ', valuePart(k, to));
  }
  return { event: 'changed', says, text: null };
}
