// Gitblit ticket journals (a JSON array of changes per ticket) turned into dit entries, keeping authors and times.
// Over 300 lines: one file per source, as model/import/ is: Gitblit's journal changes are one mapping, read together.
import * as v from 'valibot';
import { entryId, serialize } from '../entry-file.js';
import { PRIORITIES, SEVERITIES, STATUSES, TYPES } from '../fields.js';
import { normalizeTime } from '../plain.js';
import { type Author, FORMAT_VERSION, MAX_TEXT, MAX_TITLE } from '../schema.js';
import type { Attribution } from './attribution.js';
import { rewriteRefs } from './references.js';
import { SourceProblem } from './source.js';

const str = v.string();
const optStr = v.optional(v.nullable(str));
const int = v.pipe(v.number(), v.integer());
const optInt = v.optional(v.nullable(int));

/** One change as Gitblit's TicketModel.Change serialises it; unknown keys are tolerated, known ones are typed. */
const changeSchema = v.looseObject({
  date: str,
  author: str,
  comment: v.optional(
    v.nullable(v.looseObject({ id: str, text: optStr, deleted: v.optional(v.nullable(v.boolean())) })),
  ),
  fields: v.optional(v.nullable(v.record(str, v.nullable(str)))),
  patchset: v.optional(
    v.nullable(
      v.looseObject({
        number: int,
        rev: int,
        tip: str,
        base: optStr,
        parent: optStr,
        type: v.union([str, int]),
        insertions: optInt,
        deletions: optInt,
        commits: optInt,
        added: optInt,
      }),
    ),
  ),
  review: v.optional(v.nullable(v.looseObject({ patchset: int, rev: int, score: v.union([int, str]) }))),
  reference: v.optional(
    v.nullable(v.looseObject({ hash: optStr, ticketId: optInt, deleted: v.optional(v.nullable(v.boolean())) })),
  ),
  attachments: v.optional(
    v.nullable(v.array(v.looseObject({ name: str, size: optInt, deleted: v.optional(v.nullable(v.boolean())) }))),
  ),
});
export type GitblitChange = v.InferOutput<typeof changeSchema>;

/** Validates a parsed journal; a problem names the change (1-based) and the field. */
export function readJournal(raw: unknown): GitblitChange[] {
  if (!Array.isArray(raw))
    throw new SourceProblem('the journal', `a Gitblit journal is a JSON array of changes, not ${describe(raw)}`);
  return raw.map((c, i) => {
    const r = v.safeParse(changeSchema, c);
    if (!r.success) {
      const issue = r.issues[0];
      const path = issue.path?.map((p: { key: unknown }) => String(p.key)).join('.') ?? '';
      throw new SourceProblem(`change ${i + 1}`, `${path ? `\`${path}\`` : 'the change'}: ${issue.message}`);
    }
    try {
      normalizeTime(r.output.date);
    } catch {
      throw new SourceProblem(`change ${i + 1}`, `\`date\` "${r.output.date}" is not a time`);
    }
    if (i === 0 && !r.output.fields?.title)
      throw new SourceProblem('change 1', 'the first change creates the ticket and needs `fields.title`');
    return r.output;
  });
}

const describe = (x: unknown): string => (x === null ? 'null' : Array.isArray(x) ? 'an array' : `a ${typeof x}`);

/** Gitblit's enum spellings (`No_Change_Required`, `on hold`) to dit's names; null when unknown. */
function enumValue<T extends string>(value: string, allowed: readonly T[]): T | null {
  const name = value.trim().toLowerCase().replace(/[_ ]+/g, '-');
  return (allowed as readonly string[]).includes(name) ? (name as T) : null;
}

const PATCHSET_TYPES: Record<string, string> = {
  proposal: 'proposal',
  fastforward: 'fast-forward',
  rebase: 'rebase',
  squash: 'squash',
  rebase_squash: 'rebase+squash',
  'rebase+squash': 'rebase+squash',
  amend: 'amend',
};
const PATCHSET_ORDINALS = ['proposal', 'fast-forward', 'rebase', 'squash', 'rebase+squash', 'amend', 'delete'];
const SCORES: Record<string, number> = {
  approved: 2,
  looks_good: 1,
  not_reviewed: 0,
  needs_improvement: -1,
  vetoed: -2,
};

