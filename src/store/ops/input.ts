// Input rules in one place: raw strings from CLI flags, form fields and JSON bodies are read with the
// model's own schemas (the same limits the entry files are validated with), failing with one code.
import * as v from 'valibot';
import { DitError, invalid } from '../../errors.js';
import type { Fields } from '../../model/entries/set.js';
import {
  choicesOf,
  PRIORITIES,
  SEVERITIES,
  STATUSES,
  type Status,
  TICKET_FIELD_NAMES,
  type TicketField,
  type TicketFieldValues,
  TYPES,
} from '../../model/fields.js';
import type { MilestoneFields } from '../../model/milestone.js';
import { labelName, MAX_NAME, MAX_TEXT, MAX_TITLE, singleLine, text } from '../../model/schema.js';

/** A title as the create and set entries hold it: one line, at most MAX_TITLE characters. */
export const title = v.pipe(v.string(), v.trim(), singleLine(MAX_TITLE));
/** A description, a closing comment: at most MAX_TEXT characters. */
export const body = text;
/** A comment as the comment entry holds it: not empty, at most MAX_TEXT characters. */
export const comment = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(MAX_TEXT));
/** A name (milestone, responsible person, topic): one line, at most MAX_NAME characters. */
export const name = v.pipe(v.string(), v.trim(), singleLine(MAX_NAME));
export const label = labelName;
/** A due date: YYYY-MM-DD, a real day. */
export const due = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}$/, 'write it as YYYY-MM-DD, like 2027-01-15'),
  v.check((s) => !Number.isNaN(Date.parse(s)), 'not a real date'),
);

/** Reads one raw value with a schema; a value it refuses is `invalid-value` naming the field. */
export function parseInput<S extends v.GenericSchema>(schema: S, raw: unknown, field: string): v.InferOutput<S> {
  const r = v.safeParse(schema, raw);
  if (r.success) return r.output;
  throw refused(field, raw, r.issues[0].message);
}

/** A value of a closed set, refused with the set listed: `unknown type "feature"; use one of: bug, ...`. */
export const choice = <T extends string>(values: readonly T[], what: string) =>
  v.picklist(values, (issue) => `unknown ${what} ${JSON.stringify(issue.input)}; use one of: ${values.join(', ')}`);

export const type = choice(TYPES, 'type');
export const priority = choice(PRIORITIES, 'priority');
export const severity = choice(SEVERITIES, 'severity');
export const status = choice(STATUSES, 'status');
export const milestoneState = choice(['open', 'closed'] as const, 'milestone state');

type Raw = string | undefined;

/** A value refused by a schema: `invalid-value` naming the field, with the schema's own message. */
function refused(field: string, raw: unknown, message: string): DitError {
  const value = typeof raw === 'string' ? raw : undefined;
  const shown = value !== undefined && /^[^\x00-\x1f\x7f]{0,40}$/.test(value) ? `${JSON.stringify(value)} ` : '';
  return invalid(message.startsWith('unknown ') ? message : `${field}: ${shown}${message}`, {
    field,
    ...(value !== undefined ? { value: value.slice(0, 200) } : {}),
  });
}

/** An optional raw value: absent stays absent, anything given must pass the schema. */
export function optional<S extends v.GenericSchema>(schema: S, raw: Raw, field: string): v.InferOutput<S> | undefined {
  return raw === undefined ? undefined : parseInput(schema, raw, field);
}

/** A field that can be cleared: absent stays absent, blank clears it (null), anything else must pass. */
export function clearable<S extends v.GenericSchema>(
  schema: S,
  raw: Raw,
  field: string,
): v.InferOutput<S> | null | undefined {
  if (raw === undefined) return undefined;
  return raw.trim() === '' ? null : parseInput(schema, raw, field);
}

/** Label names, each checked. */
export function labels(raw: readonly string[], field = 'label'): string[] {
  return raw.map((l) => parseInput(label, l, field));
}

/** The raw text of a new ticket, as a CLI command line or a form holds it. */
export type RawTicket = { title?: Raw; body?: Raw; status?: Raw; labels?: readonly string[] } & {
  [K in TicketField]?: Raw;
};

/** A new ticket's fields as read from a flag, a form or a JSON body. */
export type NewTicket = { title: string; body?: string; status?: Status; labels?: string[] } & {
  [K in TicketField]?: NonNullable<TicketFieldValues[K]>;
};

/** A field's schema for raw input: one of its values, or a name. */
const fieldInput = (field: TicketField): v.GenericSchema<string, string> => {
  const values = choicesOf(field);
  return values ? choice(values, field) : name;
};

/** A new ticket from raw strings; names left blank are left out. */
export function newTicket(raw: RawTicket): NewTicket {
  if (!raw.title?.trim()) throw new DitError('usage', 'a ticket needs a title');
  const blankless = (s: Raw) => (s?.trim() ? s : undefined);
  const ticket: Record<string, unknown> = {
    title: parseInput(title, raw.title, 'title'),
    body: optional(body, raw.body, 'body'),
    status: optional(status, raw.status, 'status'),
    labels: raw.labels ? labels(raw.labels) : undefined,
  };
  for (const f of TICKET_FIELD_NAMES) ticket[f] = optional(fieldInput(f), choicesOf(f) ? raw[f] : blankless(raw[f]), f);
  return ticket as NewTicket;
}

/** The raw text of a field edit: absent leaves a field alone, a blank name clears it. */
export type RawFields = Partial<Record<keyof Fields, Raw>>;

/** Field changes from raw strings (`dit edit` flags, the ticket page's forms). */
export function fields(raw: RawFields): Fields {
  if (raw.title !== undefined && !raw.title.trim()) throw new DitError('usage', 'a ticket needs a title');
  const fields: Record<string, unknown> = {
    title: optional(title, raw.title, 'title'),
    body: optional(body, raw.body, 'body'),
  };
  // a choice is absent or one of its values; a name may also be cleared with a blank
  for (const f of TICKET_FIELD_NAMES)
    fields[f] = choicesOf(f) ? optional(fieldInput(f), raw[f], f) : clearable(name, raw[f], f);
  return fields as Fields;
}

/** The raw text of a milestone's fields; a blank due date clears it. */
export interface RawMilestone {
  name?: Raw;
  description?: Raw;
  due?: Raw;
  state?: Raw;
}

/** Milestone fields from raw strings (the due date itself is checked by the milestone functions). */
export function milestone(raw: RawMilestone): MilestoneFields & { name?: string } {
  return {
    name: raw.name?.trim() ? parseInput(name, raw.name, 'name') : undefined,
    description: optional(body, raw.description, 'description'),
    due: raw.due === undefined ? undefined : raw.due.trim() === '' ? null : raw.due.trim(),
    state: optional(milestoneState, raw.state, 'state'),
  };
}

/**
 * A JSON body read with a schema. A body of the wrong shape (not an object, an unknown or missing
 * key, a wrong type) is `bad-input`; a value the model refuses is `invalid-value`, as from the CLI.
 */
export function parseBody<S extends v.GenericSchema>(schema: S, raw: unknown): v.InferOutput<S> {
  const r = v.safeParse(schema, raw);
  if (r.success) return r.output;
  const issue = r.issues[0];
  const path = issue.path?.map((p: { key: unknown }) => String(p.key)).join('.') || 'body';
  if (issue.kind === 'validation' || issue.type === 'picklist') throw refused(path, issue.input, issue.message);
  throw new DitError('bad-input', `${path}: ${issue.message}`, { field: path });
}
