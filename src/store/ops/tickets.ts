// Ticket operations shared by the CLI, the web pages and the JSON API.
// Over 300 lines: the one door the CLI, pages and API share for ticket writes; splitting it would make three doors.
import { DitError, invalid } from '../../errors.js';
import { commentSchema, deleteCommentSchema, editCommentSchema } from '../../model/entries/comment.js';
import { createSchema } from '../../model/entries/create.js';
import { labelSchema } from '../../model/entries/label.js';
import { type Fields, setSchema } from '../../model/entries/set.js';
import { statusSchema } from '../../model/entries/status.js';
import { voteSchema, watchSchema } from '../../model/entries/watch.js';
import { entryId, serialize } from '../../model/entry-file.js';
import {
  doneStatus,
  isOpen,
  STATUSES,
  type Status,
  statusesFor,
  TICKET_FIELD_NAMES,
  type TicketType,
} from '../../model/fields.js';
import { shortId } from '../../model/ids.js';
import { readPerson } from '../../model/people.js';
import type { Author } from '../../model/schema.js';
import { personKey, type Ticket } from '../../model/ticket.js';
import type { Store } from '../store.js';
import type { View } from '../view/view.js';
import { header, nextClock, validated } from '../write/entries.js';
import { authorOf, type Target, writeEntries } from '../write/write.js';
import { within } from './bounds.js';
import * as input from './input.js';

export type { NewTicket } from './input.js';

import type { NewTicket } from './input.js';

export async function createTicket(store: Store, input: NewTicket, target: Target): Promise<string> {
  const author = await authorOf(store, target);
  const raw: Record<string, unknown> = {
    ...header('create', {}, 1, author),
    title: input.title.trim(),
    body: input.body ?? '',
    type: input.type ?? 'bug',
  };
  for (const k of ['status', ...TICKET_FIELD_NAMES.filter((f) => f !== 'type')] as const)
    if (input[k] !== undefined) raw[k] = input[k];
  if (input.labels?.length) raw.labels = [...new Set(input.labels)];
  within('labels', null, 0, (raw.labels as string[] | undefined)?.length ?? 0);
  const entry = validated(createSchema, raw);
  if (entry.status && !statusesFor(entry.type).includes(entry.status)) throw badStatus(entry.type, entry.status);
  const id = entryId(serialize(entry));
  await writeEntries(
    store,
    target,
    [{ collection: 'tickets', journal: id, entry }],
    `dit: new ticket ${shortId(id)}: ${entry.title}`,
  );
  return id;
}

function badStatus(type: TicketType, status: string): DitError {
  return invalid(`a ${type} cannot be "${status}"; use one of: ${statusesFor(type).join(', ')}`, {
    type,
    status,
    allowed: statusesFor(type),
  });
}

/** The header of the next entry on a ticket: its kind, the ticket, the next clock, the writer. */
type Head = (kind: string) => Record<string, unknown>;

/** Resolves the ticket, builds the next entry against what the writer sees, validates, writes. */
async function append(
  store: Store,
  view: View,
  prefix: string,
  target: Target,
  build: (t: Ticket, head: Head, author: Author) => Record<string, unknown> | null,
  what: string,
): Promise<{ id: string; entry: string | null }> {
  const author = await authorOf(store, target);
  const ticket = await view.ticket(prefix);
  const clock = nextClock(await view.ticketEntries(ticket.id));
  const entry = build(ticket, (kind) => header(kind, { ticket: ticket.id }, clock, author), author);
  if (!entry) return { id: ticket.id, entry: null };
  const [entryIdWritten] = await writeEntries(
    store,
    target,
    [{ collection: 'tickets', journal: ticket.id, entry }],
    `dit: ${what} ${shortId(ticket.id)}`,
  );
  return { id: ticket.id, entry: entryIdWritten ?? null };
}

export async function addComment(store: Store, view: View, prefix: string, body: string, target: Target) {
  return append(
    store,
    view,
    prefix,
    target,
    (_t, head) => validated(commentSchema, { ...head('comment'), body }),
    'comment on',
  );
}

