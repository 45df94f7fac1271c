// Compiles a parsed query to SQL over the index (`docs` row `d`, FTS5 table `text`). Pure: the index
// supplies near words for typo tolerance, and executes what this returns.
import { PRIORITIES, SEVERITIES } from '../model/fields.js';
import type { QueryDoc } from './doc.js';
import { personOf } from './people.js';
import { isFuzzy } from './text.js';
import { type Expr, type Query, SORT_ORDER, type SortField, type TextTerm } from './types.js';

type Person = { name: string; email: string };

/** The person fields the index keeps as (name, email, local part) triples. */
export type PersonField = 'author' | 'responsible' | 'mentions' | 'watchers' | 'participants';

/** One ticket as the index stores it: list fields, people, and text. */
export interface IndexDoc {
  key: string;
  id: string;
  title: string;
  body: string;
  comments: string;
  type: string;
  status: string;
  priority: string;
  severity: string;
  labels: string[];
  milestone: string | null;
  topic: string | null;
  origin: string | null;
  authorName: string;
  authorEmail: string;
  responsible: string | null;
  /** Each person field as lower-case [name, email, email's local part] triples (see query/reference/match.ts). */
  people: Record<PersonField, [string, string, string][]>;
  created: string;
  updated: string;
  commentCount: number;
  votes: number;
  tip: string | null;
  target: string | null;
  review: string;
  /** Commits the ticket's closing statuses name (see Summary.evidence). */
  evidence: string[];
  /** The current revision's combined CI state (check:), or null. */
  checks: string | null;
  /** Problems its fold met (malformed entry files): they travel with every answer that lists the ticket. */
  warnings: Problem[];
  /** The folded ticket as `dit show` prints it, JSON compressed (store/cache/derived.ts), when the caller keeps it. */
  ticket?: Buffer | null;
  /** The verdict keys of its signed entries (model/trust/verdict.ts), kept with `ticket` for `dit show`. */
  signed?: readonly string[];
}

/** A problem met while folding, as the store reports it (store/view/journals.ts' Warning). */
export interface Problem {
  path: string;
  problem: string;
}

export interface Compiled {
  sql: string;
  params: unknown[];
}
export interface Me {
  name: string;
  email: string;
}

/** Between comments in the indexed text: a word no query produces, so phrases never span two comments. */
export const COMMENT_SEPARATOR = '\n\n\u01c2\n\n';

/** A ticket as the index stores it: people pre-split as the reference scan sees them. */
export function indexDoc(key: string, d: QueryDoc): IndexDoc {
  const triples = (people: Person[]): [string, string, string][] =>
    people.map((p) => [p.name.toLowerCase(), p.email.toLowerCase(), local(p.email).toLowerCase()]);
  return {
    key,
    id: d.id,
    title: d.title,
    body: d.body,
    comments: d.comments.join(COMMENT_SEPARATOR),
    type: d.type,
    status: d.status,
    priority: d.priority,
    severity: d.severity,
    labels: d.labels,
    milestone: d.milestone,
    topic: d.topic,
    origin: d.origin,
    authorName: d.author.name,
    authorEmail: d.author.email,
    responsible: d.responsible,
    people: {
      author: triples([d.author]),
      responsible: triples(d.responsible ? [personOf(d.responsible)] : []),
      mentions: triples(d.mentions.map(personOf)),
      watchers: triples(d.watchers.map(personOf)),
      participants: triples(d.participants.map(personOf)),
    },
    created: d.created,
    updated: d.updated,
    commentCount: d.commentCount,
    votes: d.voteCount,
    tip: d.tip,
    target: d.target,
    review: d.review,
    evidence: d.evidence,
    checks: d.checks,
    warnings: [],
  };
}

/** FTS5 string literal. */
const quote = (w: string) => `"${w.replace(/"/g, '""')}"`;

/** The FTS5 expression for one text term: the phrase, or the word with its prefix and near spellings. */
export function ftsExpression(t: TextTerm, near: (word: string) => string[]): string {
  // `in:` becomes an FTS5 column filter; the column names are the index's (sqlite-index.ts)
  const within = t.fields ? `{${t.fields.join(' ')}} : ` : '';
  if (t.phrase) return within + quote(t.words.join(' '));
  const word = t.words[0]!;
  const alternatives = [quote(word)];
  if (t.prefix) alternatives.push(`${quote(word)}*`);
  if (t.fuzzy && isFuzzy(word)) for (const n of near(word)) alternatives.push(quote(n));
  return within + (alternatives.length === 1 ? alternatives[0]! : `(${alternatives.join(' OR ')})`);
}

/** An element of a stored people triple [name, email, local part], all lower case. */
const part = (i: number) => `json_extract(j.value, '$[${i}]')`;
const local = (email: string) => email.slice(0, Math.max(0, email.lastIndexOf('@')));

/** Operands of one AND or OR chain per group: SQLite parses a chain as deep as it is long. */
const CHAIN = 16;

/**
 * `(a OP b OP ...)`, long chains as nested groups of at most CHAIN, so the expression tree SQLite builds
 * grows with the logarithm of the operands, never near its depth limit (1,000) however many there are.
 */
