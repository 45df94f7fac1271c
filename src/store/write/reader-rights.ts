// Holds a write to the reader's rights (model/trust/reader-rights.ts, the rule pushes follow too) when its
// target says the writer has no more: a hosting server's reader writing through the pages or the API.
import { DitError } from '../../errors.js';
import { ATTACHMENT_FILE } from '../../model/entries/attach.js';
import { ENTRY_FILE } from '../../model/entry-file.js';
import type { Author } from '../../model/schema.js';
import { beyondReader, NO_FACTS, needsFacts, type TicketFacts } from '../../model/trust/reader-rights.js';
import type { Store } from '../store.js';
import type { View } from '../view/view.js';

/** Refuses (`forbidden`, nothing written) the first file that goes beyond what a reader may write. */
export async function holdToReaderRights(
  store: Store,
  author: Author,
  files: readonly { path: string; data: Buffer }[],
): Promise<void> {
  let view: View | null = null;
  for (const f of files) {
    const [collection = '', journal = '', name = ''] = f.path.split('/');
    if (collection === 'tickets' && ATTACHMENT_FILE.test(name)) continue; // an attachment's bytes; its entry is checked
    let what: string | null = 'writes something that is not an entry';
    if (ENTRY_FILE.test(name)) {
      const entry = JSON.parse(f.data.toString('utf8')) as Record<string, unknown> & { author: Author };
      let facts = NO_FACTS;
      if (needsFacts(collection, entry)) {
        view ??= await store.view();
        facts = await factsOf(view, journal);
      }
      what = beyondReader(collection, entry, facts);
    }
    if (what)
      throw new DitError(
        'forbidden',
        `${author.name} may read this repository and take part (open tickets, comment, react, vote), but this ` +
          `change ${what}${collection === 'tickets' ? ` on ticket #${journal.slice(0, 7)}` : ''}, which takes ` +
          'write access; leave a comment instead, or ask one of its administrators for write access',
        { need: 'write' },
      );
  }
}

/** Who opened a ticket and wrote its comments, as the repository's default view shows it. */
async function factsOf(view: View, ticket: string): Promise<TicketFacts> {
  const t = await view.ticket(ticket).catch(() => null);
  if (!t) return NO_FACTS;
  const by = new Map(t.comments.map((c) => [c.id, c.author]));
  return { opener: t.author, authorOf: (id) => by.get(id) ?? null };
}
