// What the ticket page shows, gathered by its route: the ticket and what the page reads around it.
import type { LabelDef } from '../../model/label-def.js';
import type { Milestone } from '../../model/milestone.js';
import type { Ticket } from '../../model/ticket.js';
import type { Verdict } from '../../model/trust/verdict.js';
import type { Mergeability } from '../../patchsets/mergeable.js';
import type { Matrix } from '../../store/read/branches.js';
import type { Releases } from '../../store/read/releases.js';
import type { TimelineWindow } from '../timeline.js';

export interface TicketData {
  ticket: Ticket;
  labels: Map<string, LabelDef>;
  milestones: Milestone[];
  matrix: Matrix | null;
  /** Whether the matrix includes remote-tracking branches (`?remotes=1`). */
  remotes: boolean;
  /** Which tags contain the fix (null when they could not be read). */
  releases: Releases | null;
  /** Markdown rendered and sanitised, by comment id ('' is the description). */
  html: Map<string, string>;
  me: string | null;
  /** The part of the timeline this page shows (a long one is folded). */
  window: TimelineWindow;
  /** How large an attachment may be (git config dit.attachmentLimit). */
  attachmentLimit: number;
  /** `?quote=`: the comment (or "description") the comment box starts by quoting. */
  quote?: string | null;
  /** Whether the current patchset merges into its target (null without a patchset). */
  merge?: Mergeability | null;
  /** The verdict on each entry's signature, by entry id (unsigned entries show no badge). */
  verdicts?: ReadonlyMap<string, Verdict>;
}
