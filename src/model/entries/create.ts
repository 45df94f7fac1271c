// `create`: the first entry of a ticket; its id is the ticket's id.
import * as v from 'valibot';
import { base, entryOrigin, labelName, MAX_LABELS, MAX_NAME, MAX_TITLE, singleLine, text } from '../schema.js';
import { PRIORITIES, SEVERITIES, STATUSES, TYPES } from '../fields.js';
import type { Draft, Meta } from './draft.js';
import type { Description, ItemOf, Told } from '../phrase.js';

const systemNumber = v.pipe(
  singleLine(MAX_NAME),
  v.regex(/^[a-z][a-z0-9-]*#\S+$/, 'an origin is written system#number, like gitblit#42'),
);

export const createSchema = v.strictObject({
  ...base,
  kind: v.literal('create'),
  title: singleLine(MAX_TITLE),
  body: text,
  type: v.picklist(TYPES),
  status: v.optional(v.picklist(STATUSES)),
  priority: v.optional(v.picklist(PRIORITIES)),
  severity: v.optional(v.picklist(SEVERITIES)),
  labels: v.optional(v.array(labelName)),
  milestone: v.optional(singleLine(MAX_NAME)),
  responsible: v.optional(singleLine(MAX_NAME)),
  topic: v.optional(singleLine(MAX_NAME)),
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
  d.type = e.type;
  d.status = e.status ?? 'new';
  d.priority = e.priority ?? 'normal';
  d.severity = e.severity ?? 'unrated';
  d.milestone = e.milestone ?? null;
  d.responsible = e.responsible ?? null;
  d.topic = e.topic ?? null;
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
