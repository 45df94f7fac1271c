// What a move of a repository's shared journal means for people: the entries it added, grouped by
// ticket, each described in a line ("ann commented: ..."), and the webhook event names they make.
import { changedFiles } from '../git/diff.js';
import type { Git } from '../git/repo.js';
import { ENTRY_FILE } from '../model/entry-file.js';

export interface AddedEntry {
  id: string;
  kind: string;
  author: { name: string; email: string };
  raw: Record<string, unknown>;
}
export interface TicketChange {
  ticket: string;
  entries: AddedEntry[];
}

/** The ticket entries added from one journal commit to another (packs are repacking, not news). */
export async function ticketChanges(git: Git, from: string | null, to: string): Promise<TicketChange[]> {
  const byTicket = new Map<string, AddedEntry[]>();
  for (const c of await changedFiles(git, from, to)) {
    const [collection, journal, file] = c.path.split('/');
    if (c.status !== 'A' || collection !== 'tickets' || !journal || !file || !ENTRY_FILE.test(file)) continue;
    const data = await git.readBlob(c.newOid);
    if (!data) continue;
    let raw: Record<string, unknown>;
    try {
      raw = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
    } catch {
      continue;
    }
    const author = raw.author as { name?: unknown; email?: unknown } | undefined;
    const list = byTicket.get(journal) ?? [];
    list.push({
      id: c.newOid,
      kind: String(raw.kind),
      author: { name: String(author?.name ?? ''), email: String(author?.email ?? '') },
      raw,
    });
    byTicket.set(journal, list);
  }
  return [...byTicket].map(([ticket, entries]) => ({
    ticket,
    entries: entries.sort(
      (a, b) => Number(a.raw.clock) - Number(b.raw.clock) || String(a.raw.time).localeCompare(String(b.raw.time)),
    ),
  }));
}

/** Whether an entry is worth a mail: CI's pending and passing reports are not, a failure is. */
export const mailWorthy = (e: AddedEntry): boolean =>
  e.kind !== 'check' || e.raw.state === 'failure' || e.raw.state === 'error';

/** One line per entry, as the mail says it. */
export function describe(e: AddedEntry): string {
  const who = e.author.name || e.author.email || 'someone';
  const r = e.raw;
  switch (e.kind) {
    case 'create':
      return `${who} opened the ticket${r.body ? `:\n\n${String(r.body)}` : ''}`;
    case 'comment':
      return `${who} commented:\n\n${String(r.body)}`;
    case 'edit-comment':
      return `${who} edited a comment:\n\n${String(r.body)}`;
    case 'delete-comment':
      return `${who} deleted a comment`;
    case 'status':
      return `${who} set the status to ${String(r.status)}${r.comment ? `:\n\n${String(r.comment)}` : ''}`;
    case 'set':
      return `${who} changed ${Object.entries((r.fields ?? {}) as Record<string, unknown>)
        .map(([k, v]) => `${k} to ${v === null ? 'nothing' : JSON.stringify(v)}`)
        .join(', ')}`;
    case 'label':
      return `${who} changed labels${(r.add as string[] | undefined)?.length ? ` +${(r.add as string[]).join(' +')}` : ''}${(r.remove as string[] | undefined)?.length ? ` -${(r.remove as string[]).join(' -')}` : ''}`;
    case 'watch':
      return `${who} ${r.on ? 'started' : 'stopped'} watching`;
    case 'vote':
      return `${who} ${r.on ? 'voted' : 'took back their vote'}`;
    case 'patchset':
      return `${who} pushed a patchset`;
    case 'review':
      return `${who} reviewed: ${String(r.verdict ?? r.vote ?? '')}`;
    case 'check':
      return `${who} reported ${String(r.name)}: ${String(r.state)} on patchset ${String(r.patchset)} revision ${String(r.revision)}${r.description ? ` (${String(r.description)})` : ''}${r.url ? `\n${String(r.url)}` : ''}`;
    default:
      return `${who}: ${e.kind}`;
  }
}

const CLOSED = new Set([
  'fixed',
  'resolved',
  'closed',
  'wontfix',
  'duplicate',
  'invalid',
  'declined',
  'done',
  'merged',
  'abandoned',
]);

/** GitHub-style event names: opened, commented, changed, closed, patchset, reviewed, merged, check. */
export function eventOf(e: AddedEntry): string {
  if (e.kind === 'create') return 'opened';
  if (e.kind === 'comment') return 'commented';
  if (e.kind === 'status')
    return e.raw.status === 'merged' ? 'merged' : CLOSED.has(String(e.raw.status)) ? 'closed' : 'changed';
  if (e.kind === 'patchset') return 'patchset';
  if (e.kind === 'review') return 'reviewed';
  if (e.kind === 'check') return 'check';
  return 'changed';
}
