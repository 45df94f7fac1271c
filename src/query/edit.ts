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
  if (tokens.some((t) => t.kind === 'OR')) {
    // a term next to OR belongs to an alternative; only terms outside every OR group are the query's own
    const out: Qualifier[] = [];
    let depth = 0;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.kind === '(') depth++;
      if (t.kind === ')') depth--;
      if (t.kind !== 'qualifier' || depth > 0 || tokens[i - 1]?.kind === '-') continue;
      if (tokens[i - 1]?.kind === 'OR' || tokens[i + 1]?.kind === 'OR') continue;
      out.push(t);
    }
    return out;
  }
  let depth = 0;
  return tokens.filter((t, i): t is Qualifier => {
    if (t.kind === '(') depth++;
    if (t.kind === ')') depth--;
    return t.kind === 'qualifier' && depth === 0 && tokens[i - 1]?.kind !== '-';
  });
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
  return [rest, replacement ?? ''].filter(Boolean).join(' ');
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
  return [q.trim(), term(name, value)].filter(Boolean).join(' ');
}
