// The effective ticket: what folding a journal produces, and its list summary.

import type { CheckState, PatchsetType, Score, Status, TicketFieldValues } from './fields.js';
import type { Reaction } from './reactions.js';
import type { Author } from './schema.js';

export interface CommentEdit {
  time: string;
  author: Author;
  body: string;
}

export interface Comment {
  id: string;
  author: Author;
  time: string;
  body: string;
  /** Earlier versions, oldest first; `body` is the current text. */
  edits: CommentEdit[];
  /** When and by whom the current text was written, if it was edited. */
  edited: { time: string; author: Author } | null;
  deleted: boolean;
  /** A line comment's place in a revision's diff (see entries/line-comment.ts). */
  anchor?: LineAnchor;
  /** A reply's thread: the id of its first comment. */
  reply?: string;
}

export interface LineAnchor {
  patchset: number;
  revision: number;
  commit: string;
  path: string;
  side: 'old' | 'new';
  line: number;
  /** The diff lines up to the line, each with its marker (`+`, `-` or a space). */
  context: string[];
}

/** One push to a patchset: its first revision, or commits added on top of the previous one. */
export interface Revision {
  revision: number;
  type: PatchsetType;
  tip: string;
  base: string;
  target: string;
  commits: number;
  added: number;
  /** Who pushed it. */
  author: Author;
  time: string;
  entry: string;
  draft: boolean;
  /** Recorded by imports: the source branch, the previous tip, lines added and removed. */
  head?: string;
  parent?: string;
  insertions?: number;
  deletions?: number;
}

/** A score on one revision; `stale` once a newer revision or patchset was pushed (kept, not deleted). */
export interface Review {
  author: Author;
  time: string;
  entry: string;
  patchset: number;
  revision: number;
  score: Score;
  comment: string | null;
  stale: boolean;
}

/** A CI check as a ticket holds it: the latest report of one name on one revision's commit. */
export interface Check {
  name: string;
  state: CheckState;
  url: string | null;
  description: string | null;
  patchset: number;
  revision: number;
  commit: string;
  /** Who reported it (the CI's account). */
  author: Author;
  time: string;
  entry: string;
}

/** A patchset (base to tip on a target) with its revisions in order and every review given on it. */
export interface Patchset {
  number: number;
  revisions: Revision[];
  reviews: Review[];
}

/** The revision pushed last: what new reviews apply to, what `dit merge` merges, what "merged" looks for. */
export interface CurrentPatchset extends Revision {
  number: number;
}

/** From the current reviews: a veto wins, then an approval, then needs work, then looks good. */
export type ReviewState = 'vetoed' | 'approved' | 'needs-work' | 'looks-good' | 'none';

export interface Reference {
  commit: string;
  summary: string;
  time: string;
  author: Author;
  action: 'fixes' | 'refs';
}

/** What decided the current status: an entry or a commit message. */
export type Decider =
  /** `commit`: the entry names the commit that decided it (evidence), so it holds where that commit is. */
  | { kind: 'entry'; id: string; time: string; author: Author; commit?: string }
  | { kind: 'commit'; commit: string; time: string; author: Author; summary: string };

