// Building blocks shared by every entry schema: ids, times, people, bounded text.
import * as v from 'valibot';

export const FORMAT_VERSION = 1;

export const MAX_TITLE = 256;
export const MAX_TEXT = 65_536;
export const MAX_NAME = 256;
/** A label's name; its description. */
export const MAX_LABEL = 50;
export const MAX_LABEL_DESCRIPTION = 512;

/**
 * What one ticket may gather, as the comment length is bounded: a writer is refused past these (a clear
 * error, CLI and HTTP alike), and a reader of older or hostile entries keeps the first ones and drops
 * the rest, so one ticket with 100,000 labels cannot make every page and the server huge.
 */
export const MAX_LABELS = 100;
/** Watchers one ticket keeps; votes likewise. */
export const MAX_WATCHERS = 1000;
export const MAX_VOTES = 10_000;
/** Reactions one ticket keeps, over its description and all its comments. */
export const MAX_REACTIONS = 10_000;

export const oid = v.pipe(v.string(), v.regex(/^[0-9a-f]{40}$/, 'must be a 40-character hex id'));
/** A git object id: SHA-1 (40 hex) or SHA-256 (64 hex). */
export const commitOid = v.pipe(
  v.string(),
  v.regex(/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/, 'must be a 40- or 64-character hex commit id'),
);
export const isoTime = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/, 'must be an ISO 8601 UTC time'),
  // The fold orders by Date.parse; a time it cannot read (month 13) would make the order depend on input order.
  v.check((t) => !Number.isNaN(Date.parse(t)), 'must be a real date and time'),
  // before 1970 no tracker wrote it, and times sort as milliseconds since then
  v.check((t) => t >= '1970-01-01', 'must be 1970 or later'),
);

/** The largest clock: beyond it numbers lose precision and two clocks could compare equal by accident. */
export const MAX_CLOCK = Number.MAX_SAFE_INTEGER;
export const singleLine = (max: number) =>
  v.pipe(
    v.string(),
    v.minLength(1, 'must not be empty'),
    v.maxLength(max, `must be at most ${max} characters`),
    v.regex(/^[^\n\r]*$/, 'must be one line'),
  );
export const text = v.pipe(v.string(), v.maxLength(MAX_TEXT, `must be at most ${MAX_TEXT} characters`));
export const labelName = v.pipe(
  v.string(),
  v.maxLength(MAX_LABEL, `label names are at most ${MAX_LABEL} characters`),
  v.regex(/^[^\s,+-][^,\n\r]*$/, 'label names are one line, have no commas and do not start with a space, + or -'),
);

export const author = v.strictObject({
  name: v.pipe(v.string(), v.maxLength(MAX_NAME)),
  email: v.pipe(v.string(), v.maxLength(MAX_NAME)),
});
/**
 * A person as entries and tickets carry them. A ticket (the fold's output) marks a person an import
 * names with `imported`: the entry's real author (who ran the import, and signed it) is `imported.by`.
 */
export type Author = v.InferOutput<typeof author> & { imported?: ImportMark };

/** How a ticket shows a person an imported entry names: "ann (imported from Gitblit, by james)". */
export interface ImportMark {
  source: string;
  url: string | null;
  by: { name: string; email: string };
}

export const MAX_URL = 2048;
/**
 * An imported entry's original author, as the source tracker named them (`origin`): shown, never
 * trusted. The entry's `author` is whoever ran the import, so only their own key can sign it.
 */
export const entryOrigin = v.strictObject({
  name: v.pipe(v.string(), v.maxLength(MAX_NAME)),
  email: v.pipe(v.string(), v.maxLength(MAX_NAME)),
  /** The tracker it came from, as people call it: `Gitblit`, `GitHub`, `git-bug`. */
  source: singleLine(64),
  /** Where it can be seen in that tracker, when known. */
  url: v.nullable(
    v.pipe(
      v.string(),
      v.maxLength(MAX_URL, `must be at most ${MAX_URL} characters`),
      v.regex(/^https?:\/\/[^\s]+$/, 'must be an http(s) address'),
    ),
  ),
});
export type EntryOrigin = v.InferOutput<typeof entryOrigin>;

/** Fields every entry carries, in every journal. */
export const base = {
  v: v.literal(FORMAT_VERSION),
  clock: v.pipe(
    v.number(),
    v.integer(),
    v.minValue(1),
    v.maxValue(MAX_CLOCK, `must be at most ${MAX_CLOCK} (2^53 - 1)`),
  ),
  time: isoTime,
  author,
  origin: v.optional(entryOrigin),
};
