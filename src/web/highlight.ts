// Syntax highlighting of diff lines: each side of a hunk highlighted as one text (so strings and comments
// spanning lines colour right), then split back into lines with their open spans closed and reopened.
import { createHash } from 'node:crypto';
import hljs from 'highlight.js/lib/common';
import { cache } from '../caches.js';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ESC[c]!);

/** The highlight.js language for a file name (by extension or whole name), or null to leave it plain. */
export function languageOf(path: string): string | null {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1) : name;
  const lang = hljs.getLanguage(ext)
    ? ext
    : name === 'makefile'
      ? 'makefile'
      : name === 'dockerfile'
        ? 'dockerfile'
        : null;
  return lang && hljs.getLanguage(lang) ? lang : null;
}

/** Splits highlight.js HTML at newlines, closing the spans still open at each line's end and reopening them after. */
function splitLines(html: string): string[] {
  const out: string[] = [];
  const open: string[] = [];
  let cur = '';
  const re = /(<span[^>]*>)|(<\/span>)|(\n)|([^<\n]+)/g;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    if (m[1]) {
      open.push(m[1]);
      cur += m[1];
    } else if (m[2]) {
      open.pop();
      cur += m[2];
    } else if (m[3]) {
      out.push(cur + '</span>'.repeat(open.length));
      cur = open.join('');
    } else cur += m[4];
  }
  out.push(cur);
  return out;
}

/**
 * HTML for each of these lines, highlighted as one text in `lang` (escaped plain text without one).
 * highlight.js reads about 2 MB a second, so answers are kept by what was highlighted: a diff's hunks
 * never change, and a page shown again costs no highlighting.
 */
export function highlightLines(lines: readonly string[], lang: string | null): string[] {
  if (!lang || !lines.length) return lines.map(esc);
  const text = lines.join('\n');
  const key = createHash('sha1').update(lang).update('\0').update(text).digest('hex');
  const kept = cache<string[]>('highlights');
  const hit = kept.get(key);
  if (hit) return hit;
  let out: string[];
  try {
    const split = splitLines(hljs.highlight(text, { language: lang, ignoreIllegals: true }).value);
    out = split.length === lines.length ? split : lines.map(esc);
  } catch {
    out = lines.map(esc);
  }
  kept.set(key, out);
  return out;
}
