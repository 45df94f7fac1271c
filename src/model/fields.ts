// Enumerations of ticket fields and the status workflow of each ticket type.
export const TYPES = ['bug', 'enhancement', 'task', 'question', 'proposal', 'maintenance'] as const;
export const STATUSES = [
  'new',
  'open',
  'resolved',
  'fixed',
  'merged',
  'wontfix',
  'declined',
  'duplicate',
  'invalid',
  'abandoned',
  'on-hold',
  'no-change-required',
  'closed',
] as const;
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const SEVERITIES = ['unrated', 'negligible', 'minor', 'serious', 'critical', 'catastrophic'] as const;

export type TicketType = (typeof TYPES)[number];
export type Status = (typeof STATUSES)[number];
export type Priority = (typeof PRIORITIES)[number];
export type Severity = (typeof SEVERITIES)[number];

/**
 * What each status means, defined here once and asked everywhere (lists, the query's is:open and
 * reason:, webhooks and mail, releases, the CLI's colours, the page's badges): still open, or closed
 * as GitHub's close reasons say: the work was done (completed; `merged` is done by merging), it will
 * not be (not planned), or it is tracked elsewhere (duplicate). A new status must say which.
 */
export type StatusMeaning = 'open' | 'completed' | 'not-planned' | 'duplicate';
export const STATUS_MEANING: Readonly<Record<Status, StatusMeaning>> = {
  new: 'open',
  open: 'open',
  resolved: 'completed',
  fixed: 'completed',
  merged: 'completed',
  closed: 'completed',
  wontfix: 'not-planned',
  declined: 'not-planned',
  invalid: 'not-planned',
  abandoned: 'not-planned',
  'on-hold': 'not-planned',
  'no-change-required': 'not-planned',
  duplicate: 'duplicate',
};

/** Open: not closed. Every other status closes the ticket. */
export const isOpen = (s: Status): boolean => STATUS_MEANING[s] === 'open';
export const isClosed = (s: Status): boolean => !isOpen(s);
/** Closed because the work was done: what "fixed in a release" counts, painted as done. */
export const isDone = (s: Status): boolean => STATUS_MEANING[s] === 'completed';
/** Closed by merging the ticket's patchset. */
export const isMerged = (s: Status): boolean => s === 'merged';
export const OPEN_STATUSES: readonly Status[] = STATUSES.filter(isOpen);
export const CLOSED_STATUSES: readonly Status[] = STATUSES.filter(isClosed);
export const DONE_STATUSES: readonly Status[] = STATUSES.filter(isDone);
/** The statuses with one meaning: `reason:completed` and its kin. */
export const statusesMeaning = (m: StatusMeaning): Status[] => STATUSES.filter((s) => STATUS_MEANING[s] === m);

/** What a change of status is called, as GitHub names its events: merged, closed, reopened, or changed. */
export function statusAction(from: Status, to: Status): 'merged' | 'closed' | 'reopened' | 'changed' {
  if (isMerged(to) && !isMerged(from)) return 'merged';
  if (isClosed(to) && isOpen(from)) return 'closed';
  if (isOpen(to) && isClosed(from)) return 'reopened';
  return 'changed';
}

// Which closing statuses each type offers; 'new' and 'open' are always allowed.
const CLOSING: Record<TicketType, readonly Status[]> = {
  bug: ['fixed', 'wontfix', 'duplicate', 'invalid', 'no-change-required', 'on-hold', 'closed'],
  enhancement: ['resolved', 'wontfix', 'declined', 'duplicate', 'invalid', 'on-hold', 'closed'],
  task: ['resolved', 'wontfix', 'abandoned', 'duplicate', 'invalid', 'on-hold', 'closed'],
  question: ['resolved', 'no-change-required', 'duplicate', 'invalid', 'closed'],
  proposal: ['merged', 'declined', 'abandoned', 'duplicate', 'invalid', 'on-hold', 'closed'],
  maintenance: ['resolved', 'fixed', 'wontfix', 'abandoned', 'on-hold', 'closed'],
};

export function statusesFor(type: TicketType): Status[] {
  return [...OPEN_STATUSES, ...CLOSING[type]];
}

/** The status a plain `close` (or a `fixes #id` commit) gives a ticket of this type. */
export function doneStatus(type: TicketType): Status {
  return CLOSING[type][0] as Status;
}

/** Ordering ranks used for sorting and comparisons (higher is more important). */
export const priorityRank = (p: Priority): number => PRIORITIES.indexOf(p);
export const severityRank = (s: Severity): number => SEVERITIES.indexOf(s);

/** How a patchset relates to the one before it (Gitblit's names): what a push did. */
export const PATCHSET_TYPES = ['proposal', 'fast-forward', 'rebase', 'squash', 'rebase+squash', 'amend'] as const;
export type PatchsetType = (typeof PATCHSET_TYPES)[number];

/** Review scores: +2 approve, +1 looks good, -1 needs work, -2 veto. */
export const SCORES = [2, 1, -1, -2] as const;
export type Score = (typeof SCORES)[number];

/** A CI check's states, as GitHub's commit statuses. */
export const CHECK_STATES = ['pending', 'success', 'failure', 'error'] as const;
export type CheckState = (typeof CHECK_STATES)[number];
