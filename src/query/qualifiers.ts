// What each qualifier means: its value read into a term of the description (or a view/sort choice).
import {
  CLOSED_STATUSES,
  OPEN_STATUSES,
  PRIORITIES,
  SEVERITIES,
  STATUSES,
  statusesMeaning,
  TYPES,
} from '../model/fields.js';
import { nearest } from './lex.js';
import { type Expr, type PersonTerm, SORT_KEYS, type SortKey, TEXT_FIELDS, type TextField } from './types.js';
import { countBounds, dateBounds, isComparison, selectOrdered, shapeOf, ValueError } from './values.js';

/**
 * A filter, with the field it sets a plain value for (`group`): within one AND group, repeated plain
 * values of a single-valued field OR together; comparisons, sets (labels, people sets) and NOTs AND.
 */
export type Reading =
  | { expr: Expr; group: string | null }
  | { lift: 'sort'; value: SortKey }
  | { lift: 'branch'; value: string }
  | { lift: 'in'; value: TextField[] };

type Reader = (value: string, quoted: boolean) => Reading;

/** `review:` values: what the current revision's reviews say (model/patchsets.ts). */
const REVIEW_STATES = ['approved', 'vetoed', 'needs-work', 'looks-good', 'none'] as const;

const IS_VALUES = [
  'open',
  'closed',
  'pr',
  'issue',
  ...STATUSES.filter((s) => s !== 'open' && s !== 'closed'),
  ...TYPES,
];

/**
 * GitHub's `is:pr`: a ticket with commits attached (a patchset) or of type proposal; `is:issue` is every
 * other ticket. Written with the plain terms, so every executor agrees without knowing of pull requests.
 */
const HAS_PATCHSET: Expr = { op: 'not', of: { op: 'none', field: 'tip' } };
const IS_PR: Expr = { op: 'or', of: [HAS_PATCHSET, { op: 'enum', field: 'type', values: ['proposal'] }] };
const IS_ISSUE: Expr = {
  op: 'and',
  of: [
    { op: 'none', field: 'tip' },
    { op: 'not', of: { op: 'enum', field: 'type', values: ['proposal'] } },
  ],
};

/** GitHub's close reasons (`reason:completed`) as the closing statuses that mean them. */
export const REASONS: Record<string, readonly string[]> = {
  completed: statusesMeaning('completed'),
  'not-planned': statusesMeaning('not-planned'),
  duplicate: statusesMeaning('duplicate'),
};

/** GitHub's `sort:` spellings that name one of ours. */
const SORT_ALIASES: Record<string, SortKey> = {
  created: 'created-desc',
  updated: 'updated-desc',
  comments: 'comments-desc',
  'reactions-+1-desc': 'votes-desc', // 👍 reactions are votes
};

const OPEN_TERM = (): Expr => ({ op: 'enum', field: 'status', values: [...OPEN_STATUSES] });
const CLOSED_TERM = (): Expr => ({ op: 'enum', field: 'status', values: [...CLOSED_STATUSES] });

function oneOf<T extends string>(value: string, allowed: readonly T[], what: string): T {
  const v = value.toLowerCase() as T;
  if (allowed.includes(v)) return v;
  throw new ValueError(
    `unknown value \`${value}\` for ${what}:`,
    0,
    value.length,
    nearest(value, allowed),
    `${what}: takes one of ${allowed.join(', ')}`,
  );
}

function plain(value: string, field: string): string {
  const shape = shapeOf(value);
  if (shape.kind !== 'is')
    throw new ValueError(`${field}: takes one value; it cannot be compared or ranged`, 0, value.length);
  return shape.value;
}

const enumOf =
  (field: 'type' | 'status', allowed: readonly string[]): Reader =>
  (value) => ({ expr: { op: 'enum', field, values: [oneOf(plain(value, field), allowed, field)] }, group: field });

const ordered =
  (field: 'priority' | 'severity', order: readonly string[]): Reader =>
  (value) => {
    const shape = shapeOf(value);
    return {
      expr: { op: 'enum', field, values: selectOrdered(shape, order, field) },
      group: isComparison(shape) ? null : field,
    };
  };

