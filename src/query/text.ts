// Words and edit distances: how query text and ticket text are split and compared.

/** Words shorter than this (in characters) get no typo tolerance. */
export const FUZZY_MIN = 5;

/**
 * Splits text into words: lower case, diacritics removed (NFD, marks dropped), split on anything
 * that is not a letter or a digit. Close to SQLite FTS5's unicode61 tokenizer with remove_diacritics.
 */
export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}

/** Optimal string alignment distance (Levenshtein plus swapping two adjacent characters). */
export function editDistance(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  const d: number[][] = Array.from({ length: x.length + 1 }, (_, i) =>
    Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const row = d[i]!;
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      row[j] = Math.min(d[i - 1]![j]! + 1, row[j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1])
        row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[x.length]![y.length]!;
}

/** `editDistance(a, b) <= 1`, in linear time: one insertion, deletion, substitution or adjacent swap. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  const x = Array.from(a);
  const y = Array.from(b);
  if (Math.abs(x.length - y.length) > 1) return false;
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  const rest = (s: string[], from: number) => s.slice(from).join('');
  if (x.length === y.length) {
    if (rest(x, i + 1) === rest(y, i + 1)) return true;
    return x[i] === y[i + 1] && x[i + 1] === y[i] && rest(x, i + 2) === rest(y, i + 2);
  }
  const [short, long] = x.length < y.length ? [x, y] : [y, x];
  return rest(short, i) === rest(long, i + 1);
}

/** Whether a fuzzy query word (one not in a phrase) is long enough for typo tolerance. */
export const isFuzzy = (word: string): boolean => Array.from(word).length >= FUZZY_MIN;

/** Whether one query word matches one text word, both from `tokenize`. */
export function wordMatches(query: string, word: string, prefix: boolean, fuzzy: boolean): boolean {
  return word === query || (prefix && word.startsWith(query)) || (fuzzy && withinOneEdit(query, word));
}
