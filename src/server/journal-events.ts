// What a move of a repository's shared journal added: the entries, grouped by ticket, in order. How each
// reads (mail) and which event it makes (webhooks) is the model's (model/entries/describe.ts).
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
    delete raw.sig; // a signed entry's signature line is not part of what it says
    const author = raw.author as { name?: unknown; email?: unknown } | undefined;
    const list = byTicket.get(journal) ?? [];
    list.push({
      // the entry id is the file's name: a signed file's blob id differs (it holds the signature line too)
      id: file.slice(0, -'.json'.length),
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