/** `+a,-b,c` lists (watchers, labels, voters): what a change adds and removes, in order. */
export function listChange(value: string | null): { add: string[]; remove: string[] } {
  const add: string[] = [];
  const remove: string[] = [];
  for (const raw of (value ?? '').split(',')) {
    const item = raw.trim();
    if (!item) continue;
    if (item[0] === '-') remove.push(item.slice(1).trim());
    else add.push(item[0] === '+' ? item.slice(1).trim() : item);
  }
  return { add: add.filter(Boolean), remove: remove.filter(Boolean) };
}

export interface GitblitStats {
  comments: number;
  edits: number;
  deletions: number;
  patchsets: number;
  reviews: number;
  references: number;
  attachments: number;
}
export const emptyStats = (): GitblitStats => ({
  comments: 0,
  edits: 0,
  deletions: 0,
  patchsets: 0,
  reviews: 0,
  references: 0,
  attachments: 0,
});

export interface MapContext {
  /** The dit id of Gitblit ticket N, when known (imported in this run or before). */
  idOf: (n: number) => string | null;
  /** Branch for patchsets when the ticket never named one (`mergeTo`). */
  defaultTarget: string;
  warn: (where: string, problem: string) => void;
  /** Who imports (every entry's author) and the Gitblit user kept as each entry's origin. */
  by: Attribution;
}

const person = (username: string): Author => ({ name: username, email: '' });
const clean = (title: string) => {
  const one = title.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  return one.length > MAX_TITLE ? `${one.slice(0, MAX_TITLE - 1)}…` : one;
};

/**
 * The creating entry from a ticket's first change, with `#N` rewritten for tickets whose ids are known
 * so far. Deterministic: the same journal gives the same entry, so the same ticket id, every time.
 */
export function gitblitCreate(number: number, first: GitblitChange, ctx: MapContext): Record<string, unknown> {
  const f = first.fields ?? {};
  const e: Record<string, unknown> = {
    v: FORMAT_VERSION,
    kind: 'create',
    clock: 1,
    time: normalizeTime(first.date),
    ...ctx.by(person(first.author)),
    title: clean(f.title ?? '') || `Gitblit ticket ${number}`,
    body: text(rewriteRefs(f.body ?? '', ctx.idOf).text, ctx, 'change 1', 'body'),
    type: enumValue(f.type ?? 'task', TYPES) ?? bad('change 1', 'type', f.type, TYPES),
  };
  const status = f.status ? (enumValue(f.status, STATUSES) ?? bad('change 1', 'status', f.status, STATUSES)) : null;
  if (status && status !== 'new' && !f.mergeSha) e.status = status;
  if (f.priority) e.priority = enumValue(f.priority, PRIORITIES) ?? bad('change 1', 'priority', f.priority, PRIORITIES);
  if (f.severity) e.severity = enumValue(f.severity, SEVERITIES) ?? bad('change 1', 'severity', f.severity, SEVERITIES);
  const labels = listChange(f.labels ?? null).add;
  if (labels.length) e.labels = [...new Set(labels)];
  for (const k of ['milestone', 'responsible', 'topic'] as const) if (f[k]?.trim()) e[k] = clean(f[k]!);
  e.imported = `gitblit#${number}`;
  return e;
}

function bad(where: string, field: string, value: unknown, allowed: readonly string[]): never {
  throw new SourceProblem(
    where,
    `\`fields.${field}\` is ${JSON.stringify(value)}, which is none of ${allowed.join(', ')}`,
  );
}

function text(s: string, ctx: MapContext, where: string, what: string): string {
  if (s.length <= MAX_TEXT) return s;
  ctx.warn(where, `${what} is ${s.length} characters; dit keeps the first ${MAX_TEXT}`);
  return s.slice(0, MAX_TEXT);
}

