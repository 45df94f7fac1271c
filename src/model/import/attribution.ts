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
