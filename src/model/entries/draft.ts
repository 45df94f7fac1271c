// The mutable ticket that entry kinds apply themselves to during one fold.

import type { Status, TicketFieldValues } from '../fields.js';
import type { Author } from '../schema.js';
import type {
  Attachment,
  Check,
  Comment,
  CurrentPatchset,
  Decider,
  Reference,
  Review,
  Revision,
  TimelineItem,
} from '../ticket.js';

export interface Draft extends TicketFieldValues {
  id: string;
  exists: boolean;
  title: string;
  body: string;
  status: Status;
  origin: string | null;
  /** The merge a `merged` status entry recorded (imports), if any. */
  merge: { commit: string | null; target: string | null } | null;
  /**
   * Commits that closing status entries name (evidence), in order: such a status holds only where its
   * commit is, so the fold is told which of them the view lacks (`absent`) and passes over those.
   */
  evidence: string[];
  absent: ReadonlySet<string>;
  labels: Set<string>;
  watchers: Set<string>;
  votes: Set<string>;
  participants: Set<string>;
  author: Author;
  created: string;
  updated: string;
  comments: Map<string, Comment>;
  references: Reference[];
  decidedBy: Decider | null;
  timeline: TimelineItem[];
  /** Patchsets by number, each with its revisions and the reviews given on it. */
  patchsets: Map<number, DraftPatchset>;
  /** The revision pushed last (in canonical order): what reviews, merges and merged state are about. */
  current: CurrentPatchset | null;
  /** Every review, in order (stale ones included). */
  reviews: DraftReview[];
  attachments: Attachment[];
  /** Reactions by what they are on ('' the description, else a comment id), then by reaction: who. */
  reactions: Map<string, Map<string, Set<string>>>;
  /** Task list ticks by text ('' the description, else a comment id), then by item index. */
  tasks: Map<string, Map<number, { done: boolean; time: string; author: Author }>>;
  /** CI checks by commit and name (`checkKey`), each the latest report, in the order they were last reported. */
  checks: Map<string, Check>;
}

/** A review before the fold knows which revision is current (and so whether it is stale). */
export type DraftReview = Omit<Review, 'stale'>;
export interface DraftPatchset {
  number: number;
  revisions: Revision[];
  reviews: DraftReview[];
}

/** Where an entry sits in its journal: its id and the fields every entry has. */
export interface Meta {
  id: string;
  time: string;
  author: Author;
}

export function setStatus(d: Draft, to: Status, by: Decider): Status {
  const from = d.status;
  d.status = to;
  d.decidedBy = by;
  return from;
}
