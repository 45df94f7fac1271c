// `#N` references in imported text, rewritten to the imported tickets' ids so links keep working.

/** How a rewritten reference is spelled: long enough to stay unique as a repository grows. */
export const REF_LENGTH = 10;

// `#N` not inside a word, a URL fragment (`page#3`), an HTML entity (`&#39;`) or a cross-repository reference (`owner/repo#3`)
const HASH_NUMBER = /(^|[^\w&/#-])#(\d{1,9})\b/g;

/**
 * Rewrites `#N` to `#<id prefix>` where `idOf(N)` knows the ticket, leaving code spans and fenced code
 * blocks alone. Returns the text and whether some `#N` stayed because `idOf` did not know it.
 */
export function rewriteRefs(text: string, idOf: (n: number) => string | null): { text: string; unresolved: number[] } {
  const unresolved: number[] = [];
  if (!text.includes('#')) return { text, unresolved };
  const out = text.split(/(```[\s\S]*?(?:```|$)|`[^`\n]*`)/).map((part, i) => {
    if (i % 2 === 1) return part; // code
    return part.replace(HASH_NUMBER, (whole, before: string, n: string) => {
      const id = idOf(Number(n));
      if (!id) {
        unresolved.push(Number(n));
        return whole;
      }
      return `${before}#${id.slice(0, REF_LENGTH)}`;
    });
  });
  return { text: out.join(''), unresolved };
}
