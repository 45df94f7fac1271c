// Input rules in one place: raw strings from CLI flags, form fields and JSON bodies are read with the
// model's own schemas (the same limits the entry files are validated with), failing with one code.
import * as v from 'valibot';
import { invalid } from '../errors.js';
import { labelName, MAX_NAME, MAX_TEXT, MAX_TITLE, singleLine, text } from '../model/schema.js';

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
  const value = typeof raw === 'string' ? raw : undefined;
  const shown = value !== undefined && value.length <= 40 ? `"${value}"` : 'the value';
  throw invalid(`${field}: ${shown} ${r.issues[0].message}`, {
    field,
    ...(value !== undefined ? { value: value.slice(0, 200) } : {}),
  });
}
