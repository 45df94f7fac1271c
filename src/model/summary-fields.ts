// The ticket summary's fields in one table: what each is folded from, its column in the derived store's
// `docs` table, and its value when an older row lacks it.
import { checksOn, combinedState } from './entries/check.js';
import type { Summary, Ticket } from './ticket.js';

/** One column of a summary: `author` is two (name, email); every other field is one. */
export interface SummaryColumn {
  /** The derived store's column (`docs` table); rows are read by position in this table. */
  column: string;
  /** The column's value, from the folded ticket. */
  from: (t: Ticket) => unknown;
  /** Puts a stored value back into a summary being built. */
  set: (s: Record<string, unknown>, value: unknown) => void;
  /** What an entry written before this column existed reads as (columns added later must have one). */
  missing?: unknown;
  /** Stored as JSON text in the index (lists). */
  json?: boolean;
}

const field = <K extends keyof Summary>(
  key: K,
  from: (t: Ticket) => Summary[K],
  extra: Partial<SummaryColumn> = {},
): SummaryColumn => ({
  column: key,
  from,
  set: (s, value) => {
    s[key] = value === undefined && 'missing' in extra ? extra.missing : value;
  },
  ...extra,
});

const author = (part: 'name' | 'email'): SummaryColumn => ({
  column: `author_${part}`,
  from: (t) => t.author[part],
  set: (s, value) => {
    const a = (s.author ??= { name: '', email: '' }) as Record<string, unknown>;
    a[part] = value;
  },
});

/**
 * The summary's columns, in their stored order: the derived store's rows are read
 * by position, so a new field goes at the end (with `missing`), and FOLD_VERSION moves only when an
 * existing column changes meaning. A Summary's keys come out in this order, as lists print them.
 */
export const SUMMARY_COLUMNS: readonly SummaryColumn[] = [
  field('id', (t) => t.id),
  field('title', (t) => t.title),
  field('type', (t) => t.type),
  field('status', (t) => t.status),
  field('priority', (t) => t.priority),
  field('severity', (t) => t.severity),
  field('responsible', (t) => t.responsible),
  field('milestone', (t) => t.milestone),
  field('topic', (t) => t.topic),
  field('labels', (t) => t.labels, { json: true }),
  author('name'),
  author('email'),
  field('created', (t) => t.created),
  field('updated', (t) => t.updated),
  field('comments', (t) => t.comments.filter((c) => !c.deleted).length),
  field('votes', (t) => t.votes.length),
  field('tip', (t) => t.current?.tip ?? null, { missing: null }),
  field('target', (t) => t.current?.target ?? null, { missing: null }),
  field('review', (t) => t.review, { missing: 'none' }),
  field('origin', (t) => t.origin, { missing: null }),
  field('evidence', (t) => t.evidence, { missing: [], json: true }),
  field('checks', (t) => combinedState(checksOn(t.checks, t.current?.tip)), { missing: null }),
];

/** A summary as one array, in SUMMARY_COLUMNS order (the fold cache's packed arrays). */
export type PackedSummary = unknown[];

export function packSummary(s: Summary): PackedSummary {
  const out: unknown[] = [];
  for (const c of SUMMARY_COLUMNS) {
    if (c.column === 'author_name') out.push(s.author.name);
    else if (c.column === 'author_email') out.push(s.author.email);
    else out.push(s[c.column as keyof Summary]);
  }
  return out;
}

/** The summary an array in SUMMARY_COLUMNS order holds; `decode` reads columns stored as text (JSON). */
export function unpackSummary(row: readonly unknown[], decode?: (c: SummaryColumn, v: unknown) => unknown): Summary {
  const s: Record<string, unknown> = {};
  for (let i = 0; i < SUMMARY_COLUMNS.length; i++) {
    const c = SUMMARY_COLUMNS[i]!;
    c.set(s, decode ? decode(c, row[i]) : row[i]);
  }
  return s as unknown as Summary;
}

/** The summary a list shows for a folded ticket. */
export function summarize(t: Ticket): Summary {
  return unpackSummary(SUMMARY_COLUMNS.map((c) => c.from(t)));
}
