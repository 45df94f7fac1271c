// The people a repository knows: ticket authors and responsibles, and its commit authors. Pages use it
// for names instead of emails, avatars, and the people picker; scripts get it from /api/people.
import { Directory, readPerson } from '../../model/people.js';
import type { Store } from '../store.js';
import type { View } from '../view/view.js';

/** Everyone the view's tickets and the newest commits on local branches name. */
export async function knownPeople(store: Store, view: View): Promise<Directory> {
  const [summaries, authors] = await Promise.all([view.summaries(), store.vcs.commitAuthors()]);
  const dir = new Directory();
  for (const s of summaries) dir.add(s.author);
  for (const a of authors) dir.add(a);
  for (const s of summaries) if (s.responsible) dir.add(readPerson(s.responsible));
  return dir;
}
