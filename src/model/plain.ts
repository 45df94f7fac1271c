// Tickets from other trackers (plain JSON: fields and comments) turned into journals of entries.
import { entryId, serialize } from './entry-file.js';
import { isOpen, STATUSES, type Status, type TicketType, TYPES } from './fields.js';
import { attribution } from './import/attribution.js';
import { type Author, FORMAT_VERSION } from './schema.js';

/** The plain shape: the reference dataset's, and what `dit export` writes besides the raw entries. */
export interface PlainTicket {
  title: string;
  body?: string;
  type?: string;
  status?: string;
  priority?: string;
  severity?: string;
  labels?: string[];
  milestone?: string | null;
  responsible?: string | null;
  topic?: string | null;
  author?: string | Author;
  created: string;
  updated?: string | null;
  closed?: string | null;
  comments?: { author?: string | Author; created: string; body: string }[];
  /** Where it came from, `system#number` (`redmine#2001`): its number then resolves in commit messages. */
  origin?: string | null;
  /** For a closed ticket, the commit that fixed (or merged) it: it is closed exactly where that commit is. */
  commit?: string | null;
  /** Where the ticket can be seen in the tracker it came from. */
  url?: string | null;
}

const person = (a: string | Author | undefined): Author =>
  typeof a === 'object' && a ? { name: a.name ?? '', email: a.email ?? '' } : { name: a ?? 'unknown', email: '' };

/** A time in the entry format (UTC, `Z`); plain data may carry offsets or no milliseconds. */
export function normalizeTime(t: string): string {
  const ms = Date.parse(t);
  if (Number.isNaN(ms)) throw new Error(`"${t}" is not a time`);
  return /Z$/.test(t) && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(t) ? t : new Date(ms).toISOString();
}

/** The tracker a plain ticket came from, as its origin names it (`redmine#2001`), else `JSON lines`. */
const sourceOf = (p: PlainTicket): string => /^([a-z][a-z0-9-]*)#/i.exec(p.origin ?? '')?.[1] ?? 'JSON lines';

/**
 * Entries that fold to the plain ticket: a create with its fields, one entry per comment, and a
 * status entry if it is closed. Deterministic, so importing the same data twice gives the same ids.
 * Every entry is `importer`'s, with the person the data names kept as its origin.
 */
export function entriesFromPlain(p: PlainTicket, importer: Author): { id: string; entries: Record<string, unknown>[] } {
  const by = attribution(importer, sourceOf(p));
  const url = typeof p.url === 'string' ? p.url : null;
  const author = person(p.author);
  const type: TicketType = (TYPES as readonly string[]).includes(p.type ?? '') ? (p.type as TicketType) : 'task';
  const create: Record<string, unknown> = {
    v: FORMAT_VERSION,
    kind: 'create',
    clock: 1,
    time: normalizeTime(p.created),
    ...by(author, url),
    title: p.title,
    body: p.body ?? '',
    type,
  };
  if (p.priority) create.priority = p.priority;
  if (p.severity) create.severity = p.severity;
  if (p.labels?.length) create.labels = [...new Set(p.labels)];
  if (p.milestone) create.milestone = p.milestone;
  if (p.responsible) create.responsible = p.responsible;
  if (p.topic) create.topic = p.topic;
  if (p.origin) create.imported = p.origin;
  // an open status belongs to the create entry; a closed one is its own entry, at the time it closed
  const status = (p.status ?? 'new') as Status;
  const known = (STATUSES as readonly string[]).includes(status);
  if (known && isOpen(status) && status !== 'new') create.status = status;
  const id = entryId(serialize(create));
  const entries = [create];
  let clock = 1;
  for (const c of p.comments ?? []) {
    entries.push({
      v: FORMAT_VERSION,
      kind: 'comment',
      ticket: id,
      clock: ++clock,
      time: normalizeTime(c.created),
      ...by(person(c.author), url),
      body: c.body,
    });
  }
  if (known && !isOpen(status)) {
    const when = p.closed ?? p.updated ?? p.created;
    entries.push({
      v: FORMAT_VERSION,
      kind: 'status',
      ticket: id,
      clock: ++clock,
      time: normalizeTime(when),
      ...by(author, url),
      status,
      ...(p.commit ? { commit: p.commit.toLowerCase() } : {}),
    });
  }
  return { id, entries };
}
