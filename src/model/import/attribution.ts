// Imported entries are the importer's: written (and signed) by whoever ran the import, the source's person in `origin`.
import type { Author, EntryOrigin } from '../schema.js';

/** An imported entry's author fields, from the person the source names (and where it can be seen there). */
export type Attribution = (original: Author, url?: string | null) => { author: Author; origin: EntryOrigin };

/**
 * The attribution of one import: `importer` as every entry's author, so a server's rule for signed
 * entries holds them to the importer's own key, and the source's person kept as `origin`, shown as
 * "ann (imported from Gitblit, by james)" and never trusted as an author.
 */
export function attribution(importer: Author, source: string): Attribution {
  const author = { name: importer.name, email: importer.email };
  return (original, url = null) => ({
    author,
    origin: {
      name: original.name,
      email: original.email,
      source,
      url: url && /^https?:\/\/\S+$/.test(url) ? url : null,
    },
  });
}

/** Fields that say who wrote an entry down and where it sits in its journal, not what it says. */
const ENVELOPE = new Set(['v', 'ticket', 'clock', 'author', 'origin']);

/** A value with every string that is a key of `same` read as its value, keys sorted: one text per meaning. */
function canonical(value: unknown, same: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') return same.get(value) ?? value;
  if (Array.isArray(value)) return value.map((x) => canonical(x, same));
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k], same)]),
    );
  return value;
}

const saying = (
  e: Record<string, unknown>,
  who: { name?: unknown; email?: unknown },
  same: ReadonlyMap<string, string>,
) =>
  JSON.stringify([
    String(who.name ?? ''),
    String(who.email ?? '').toLowerCase(),
    canonical(Object.fromEntries(Object.entries(e).filter(([k]) => !ENVELOPE.has(k))), same),
  ]);

/**
 * What an entry this import writes says (its kind, time and payload) and whom the source named, for
 * finding the same record imported before entries had an origin. `same` reads the ids of this import's
 * entries already found so as the earlier import's ids (an edit names the comment it edits). Null for
 * an entry without an origin.
 */
export function importedSaying(e: Record<string, unknown>, same: ReadonlyMap<string, string>): string | null {
  const o = e.origin;
  return o && typeof o === 'object' ? saying(e, o as EntryOrigin, same) : null;
}

/**
 * The same for an entry already held, as an import before origins wrote it: the source's person as its
 * author and no origin. Null for an entry with an origin (imported since, matched by its id).
 */
export function formerSaying(e: Record<string, unknown>): string | null {
  if (e.origin && typeof e.origin === 'object') return null;
  const a = e.author;
  return a && typeof a === 'object' ? saying(e, a as Author, new Map()) : null;
}

/** `value` with every string that is a key of `same` replaced by its value, keys in their order; itself when none is. */
export function withIds<T>(value: T, same: ReadonlyMap<string, string>): T {
  if (typeof value === 'string') return (same.get(value) ?? value) as T;
  if (Array.isArray(value)) {
    const out = value.map((x) => withIds(x, same));
    return (out.some((x, i) => x !== value[i]) ? out : value) as T;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).map(([k, x]) => [k, withIds(x, same)] as const);
    const changed = entries.some(([k, x]) => x !== (value as Record<string, unknown>)[k]);
    return (changed ? Object.fromEntries(entries) : value) as T;
  }
  return value;
}
