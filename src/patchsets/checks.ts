// CI checks on a proposal's revisions: report one (by commit, by patchset.revision, or on the current
// revision), list them per revision, and the repository's required checks that `dit merge` waits for.
import { DitError } from '../errors.js';
import { getAllConfig, setAllConfig } from '../git/config.js';
import {
  type Check,
  type CheckState,
  checkSchema,
  checksOn,
  combinedState,
  MAX_CHECK_NAME,
  unmetChecks,
} from '../model/entries/check.js';
import { shortId } from '../model/ids.js';
import type { Author } from '../model/schema.js';
import type { Revision, Ticket } from '../model/ticket.js';
import type { Store } from '../store/store.js';
import type { View } from '../store/view/view.js';
import { header, nextClock, validated } from '../store/write/entries.js';
import { authorOf, type Target, writeEntries } from '../store/write/write.js';

/** The repository's required checks: `git config --add dit.requiredCheck NAME`, one value per name. */
export const REQUIRED_CHECK_KEY = 'dit.requiredCheck';

export async function requiredChecks(store: Store): Promise<string[]> {
  return [...new Set(await getAllConfig(store.git, REQUIRED_CHECK_KEY))];
}

/** Sets the required checks (names one per line or comma-separated, as the settings page sends them). */
export async function setRequiredChecks(store: Store, text: string): Promise<string[]> {
  const names = [
    ...new Set(
      text
        .split(/[\n,]/)
        .map((n) => n.trim())
        .filter(Boolean),
    ),
  ];
  for (const n of names)
    if (n.length > MAX_CHECK_NAME)
      throw new DitError(
        'invalid-value',
        `a check name is at most ${MAX_CHECK_NAME} characters: "${n.slice(0, 40)}..."`,
        {
          field: 'required',
          value: n.slice(0, 100),
        },
      );
  await setAllConfig(store.git, REQUIRED_CHECK_KEY, names);
  return names;
}

/** Which revision a check is about: a commit (a revision's tip), `patchset.revision`, or the current one. */
export interface Which {
  commit?: string;
  patchset?: number;
  revision?: number;
}

export interface RevisionRef {
  patchset: number;
  revision: number;
  commit: string;
}

/** The revision a report names; refused when the ticket has no such revision (or no patchset at all). */
export function revisionFor(t: Ticket, which: Which): RevisionRef {
  const all = t.patchsets.flatMap((p) => p.revisions.map((r) => ({ patchset: p.number, rev: r })));
  if (!all.length || !t.current)
    throw new DitError(
      'invalid-value',
      `#${shortId(t.id)} has no patchset to check; push one with \`git push origin HEAD:refs/for/${shortId(t.id)}\``,
      { field: 'revision' },
    );
  const pick = (r: { patchset: number; rev: Revision } | undefined, what: string): RevisionRef => {
    if (!r)
      throw new DitError(
        'invalid-value',
        `#${shortId(t.id)} has no revision ${what}; see \`dit checks ${shortId(t.id)}\``,
        {
          field: which.commit ? 'commit' : 'revision',
          value: what,
        },
      );
    return { patchset: r.patchset, revision: r.rev.revision, commit: r.rev.tip };
  };
  if (which.commit) {
    const c = which.commit.toLowerCase();
    // the latest revision with this tip (a commit can be pushed again as a later patchset)
    const found = all.filter((r) => r.rev.tip === c || (c.length >= 7 && r.rev.tip.startsWith(c))).pop();
    return pick(found, `whose tip is ${which.commit.slice(0, 40)}`);
  }
  if (which.patchset !== undefined) {
    const inPatchset = all.filter((r) => r.patchset === which.patchset);
    const found =
      which.revision === undefined ? inPatchset.pop() : inPatchset.find((r) => r.rev.revision === which.revision);
    return pick(found, `${which.patchset}${which.revision === undefined ? '' : `.${which.revision}`}`);
  }
  return { patchset: t.current.number, revision: t.current.revision, commit: t.current.tip };
}

export interface Report {
  name: string;
  state: CheckState;
  url?: string;
  description?: string;
}

/** Records a check on one revision of a ticket's patchset; the latest report per name and revision counts. */
export async function reportCheck(
  store: Store,
  view: View,
  prefix: string,
  which: Which,
  report: Report,
  target: Target,
): Promise<{ id: string; entry: string; check: Check }> {
  const t = await view.ticket(prefix, true);
  const at = revisionFor(t, which);
  const author: Author = await authorOf(store, target);
  const raw: Record<string, unknown> = {
    ...header('check', { ticket: t.id }, nextClock(await view.ticketEntries(t.id)), author),
    patchset: at.patchset,
    revision: at.revision,
    commit: at.commit,
    name: report.name,
    state: report.state,
  };
  if (report.url) raw.url = report.url;
  if (report.description) raw.description = report.description;
  const entry = validated(checkSchema, raw);
  const [written] = await writeEntries(
    store,
    target,
    [{ collection: 'tickets', journal: t.id, entry }],
    `dit: check ${report.name} ${report.state} on #${shortId(t.id)} patchset ${at.patchset} revision ${at.revision}`,
  );
  const check: Check = {
    name: entry.name,
    state: entry.state,
    url: entry.url ?? null,
    description: entry.description ?? null,
    patchset: at.patchset,
    revision: at.revision,
    commit: at.commit,
    author: entry.author,
    time: entry.time,
    entry: written!,
  };
  return { id: t.id, entry: written!, check };
}

/** A revision's checks as pages, the API and `dit checks` show them: reported ones, and required ones not yet reported. */
export interface RevisionChecks extends RevisionRef {
  checks: Check[];
  /** Required names with no report on this revision yet (shown as expected, pending). */
  missing: string[];
  state: CheckState | null;
  /** Required checks that are not `success`: what the merge waits for. */
  blocking: { name: string; state: CheckState | 'missing' }[];
}

export function revisionChecks(t: Ticket, at: RevisionRef, required: readonly string[]): RevisionChecks {
  const checks = checksOn(t.checks, at.commit);
  const reported = new Set(checks.map((c) => c.name));
  return {
    ...at,
    checks,
    missing: required.filter((r) => !reported.has(r)),
    state: combinedState(checks, required),
    blocking: unmetChecks(checks, required),
  };
}

/** Every revision's checks, newest first (the current revision first). */
export function allRevisionChecks(t: Ticket, required: readonly string[]): RevisionChecks[] {
  const out: RevisionChecks[] = [];
  for (const p of [...t.patchsets].reverse())
    for (const r of [...p.revisions].reverse())
      out.push(revisionChecks(t, { patchset: p.number, revision: r.revision, commit: r.tip }, required));
  return out;
}

/** Why the current revision may not be merged yet because of its checks, or null. */
export function checksBlocking(t: Ticket, required: readonly string[]): string | null {
  if (!t.current || !required.length) return null;
  const blocking = unmetChecks(checksOn(t.checks, t.current.tip), required);
  if (!blocking.length) return null;
  const list = blocking.map((b) => `${b.name} (${b.state === 'missing' ? 'not reported yet' : b.state})`).join(', ');
  return `required check${blocking.length === 1 ? '' : 's'} of patchset ${t.current.number} revision ${t.current.revision} not passed: ${list}`;
}
