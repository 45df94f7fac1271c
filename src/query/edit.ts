// Editing query text as GitHub's filter menus do: read the plain top-level values of a qualifier, and
// replace or toggle them, leaving the rest of the text (words, OR groups, negations) as written. Pure.
import { lex, type Token } from './lex.js';

type Qualifier = Extract<Token, { kind: 'qualifier' }>;

/** The qualifier tokens written at the top level, not negated and not inside parentheses or OR groups. */
function plainTerms(q: string): Qualifier[] | null {
  let tokens: Token[];
  try {
    tokens = lex(q);
  } catch {
    return null; // text that does not lex: the menus append to it, and the page says what is wrong
  }
  if (topLevelOr(tokens)) return []; // every term belongs to an alternative: none is the whole query's
  let depth = 0;
  return tokens.filter((t, i): t is Qualifier => {
    if (t.kind === '(') depth++;
    if (t.kind === ')') depth--;
    return t.kind === 'qualifier' && depth === 0 && tokens[i - 1]?.kind !== '-';
  });
}

function topLevelOr(tokens: readonly Token[]): boolean {
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === '(') depth++;
    if (t.kind === ')') depth--;
    if (t.kind === 'OR' && depth === 0) return true;
  }
  return false;
}

/** `rest` and a term side by side; a top-level OR is put in parentheses first, so the term applies to all of it. */
function join(rest: string, add: string): string {
  if (!rest) return add;
  let tokens: Token[] | null = null;
  try {
    tokens = lex(rest);
  } catch {
    /* kept as written */
  }
  return `${tokens && topLevelOr(tokens) ? `(${rest})` : rest} ${add}`;
}

const named = (names: readonly string[]) => (t: Qualifier) => names.includes(t.name.toLowerCase());

/** The values the query gives `names` (lower case) plainly at its top level, as written. */
export function qualifierValues(q: string, names: readonly string[]): string[] {
  return (plainTerms(q) ?? []).filter(named(names)).map((t) => t.value);
}

/** A qualifier term, its value quoted when it needs to be. */
export function term(name: string, value: string): string {
  return /^[^\s"()]+$/.test(value) ? `${name}:${value}` : `${name}:"${value.replace(/"/g, '')}"`;
}

function cut(q: string, drop: readonly Qualifier[]): string {
  let out = q;
  for (const t of [...drop].sort((a, b) => b.pos - a.pos)) out = out.slice(0, t.pos) + out.slice(t.end);
  return out.replace(/\s+/g, ' ').trim();
}

/** The query with its plain `names` terms replaced by `replacement` (none: just removed), written last. */
export function setQualifier(q: string, names: readonly string[], replacement: string | null): string {
  const terms = plainTerms(q);
  const rest = terms ? cut(q, terms.filter(named(names))) : q.trim();
  return replacement ? join(rest, replacement) : rest;
}

const is = (name: string, value: string) => (t: Qualifier) =>
  t.name.toLowerCase() === name && t.value.toLowerCase() === value.toLowerCase();

/** The query without its plain `name:value` terms (`no:label` when a label is picked). */
export function withoutTerm(q: string, name: string, value: string): string {
  const terms = plainTerms(q);
  return terms ? cut(q, terms.filter(is(name, value))) : q.trim();
}

/** Adds `name:value`, or removes it when the query has it plainly (labels: several may hold at once). */
export function toggleQualifier(q: string, name: string, value: string): string {
  const terms = plainTerms(q) ?? [];
  const same = terms.filter(is(name, value));
  if (same.length) return cut(q, same);
  return join(q.trim(), term(name, value));
}
