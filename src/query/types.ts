// The inert description a query parses to; the index (or the reference scan in match.ts) executes it.

export const SORT_KEYS = [
  'created-desc',
  'created-asc',
  'updated-desc',
  'updated-asc',
  'comments-desc',
  'priority-desc',
  'severity-desc',
  'votes-desc',
  'relevance',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** What each sort orders by, in full, ties included, so that every executor orders alike. */
export type SortField = 'score' | 'created' | 'updated' | 'commentCount' | 'priority' | 'severity' | 'voteCount' | 'id';
export const SORT_ORDER: Record<SortKey, ReadonlyArray<readonly [SortField, 'asc' | 'desc']>> = {
  'created-desc': [
    ['created', 'desc'],
    ['id', 'asc'],
  ],
  'created-asc': [
    ['created', 'asc'],
    ['id', 'asc'],
  ],
  'updated-desc': [
    ['updated', 'desc'],
    ['created', 'desc'],
    ['id', 'asc'],
  ],
  'updated-asc': [
    ['updated', 'asc'],
    ['created', 'desc'],
    ['id', 'asc'],
  ],
  'comments-desc': [
    ['commentCount', 'desc'],
    ['created', 'desc'],
    ['id', 'asc'],
  ],
  'priority-desc': [
    ['priority', 'desc'],
    ['created', 'desc'],
    ['id', 'asc'],
  ],
  'severity-desc': [
    ['severity', 'desc'],
    ['created', 'desc'],
    ['id', 'asc'],
  ],
  'votes-desc': [
    ['voteCount', 'desc'],
    ['created', 'desc'],
    ['id', 'asc'],
  ],
  relevance: [
    ['score', 'desc'],
    ['created', 'desc'],
    ['id', 'asc'],
  ],
};

/** `me` written as a value: the executor substitutes the configured user. */
export interface Me {
  me: true;
}

/**
 * Free text. `words` are normalised (lower case, diacritics removed, see text.ts). A phrase matches
 * its words contiguously and exactly; otherwise `words` has one word, which also matches any word
 * within one edit when `fuzzy`, and any word it begins when `prefix` (the last word of the query).
 */
export interface TextTerm {
  op: 'text';
  words: string[];
  phrase: boolean;
  prefix: boolean;
  fuzzy: boolean;
  /** `in:` (GitHub's): the fields the words are searched in, in this order; absent means all three. */
  fields?: TextField[];
}
export const TEXT_FIELDS = ['title', 'body', 'comments'] as const;
export type TextField = (typeof TEXT_FIELDS)[number];
/** The field's value is one of `values` (canonical names from model/fields.ts; may be empty). */
export interface EnumTerm {
  op: 'enum';
  field: 'type' | 'status' | 'priority' | 'severity' | 'review';
  values: string[];
}
/** The ticket carries this label; `value` is lower case and labels compare case-insensitively. */
export interface LabelTerm {
  op: 'label';
  value: string;
}
/** The field equals `value`, compared case-insensitively (`value` is lower case). */
export interface EqTerm {
  op: 'eq';
  field: 'milestone' | 'topic' | 'target';
  value: string;
}
/** The field is empty: no labels, no milestone, no topic, nobody responsible. */
/** `tip`: no patchset (`has:patchset` is its negation). */
export interface NoneTerm {
  op: 'none';
  field: 'labels' | 'milestone' | 'topic' | 'responsible' | 'tip';
}
/**
 * A person field names someone: a lower-case string equal (case-insensitively) to their name, email
 * or the email's local part, or `{ me: true }`. `mentions`, `watchers`, `participants` are sets.
 */
export interface PersonTerm {
  op: 'person';
  field: 'author' | 'responsible' | 'mentions' | 'watchers' | 'participants';
  value: string | Me;
}
/** `from <= time < to`, compared as instants; bounds are ISO strings from Date#toISOString, null = open. */
export interface DateTerm {
  op: 'date';
  field: 'created' | 'updated';
  from: string | null;
  to: string | null;
}
/** `min <= count <= max`, null = open. */
export interface CountTerm {
  op: 'count';
  field: 'commentCount' | 'voteCount';
  min: number | null;
  max: number | null;
}
/** The ticket id starts with `prefix` (lower case). */
export interface IdTerm {
  op: 'id';
  prefix: string;
}
/**
 * An imported ticket's origin (`gitblit#42`): `value` (lower case) is the whole origin, a number
 * (`42`: that number in any system) or a system (`gitblit`: everything imported from it).
 */
export interface OriginTerm {
  op: 'origin';
  value: string;
}

/**
 * The ticket's fix is in revision `rev` (a tag, branch or commit): derived from git by the executor, which
 * fills `ids` with the tickets `rev` fixes before the query runs (store/releases.ts).
 */
export interface FixedInTerm {
  op: 'fixed-in';
  rev: string;
  ids?: readonly string[];
}

export type Term =
  | TextTerm
  | EnumTerm
  | LabelTerm
  | EqTerm
  | NoneTerm
  | PersonTerm
  | DateTerm
  | CountTerm
  | IdTerm
  | FixedInTerm
  | OriginTerm;

/** `and` with no operands matches every ticket (the empty query). */
export type Expr = { op: 'and'; of: Expr[] } | { op: 'or'; of: Expr[] } | { op: 'not'; of: Expr } | Term;

export interface Query {
  filter: Expr;
  /** Text terms not under a NOT, in query order: what relevance ranks by. */
  text: TextTerm[];
  /** Resolved: the `sort:` given, else relevance when `text` is not empty, else created-desc. */
  sort: SortKey;
  /** The view (`branch:`), or null for the default one. Not a filter. */
  branch: string | null;
}
