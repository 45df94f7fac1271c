// Test reference: whether one ticket matches a parsed query, by a straightforward scan. The search
// index (sql.ts, sqlite-index.ts) answers queries in production; property tests check it against this.
import type { QueryDoc } from '../doc.js';
import { type Person, personOf } from '../people.js';
import { tokenize, wordMatches } from '../text.js';
import type { Expr, PersonTerm, Query, TextTerm } from '../types.js';

export type { Person } from '../people.js';
export { sortDocs } from './sort.js';

const local = (email: string): string => email.slice(0, Math.max(0, email.lastIndexOf('@')));

/** A written value names a person when it equals their name, email, or the email's local part. */
export function namesPerson(value: string, p: Person): boolean {
  const v = value.toLowerCase();
  return [p.name, p.email, local(p.email)].some((x) => x !== '' && x.toLowerCase() === v);
}

/**
 * `me` is a person with the same email, the same name, or a name equal to my email's local part
 * (how `@ann` mentions and name-only people sets refer to ann@example.com).
 */
export function isMe(me: Person, p: Person): boolean {
  const eq = (a: string, b: string) => a !== '' && a.toLowerCase() === b.toLowerCase();
  return eq(p.email, me.email) || eq(p.name, me.name) || eq(p.name, local(me.email));
}

function people(doc: QueryDoc, field: PersonTerm['field']): Person[] {
  if (field === 'author') return [doc.author];
  if (field === 'responsible') return doc.responsible ? [personOf(doc.responsible)] : [];
  return doc[field].map(personOf);
}

const fieldWords = new WeakMap<QueryDoc, string[][]>();
/** Each text field's words (title, body, then each comment); phrases do not run across fields. */
function wordsOf(doc: QueryDoc): string[][] {
  let w = fieldWords.get(doc);
  if (!w) fieldWords.set(doc, (w = [doc.title, doc.body, ...doc.comments].map(tokenize)));
  return w;
}

/** Whether a text term occurs in the ticket's title, description or comments. */
export function textMatches(t: TextTerm, doc: QueryDoc): boolean {
  const all = wordsOf(doc);
  // in: (GitHub's) keeps the words to some fields: all[0] is the title, all[1] the body, the rest comments
  const fields = t.fields
    ? all.filter((_, i) => t.fields!.includes(i === 0 ? 'title' : i === 1 ? 'body' : 'comments'))
    : all;
  if (!t.phrase) {
    const q = t.words[0]!;
    return fields.some((ws) => ws.some((w) => wordMatches(q, w, t.prefix, t.fuzzy)));
  }
  const n = t.words.length;
  return fields.some((ws) => {
    for (let i = 0; i + n <= ws.length; i++) if (t.words.every((q, k) => ws[i + k] === q)) return true;
    return false;
  });
}

const lower = (s: string | null): string => (s ?? '').toLowerCase();

/** `origin:` semantics (types.ts): `42` is the number in any system, `gitblit` the system, else the whole origin. */
export function originMatches(origin: string | null, value: string): boolean {
  if (origin === null) return false;
  const o = origin.toLowerCase();
  if (value.includes('#')) return o === value;
  return /^\d+$/.test(value) ? o.endsWith(`#${value}`) : o.startsWith(`${value}#`);
}

/** Whether `doc` matches `e`; terms naming `me` match nothing when `me` is null. */
export function matchesExpr(e: Expr, doc: QueryDoc, me: Person | null): boolean {
  switch (e.op) {
    case 'and':
      return e.of.every((c) => matchesExpr(c, doc, me));
    case 'or':
      return e.of.some((c) => matchesExpr(c, doc, me));
    case 'not':
      return !matchesExpr(e.of, doc, me);
    case 'text':
      return textMatches(e, doc);
    case 'enum':
      return e.values.includes(doc[e.field]);
    case 'label':
      return doc.labels.some((l) => l.toLowerCase() === e.value);
    case 'eq':
      return doc[e.field] !== null && lower(doc[e.field]) === e.value;
    case 'none':
      return e.field === 'labels' ? doc.labels.length === 0 : lower(doc[e.field]) === '';
    case 'person': {
      const v = e.value;
      if (typeof v === 'string') return people(doc, e.field).some((p) => namesPerson(v, p));
      return me !== null && people(doc, e.field).some((p) => isMe(me, p));
    }
    case 'date': {
      const t = Date.parse(doc[e.field]);
      return (e.from === null || Date.parse(e.from) <= t) && (e.to === null || t < Date.parse(e.to));
    }
    case 'count': {
      const n = doc[e.field];
      return (e.min === null || e.min <= n) && (e.max === null || n <= e.max);
    }
    case 'id':
      return doc.id.toLowerCase().startsWith(e.prefix);
    case 'origin':
      return originMatches(doc.origin, e.value);
    case 'fixed-in':
      return e.ids?.includes(doc.id) ?? false;
  }
}

export function matches(q: Query, doc: QueryDoc, me: Person | null): boolean {
  return matchesExpr(q.filter, doc, me);
}
