// Attachments, reactions and ticked tasks: the entries GitHub's comment box and comment menu write. An
// attachment's bytes are a file beside its entry in the ticket's folder, so they travel with the ticket.
import { DitError } from '../../errors.js';
import { attachmentFileName, attachSchema } from '../../model/entries/attach.js';
import { REACTIONS, type Reaction, reactSchema } from '../../model/entries/react.js';
import { taskSchema } from '../../model/entries/task.js';
import { entryFileName, entryId, serialize } from '../../model/entry-file.js';
import { shortId } from '../../model/ids.js';
import { taskItems } from '../../model/tasks.js';
import type { Attachment, Ticket } from '../../model/ticket.js';
import { personKey } from '../../model/ticket.js';
import type { Store } from '../store.js';
import type { View } from '../view/view.js';
import { header, nextClock, validated } from '../write/entries.js';
import { authorOf, type Target, writeFiles } from '../write/write.js';
import { reactionsOf, within } from './bounds.js';

/** How large an attachment may be unless `git config dit.attachmentLimit` says otherwise. */
export const DEFAULT_ATTACHMENT_LIMIT = 10 * 1024 * 1024;
/** The most any configuration may allow: a server must bound what one request costs. */
export const MAX_ATTACHMENT_LIMIT = 100 * 1024 * 1024;

/** `dit.attachmentLimit` (bytes, or with k/m/g as git writes sizes), within MAX_ATTACHMENT_LIMIT. */
export async function attachmentLimit(store: Store): Promise<number> {
  const raw = await store.vcs.config('dit.attachmentLimit');
  if (raw === null) return DEFAULT_ATTACHMENT_LIMIT;
  const m = /^(\d+)\s*([kmg]?)i?b?$/i.exec(raw.trim());
  if (!m) {
    throw new DitError(
      'usage',
      `git config dit.attachmentLimit is "${raw}"; write a size such as 10m, 512k or 2000000`,
    );
  }
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Math.min(Number(m[1]) * unit, MAX_ATTACHMENT_LIMIT);
}