export type TimelineItem =
  | { kind: 'created'; entry: string; time: string; author: Author }
  | { kind: 'comment'; entry: string; time: string; author: Author; comment: string }
  | { kind: 'comment-edited'; entry: string; time: string; author: Author; comment: string }
  | { kind: 'comment-deleted'; entry: string; time: string; author: Author; comment: string }
  | { kind: 'fields'; entry: string; time: string; author: Author; changes: Record<string, [unknown, unknown]> }
  | { kind: 'labels'; entry: string; time: string; author: Author; added: string[]; removed: string[] }
  | {
      kind: 'status';
      entry: string;
      time: string;
      author: Author;
      from: Status;
      to: Status;
      comment?: string;
      commit?: string;
      target?: string;
      /** The commit this status names is not in the view's history: it holds elsewhere, not here. */
      elsewhere?: boolean;
    }
  | { kind: 'watch' | 'vote'; entry: string; time: string; author: Author; on: boolean; person?: string }
  | {
      kind: 'commit';
      commit: string;
      time: string;
      author: Author;
      summary: string;
      action: 'fixes' | 'refs';
      from?: Status;
      to?: Status;
    }
  | {
      kind: 'patchset';
      entry: string;
      time: string;
      author: Author;
      number: number;
      revision: number;
      type: PatchsetType;
      tip: string;
      base: string;
      target: string;
      commits: number;
      added: number;
    }
  | { kind: 'review'; entry: string; time: string; author: Author; patchset: number; revision: number; score: Score }
  | ({ kind: 'attachment' } & Attachment)
  /** A reaction given or taken back; `comment` null for the description. Pages leave these out, as GitHub does. */
  | {
      kind: 'reaction';
      entry: string;
      time: string;
      author: Author;
      comment: string | null;
      reaction: Reaction;
      on: boolean;
    }
  /** A CI check reported on a revision. Pages show checks as marks on the revision, not in the timeline. */
  | {
      kind: 'check';
      entry: string;
      time: string;
      author: Author;
      name: string;
      state: CheckState;
      patchset: number;
      revision: number;
      commit: string;
      description: string | null;
    }
  /** A task list item ticked or unticked (`index` from 0); `comment` null for the description. */
  | { kind: 'task'; entry: string; time: string; author: Author; comment: string | null; index: number; done: boolean };

/** A file attached to a ticket: its bytes are `<blob>.file` in the ticket's folder. */
export interface Attachment {
  entry: string;
  name: string;
  type: string;
  size: number;
  blob: string;
  time: string;
  author: Author;
}

/** The effective ticket; its fields (type, priority, ...) are those of the table in fields.ts. */
export interface Ticket extends TicketFieldValues {
  id: string;
  title: string;
  body: string;
  status: Status;
  /** Where an imported ticket came from (`gitblit#42`), or null. */
  origin: string | null;
  /** Merge commit and target branch recorded with a `merged` status (Gitblit's mergeSha, mergeTo). */
  merge: { commit: string | null; target: string | null } | null;
  /** Commits closing status entries name, in order: the status they set holds only where they are. */
  evidence: string[];
  labels: string[];
  watchers: string[];
  votes: string[];
  mentions: string[];
  participants: string[];
  author: Author;
  created: string;
  updated: string;
  comments: Comment[];
  references: Reference[];
  decidedBy: Decider | null;
  timeline: TimelineItem[];
  /** Patchsets by number; empty for a ticket without commits. */
  patchsets: Patchset[];
  current: CurrentPatchset | null;
  /** The latest review of each person, oldest first; stale ones no longer count. */
  reviews: Review[];
  review: ReviewState;
  attachments: Attachment[];
  /** Reactions by what they are on ('' the description, else a comment id), then by reaction name: who. */
  reactions: Record<string, Record<string, string[]>>;
  /** Task list items ticked from the page, by text ('' the description, else a comment id): index to done. */
  tasks: Record<string, Record<string, boolean>>;
  /** CI checks: the latest report of each name on each commit, in the order they were last reported. */
  checks: Check[];
}

/** The fields a list needs; cached per ticket so lists never re-read journals. */
export interface Summary extends TicketFieldValues {
  id: string;
  title: string;
  status: Status;
  origin: string | null;
  labels: string[];
  author: Author;
  created: string;
  updated: string;
  comments: number;
  votes: number;
  /** The current patchset's tip and target (null without one), and what its current reviews say. */
  tip: string | null;
  target: string | null;
  review: ReviewState;
  /** Commits its closing status entries name (see Ticket.evidence); empty for most tickets. */
  evidence: string[];
  /** The current revision's checks in one state (`combinedState`), null when none were reported. */
  checks: CheckState | null;
}

/** How a person is named in sets (watchers, votes, participants): the email when known. */
export const personKey = (a: Author): string => a.email || a.name;
