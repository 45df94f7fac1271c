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

export const OPEN_STATUSES: readonly Status[] = ['new', 'open'];
export const CLOSED_STATUSES: readonly Status[] = STATUSES.filter((s) => !OPEN_STATUSES.includes(s));
export const isOpen = (s: Status): boolean => s === 'new' || s === 'open';

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
  return ['new', 'open', ...CLOSING[type]];
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
