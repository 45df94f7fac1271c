// Ids of journals whose identity is a name (milestones, labels), and short ids for display.
import { createHash } from 'node:crypto';

/** Same name, same journal: two clones that create milestone "2.4" write to one journal, which merges. */
export function nameId(collection: 'milestone' | 'label', name: string): string {
  return createHash('sha1').update(`${collection}\0${name}`).digest('hex');
}

export const SHORT = 7;
export const shortId = (id: string): string => id.slice(0, SHORT);