const person =
  (field: PersonTerm['field'], single: boolean): Reader =>
  (value, quoted) => {
    const name = value.replace(/^@+/, '');
    if (name === '') throw new ValueError('a name must follow `@`', 0, value.length);
    const v = !quoted && name.toLowerCase() === 'me' ? { me: true as const } : name.toLowerCase();
    return { expr: { op: 'person', field, value: v }, group: single ? field : null };
  };

const date =
  (field: 'created' | 'updated'): Reader =>
  (value) => {
    const shape = shapeOf(value);
    return { expr: { op: 'date', field, ...dateBounds(shape) }, group: isComparison(shape) ? null : field };
  };

const count =
  (field: 'commentCount' | 'voteCount', name: string): Reader =>
  (value) => {
    const shape = shapeOf(value);
    return { expr: { op: 'count', field, ...countBounds(shape, name) }, group: isComparison(shape) ? null : field };
  };

const NO = ['label', 'labels', 'milestone', 'topic', 'responsible', 'assignee', 'patchset'] as const;

/** GitHub's `involves:`: the author, the responsible, someone mentioned, or anyone who wrote an entry. */
const involves: Reader = (value, quoted) => {
  const fields = ['author', 'responsible', 'mentions', 'participants'] as const;
  const of = fields.map((field) => (person(field, false)(value, quoted) as { expr: Expr }).expr);
  return { expr: { op: 'or', of }, group: null };
};