function findComment(t: Ticket, commentPrefix: string) {
  const p = commentPrefix.toLowerCase();
  const found = t.comments.filter((c) => c.id.startsWith(p));
  if (found.length !== 1 || p.length < 4) {
    throw new DitError(
      found.length > 1 ? 'ambiguous-id' : 'not-found',
      `${found.length > 1 ? 'several comments match' : 'no comment'} "${commentPrefix}" on ${shortId(t.id)}; \`dit show ${shortId(t.id)}\` lists comment ids`,
    );
  }
  return found[0]!;
}

/** An entry about one comment of a ticket (edit, delete), built once the comment is found by its id prefix. */
function onComment(
  store: Store,
  view: View,
  prefix: string,
  comment: string,
  target: Target,
  build: (c: Ticket['comments'][number], head: Head) => Record<string, unknown> | null,
  what: string,
) {
  return append(store, view, prefix, target, (t, head) => build(findComment(t, comment), head), what);
}

export async function editComment(
  store: Store,
  view: View,
  prefix: string,
  comment: string,
  body: string,
  target: Target,
) {
  return onComment(
    store,
    view,
    prefix,
    comment,
    target,
    (c, head) => {
      if (c.deleted) throw invalid('that comment was deleted; it cannot be edited');
      return c.body === body ? null : validated(editCommentSchema, { ...head('edit-comment'), comment: c.id, body });
    },
    'edit comment on',
  );
}

export async function deleteComment(store: Store, view: View, prefix: string, comment: string, target: Target) {
  return onComment(
    store,
    view,
    prefix,
    comment,
    target,
    (c, head) => (c.deleted ? null : validated(deleteCommentSchema, { ...head('delete-comment'), comment: c.id })),
    'delete comment on',
  );
}

/** Sets scalar fields; values equal to the current ones are dropped, and nothing is written if none remain. */
export async function updateFields(store: Store, view: View, prefix: string, fields: Fields, target: Target) {
  return append(
    store,
    view,
    prefix,
    target,
    (t, head) => {
      const changed: Record<string, unknown> = {};
      for (const [k, val] of Object.entries(fields))
        if (val !== undefined && (t as unknown as Record<string, unknown>)[k] !== val) changed[k] = val;
      if (!Object.keys(changed).length) return null;
      if (typeof changed.title === 'string') changed.title = changed.title.trim();
      return validated(setSchema, { ...head('set'), fields: changed });
    },
    'edit',
  );
}

export async function changeLabels(
  store: Store,
  view: View,
  prefix: string,
  add: string[],
  remove: string[],
  target: Target,
) {
  return append(
    store,
    view,
    prefix,
    target,
    (t, head) => {
      const a = [...new Set(add)].filter((l) => !t.labels.includes(l));
      const r = [...new Set(remove)].filter((l) => t.labels.includes(l) && !add.includes(l));
      if (!a.length && !r.length) return null;
      within('labels', t, t.labels.length, t.labels.length + a.length - r.length);
      return validated(labelSchema, { ...head('label'), add: a, remove: r });
    },
    'label',
  );
}

/**
 * Makes a ticket's labels exactly `want` (a form's checkboxes): the store works out what to add and
 * remove against the ticket as the writer sees it.
 */
export async function setLabels(store: Store, view: View, prefix: string, want: readonly string[], target: Target) {
  const t = await view.ticket(prefix);
  const keep = new Set(want);
  return changeLabels(
    store,
    view,
    t.id,
    [...keep].filter((l) => !t.labels.includes(l)),
    t.labels.filter((l) => !keep.has(l)),
    target,
  );
}

/**
 * Closes a ticket. Without a status the type's usual closing one (a bug becomes fixed, a request
 * resolved, a proposal declined); a status given must be a closing one the ticket's type allows.
 */
export async function closeTicket(
  store: Store,
  view: View,
  prefix: string,
  status: string | undefined,
  comment: string | undefined,
  target: Target,
) {
  const s = input.optional(input.status, status, 'status');
  if (s && isOpen(s))
    throw invalid(`"${s}" is not a closing status; to open a ticket again, reopen it (\`dit reopen\`)`, {
      field: 'status',
      value: s,
      allowed: STATUSES.filter((x) => !isOpen(x)),
    });
  return changeStatus(store, view, prefix, s ?? 'close', comment, target);
}

