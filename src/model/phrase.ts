// What happened to a ticket, as data: each entry kind says it once (entries/describe.ts), and the
// ticket page, the CLI, mail and webhooks each render the same words in their own medium.
import type { Status } from './fields.js';
import type { Comment, Review, Ticket, TimelineItem } from './ticket.js';

/** A piece of a sentence: plain words, or a value the medium shows in its own way. */
export type Part =
  | string
  /** A field's value (strong on the page). */
  | { value: string }
  /** A person as written in a field (a name, an email, `Name <email>`). */
  | { person: string }
  | { status: Status }
  | { label: string }
  /** A commit id (abbreviated, linked on the page). */
  | { commit: string }
  /** A commit's summary line (quoted in text). */
  | { quote: string }
  /** A branch name or a path. */
  | { code: string }
  /** An attached file's name (a link on the page). */
  | { file: string }
  /** A review's score (+2 ... -2) and its words (`approved (+2)`). */
  | { score: number; words: string };
export type Phrase = Part[];

/** GitHub's webhook event names, which the mail and the webhook use alike. */
export const TICKET_EVENTS = [
  'opened',
  'commented',
  'changed',
  'closed',
  'reopened',
  'merged',
  'patchset',
  'reviewed',
  'check',
] as const;
export type TicketEvent = (typeof TICKET_EVENTS)[number];

/** One timeline item (one entry) described: the words after the person's name, and the text it carries. */
export interface Description {
  event: TicketEvent;
  says: Phrase;
  /** Markdown the entry carries (a comment, a review's or a new ticket's text), or null. */
  text: string | null;
}

/** How many of a long list a sentence names before "and N more". */
export const NAMED = 10;

/** `a, b and c`, at most NAMED of them, then `and N more`. */
export function listed(items: readonly string[], as: (x: string) => Part): Phrase {
  const shown = items.slice(0, NAMED);
  const out: Phrase = [];
  shown.forEach((x, i) => {
    if (i > 0) out.push(i === shown.length - 1 && items.length <= NAMED ? ' and ' : ', ');
    out.push(as(x));
  });
  if (items.length > NAMED) out.push(` and ${(items.length - NAMED).toLocaleString('en')} more`);
  return out;
}

/** A part as plain text (mail, webhooks, a terminal without colour). */
export function partText(p: Part): string {
  if (typeof p === 'string') return p;
  if ('value' in p) return p.value;
  if ('person' in p) return p.person;
  if ('status' in p) return p.status;
  if ('label' in p) return p.label;
  if ('commit' in p) return p.commit.slice(0, 7);
  if ('quote' in p) return `"${p.quote}"`;
  if ('code' in p) return p.code;
  if ('file' in p) return p.file;
  return p.words;
}

export const phraseText = (p: Phrase): string => p.map(partText).join('');

/** The timeline item of one kind (`watch` and `vote` share a shape). */
export type ItemOf<K extends TimelineItem['kind']> = TimelineItem & { kind: K };

/** What a description may look up in the ticket its item belongs to. */
export interface Told {
  ticket: Ticket;
  comment(id: string): Comment | undefined;
  /** A review by the id of the entry that gave it. */
  review(entry: string): Review | undefined;
}