/** A size as people read it: 512 bytes, 3.5 KiB, 10 MiB. */
export function humanSize(n: number): string {
  if (n < 1024) return `${n} bytes`;
  const [v, unit] = n < 1024 * 1024 ? [n / 1024, 'KiB'] : [n / 1024 / 1024, 'MiB'];
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${unit}`;
}
const mib = humanSize;

/** What a browser may call a file's type; anything unsure is application/octet-stream. */
export function mediaTypeOf(given: string | undefined, name: string): string {
  const t = (given ?? '').split(';')[0]!.trim().toLowerCase();
  if (/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(t) && t.length <= 127) return t;
  const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? '';
  return EXTENSIONS[ext] ?? 'application/octet-stream';
}
const EXTENSIONS: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  txt: 'text/plain',
  log: 'text/plain',
  md: 'text/markdown',
  json: 'application/json',
  pdf: 'application/pdf',
  zip: 'application/zip',
};

/** A file name as a browser sends it, reduced to its last part, without control characters. */
export function cleanFileName(name: string): string {
  const last = name.split(/[/\\]/).pop() ?? '';
  const clean = last
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .slice(0, 200);
  return clean === '' || clean === '.' || clean === '..' ? 'file' : clean;
}

/**
 * Attaches a file to a ticket: the entry and the bytes are written together, or not at all. A file
 * over the limit is refused before anything is written, with the limit and how to change it.
 */
export async function attachFile(
  store: Store,
  view: View,
  prefix: string,
  file: { name: string; type?: string; bytes: Buffer },
  target: Target,
): Promise<{ id: string; entry: string; attachment: Attachment }> {
  const limit = await attachmentLimit(store);
  if (file.bytes.length > limit) {
    throw new DitError(
      'too-large',
      `${file.name} is ${mib(file.bytes.length)}; attachments may be at most ${mib(limit)} (git config dit.attachmentLimit); nothing was attached`,
      { limit },
    );
  }
  if (file.bytes.length === 0) throw new DitError('usage', `${file.name} is empty; choose a file with something in it`);
  const ticket = await view.ticket(prefix);
  const author = await authorOf(store, target);
  const clock = nextClock(await view.ticketEntries(ticket.id));
  const name = cleanFileName(file.name);
  const blob = entryId(file.bytes);
  const entry = validated(attachSchema, {
    ...header('attach', { ticket: ticket.id }, clock, author),
    name,
    type: mediaTypeOf(file.type, name),
    size: file.bytes.length,
    blob,
  });
  const data = serialize(entry);
  const id = entryId(data);
  const dir = `tickets/${ticket.id}`;
  // the same bytes attached again (a screenshot under another name) are one file, written once
  const have = ticket.attachments.some((a) => a.blob === blob);
  await writeFiles(
    store,
    target,
    [
      ...(have ? [] : [{ path: `${dir}/${attachmentFileName(blob)}`, data: file.bytes }]),
      { path: `${dir}/${entryFileName(id)}`, data },
    ],
    `dit: attach ${name} to ${shortId(ticket.id)}`,
  );
  return {
    id: ticket.id,
    entry: id,
    attachment: { entry: id, name, type: entry.type, size: entry.size, blob, time: entry.time, author },
  };
}

/** An attachment of a ticket as a view sees it, with its bytes; not-found when the ticket has no such file. */
export async function readAttachment(
  store: Store,
  view: View,
  prefix: string,
  blob: string,
): Promise<{ ticket: Ticket; attachment: Attachment; bytes: Buffer }> {
  const ticket = await view.ticket(prefix);
  const attachment = ticket.attachments.find((a) => a.blob === blob.toLowerCase());
  const missing = () =>
    new DitError('not-found', `no attachment ${blob.slice(0, 12)} on ticket ${shortId(ticket.id)} in this view`);
  if (!attachment) throw missing();
  // a SHA-1 git repository names the blob by the same id; elsewhere the file is looked up in the ticket's
  // folders; either way only a ticket's own attachment is ever read
  const bytes = store.vcs.keysAreEntryIds
    ? await store.vcs.readFile(attachment.blob)
    : await attachmentFile(store, view, ticket.id, attachment.blob);
  if (!bytes || entryId(bytes) !== attachment.blob) throw missing();
  return { ticket, attachment, bytes };
}

/** The bytes of `<blob>.file` in a ticket's folders as the view reads them (uncommitted first). */
async function attachmentFile(store: Store, view: View, id: string, blob: string): Promise<Buffer | null> {
  const parts = await view.partsOf('tickets', id);
  const name = attachmentFileName(blob);
  const loose = parts?.loose?.get(name);
  if (loose?.data) return loose.data;
  if (loose?.key) return store.vcs.readFile(loose.key);
  for (const t of parts?.trees ?? []) {
    const e = await store.vcs.lookup(t.tree, name);
    if (e && !e.dir) return store.vcs.readFile(e.key);
  }
  return null;
}

/** Adds or takes back a reaction on the description (no comment) or a comment; 👍 on the ticket is a vote. */
export async function react(
  store: Store,
  view: View,
  prefix: string,
  opts: { comment?: string; reaction: string; on?: boolean },
  target: Target,
): Promise<{ id: string; entry: string | null; on: boolean }> {
  if (!(REACTIONS as readonly string[]).includes(opts.reaction))
    throw new DitError('usage', `no reaction "${opts.reaction}"; use one of ${REACTIONS.join(', ')}`);
  const reaction = opts.reaction as Reaction;
  const ticket = await view.ticket(prefix);
  const comment = opts.comment ? commentOf(ticket, opts.comment) : undefined;
  const author = await authorOf(store, target);
  const had = ticket.reactions[comment ?? '']?.[reaction]?.includes(personKey(author)) ?? false;
  const on = opts.on ?? !had; // without `on`, a reaction toggles, as clicking it on GitHub does
  if (on === had) return { id: ticket.id, entry: null, on };
  const count = reactionsOf(ticket);
  within('reactions', ticket, count, count + (on ? 1 : -1));
  const clock = nextClock(await view.ticketEntries(ticket.id));
  const entry = validated(reactSchema, {
    ...header('react', { ticket: ticket.id }, clock, author),
    ...(comment ? { comment } : {}),
    reaction,
    on,
  });
  const data = serialize(entry);
  const id = entryId(data);
  await writeFiles(
    store,
    target,
    [{ path: `tickets/${ticket.id}/${entryFileName(id)}`, data }],
    `dit: react to ${shortId(ticket.id)}`,
  );
  return { id: ticket.id, entry: id, on };
}

/** Ticks or unticks task list items of the description (no comment) or a comment, one entry per change. */
export async function tickTasks(
  store: Store,
  view: View,
  prefix: string,
  opts: { comment?: string; ticks: readonly { index: number; done: boolean }[] },
  target: Target,
): Promise<{ id: string; entries: string[] }> {
  const ticket = await view.ticket(prefix);
  const comment = opts.comment ? commentOf(ticket, opts.comment) : undefined;
  const text = comment ? ticket.comments.find((c) => c.id === comment)!.body : ticket.body;
  const items = taskItems(text, ticket.tasks[comment ?? '']);
  const author = await authorOf(store, target);
  let clock = nextClock(await view.ticketEntries(ticket.id));
  const files: { path: string; data: Buffer }[] = [];
  for (const { index, done } of opts.ticks) {
    const item = items[index];
    if (!item) throw new DitError('usage', `the text has no task ${index + 1}; reload the page to see its tasks`);
    if (item.done === done) continue;
    const entry = validated(taskSchema, {
      ...header('task', { ticket: ticket.id }, clock++, author),
      ...(comment ? { comment } : {}),
      index,
      done,
    });
    const data = serialize(entry);
    files.push({ path: `tickets/${ticket.id}/${entryFileName(entryId(data))}`, data });
  }
  if (files.length) await writeFiles(store, target, files, `dit: tick tasks of ${shortId(ticket.id)}`);
  return { id: ticket.id, entries: files.map((f) => entryId(f.data)) };
}

function commentOf(t: Ticket, prefix: string): string {
  const p = prefix.toLowerCase();
  const found = t.comments.filter((c) => !c.deleted && c.id.startsWith(p));
  if (found.length !== 1 || p.length < 4)
    throw new DitError('not-found', `no comment "${prefix}" on ${shortId(t.id)}; it may have been deleted`);
  return found[0]!.id;
}