/** Moves a ticket to a status its type allows; `close` without a status picks the type's usual one. */
export async function changeStatus(
  store: Store,
  view: View,
  prefix: string,
  status: Status | 'close' | 'reopen',
  comment: string | undefined,
  target: Target,
) {
  return append(
    store,
    view,
    prefix,
    target,
    (t, head) => {
      const to: Status = status === 'close' ? doneStatus(t.type) : status === 'reopen' ? 'open' : status;
      if (!statusesFor(t.type).includes(to)) throw badStatus(t.type, to);
      if (status === 'reopen' && isOpen(t.status)) throw invalid(`${shortId(t.id)} is already open`);
      if (to === t.status && comment === undefined) return null;
      const raw: Record<string, unknown> = { ...head('status'), status: to };
      if (comment !== undefined && comment !== '') raw.comment = comment;
      return validated(statusSchema, raw);
    },
    status === 'reopen' ? 'reopen' : `set status of`,
  );
}

/** The most people one watchers change may add or remove (a form or an API call). */
export const MAX_WATCHER_CHANGES = 100;

/**
 * Sets who watches a ticket (GitHub's cc, Gitblit's watchers list) to `want`, or to what `want` makes
 * of the current watchers: people as emails, names or "Name <email>" (kept as the email when known).
 * One `watch` entry per person added or removed, in one commit; nothing when equal.
 */
export async function setWatchers(
  store: Store,
  view: View,
  prefix: string,
  want: readonly string[] | ((current: readonly string[]) => readonly string[]),
  target: Target,
) {
  const author = await authorOf(store, target);
  const ticket = await view.ticket(prefix);
  const clock = nextClock(await view.ticketEntries(ticket.id));
  const norm = (k: string) => k.trim().toLowerCase();
  const wanted = new Map<string, string>();
  for (const raw of typeof want === 'function' ? want(ticket.watchers) : want) {
    const p = readPerson(raw);
    const w = (p.email || p.name).trim();
    if (w && !wanted.has(norm(w))) wanted.set(norm(w), w);
  }
  const have = new Map(ticket.watchers.map((w) => [norm(w), w]));
  const changes = [
    ...[...wanted].filter(([k]) => !have.has(k)).map(([, w]) => ({ person: w, on: true })),
    ...[...have].filter(([k]) => !wanted.has(k)).map(([, w]) => ({ person: w, on: false })),
  ];
  if (changes.length > MAX_WATCHER_CHANGES)
    throw new DitError('usage', `at most ${MAX_WATCHER_CHANGES} watchers change at once; split the change`);
  if (!changes.length) return { id: ticket.id, entry: null, added: [], removed: [] };
  within('watchers', ticket, ticket.watchers.length, wanted.size);
  const entries = changes.map((c) =>
    validated(watchSchema, { ...header('watch', { ticket: ticket.id }, clock, author), on: c.on, person: c.person }),
  );
  const written = await writeEntries(
    store,
    target,
    entries.map((entry) => ({ collection: 'tickets' as const, journal: ticket.id, entry })),
    `dit: set the watchers of ${shortId(ticket.id)}`,
  );
  return {
    id: ticket.id,
    entry: written[0] ?? null,
    added: changes.filter((c) => c.on).map((c) => c.person),
    removed: changes.filter((c) => !c.on).map((c) => c.person),
  };
}

export async function toggle(
  store: Store,
  view: View,
  prefix: string,
  kind: 'watch' | 'vote',
  on: boolean,
  target: Target,
) {
  return append(
    store,
    view,
    prefix,
    target,
    (t, head, author) => {
      const set = kind === 'watch' ? t.watchers : t.votes;
      if (set.includes(personKey(author)) === on) return null;
      within(kind === 'watch' ? 'watchers' : 'votes', t, set.length, set.length + (on ? 1 : -1));
      return validated(kind === 'watch' ? watchSchema : voteSchema, { ...head(kind), on });
    },
    on ? kind : `un${kind}`,
  );
}