/**
 * Every entry of one ticket: the create (given, so its id is fixed), then each change's parts in order
 * (fields, status, labels, watchers and voters, comment and its edits or deletion, patchset, review).
 * `stats` counts what the journal holds.
 */
export function gitblitEntries(
  _number: number,
  id: string,
  create: Record<string, unknown>,
  changes: readonly GitblitChange[],
  ctx: MapContext,
  stats: GitblitStats,
): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [create];
  let clock = 1;
  const comments = new Map<string, { entry: string; text: string; deleted: boolean }>();
  let target: string | null = null;
  const entry = (kind: string, time: string, author: Author, rest: Record<string, unknown>) => {
    const e = { v: FORMAT_VERSION, kind, ticket: id, clock: ++clock, time, ...ctx.by(author), ...rest };
    out.push(e);
    return e;
  };
  changes.forEach((c, i) => {
    const where = `change ${i + 1}`;
    const time = normalizeTime(c.date);
    const author = person(c.author);
    const f = c.fields ?? {};
    if (f.mergeTo?.trim()) target = f.mergeTo.trim();
    if (i === 0) {
      // the create holds the fields; a body naming a later ticket gets its links in a second step
      const body = rewriteRefs(f.body ?? '', ctx.idOf).text;
      if (body !== create.body && body.length <= MAX_TEXT) entry('set', time, author, { fields: { body } });
      const status = f.status ? enumValue(f.status, STATUSES) : null;
      if (status && f.mergeSha) entry('status', time, author, merged(status, f.mergeSha, target));
    } else {
      const fields: Record<string, unknown> = {};
      if (f.title != null && clean(f.title)) fields.title = clean(f.title);
      if (f.body !== undefined) fields.body = text(rewriteRefs(f.body ?? '', ctx.idOf).text, ctx, where, 'body');
      if (f.type != null) fields.type = enumValue(f.type, TYPES) ?? bad(where, 'type', f.type, TYPES);
      if (f.priority != null)
        fields.priority = enumValue(f.priority, PRIORITIES) ?? bad(where, 'priority', f.priority, PRIORITIES);
      if (f.severity != null)
        fields.severity = enumValue(f.severity, SEVERITIES) ?? bad(where, 'severity', f.severity, SEVERITIES);
      for (const k of ['responsible', 'milestone', 'topic'] as const)
        if (f[k] !== undefined) fields[k] = f[k]?.trim() ? clean(f[k]!) : null;
      if (Object.keys(fields).length) entry('set', time, author, { fields });
      if (f.status != null) {
        const status = enumValue(f.status, STATUSES) ?? bad(where, 'status', f.status, STATUSES);
        entry('status', time, author, f.mergeSha ? merged(status, f.mergeSha, target) : { status });
      }
      const labels = listChange(f.labels ?? null);
      if (labels.add.length || labels.remove.length)
        entry('label', time, author, { add: labels.add, remove: labels.remove });
    }
    for (const [field, kind] of [
      ['watchers', 'watch'],
      ['voters', 'vote'],
    ] as const) {
      const change = listChange(f[field] ?? null);
      for (const [who, on] of [
        ...change.add.map((w) => [w, true] as const),
        ...change.remove.map((w) => [w, false] as const),
      ]) {
        entry(kind, time, author, who === c.author ? { on } : { on, person: who });
      }
    }
    if (c.comment) commentParts(c.comment, time, author, where);
    if (c.patchset) patchsetPart(c.patchset, time, author, where);
    if (c.review) reviewPart(c.review, time, author, where);
    if (c.reference) {
      stats.references++;
      ctx.warn(
        where,
        `a reference (${c.reference.hash ?? ''}${c.reference.ticketId != null ? ` from ticket ${c.reference.ticketId}` : ''}) ` +
          `is not imported: dit finds references in commit messages itself`,
      );
    }
    if (c.attachments?.length) {
      stats.attachments += c.attachments.length;
      ctx.warn(
        where,
        `attachments (${c.attachments.map((a) => a.name).join(', ')}) are not imported: dit keeps no attachments`,
      );
    }
  });
  return out;

  function merged(status: string, sha: string, into: string | null): Record<string, unknown> {
    const r: Record<string, unknown> = { status };
    if (/^[0-9a-f]{40}$/.test(sha.trim())) r.commit = sha.trim();
    if (into) r.target = into;
    return r;
  }

  function commentParts(cm: NonNullable<GitblitChange['comment']>, time: string, author: Author, where: string): void {
    const seen = comments.get(cm.id);
    const body = text(rewriteRefs(cm.text ?? '', ctx.idOf).text, ctx, where, 'comment');
    if (!seen) {
      if (cm.deleted || !body.trim()) return; // Gitblit shows neither
      const e = entry('comment', time, author, { body });
      comments.set(cm.id, { entry: entryId(serialize(e)), text: body, deleted: false });
      stats.comments++;
      return;
    }
    if (seen.deleted) return;
    if (cm.deleted) {
      entry('delete-comment', time, author, { comment: seen.entry });
      seen.deleted = true;
      stats.deletions++;
    } else if (body !== seen.text && body.trim()) {
      entry('edit-comment', time, author, { comment: seen.entry, body });
      seen.text = body;
      stats.edits++;
    }
  }

  function patchsetPart(p: NonNullable<GitblitChange['patchset']>, time: string, author: Author, where: string): void {
    const type =
      typeof p.type === 'number'
        ? PATCHSET_ORDINALS[p.type]
        : (PATCHSET_TYPES[p.type.toLowerCase()] ?? (p.type.toLowerCase() === 'delete' ? 'delete' : undefined));
    if (!type)
      throw new SourceProblem(
        where,
        `\`patchset.type\` is ${JSON.stringify(p.type)}, which is no Gitblit patchset type`,
      );
    if (type === 'delete') {
      ctx.warn(where, `patchset ${p.number} was deleted in Gitblit; dit keeps its revisions (it never drops history)`);
      return;
    }
    const e: Record<string, unknown> = {
      number: p.number,
      revision: p.rev,
      type,
      base: p.base ?? p.parent ?? p.tip,
      tip: p.tip,
      target: target ?? ctx.defaultTarget,
      commits: p.commits ?? 0,
      added: p.added ?? 0,
    };
    if (p.parent) e.parent = p.parent;
    if (p.insertions != null) e.insertions = p.insertions;
    if (p.deletions != null) e.deletions = p.deletions;
    entry('patchset', time, author, e);
    stats.patchsets++;
  }

  function reviewPart(r: NonNullable<GitblitChange['review']>, time: string, author: Author, where: string): void {
    const score = typeof r.score === 'number' ? r.score : SCORES[r.score.toLowerCase()];
    if (score === undefined || ![2, 1, 0, -1, -2].includes(score))
      throw new SourceProblem(where, `\`review.score\` is ${JSON.stringify(r.score)}; Gitblit scores are -2..2`);
    if (score === 0) {
      ctx.warn(
        where,
        `a "not reviewed" score on patchset ${r.patchset} revision ${r.rev} is not imported (dit has no such score)`,
      );
      return;
    }
    entry('review', time, author, { patchset: r.patchset, revision: r.rev, score });
    stats.reviews++;
  }
}

/**
 * The milestone a ticket ends up in, with the time it was first set to it (Gitblit defines milestones in
 * the repository's config; names a ticket carried only for a while stay in its history, not as milestones).
 */
export function milestonesUsed(changes: readonly GitblitChange[]): Map<string, string> {
  let current: string | null = null;
  const since = new Map<string, string>();
  for (const c of changes) {
    const f = c.fields;
    if (!f || !('milestone' in f)) continue;
    current = f.milestone?.trim() ? clean(f.milestone) : null;
    if (current && !since.has(current)) since.set(current, normalizeTime(c.date));
  }
  return current ? new Map([[current, since.get(current)!]]) : new Map();
}

/** `number` from a path ending in `id/NN/N` (or `.../N/journal.json`). */
export function ticketNumber(path: string): number | null {
  const m = /(?:^|[\\/])(\d+)(?:[\\/]journal\.json)?[\\/]?$/.exec(path);
  return m ? Number(m[1]) : null;
}
