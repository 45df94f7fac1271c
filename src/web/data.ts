// What pages and the JSON API read, assembled from the store's functions (the ones the CLI uses).
import { DitError } from '../errors.js';
import type { Ticket } from '../model/ticket.js';
import { branchMatrix, localBranches } from '../store/branches.js';
import { releasesOf } from '../store/releases.js';
import { resolveCommits } from '../store/commits.js';
import { pendingEntries } from '../store/write.js';
import type { View } from '../store/view.js';
import { references, renderMarkdown, type Refs } from './markdown.js';
import type { TicketData } from './pages/ticket.js';
import type { Scope } from './site.js';
import type { Frame } from './ui.js';

/** The frame every page shows: branches for the selector, pending changes for the banner. */
export async function frame(site: Scope, token: string, branch: string | null, here: string): Promise<Frame> {
  const [branches, pending] = await Promise.all([
    site.memo('branches', () => localBranches(site.store)),
    branch ? Promise.resolve([]) : site.memo('pending', () => pendingEntries(site.store)),
  ]);
  return { repo: site.name, token: site.viewer?.token ?? token, branch, branches: branches.names, current: branches.current, pending: pending.length, bare: site.store.bare, here };
}

/** Resolves the tickets and commits some texts name, so they can be rendered with links. */
export async function refsFor(site: Scope, view: View, texts: readonly string[]): Promise<Refs> {
  const tickets = new Set<string>();
  const hexes = new Set<string>();
  for (const t of texts) {
    const r = references(t);
    r.tickets.forEach((x) => tickets.add(x));
    r.commits.forEach((x) => hexes.add(x));
  }
  const ids = new Map<string, string | null>();
  await Promise.all([...tickets].map(async (p) => ids.set(p, await view.resolve(p).catch(() => null))));
  const commits = hexes.size ? await resolveCommits(site.store, [...hexes]) : new Map<string, string>();
  return { ticket: (p) => ids.get(p) ?? null, commit: (h) => commits.get(h) ?? null };
}

export async function markdown(site: Scope, view: View, text: string): Promise<string> {
  return renderMarkdown(text, await refsFor(site, view, [text]));
}

/** The ticket page's data: the ticket, label colours, milestones, rendered text and the branch matrix. */
export async function ticketData(site: Scope, view: View, prefix: string, opts: { remotes?: boolean } = {}): Promise<TicketData> {
  const ticket = await view.ticket(prefix);
  const remotes = opts.remotes ?? false;
  const [defs, milestones, matrix, releases, me] = await Promise.all([
    view.labelDefs(), view.milestones(),
    site.memo(`matrix:${ticket.id}:${remotes ? 'all' : 'local'}`, () => branchMatrix(site.store, ticket.id, remotes ? 'all' : 'local'))
      .catch((err) => { if (err instanceof DitError) return null; throw err; }),
    site.memo(`releases:${ticket.id}`, () => releasesOf(site.store, ticket.id)).catch((err) => { if (err instanceof DitError) return null; throw err; }),
    site.viewer ? site.viewer.author.email || site.viewer.author.name : site.memo('me', () => site.store.identity().then((a) => a.email || a.name, () => null)),
  ]);
  return { ticket, labels: new Map(defs.map((d) => [d.name, d])), milestones, matrix, remotes, releases, html: await renderTexts(site, view, ticket), me };
}

async function renderTexts(site: Scope, view: View, t: Ticket): Promise<Map<string, string>> {
  const texts: [string, string][] = [['', t.body]];
  for (const c of t.comments) if (!c.deleted) texts.push([c.id, c.body]);
  for (const item of t.timeline) if (item.kind === 'status' && item.comment) texts.push([`status:${item.entry}`, item.comment]);
  const refs = await refsFor(site, view, texts.map(([, s]) => s));
  return new Map(texts.map(([k, s]) => [k, s.trim() ? renderMarkdown(s, refs) : '']));
}