export function grouped(parts: string[], op: 'AND' | 'OR'): string {
  if (parts.length <= CHAIN) return `(${parts.join(` ${op} `)})`;
  const size = Math.ceil(parts.length / CHAIN);
  const groups: string[] = [];
  for (let i = 0; i < parts.length; i += size) groups.push(grouped(parts.slice(i, i + size), op));
  return grouped(groups, op);
}

export function compileExpr(e: Expr, me: Me | null, near: (word: string) => string[]): Compiled {
  const params: unknown[] = [];
  const go = (x: Expr): string => {
    switch (x.op) {
      case 'and':
        return x.of.length ? grouped(x.of.map(go), 'AND') : '1';
      case 'or':
        return x.of.length ? grouped(x.of.map(go), 'OR') : '0';
      case 'not':
        return `NOT ${go(x.of)}`;
      case 'text':
        params.push(ftsExpression(x, near));
        return 'd.rowid IN (SELECT rowid FROM text WHERE text MATCH ?)';
      case 'enum':
        if (!x.values.length) return '0';
        params.push(...x.values);
        return `d.${x.field} IN (${x.values.map(() => '?').join(', ')})`;
      case 'label':
        params.push(x.value);
        return 'EXISTS (SELECT 1 FROM json_each(d.labels) WHERE lower(value) = ?)';
      case 'eq':
        params.push(x.value);
        return `coalesce(lower(d.${x.field}) = ?, 0)`; // never NULL: NOT of an unknown would drop the row
      case 'none':
        return x.field === 'labels' ? "d.labels = '[]'" : `d.${x.field} IS NULL`;
      case 'person': {
        // mirrors query/reference/match.ts: a value names a person by name, email or local part; `me` is the same
        // email, the same name, or a name equal to my email's local part
        let cond: string;
        if (typeof x.value === 'string') {
          cond = `? IN (${part(0)}, ${part(1)}, ${part(2)})`;
          params.push(x.value);
        } else {
          if (!me) return '0';
          cond = `((${part(1)} != '' AND ${part(1)} = ?) OR (${part(0)} != '' AND ${part(0)} IN (?, ?)))`;
          params.push(me.email.toLowerCase(), me.name.toLowerCase(), local(me.email).toLowerCase());
        }
        return `EXISTS (SELECT 1 FROM json_each(d.${x.field}_p) j WHERE ${cond})`;
      }
      case 'date': {
        const parts: string[] = [];
        if (x.from !== null) {
          parts.push(`d.${x.field} >= ?`);
          params.push(x.from);
        }
        if (x.to !== null) {
          parts.push(`d.${x.field} < ?`);
          params.push(x.to);
        }
        return parts.length ? `(${parts.join(' AND ')})` : '1';
      }
      case 'count': {
        const col = x.field === 'commentCount' ? 'd.comments' : 'd.votes';
        const parts: string[] = [];
        if (x.min !== null) {
          parts.push(`${col} >= ?`);
          params.push(x.min);
        }
        if (x.max !== null) {
          parts.push(`${col} <= ?`);
          params.push(x.max);
        }
        return parts.length ? `(${parts.join(' AND ')})` : '1';
      }
      case 'id':
        params.push(`${x.prefix}%`);
        return 'd.id LIKE ?';
      case 'origin': // mirrors originMatches in query/match.ts; origins are stored lower case
        if (x.value.includes('#')) {
          params.push(x.value);
          return 'coalesce(lower(d.origin) = ?, 0)';
        }
        params.push(/^\d+$/.test(x.value) ? `%#${x.value}` : `${x.value}#%`); // digits or [a-z0-9-]: no wildcards
        return 'coalesce(d.origin LIKE ?, 0)';
      case 'fixed-in':
        if (!x.ids) throw new Error(`fixed-in:${x.rev} reached the index unresolved`); // the store resolves it first
        params.push(JSON.stringify(x.ids));
        return 'd.id IN (SELECT value FROM json_each(?))';
    }
  };
  return { sql: go(e), params };
}

const rankCase = (col: string, values: readonly string[]) =>
  `(CASE ${col} ${values.map((v, i) => `WHEN '${v}' THEN ${i}`).join(' ')} ELSE -1 END)`;
const COLUMN: Record<SortField, string> = {
  score: 'coalesce(rank, 0)', // bm25: lower is better, and rows no text term matched come last
  created: 'd.created',
  updated: 'd.updated',
  commentCount: 'd.comments',
  voteCount: 'd.votes',
  id: 'd.id',
  priority: rankCase('d.priority', PRIORITIES),
  severity: rankCase('d.severity', SEVERITIES),
};

/** ORDER BY for the query's sort, ties broken as SORT_ORDER says, so every executor agrees. */
export function compileOrder(q: Query): string {
  return SORT_ORDER[q.sort]
    .map(([field, dir]) => {
      const d = field === 'score' ? (dir === 'desc' ? 'ASC' : 'DESC') : dir.toUpperCase();
      return `${COLUMN[field]} ${d}`;
    })
    .join(', ');
}

/** The FTS5 expression relevance ranks by: any of the query's (positive) text terms. */
export function rankExpression(q: Query, near: (word: string) => string[]): string | null {
  // a repeated word ranks alike once; FTS5 has a depth limit too (256), so long lists are grouped
  const terms = [...new Set(q.text.map((t) => ftsExpression(t, near)))];
  return terms.length > 1 ? grouped(terms, 'OR') : (terms[0] ?? null);
}
