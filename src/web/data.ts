// What pages and the JSON API read, assembled from the store's functions (the ones the CLI uses).
import { DitError } from '../errors.js';
import { withTicks } from '../model/tasks.js';
import type { Ticket } from '../model/ticket.js';
import { mergeability } from '../patchsets/mergeable.js';
import { allowedScores } from '../patchsets/review.js';
import { DEFAULT_ATTACHMENT_LIMIT } from '../store/ops/attachments.js';
import { labelRows } from '../store/ops/milestones.js';
import { resolveCommits } from '../store/read/commits.js';
import type { View } from '../store/view/view.js';
import { type Refs, references, renderMarkdown } from './markdown.js';
import type { TicketData } from './pages/ticket.js';
import type { Scope } from './site.js';
import { type TimelineWindow, timelineWindow } from './timeline.js';
import type { Frame } from './ui.js';

/** The frame every page shows: branches for the selector, pending changes for the banner. */
export async function frame(site: Scope, token: string, branch: string | null, here: string): Promise<Frame> {
  const [branches, pending, lost, people, me] = await Promise.all([
    site.branches(),
    branch ? Promise.resolve([]) : site.pending(),
    site.lost(),
    site.people(branch),
    site.me(),
  ]);
  return {
    repo: site.name,
    token: site.viewer?.token ?? token,
    branch,
    branches: branches.names,
    current: branches.current,
    pending: pending.length,
    lost,
    bare: site.store.bare,
    here,
    people,
    write: site.viewer ? site.viewer.write !== false : true,
    part: site.viewer ? site.viewer.part !== false && site.viewer.signedIn !== false : true,
    me,
    scores: reviewScores(site),
    gravatar: site.gravatar,
  };
}

/** The scores the viewer may give: none before signing in, +1 and -1 to a reader, all to a writer. */
function reviewScores(site: Scope) {
  const reviewer = site.reviewer();
  return reviewer === null ? [] : allowedScores(reviewer);
}

/** Resolves the tickets and commits some texts name, so they can be rendered with links. */
export async function refsFor(site: Scope, view: View, texts: readonly string[]): Promise<Refs> {
  const tickets = new Set<string>();
  const hexes = new Set<string>();
  for (const t of texts) {
    const r = references(t);
    for (const x of r.tickets) tickets.add(x);
    for (const x of r.commits) hexes.add(x);
  }
  const ids = new Map<string, string | null>();
  await Promise.all([...tickets].map(async (p) => ids.set(p, await view.resolve(p).catch(() => null))));
  const commits = hexes.size ? await resolveCommits(site.store, [...hexes]) : new Map<string, string>();
  return { ticket: (p) => ids.get(p) ?? null, commit: (h) => commits.get(h) ?? null };
}

export async function markdown(site: Scope, view: View, text: string): Promise<string> {
  return renderMarkdown(text, await refsFor(site, view, [text]), { remoteImages: site.remoteImages });
}

/** The ticket page's data: the ticket, label colours, milestones, rendered text and the branch matrix. */
export async function ticketData(
  site: Scope,
  view: View,
  prefix: string,
  opts: { remotes?: boolean; from?: number | null; quote?: string | null } = {},
): Promise<TicketData> {
  const ticket = await view.ticket(prefix);
  const window = timelineWindow(ticket, opts.from ?? null);
  const remotes = opts.remotes ?? false;
  const [defs, milestones, matrix, releases, me, merge, attachmentLimit, verdicts] = await Promise.all([
    labelRows(view), // defined and used-but-undefined labels alike: the picker offers both
    view.milestones(),
    site.matrix(ticket.id, remotes ? 'all' : 'local').catch(orNull),
    site.releases(ticket.id).catch(orNull),
    site.me(),
    ticket.current ? mergeability(site.store, ticket).catch(orNull) : Promise.resolve(null),
    site.attachmentLimit().catch(() => DEFAULT_ATTACHMENT_LIMIT),
    view.ticketEntries(ticket.id).then((entries) => site.store.verdicts(entries)),
  ]);
  return {
    ticket,
    labels: new Map(defs.map((d) => [d.name, d])),
    milestones,
    matrix,
    remotes,
    releases,
    html: await renderTexts(site, view, ticket, window),
    me,
    window,
    merge,
    attachmentLimit,
    quote: opts.quote ?? null,
    verdicts,
  };
}

/** A part of a page that fails with a DitError (a ticket absent from some branch) shows as missing. */
const orNull = (err: unknown): null => {
  if (err instanceof DitError) return null;
  throw err;
};

/** Markdown of the description and of the comments in the page's window (a long timeline renders a part). */
async function renderTexts(site: Scope, view: View, t: Ticket, window: TimelineWindow): Promise<Map<string, string>> {
  // tasks ticked from the page show as ticked: the text is rendered with its ticks applied
  const texts: [string, string][] = [['', withTicks(t.body, t.tasks[''])]];
  const comments = new Map(t.comments.map((c) => [c.id, c]));
  for (const { item } of window.runs.flatMap((r) => r.items)) {
    if (item.kind === 'comment') {
      const c = comments.get(item.comment);
      if (c && !c.deleted) texts.push([c.id, withTicks(c.body, t.tasks[c.id])]);
      // a line comment's thread shows its replies with it
      if (c?.anchor) for (const r of t.comments) if (r.reply === c.id && !r.deleted) texts.push([r.id, r.body]);
    }
    if (item.kind === 'status' && item.comment) texts.push([`status:${item.entry}`, item.comment]);
  }
  const refs = await refsFor(
    site,
    view,
    texts.map(([, s]) => s),
  );
  return new Map(
    texts.map(([k, s]) => [k, s.trim() ? renderMarkdown(s, refs, { remoteImages: site.remoteImages }) : '']),
  );
}
