// Parses query text into the inert description of types.ts. Precedence: NOT (-) > AND (adjacency) > OR.
import { DitError } from '../errors.js';
import { lex, nearest, syntaxError, type Token } from './lex.js';
import { MAX_NESTING, MAX_QUERY_LENGTH, MAX_TERMS } from './limits.js';
import { EXAMPLES, QUALIFIER_NAMES, READERS } from './qualifiers.js';
import { isFuzzy, tokenize } from './text.js';
import { type Expr, type Query, type SortKey, TEXT_FIELDS, type TextField, type TextTerm } from './types.js';
import { ValueError } from './values.js';

export { queryHelp } from './help.js';
export { MAX_NESTING, MAX_QUERY_LENGTH, MAX_TERMS } from './limits.js';
export type * from './types.js';
export { SORT_KEYS, SORT_ORDER } from './types.js';

interface Item {
  expr: Expr;
  group: string | null;
}

class Parser {
  private i = 0;
  private lastText: { node: TextTerm; bare: boolean } | null = null;
  private sort: { value: SortKey; token: Token } | null = null;
  private branch: { value: string; token: Token } | null = null;
  private within = new Set<TextField>();
  private nesting = 0;

  constructor(
    private readonly query: string,
    private readonly tokens: Token[],
  ) {}

  parse(): Query {
    const filter = this.or(0) ?? { op: 'and', of: [] };
    const extra = this.tokens[this.i];
    if (extra) throw this.fail(extra, 'unbalanced parenthesis: this `)` has no matching `(`');
    if (this.lastText?.bare) this.lastText.node.prefix = true;
    if (this.within.size > 0) {
      // GitHub's in: speaks of every word of the query, wherever it is written
      const fields = TEXT_FIELDS.filter((x) => this.within.has(x));
      if (fields.length < TEXT_FIELDS.length) for (const t of allText(filter)) t.fields = [...fields];
    }
    const text = positiveText(filter, false);
    const sort = this.sort?.value ?? (text.length > 0 ? 'relevance' : 'created-desc');
    return { filter, text, sort, branch: this.branch?.value ?? null };
  }

