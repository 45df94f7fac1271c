// What a query can look at for one ticket: the folded ticket flattened to searchable fields.
import { type CheckState, checksOn, combinedState } from '../model/entries/check.js';
import type { Priority, Severity, Status, TicketType } from '../model/fields.js';
import type { Author } from '../model/schema.js';
import type { ReviewState, Ticket } from '../model/ticket.js';

export interface QueryDoc {
  id: string;
  title: string;
  body: string;
  /** Texts of the comments that are not deleted, oldest first. */
  comments: string[];
  type: TicketType;
  status: Status;
  priority: Priority;
  severity: Severity;
  labels: string[];
  milestone: string | null;
  topic: string | null;
  /** Where an imported ticket came from (`gitblit#42`). */
  origin: string | null;
  author: Author;
  /** As written: a name, an email, or "Name <email>". */
  responsible: string | null;
  /** `@name`s in the description and comments. */
  mentions: string[];
  /** People keys (the email when known, else the name). */
  watchers: string[];
  participants: string[];
  /** ISO times. */
  created: string;
  updated: string;
  commentCount: number;
  voteCount: number;
  /** The current patchset's tip and target branch (null without commits), and its review state. */
  tip: string | null;
  target: string | null;
  review: ReviewState;
  /** Commits its closing statuses name: the status holds where they are (see Ticket.evidence). */
  evidence: string[];
  /** The current revision's CI checks in one state, null when none were reported. */
  checks: CheckState | null;
}

export function docFromTicket(t: Ticket): QueryDoc {
  const live = t.comments.filter((c) => !c.deleted);
  return {
    id: t.id,
    title: t.title,
    body: t.body,
    comments: live.map((c) => c.body),
    type: t.type,
    status: t.status,
    priority: t.priority,
    severity: t.severity,
    labels: [...t.labels],
    milestone: t.milestone,
    topic: t.topic,
    origin: t.origin,
    author: { name: t.author.name, email: t.author.email },
    responsible: t.responsible,
    mentions: [...t.mentions],
    watchers: [...t.watchers],
    participants: [...t.participants],
    created: t.created,
    updated: t.updated,
    commentCount: live.length,
    voteCount: t.votes.length,
    tip: t.current?.tip ?? null,
    target: t.current?.target ?? null,
    review: t.review,
    evidence: t.evidence,
    checks: combinedState(checksOn(t.checks, t.current?.tip)),
  };
}