export const READERS: Record<string, Reader> = {
  is: (value) => {
    const v = oneOf(plain(value, 'is'), IS_VALUES, 'is');
    if (v === 'open') return { expr: OPEN_TERM(), group: 'status' };
    if (v === 'closed') return { expr: CLOSED_TERM(), group: 'status' };
    if (v === 'pr') return { expr: structuredClone(IS_PR), group: 'kind' };
    if (v === 'issue') return { expr: structuredClone(IS_ISSUE), group: 'kind' };
    const field = (STATUSES as readonly string[]).includes(v) ? 'status' : 'type';
    return { expr: { op: 'enum', field, values: [v] }, group: field };
  },
  state: (value) => {
    const v = oneOf(plain(value, 'state'), ['open', 'closed'] as const, 'state');
    return { expr: v === 'open' ? OPEN_TERM() : CLOSED_TERM(), group: 'status' };
  },
  reason: (value) => {
    const v = plain(value, 'reason')
      .toLowerCase()
      .replace(/[\s_]+/g, '-');
    const statuses = REASONS[oneOf(v, Object.keys(REASONS), 'reason')]!;
    return { expr: { op: 'enum', field: 'status', values: [...statuses] }, group: 'reason' };
  },
  status: enumOf('status', STATUSES),
  type: enumOf('type', TYPES),
  priority: ordered('priority', PRIORITIES),
  severity: ordered('severity', SEVERITIES),
  label: (value) => ({ expr: { op: 'label', value: value.toLowerCase() }, group: null }),
  milestone: (value) => ({ expr: { op: 'eq', field: 'milestone', value: value.toLowerCase() }, group: 'milestone' }),
  topic: (value) => ({ expr: { op: 'eq', field: 'topic', value: value.toLowerCase() }, group: 'topic' }),
  no: (value) => {
    const v = oneOf(value, NO, 'no');
    if (v === 'label' || v === 'labels') return { expr: { op: 'none', field: 'labels' }, group: null };
    if (v === 'patchset') return { expr: { op: 'none', field: 'tip' }, group: null };
    const field = v === 'assignee' ? 'responsible' : v;
    return { expr: { op: 'none', field }, group: field };
  },
  author: person('author', true),
  responsible: person('responsible', true),
  assignee: person('responsible', true),
  mentions: person('mentions', false),
  'watched-by': person('watchers', false),
  participant: person('participants', false),
  involves,
  created: date('created'),
  updated: date('updated'),
  comments: count('commentCount', 'comments'),
  votes: count('voteCount', 'votes'),
  id: (value) => {
    const prefix = value.replace(/^#+/, '').toLowerCase();
    if (prefix === '') throw new ValueError('an id must follow `#`', 0, value.length);
    return { expr: { op: 'id', prefix }, group: 'id' };
  },
  origin: (value) => {
    const v = value.toLowerCase();
    if (!/^[a-z0-9-]+(#\S+)?$/.test(v))
      throw new ValueError(
        'origin: takes a number (origin:42), a system (origin:gitblit) or both (origin:gitblit#42)',
        0,
        value.length,
      );
    return { expr: { op: 'origin', value: v }, group: 'origin' };
  },
  'fixed-in': (value) => {
    if (value.startsWith('-'))
      throw new ValueError('fixed-in: takes a tag, branch or commit, like fixed-in:v2.4.0', 0, value.length);
    return { expr: { op: 'fixed-in', rev: value }, group: null };
  },
  has: (value) => {
    oneOf(plain(value, 'has'), ['patchset'] as const, 'has');
    return { expr: structuredClone(HAS_PATCHSET), group: null };
  },
  // GitHub's `linked:pr`: an issue a pull request is linked to. Here a pull request's commits are a
  // patchset on the ticket itself (`git push origin HEAD:refs/for/<id>`), so this is has:patchset.
  linked: (value) => {
    oneOf(plain(value, 'linked'), ['pr'] as const, 'linked');
    return { expr: structuredClone(HAS_PATCHSET), group: null };
  },
  in: (value) => {
    const fields: TextField[] = [];
    let at = 0;
    for (const part of value.split(',')) {
      const v = part.toLowerCase() === 'comment' ? 'comments' : part;
      try {
        const f = oneOf(v, TEXT_FIELDS, 'in');
        if (!fields.includes(f)) fields.push(f);
      } catch (err) {
        if (err instanceof ValueError) throw new ValueError(err.message, at, part.length, err.suggestion, err.detail);
        throw err;
      }
      at += part.length + 1;
    }
    return { lift: 'in', value: fields };
  },
  review: (value) => ({
    expr: { op: 'enum', field: 'review', values: [oneOf(plain(value, 'review'), REVIEW_STATES, 'review')] },
    group: 'review',
  }),
  target: (value) => ({ expr: { op: 'eq', field: 'target', value: value.toLowerCase() }, group: 'target' }),
  branch: (value) => ({ lift: 'branch', value }),
  sort: (value) => ({ lift: 'sort', value: SORT_ALIASES[value.toLowerCase()] ?? oneOf(value, SORT_KEYS, 'sort') }),
};

export const QUALIFIER_NAMES = Object.keys(READERS);

/** What a qualifier's value looks like, for "needs a value" errors. */
export const EXAMPLES: Record<string, string> = {
  is: 'is:open',
  state: 'state:open',
  reason: 'reason:completed',
  involves: 'involves:ann',
  linked: 'linked:pr',
  in: 'in:title',
  status: 'status:fixed',
  type: 'type:bug',
  priority: 'priority:>=high',
  severity: 'severity:critical',
  label: 'label:ui',
  milestone: 'milestone:"2.4"',
  topic: 'topic:storage',
  no: 'no:label',
  author: 'author:me',
  responsible: 'responsible:bob',
  assignee: 'assignee:bob',
  mentions: 'mentions:ann',
  'watched-by': 'watched-by:me',
  participant: 'participant:ann',
  created: 'created:>2026-01-01',
  updated: 'updated:2026-01-01..2026-03-31',
  comments: 'comments:>5',
  votes: 'votes:>=3',
  id: 'id:3f9a',
  origin: 'origin:42',
  'fixed-in': 'fixed-in:v2.4.0',
  has: 'has:patchset',
  review: 'review:approved',
  target: 'target:main',
  branch: 'branch:release-1',
  sort: 'sort:updated-desc',
};
