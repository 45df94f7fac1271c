// Imported tickets by their original numbers (`gitblit#54`, `github#7`, `git-bug#3f9a…`), and how a
// reference (a commit message's `#54`, `GH-54`, a typed id) is settled between them and dit's own ids.
import type { TicketRef } from './mentions.js';

/** Where imported tickets came from, indexed for lookups by system and number or by a hex id's prefix. */
export interface OriginIndex {
  /** `system#number` → tickets (normally one). */
  bySystem: Map<string, string[]>;
  /** A number → tickets of every system that had it. */
  byNumber: Map<number, string[]>;
  /** Hex origins (`git-bug#<id>`): [id in the source, ticket], sorted by the first. */
  hex: [string, string][];
  /** Every origin as written (lower case) → tickets. */
  all: Map<string, string[]>;
  size: number;
}

export const NO_ORIGINS: OriginIndex = { bySystem: new Map(), byNumber: new Map(), hex: [], all: new Map(), size: 0 };

const push = <K>(m: Map<K, string[]>, k: K, id: string) => {
  const l = m.get(k);
  if (!l) m.set(k, [id]);
  else if (!l.includes(id)) l.push(id);
};

/** Indexes `[origin, ticket id]` pairs; origins are `system#number` or `system#<hex id>`. */
export function originIndex(pairs: Iterable<readonly [string, string]>): OriginIndex {
  const out: OriginIndex = { bySystem: new Map(), byNumber: new Map(), hex: [], all: new Map(), size: 0 };
  for (const [origin, id] of pairs) {
    const m = /^([a-z][a-z0-9-]*)#(.+)$/i.exec(origin);
    if (!m) continue;
    push(out.all, origin.toLowerCase(), id);
    const system = m[1]!.toLowerCase();
    const local = m[2]!.toLowerCase();
    out.size++;
    if (/^\d{1,9}$/.test(local)) {
      push(out.bySystem, `${system}#${Number(local)}`, id);
      push(out.byNumber, Number(local), id);
    } else if (/^[0-9a-f]{4,64}$/.test(local)) out.hex.push([local, id]);
  }
  out.hex.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return out;
}

/** What a reference names: one ticket, several (ambiguous), or none. */
export type Resolved = { id: string } | { ambiguous: string[] } | { none: true };

/**
 * Settles a reference. A hex prefix names the dit tickets whose ids start with it (failing those, an
 * imported ticket whose hex id does: git-bug's); a number names the imported tickets that had it (of its
 * system when the form says). A run of digits that is both is ambiguous only when both kinds exist: then
 * nothing is chosen, and the writer adds hex characters for the dit ticket or writes `ticket-N` (or
 * `system#N`) for the imported one.
 */
export function settleRef(ref: TicketRef, idsStartingWith: (prefix: string) => string[], o: OriginIndex): Resolved {
  const found = new Set<string>();
  if (ref.prefix) {
    const own = idsStartingWith(ref.prefix);
    for (const id of own) found.add(id);
    if (!own.length) for (const [local, id] of o.hex) if (local.startsWith(ref.prefix)) found.add(id);
  }
  if (ref.number !== undefined) {
    const hits = ref.system ? o.bySystem.get(`${ref.system}#${ref.number}`) : o.byNumber.get(ref.number);
    for (const id of hits ?? []) found.add(id);
  }
  if (found.size === 1) return { id: [...found][0]! };
  return found.size ? { ambiguous: [...found].sort() } : { none: true };
}

/** The ticket a reference names, or null when it names none or several. */
export function resolveRef(ref: TicketRef, idsStartingWith: (prefix: string) => string[], o: OriginIndex) {
  const r = settleRef(ref, idsStartingWith, o);
  return 'id' in r ? r.id : null;
}
