// The reader's rights on `dit server`, one rule for pushes and for the pages and API: someone without
// write access may open tickets, comment, react, vote, watch, review +1/-1 and propose, and edit, close or
// reopen what they wrote themselves (as on GitHub); anything else in an entry takes write access. Pure.
import { initialOf, TICKET_FIELD_NAMES, type TicketField } from '../fields.js';
import type { Author } from '../schema.js';

/** What the rule needs to know of the ticket an entry is on: who opened it, who wrote its comments. */
export interface TicketFacts {
  opener: Author | null;
  /** The author of an entry of the ticket (a comment, a review with a comment, a line comment); null if unknown. */
  authorOf: (entry: string) => Author | null;
}

export const NO_FACTS: TicketFacts = { opener: null, authorOf: () => null };

type Entry = Record<string, unknown> & { author: Author; kind?: string };

const same = (a: Author | null, b: Author): boolean =>
  a !== null && a.email !== '' && a.email.toLowerCase() === b.email.toLowerCase();

/** The kinds whose rule asks who opened the ticket or wrote a comment (so a caller looks only then). */
export const needsFacts = (collection: string, e: Entry): boolean =>
  collection === 'tickets' &&
  ['status', 'set', 'edit-comment', 'delete-comment', 'task', 'patchset'].includes(String(e.kind));

/**
 * Null when a reader may write this entry; otherwise what in it takes write access, as words that follow
 * "entry X on ticket #Y" ("sets its status to closed", "changes its labels").
 */
export function beyondReader(collection: string, e: Entry, facts: TicketFacts): string | null {
  if (collection === 'labels') return 'defines a label';
  if (collection === 'milestones') return 'changes a milestone';
  if (collection !== 'tickets') return `changes ${collection}`;
  const own = same(facts.opener, e.author);
  switch (e.kind) {
    case 'create': {
      // the title, the description and the type; everything else as a new ticket has it anyway
      const set: string[] = TICKET_FIELD_NAMES.filter((f) => f !== 'type' && !initial(f, e[f]));
      if (Array.isArray(e.labels) && e.labels.length) set.push('labels');
      if (e.status !== undefined && e.status !== 'new') set.push('status');
      return set.length ? `opens it with its ${set.join(', ')} set` : null;
    }
    case 'comment':
    case 'line-comment':
    case 'react':
    case 'attach':
      return null;
    case 'watch':
    case 'vote':
      return e.person === undefined || e.person === personOf(e.author)
        ? null
        : `${e.kind === 'watch' ? 'changes the watchers' : 'records a vote'} for someone else`;
    case 'review':
      return e.score === 2 ? 'approves it' : e.score === -2 ? 'vetoes it' : null;
    case 'status': {
      if (String(e.status) === 'merged' || e.commit !== undefined) return 'marks it merged';
      return own ? null : `sets its status to ${String(e.status)}`;
    }
    case 'set': {
      const fields = Object.keys((e.fields ?? {}) as object);
      const others = fields.filter((f) => f !== 'title' && f !== 'body');
      if (others.length) return `changes its ${others.join(', ')}`;
      return own ? null : `edits its ${fields.join(' and ') || 'fields'}`;
    }
    case 'edit-comment':
    case 'delete-comment':
      return same(facts.authorOf(String(e.comment)), e.author)
        ? null
        : `${e.kind === 'edit-comment' ? 'edits' : 'deletes'} someone else's comment`;
    case 'task': {
      const by = e.comment === undefined ? facts.opener : facts.authorOf(String(e.comment));
      return same(by, e.author) ? null : "ticks a task in someone else's text";
    }
    case 'patchset':
      return own ? null : 'adds a patchset to a ticket someone else opened';
    case 'label':
      return 'changes its labels';
    case 'check':
      return 'reports a check';
    default:
      return `writes a ${String(e.kind)} entry`;
  }
}

/** Whether a field of a first entry is left as a new ticket would have it anyway. */
const initial = (f: TicketField, value: unknown): boolean =>
  value === undefined || value === null || value === '' || value === initialOf(f);

const personOf = (a: Author): string => a.email || a.name;
