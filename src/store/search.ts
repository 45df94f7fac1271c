// Searching a view: keeps the view's part of the search index current, then runs a compiled query.
import { join } from 'node:path';
import type { Ticket } from '../model/ticket.js';
import { SearchIndex, type Compiled, type IndexDoc, type IndexRow } from '../query/sqlite-index.js';
import type { Store } from './store.js';
import type { View } from './view.js';

const FILE = 'search-v1.sqlite';

export function docFromTicket(key: string, t: Ticket): IndexDoc {
  const live = t.comments.filter((c) => !c.deleted);
  return {
    key, id: t.id, title: t.title, body: t.body, comments: live.map((c) => c.body).join('\n\n'), type: t.type, status: t.status,
    priority: t.priority, severity: t.severity, labels: t.labels, milestone: t.milestone, topic: t.topic,
    authorName: t.author.name, authorEmail: t.author.email, responsible: t.responsible, mentions: t.mentions,
    watchers: t.watchers, participants: t.participants, created: t.created, updated: t.updated,
    commentCount: live.length, votes: t.votes.length,
  };
}

/** The name a view's membership is kept under: one per branch (and one for the working tree). */
const viewName = (view: View): string => (view.spec.kind === 'worktree' ? 'worktree' : `rev:${view.spec.rev}`);

/**
 * Opens the index and brings the view up to date: only tickets whose trees (or naming commits) changed
 * since any view was last indexed are folded and added. `progress` hears about long rebuilds.
 */
export async function openIndex(store: Store, view: View, progress: (done: number, total: number) => void = () => {}): Promise<{ index: SearchIndex; name: string }> {
  const index = SearchIndex.open(join(store.cacheDir, FILE));
  const name = viewName(view);
  const key = await view.viewKey();
  if (index.viewKey(name) === key) return { index, name };
  const keys = await view.foldKeys();
  const missing = index.missing([...keys.values()]);
  const need = [...keys].filter(([, k]) => missing.has(k)).map(([id]) => id);
  const tickets = await view.foldTickets(need, (done) => progress(done, need.length));
  const docs: IndexDoc[] = [];
  const members = new Map<string, string>();
  for (const [id, k] of keys) {
    if (!missing.has(k)) { members.set(id, k); continue; }
    const t = tickets.get(id);
    if (!t) continue; // no creating entry in this view
    docs.push(docFromTicket(k, t));
    members.set(id, k);
  }
  index.update(name, key, members, docs);
  return { index, name };
}

export function runCompiled(index: SearchIndex, name: string, where: Compiled, order: string, match: string | null): IndexRow[] {
  return index.select(name, where, order, match);
}