  private fail(
    t: { pos: number; end: number },
    message: string,
    suggestion: string | null = null,
    detail: string | null = null,
  ) {
    return syntaxError(this.query, t.pos, t.end, message, suggestion, detail);
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  /** Alternatives separated by OR; null when there is nothing to filter on. */
  private or(depth: number): Expr | null {
    const alternatives: (Expr | null)[] = [];
    const ors: Token[] = [];
    for (;;) {
      const before = this.i;
      const alt = this.and(depth);
      const op = this.peek();
      if (this.i === before && (ors.length > 0 || op?.kind === 'OR')) {
        const at = ors.length > 0 ? ors[ors.length - 1]! : op!;
        throw this.fail(at, ors.length > 0 ? 'OR needs a term after it' : 'OR needs a term before it');
      }
      alternatives.push(alt);
      if (op?.kind !== 'OR') break;
      ors.push(op);
      this.i++;
    }
    if (alternatives.length === 1) return alternatives[0]!;
    const empty = alternatives.indexOf(null);
    if (empty >= 0) {
      const at = ors[Math.max(0, empty - 1)]!;
      throw this.fail(at, 'each side of OR needs a filter (sort: and branch: apply to the whole query)');
    }
    return { op: 'or', of: alternatives as Expr[] };
  }

  /** Adjacent terms (optionally joined by AND); repeated plain values of one field merge into an OR. */
  private and(depth: number): Expr | null {
    const items: Item[] = [];
    let any = false;
    for (let t = this.peek(); t && t.kind !== ')' && t.kind !== 'OR'; t = this.peek()) {
      if (t.kind === 'AND') {
        this.i++;
        const next = this.peek();
        if (!any) throw this.fail(t, 'AND needs a term before it');
        if (!next || next.kind === ')' || next.kind === 'OR' || next.kind === 'AND')
          throw this.fail(t, 'AND needs a term after it');
        continue;
      }
      any = true;
      const item = this.unary(depth, false);
      if (item) items.push(item);
    }
    const out: Expr[] = [];
    const slot = new Map<string, number>();
    const merged = new Set<number>(); // slots holding an 'or' this loop made (is:pr is an 'or' of its own)
    for (const { expr, group } of items) {
      const at = group === null ? undefined : slot.get(group);
      if (at === undefined) {
        if (group !== null) slot.set(group, out.length);
        out.push(expr);
        continue;
      }
      const prev = out[at]!;
      out[at] = { op: 'or', of: merged.has(at) && prev.op === 'or' ? [...prev.of, expr] : [prev, expr] };
      merged.add(at);
    }
    if (out.length === 0) return null;
    return out.length === 1 ? out[0]! : { op: 'and', of: out };
  }

  /** One term, possibly negated; null for sort: and branch:, which are not filters. */
  private unary(depth: number, negated: boolean): Item | null {
    const t = this.tokens[this.i++]!;
    if ((t.kind === '-' || t.kind === '(') && this.nesting >= MAX_NESTING) {
      throw this.fail(
        t,
        `the query nests parentheses and \`-\` more than ${MAX_NESTING} deep; write it flatter (a b means a AND b; -(a OR b) is -a -b)`,
      );
    }
    switch (t.kind) {
      case '-': {
        const next = this.peek();
        if (!next || next.kind === 'OR' || next.kind === 'AND' || next.kind === ')')
          throw this.fail(t, '`-` (NOT) must be written right before a term');
        this.nesting++;
        const inner = this.unary(depth, true)!;
        this.nesting--;
        return { expr: { op: 'not', of: inner.expr }, group: null };
      }
      case '(': {
        this.nesting++;
        const inner = this.or(depth + 1);
        this.nesting--;
        const close = this.peek();
        if (close?.kind !== ')') throw this.fail(t, 'unbalanced parenthesis: this `(` is never closed');
        this.i++;
        if (inner === null) throw this.fail({ pos: t.pos, end: close.end }, 'empty parentheses');
        return { expr: inner, group: null };
      }
      case 'word':
      case 'phrase':
        return { expr: this.text(t), group: null };
      case 'qualifier':
        return this.qualifier(t, depth, negated);
      default:
        throw this.fail(t, `unexpected \`${t.kind}\``);
    }
  }

  private text(t: Extract<Token, { kind: 'word' | 'phrase' }>): TextTerm {
    const words = tokenize(t.text);
    if (words.length === 0) {
      throw this.fail(
        t,
        t.kind === 'phrase'
          ? 'this phrase has no words to search for'
          : `nothing to search for in \`${t.text}\`: words are made of letters and digits`,
      );
    }
    const phrase = t.kind === 'phrase' || words.length > 1;
    const node: TextTerm = { op: 'text', words, phrase, prefix: false, fuzzy: !phrase && isFuzzy(words[0]!) };
    this.lastText = { node, bare: !phrase };
    return node;
  }

  private qualifier(t: Extract<Token, { kind: 'qualifier' }>, depth: number, negated: boolean): Item | null {
    const name = t.name.toLowerCase();
    const read = READERS[name];
    const head = { pos: t.pos, end: t.valuePos };
    if (!read) {
      const near = nearest(name, QUALIFIER_NAMES);
      const message =
        near === null
          ? `unknown qualifier \`${t.name}:\` (to search for this text, put it in quotes)`
          : `unknown qualifier \`${t.name}:\``;
      throw this.fail(head, message, near === null ? null : `${near}:`);
    }
    if (t.value === '')
      throw this.fail({ pos: t.pos, end: t.end }, `\`${name}:\` needs a value, as in ${EXAMPLES[name] ?? `${name}:x`}`);
    let reading: ReturnType<typeof read>;
    try {
      reading = read(t.value, t.quoted);
    } catch (err) {
      if (!(err instanceof ValueError)) throw err;
      const start = t.valuePos + (t.quoted ? 1 : 0) + err.offset;
      throw this.fail({ pos: start, end: start + err.length }, err.message, err.suggestion, err.detail);
    }
    if ('expr' in reading) return reading;
    const what =
      reading.lift === 'sort'
        ? 'the order'
        : reading.lift === 'in'
          ? 'where words are searched'
          : 'the branch to search';
    if (negated) throw this.fail(t, `\`${name}:\` chooses ${what}; it cannot be negated`);
    if (depth > 0) throw this.fail(t, `\`${name}:\` chooses ${what} for the whole query; write it outside parentheses`);
    if (reading.lift === 'in') {
      for (const x of reading.value) this.within.add(x); // in:title in:body is in:title,body
      return null;
    }
    const seen = reading.lift === 'sort' ? this.sort : this.branch;
    if (seen && seen.value !== reading.value)
      throw this.fail(t, `a second \`${name}:\` (the first says \`${seen.value}\`); keep one`);
    if (reading.lift === 'sort') this.sort = { value: reading.value, token: t };
    else this.branch = { value: reading.value, token: t };
    return null;
  }
}

/** Every text term, negated or not. */
function allText(e: Expr): TextTerm[] {
  if (e.op === 'text') return [e];
  if (e.op === 'not') return allText(e.of);
  if (e.op === 'and' || e.op === 'or') return e.of.flatMap(allText);
  return [];
}

/** Text terms under an even number of NOTs, in query order. */
function positiveText(e: Expr, negated: boolean): TextTerm[] {
  if (e.op === 'text') return negated ? [] : [e];
  if (e.op === 'not') return positiveText(e.of, !negated);
  if (e.op === 'and' || e.op === 'or') return e.of.flatMap((c) => positiveText(c, negated));
  return [];
}

/** Parses a query; throws DitError('usage') with data { query, position, length, suggestion } when it cannot. */
export function parseQuery(text: string): Query {
  if (text.length > MAX_QUERY_LENGTH) {
    // the query itself is not echoed under a caret: it is what is too long
    throw new DitError(
      'usage',
      `the query is ${text.length.toLocaleString('en')} characters long; dit reads at most ${MAX_QUERY_LENGTH.toLocaleString('en')}: shorten it`,
      {
        query: text.slice(0, 200),
        position: MAX_QUERY_LENGTH,
        length: text.length - MAX_QUERY_LENGTH,
        suggestion: null,
      },
    );
  }
  const tokens = lex(text);
  const terms = tokens.filter((t) => t.kind === 'word' || t.kind === 'phrase' || t.kind === 'qualifier');
  const over = terms[MAX_TERMS];
  if (over) {
    throw syntaxError(
      text,
      over.pos,
      over.end,
      `the query has ${terms.length} terms; dit reads at most ${MAX_TERMS}: narrow it, or run several queries`,
    );
  }
  return new Parser(text, tokens).parse();
}

/** Whether the query says `me` anywhere, so a caller can insist on a configured identity first. */
export function usesMe(q: Query): boolean {
  const walk = (e: Expr): boolean =>
    e.op === 'and' || e.op === 'or'
      ? e.of.some(walk)
      : e.op === 'not'
        ? walk(e.of)
        : e.op === 'person' && typeof e.value !== 'string';
  return walk(q.filter);
}
