// `check`: a CI result on one revision of a patchset (GitHub's commit statuses, Gerrit's Verified). The
// latest state per check name and commit is what counts; a new revision starts with none (pending again).
import * as v from 'valibot';
import { CHECK_STATES, type CheckState } from '../fields.js';
import type { Description, ItemOf } from '../phrase.js';
import { base, commitOid, oid, singleLine } from '../schema.js';
import type { Check } from '../ticket.js';
import type { Draft, Meta } from './draft.js';

export const MAX_CHECK_NAME = 100;
export const MAX_CHECK_URL = 2000;
export const MAX_CHECK_DESCRIPTION = 500;

const positive = v.pipe(v.number(), v.integer(), v.minValue(1));

export const checkSchema = v.strictObject({
  ...base,
  kind: v.literal('check'),
  ticket: oid,
  patchset: positive,
  revision: positive,
  /** The revision's tip: what CI built. */
  commit: commitOid,
  name: singleLine(MAX_CHECK_NAME),
  state: v.picklist(CHECK_STATES),
  /** Where the details are (the CI job's page): http or https only, so a page can link it safely. */
  url: v.optional(
    v.pipe(singleLine(MAX_CHECK_URL), v.regex(/^https?:\/\/[^\s]+$/i, 'must be an http:// or https:// address')),
  ),
  description: v.optional(singleLine(MAX_CHECK_DESCRIPTION)),
});
export type CheckEntry = v.InferOutput<typeof checkSchema>;
export { CHECK_STATES, type Check, type CheckState };

/** Where a check is kept while folding: one per commit and name, the latest in canonical order. */
export const checkKey = (commit: string, name: string): string => `${commit}\0${name}`;

export function applyCheck(d: Draft, e: CheckEntry, m: Meta): void {
  const key = checkKey(e.commit, e.name);
  d.checks.delete(key); // re-inserted, so the map's order is the order of each check's latest report
  d.checks.set(key, {
    name: e.name,
    state: e.state,
    url: e.url ?? null,
    description: e.description ?? null,
    patchset: e.patchset,
    revision: e.revision,
    commit: e.commit,
    author: m.author,
    time: m.time,
    entry: m.id,
  });
  d.timeline.push({
    kind: 'check',
    entry: m.id,
    time: m.time,
    author: m.author,
    name: e.name,
    state: e.state,
    patchset: e.patchset,
    revision: e.revision,
    commit: e.commit,
    description: e.description ?? null,
  });
}

/** "reported ci/test: failure on patchset 1 revision 2", its description as the text. */
export const describeCheck = (item: ItemOf<'check'>): Description => ({
  event: 'check',
  says: ['reported ', { code: item.name }, `: ${item.state} on patchset ${item.patchset} revision ${item.revision}`],
  text: item.description,
});

/** The checks reported on one commit, by name. */
export const checksOn = (checks: readonly Check[], commit: string | null | undefined): Check[] =>
  commit
    ? checks.filter((c) => c.commit === commit).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    : [];

/**
 * One state for a revision, as GitHub's combined status: a failure or error fails it, else anything
 * pending (reported pending, or a required check not reported yet) keeps it pending, else success;
 * null when nothing was reported and nothing is required.
 */
export function combinedState(checks: readonly Check[], required: readonly string[] = []): CheckState | null {
  if (checks.some((c) => c.state === 'failure' || c.state === 'error')) return 'failure';
  const reported = new Set(checks.map((c) => c.name));
  if (checks.some((c) => c.state === 'pending') || required.some((r) => !reported.has(r))) return 'pending';
  return checks.length ? 'success' : null;
}

/** Required checks that are not `success` on a commit, with what they are (missing when never reported). */
export function unmetChecks(
  checks: readonly Check[],
  required: readonly string[],
): { name: string; state: CheckState | 'missing' }[] {
  return required
    .map((name) => ({ name, state: checks.find((c) => c.name === name)?.state ?? ('missing' as const) }))
    .filter((c) => c.state !== 'success');
}
