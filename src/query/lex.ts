// Splits query text into tokens with their positions, and builds errors that point at one.
import { DitError } from '../errors.js';
import { editDistance } from './text.js';

export type Token =
  | { kind: '(' | ')' | '-' | 'OR' | 'AND'; pos: number; end: number }
  | { kind: 'word' | 'phrase'; pos: number; end: number; text: string }
  | { kind: 'qualifier'; pos: number; end: number; name: string; value: string; valuePos: number; quoted: boolean };

const QUALIFIER = /^([A-Za-z][A-Za-z-]*):/;
const BREAK = /[\s()"]/;

/**
 * A 'usage' error whose message shows the query with a caret line under [pos, end), then `detail`.
 * data: { query, position (0-based), length, suggestion (text to put there instead, or null) }.
 */
export function syntaxError(
  query: string,
  pos: number,
  end: number,
  message: string,
  suggestion: string | null = null,
  detail: string | null = null,
): DitError {
  const width = Math.max(1, end - pos);
  const hint = suggestion === null ? '' : `; did you mean \`${suggestion}\`?`;
  const text = `${message} at column ${pos + 1}${hint}\n  ${query}\n  ${' '.repeat(pos)}${'^'.repeat(width)}${detail === null ? '' : `\n${detail}`}`;
  return new DitError('usage', text, { query, position: pos, length: width, suggestion });
}

/** The candidate nearest to `word`: one it begins (3+ characters), else one within a couple of edits. */
export function nearest(word: string, candidates: readonly string[]): string | null {
  const w = word.toLowerCase();
  if (w.length >= 3) {
    const started = candidates.find((c) => c.startsWith(w));
    if (started !== undefined) return started;
  }
  let best: string | null = null;
  let bestDistance = Math.min(2, Math.max(1, Math.floor(w.length / 2)));
  for (const c of candidates) {
    const d = editDistance(w, c);
    if (d <= bestDistance && (best === null || d < bestDistance)) [best, bestDistance] = [c, d];
  }
  return best;
}

export function lex(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const quoted = (start: number): { text: string; end: number } => {
    const close = query.indexOf('"', start + 1);
    if (close < 0) throw syntaxError(query, start, start + 1, 'unbalanced quote: this `"` is never closed');
    return { text: query.slice(start + 1, close), end: close + 1 };
  };
  while (i < query.length) {
    const c = query[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')') {
      tokens.push({ kind: c, pos: i, end: i + 1 });
      i++;
      continue;
    }
    if (c === '-') {
      const next = query[i + 1];
      if (next === undefined || /[\s)]/.test(next))
        throw syntaxError(query, i, i + 1, '`-` (NOT) must be written right before a term, as in -label:wontfix');
      tokens.push({ kind: '-', pos: i, end: i + 1 });
      i++;
      continue;
    }
    if (c === '"') {
      const q = quoted(i);
      tokens.push({ kind: 'phrase', pos: i, end: q.end, text: q.text });
      i = q.end;
      continue;
    }
    let end = i;
    while (end < query.length && !BREAK.test(query[end]!)) end++;
    const run = query.slice(i, end);
    const m = QUALIFIER.exec(run);
    if (m) {
      const name = m[1]!;
      const valuePos = i + name.length + 1;
      if (end === valuePos && query[end] === '"') {
        const q = quoted(end);
        tokens.push({ kind: 'qualifier', pos: i, end: q.end, name, value: q.text, valuePos, quoted: true });
        i = q.end;
      } else {
        tokens.push({
          kind: 'qualifier',
          pos: i,
          end,
          name,
          value: run.slice(name.length + 1),
          valuePos,
          quoted: false,
        });
        i = end;
      }
      continue;
    }
    if (run === 'OR' || run === 'AND') tokens.push({ kind: run, pos: i, end });
    else tokens.push({ kind: 'word', pos: i, end, text: run });
    i = end;
  }
  return tokens;
}
