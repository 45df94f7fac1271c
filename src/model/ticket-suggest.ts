// `#` completion in comment boxes: the few tickets whose id starts with, or whose title contains, what
// was typed after the `#` — open ones and recently updated ones first. Pure; the API route bounds it.
import { isOpen } from './fields.js';
import { shortId } from './ids.js';
import type { Summary } from './ticket.js';

export interface TicketSuggestion {
  id: string;
  short: string;
  title: string;
  open: boolean;
}

/** The longest text matched; longer input is cut, so one request costs one pass over the summaries. */
export const MAX_SUGGEST_QUERY = 100;

export function suggestTickets(all: readonly Summary[], typed: string, limit: number): TicketSuggestion[] {
  const q = typed.slice(0, MAX_SUGGEST_QUERY).trim().toLowerCase().replace(/^#/, '');
  const words = q.split(/\s+/).filter(Boolean);
  const hex = /^[0-9a-f]+$/.test(q);
  const scored: { s: Summary; rank: number }[] = [];
  for (const s of all) {
    let rank: number;
    if (hex && s.id.startsWith(q)) rank = 0;
    else {
      const title = s.title.toLowerCase();
      if (!words.every((w) => title.includes(w))) continue;
      rank = words.length && title.startsWith(words[0]!) ? 1 : 2;
    }
    scored.push({ s, rank: rank * 2 + (isOpen(s.status) ? 0 : 1) });
  }
  scored.sort(
    (a, b) =>
      a.rank - b.rank ||
      (a.s.updated < b.s.updated ? 1 : a.s.updated > b.s.updated ? -1 : 0) ||
      (a.s.id < b.s.id ? -1 : 1),
  );
  return scored
    .slice(0, limit)
    .map(({ s }) => ({ id: s.id, short: shortId(s.id), title: s.title, open: isOpen(s.status) }));
}
