// Building new entries: the common header, validation before anything is written, the next clock.
import * as v from 'valibot';
import { invalid } from '../../errors.js';
import type { Loaded } from '../../model/entry-file.js';
import { type Author, FORMAT_VERSION, MAX_CLOCK } from '../../model/schema.js';

/** One more than the largest clock the writer can see in this journal. */
export function nextClock(entries: readonly Loaded<{ clock: number }>[]): number {
  let max = 0;
  for (const e of entries) if (e.entry.clock > max) max = e.entry.clock;
  return Math.min(max + 1, MAX_CLOCK); // an entry at the largest clock (hostile, or imported) must not block writes
}

export function now(): string {
  return new Date().toISOString();
}

/** Header fields first, in a fixed order, so entry bytes (and so ids) are stable. */
export function header(
  kind: string,
  owner: Record<string, string>,
  clock: number,
  author: Author,
): Record<string, unknown> {
  return { v: FORMAT_VERSION, kind, ...owner, clock, time: now(), author };
}

/**
 * Validates a new entry with the schema readers use; a bad value is refused before any write. Returns
 * the entry as built (not the schema's output, whose key order differs), so its bytes are the writer's.
 */
export function validated<S extends v.GenericSchema>(schema: S, entry: Record<string, unknown>): v.InferOutput<S> {
  const r = v.safeParse(schema, entry);
  if (r.success) return entry as v.InferOutput<S>;
  const issue = r.issues[0];
  const path = issue.path?.map((p: { key: unknown }) => String(p.key)).join('.');
  throw invalid(`${path ? `${path}: ` : ''}${issue.message}`, { field: path });
}
