// The pages: what GET answers with HTML, on the store's functions (the ones the CLI uses).
import type { Hono } from 'hono';
import { DitError } from '../../errors.js';
import { parseQuery, queryHelp } from '../../query/parse.js';
import type { Query } from '../../query/types.js';
import { labelRows, milestoneRows } from '../../store/ops/milestones.js';
import { commit as readCommit } from '../../store/read/commits.js';
import { ticketListing } from '../../store/read/list.js';
import { ticketTemplates } from '../../store/read/templates.js';
import type { View } from '../../store/view/view.js';
import { markdown, ticketData } from '../data.js';
import { ListPage, PAGE_SIZE } from '../pages/list.js';
import { CommitPage, HelpPage } from '../pages/misc.js';
import { NewPage } from '../pages/new.js';
import { LabelsPage, MilestonesPage } from '../pages/planning.js';
import { CommentEditPage, TicketPage } from '../pages/ticket.js';
import { branchOf, type Routes, scope } from '../request.js';

/** How many people the list's Author and Responsible menus name (the most active; the filter box finds them). */
const FILTER_PEOPLE = 30;

export function pageRoutes(app: Hono, { frame: f }: Routes): void {
  app.get('/', async (c) => {
    const site = scope(c);
    const q = c.req.query('q') ?? 'is:open';
    const page = Math.max(1, Math.floor(Number(c.req.query('page') ?? 1)) || 1);
    const view = await site.view(branchOf(c) ?? undefined);
    const [fr, defs, milestones, saved] = await Promise.all([
      f(c),
      site.labelRows(branchOf(c)),
      view.milestones(),
      site.savedQueries(),
    ]);
    const labels = new Map(defs.map((d) => [d.name, d]));
    const filters = {
      labels: defs,
      milestones: milestones.filter((m) => m.state === 'open').map((m) => m.name),
      people: fr.people.top(FILTER_PEOPLE),
      saved,
    };
    let query: Query | null;
    try {
      query = q.trim() ? parseQuery(q) : null;
    } catch (err) {
      if (!(err instanceof DitError)) throw err;
      const listing = await ticketListing(site.store, view, null, 'open');
      const empty = { ...listing, tickets: [], open: 0, closed: 0 };
      return c.html(
        <ListPage f={fr} q={q} listing={empty} page={1} labels={labels} filters={filters} error={err.message} />,
        400,
      );
    }
    const listing = await ticketListing(site.store, view, query);
    const patchsets = await proposalCounts(view, listing.tickets, page);
    return c.html(
      <ListPage f={fr} q={q} listing={listing} page={page} labels={labels} filters={filters} patchsets={patchsets} />,
    );
  });

  app.get('/help', async (c) => c.html(<HelpPage f={await f(c)} text={queryHelp()} />));

  app.get('/tickets/new', async (c) => {
    const site = scope(c);
    const view = await site.view(branchOf(c) ?? undefined);
    const [fr, labels, milestones, { templates }] = await Promise.all([
      f(c),
      site.labelRows(branchOf(c)),
      view.milestones(),
      ticketTemplates(site.store, view),
    ]);
    const t = templates.find((x) => x.key === c.req.query('template'));
    const values = t
      ? {
          title: t.title,
          body: t.body,
          type: t.type ?? undefined,
          labels: t.labels,
          milestone: t.milestone ?? undefined,
          responsible: t.responsible ?? undefined,
          priority: t.priority ?? undefined,
          severity: t.severity ?? undefined,
        }
      : undefined;
    return c.html(
      <NewPage
        f={fr}
        labels={labels}
        milestones={milestones}
        values={values}
        templates={templates}
        template={t?.key}
      />,
    );
  });

  app.get('/tickets/:id', async (c) => {
    const site = scope(c);
    const view = await site.view(branchOf(c) ?? undefined);
    const id = c.req.param('id');
    const remotes = c.req.query('remotes') === '1';
    const from = /^\d{1,9}$/.test(c.req.query('from') ?? '') ? Number(c.req.query('from')) : null; // a long timeline's page
    const quote = /^([0-9a-f]{4,40}|description)$/.test(c.req.query('quote') ?? '') ? c.req.query('quote')! : null;
    const [fr, d] = await Promise.all([
      f(c),
      site.ticketPage(branchOf(c), id, { remotes, from, quote }, () =>
        ticketData(site, view, id, { remotes, from, quote }),
      ),
    ]);
    return c.html(<TicketPage f={fr} d={d} />);
  });

  app.get('/tickets/:id/comments/:comment/edit', async (c) => {
    const site = scope(c);
    const view = await site.view(branchOf(c) ?? undefined);
    const [fr, d] = await Promise.all([f(c), ticketData(site, view, c.req.param('id'))]);
    const want = c.req.param('comment');
    const found = d.ticket.comments.filter((x) => !x.deleted && x.id.startsWith(want));
    if (found.length !== 1 || want.length < 4)
      throw new DitError('not-found', `no comment ${want} on this ticket; it may have been deleted`);
    return c.html(<CommentEditPage f={fr} ticket={d.ticket} comment={found[0]!} />);
  });

  app.get('/milestones', async (c) => {
    const site = scope(c);
    const view = await site.view(branchOf(c) ?? undefined);
    const [fr, rows] = await Promise.all([f(c), milestoneRows(view)]);
    const state = c.req.query('state') === 'closed' ? 'closed' : 'open';
    return c.html(<MilestonesPage f={fr} rows={rows} state={state} />);
  });

  app.get('/labels', async (c) => {
    const site = scope(c);
    const view = await site.view(branchOf(c) ?? undefined);
    const [fr, rows] = await Promise.all([f(c), labelRows(view)]);
    return c.html(<LabelsPage f={fr} rows={rows} page={Number(c.req.query('page')) || 1} />);
  });

  app.get('/commits/:sha', async (c) => {
    const site = scope(c);
    const found = await readCommit(site.store, c.req.param('sha'));
    if (!found) {
      const message = `no commit ${c.req.param('sha')} in this repository; it may be on a branch you have not fetched`;
      throw new DitError('not-found', message);
    }
    const view = await site.view(branchOf(c) ?? undefined);
    const [fr, html] = await Promise.all([f(c), markdown(site, view, found.message)]);
    return c.html(<CommitPage f={fr} c={found} html={html} />);
  });
}

/** How many patchsets each proposal on a list page has (only the page's rows are folded). */
async function proposalCounts(
  view: View,
  tickets: readonly { id: string; tip: string | null }[],
  page: number,
): Promise<Map<string, number>> {
  const last = Math.max(1, Math.ceil(tickets.length / PAGE_SIZE));
  const p = Math.min(page, last);
  const rows = tickets.slice((p - 1) * PAGE_SIZE, p * PAGE_SIZE).filter((s) => s.tip);
  const counts = new Map<string, number>();
  await Promise.all(
    rows.map(async (s) => {
      const t = await view.ticket(s.id).catch(() => null);
      if (t) counts.set(s.id, t.patchsets.filter((x) => x.revisions.length).length);
    }),
  );
  return counts;
}
