// `create`: the first entry of a ticket; its id is the ticket's id.
import * as v from 'valibot';
import {
  choicesOf,
  initialOf,
  STATUSES,
  TICKET_FIELD_NAMES,
  type TicketField,
  type TicketFieldValues,
  TYPES,
} from '../fields.js';
import type { Description, ItemOf, Told } from '../phrase.js';
import { base, entryOrigin, labelName, MAX_LABELS, MAX_NAME, MAX_TITLE, singleLine, text } from '../schema.js';
import type { Draft, Meta } from './draft.js';

/** A field as the first entry writes it: one of its values, or a name; left out, it takes its default. */
const createField = <K extends TicketField>(field: K) => {
  const values = choicesOf(field);
  return v.optional(values ? v.picklist(values) : singleLine(MAX_NAME)) as unknown as v.OptionalSchema<
    v.GenericSchema<NonNullable<TicketFieldValues[K]>>,
    undefined
  >;
};
type CreateFields = { [K in TicketField]: ReturnType<typeof createField<K>> };

const systemNumber = v.pipe(
  singleLine(MAX_NAME),
  v.regex(/^[a-z][a-z0-9-]*#\S+$/, 'an origin is written system#number, like gitblit#42'),
);

export const createSchema = v.strictObject({
  ...base,
  kind: v.literal('create'),
  title: singleLine(MAX_TITLE),
  body: text,
  ...(Object.fromEntries(TICKET_FIELD_NAMES.map((f) => [f, createField(f)])) as CreateFields),
  // the first entry always names its type, which decides the statuses the ticket offers
  type: v.picklist(TYPES),
  status: v.optional(v.picklist(STATUSES)),
  labels: v.optional(v.array(labelName)),
  /** Where an imported ticket came from, as `system#number` (`gitblit#42`, `github#7`); never changes. */
  imported: v.optional(systemNumber),
  /**
   * The original author of an imported ticket (as on every imported entry); imports before dit kept it
   * there wrote the ticket's `system#number` here instead, and such entries still read.
   */
  origin: v.optional(v.union([systemNumber, entryOrigin])),
});
export type CreateEntry = v.InferOutput<typeof createSchema>;

export function applyCreate(d: Draft, e: CreateEntry, m: Meta): void {
  if (d.exists) return; // a second create in one journal is ignored; the store warns about it
  d.exists = true;
  d.title = e.title;
  d.body = e.body;
  d.status = e.status ?? 'new';
  for (const f of TICKET_FIELD_NAMES) {
    (d as unknown as Record<string, unknown>)[f] = e[f] ?? initialOf(f);
  }
  d.origin = e.imported ?? (typeof e.origin === 'string' ? e.origin : null);
  // an entry over the bound (older, or hostile) keeps its first labels
  for (const l of e.labels ?? []) if (d.labels.size < MAX_LABELS) d.labels.add(l);
  d.author = e.author;
  d.created = e.time;
  d.decidedBy = { kind: 'entry', id: m.id, time: m.time, author: m.author };
  d.timeline.push({ kind: 'created', entry: m.id, time: m.time, author: m.author });
}

/** A new ticket: "opened this ticket", with its description. */
export const describeCreated = (_item: ItemOf<'created'>, told: Told): Description => ({
  event: 'opened',
  says: ['opened this ticket'],
  text: told.ticket.body || null,
});
