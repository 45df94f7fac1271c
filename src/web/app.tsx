// The web application: pages, the form actions behind them, and the JSON API, on the store's functions.
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { DitError } from '../errors.js';
import { STATUSES, TYPES, PRIORITIES, SEVERITIES, type Status } from '../model/fields.js';
import { parseQuery, queryHelp } from '../query/parse.js';
import { commit as readCommit } from '../store/commits.js';
import { listTickets } from '../store/list.js';
import { createMilestone, editMilestone, defineLabel, labelRows, milestoneRows, checkDate } from '../store/milestones.js';
import { addComment, changeLabels, changeStatus, createTicket, deleteComment, editComment, toggle, updateFields } from '../store/tickets.js';
import { commitPending } from '../store/write.js';
import { api, statusOf } from './api.js';
import { assets } from './assets.js';
import { frame, markdown, ticketData } from './data.js';
import { ListPage, PAGE_SIZE } from './pages/list.js';
import { CommitPage, ErrorPage, HelpPage } from './pages/misc.js';
import { NewPage, type NewValues } from './pages/new.js';
import { LabelsPage, MilestonesPage } from './pages/planning.js';
import { TicketPage } from './pages/ticket.js';
import { guard, securityHeaders } from './security.js';
import type { Site } from './site.js';

/** Request bodies larger than this are refused before anything is read into a write. */
export const MAX_BODY = 1024 * 1024;

export interface AppOptions {
  /** The Host values to answer to; null answers any (in-process tests). */
  hosts: () => Set<string> | null;
  token: string;
}

type Form = Record<string, string | File | (string | File)[]>;
const str = (form: Form, name: string): string | undefined => {
  const v = form[name];
  const one = Array.isArray(v) ? v[0] : v;
  return typeof one === 'string' ? one.replace(/\r\n?/g, '\n') : undefined; // browsers send textarea lines as CRLF
};
const all = (form: Form, name: string): string[] => {
  const v = form[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
};
const pick = <T extends string>(v: string | undefined, allowed: readonly T[]): T | undefined => (v && (allowed as readonly string[]).includes(v) ? (v as T) : undefined);
const splitLabels = (s: string | undefined) => (s ?? '').split(',').map((l) => l.trim()).filter(Boolean);

export function createApp(site: Site, opts: AppOptions): Hono {
  const app = new Hono();
  const { token } = opts;
  const branchOf = (c: Context) => c.req.query('branch') || null;
  const here = (c: Context) => { const u = new URL(c.req.url); return u.pathname + u.search; };
  const f = (c: Context) => frame(site, token, branchOf(c), here(c));

  app.use('*', securityHeaders());
  app.use('*', bodyLimit({
    maxSize: MAX_BODY,
    onError: (c) => {
      const message = `the request is larger than ${MAX_BODY / 1024} KiB; nothing was written. Shorten the text or attach large files elsewhere`;
      return c.req.path.startsWith('/api/') ? c.json({ error: { code: 'too-large', message } }, 413) : c.text(`${message}\n`, 413);
    },
  }));
  app.use('*', guard(opts.hosts, token, (c, status, code, message) =>
    c.req.path.startsWith('/api/') ? c.json({ error: { code, message } }, status) : c.text(`${message}\n`, status)));

  // a page is rendered once per state of the repository (and for at most 30 s): pages only read git
  app.use('*', async (c, next) => {
    if (c.req.method !== 'GET' || c.req.path.startsWith('/api/') || c.req.path.startsWith('/assets/')) return next();
    const url = here(c);
    const cached = await site.page(url);
    if (cached !== null) return c.html(cached);
    const state = await site.state();
    await next();
    if (c.res.status === 200 && (c.res.headers.get('content-type') ?? '').startsWith('text/html')) {
      await site.keepPage(url, await c.res.clone().text(), state);
    }
  });

  app.get('/assets/:file', (c) => {
    const asset = [...assets().values()].find((a) => a.path === c.req.path);
    if (!asset) return c.text('no such asset\n', 404);
    return c.body(new Uint8Array(asset.body), 200, { 'Content-Type': asset.type, 'Cache-Control': 'public, max-age=31536000, immutable' });
  });
  app.get('/favicon.ico', (c) => c.body(null, 204));

  app.route('/api', api(site, token));

  // ---- pages -------------------------------------------------------------------------------------

  app.get('/', async (c) => {
    const q = c.req.query('q') ?? 'is:open';
    const page = Math.max(1, Math.floor(Number(c.req.query('page') ?? 1)) || 1);
    const view = await site.view(branchOf(c) ?? undefined);
    const [fr, defs] = await Promise.all([f(c), site.memo(`labels:${branchOf(c) ?? ''}`, () => view.labelDefs())]);
    const labels = new Map(defs.map((d) => [d.name, d]));
    let query;
    try {
      query = q.trim() ? parseQuery(q) : null;
    } catch (err) {
      if (!(err instanceof DitError)) throw err;
      const listing = await listTickets(site.store, view, null, 'open');
      return c.html(<ListPage f={fr} q={q} listing={{ ...listing, tickets: [], open: 0, closed: 0 }} page={1} labels={labels} error={err.message} />, 400);
    }
    const listing = await site.memo(`list:${branchOf(c) ?? ''}:${q}`, () => listTickets(site.store, view, query));
    return c.html(<ListPage f={fr} q={q} listing={listing} page={page} labels={labels} />);
  });

  app.get('/help', async (c) => c.html(<HelpPage f={await f(c)} text={queryHelp()} />));

  app.get('/tickets/new', async (c) => {
    const view = await site.view(branchOf(c) ?? undefined);
    const [fr, labels, milestones] = await Promise.all([f(c), view.labelDefs(), view.milestones()]);
    return c.html(<NewPage f={fr} labels={labels} milestones={milestones} />);
  });

  app.post('/tickets', async (c) => {
    const form = await c.req.parseBody({ all: true });
    const values: NewValues = {
      title: str(form, 'title'), body: str(form, 'body'), type: str(form, 'type'), priority: str(form, 'priority'), severity: str(form, 'severity'),
      milestone: str(form, 'milestone'), responsible: str(form, 'responsible'), topic: str(form, 'topic'),
      labels: [...all(form, 'label'), ...splitLabels(str(form, 'new'))],
    };
    try {
      if (!values.title?.trim()) throw new DitError('usage', 'a ticket needs a title');
      const id = await site.write(() => createTicket(site.store, {
        title: values.title!, body: values.body ?? '', type: pick(values.type, TYPES) ?? 'bug',
        priority: pick(values.priority, PRIORITIES), severity: pick(values.severity, SEVERITIES),
        labels: values.labels, milestone: values.milestone?.trim() || undefined, responsible: values.responsible?.trim() || undefined, topic: values.topic?.trim() || undefined,
      }, writeTarget(c, form)));
      return c.redirect(withBranch(`/tickets/${id}`, str(form, 'branch')), 303);
    } catch (err) {
      if (!(err instanceof DitError)) throw err;
      // the form comes back with everything the user typed, and says what to fix
      const view = await site.view();
      const [fr, labels, milestones] = await Promise.all([f(c), view.labelDefs(), view.milestones()]);
      return c.html(<NewPage f={{ ...fr, here: '/tickets/new' }} labels={labels} milestones={milestones} values={values} flash={err.message} />, statusOf(err.code));
    }
  });

  app.get('/tickets/:id', async (c) => {
    const view = await site.view(branchOf(c) ?? undefined);
    const [fr, d] = await Promise.all([f(c), site.memo(`ticket:${branchOf(c) ?? ''}:${c.req.param('id')}`, () => ticketData(site, view, c.req.param('id')))]);
    return c.html(<TicketPage f={fr} d={d} />);
  });

  /** A form action on a ticket: resolve it in the view the form came from, write, go back. */
  const ticketAction = (path: string, act: (form: Form, id: string, c: Context) => Promise<unknown>) =>
    app.post(`/tickets/:id${path}`, async (c) => {
      const form = await c.req.parseBody({ all: true });
      try {
        await site.write(() => act(form, c.req.param('id'), c));
      } catch (err) {
        if (!(err instanceof DitError) || err.code === 'unknown-ticket') throw err;
        // the ticket page again, saying what went wrong, with the comment the user was writing
        const branch = str(form, 'branch') || null;
        const view = await site.view(branch ?? undefined);
        const [fr, d] = await Promise.all([frame(site, token, branch, withBranch(`/tickets/${c.req.param('id')}`, branch ?? undefined)), ticketData(site, view, c.req.param('id'))]);
        return c.html(<TicketPage f={fr} d={d} flash={err.message} draft={path === '/comment' ? str(form, 'body') : undefined} />, statusOf(err.code));
      }
      return c.redirect(backTo(form, `/tickets/${c.req.param('id')}`), 303);
    });

  const viewFor = (form: Form) => site.view(str(form, 'branch') || undefined);
  const writeTarget = (c: Context, form: Form) => site.target(str(form, 'shared') === '1' || !!str(form, 'branch'));

  ticketAction('/comment', async (form, id, c) => {
    const view = await viewFor(form);
    const body = (str(form, 'body') ?? '').trim();
    const action = str(form, 'action') ?? 'comment';
    const target = writeTarget(c, form);
    if (action === 'close') {
      const status = pick(str(form, 'close'), STATUSES) ?? 'close';
      return changeStatus(site.store, view, id, status as Status | 'close', body || undefined, target);
    }
    if (action === 'reopen') return changeStatus(site.store, view, id, 'reopen', body || undefined, target);
    if (!body) throw new DitError('usage', 'the comment is empty; write something before pressing Comment');
    return addComment(site.store, view, id, body, target);
  });
  ticketAction('/edit', async (form, id, c) => {
    const title = str(form, 'title');
    if (title !== undefined && !title.trim()) throw new DitError('usage', 'a ticket needs a title');
    return updateFields(site.store, await viewFor(form), id, { title, body: str(form, 'body') }, writeTarget(c, form));
  });
  ticketAction('/fields', async (form, id, c) => {
    const nullable = (name: string) => { const v = str(form, name); return v === undefined ? undefined : v.trim() === '' ? null : v.trim(); };
    return updateFields(site.store, await viewFor(form), id, {
      type: pick(str(form, 'type'), TYPES), priority: pick(str(form, 'priority'), PRIORITIES), severity: pick(str(form, 'severity'), SEVERITIES),
      responsible: nullable('responsible'), milestone: nullable('milestone'), topic: nullable('topic'),
    }, writeTarget(c, form));
  });
  ticketAction('/labels', async (form, id, c) => {
    const view = await viewFor(form);
    const t = await view.ticket(id);
    const want = new Set([...all(form, 'label'), ...splitLabels(str(form, 'new'))]);
    return changeLabels(site.store, view, id, [...want].filter((l) => !t.labels.includes(l)), t.labels.filter((l) => !want.has(l)), writeTarget(c, form));
  });
  for (const kind of ['watch', 'vote'] as const) {
    ticketAction(`/${kind}`, async (form, id, c) => toggle(site.store, await viewFor(form), id, kind, str(form, 'on') !== '0', writeTarget(c, form)));
  }
  ticketAction('/comments/:comment/edit', async (form, id, c) => {
    const body = str(form, 'body') ?? '';
    if (!body.trim()) throw new DitError('usage', 'a comment cannot be empty; delete it instead');
    return editComment(site.store, await viewFor(form), id, c.req.param('comment')!, body, writeTarget(c, form));
  });
  ticketAction('/comments/:comment/delete', async (form, id, c) => deleteComment(site.store, await viewFor(form), id, c.req.param('comment')!, writeTarget(c, form)));

  app.get('/milestones', async (c) => {
    const view = await site.view(branchOf(c) ?? undefined);
    const [fr, rows] = await Promise.all([f(c), milestoneRows(view)]);
    return c.html(<MilestonesPage f={fr} rows={rows} state={c.req.query('state') === 'closed' ? 'closed' : 'open'} />);
  });
  app.post('/milestones', async (c) => {
    const form = await c.req.parseBody({ all: true });
    const name = (str(form, 'name') ?? '').trim();
    if (!name) throw new DitError('usage', 'a milestone needs a name');
    const due = str(form, 'due') ? checkDate(str(form, 'due')!) : undefined;
    await site.write(async () => createMilestone(site.store, await viewFor(form), { name, due, description: str(form, 'description') ?? '' }, writeTarget(c, form)));
    return c.redirect(backTo(form, '/milestones'), 303);
  });
  app.post('/milestones/:name/edit', async (c) => {
    const form = await c.req.parseBody({ all: true });
    const due = str(form, 'due');
    const state = str(form, 'state');
    await site.write(async () => editMilestone(site.store, await viewFor(form), c.req.param('name'), {
      name: str(form, 'name')?.trim() || undefined, description: str(form, 'description'),
      due: due === undefined ? undefined : due === '' ? null : checkDate(due), state: state === 'open' || state === 'closed' ? state : undefined,
    }, writeTarget(c, form)));
    return c.redirect(backTo(form, '/milestones'), 303);
  });

  app.get('/labels', async (c) => {
    const view = await site.view(branchOf(c) ?? undefined);
    const [fr, rows] = await Promise.all([f(c), labelRows(view)]);
    return c.html(<LabelsPage f={fr} rows={rows} />);
  });
  app.post('/labels', async (c) => {
    const form = await c.req.parseBody({ all: true });
    const name = (str(form, 'name') ?? '').trim();
    if (!name) throw new DitError('usage', 'a label needs a name');
    await site.write(async () => defineLabel(site.store, await viewFor(form), name, { color: str(form, 'color'), description: str(form, 'description') }, writeTarget(c, form)));
    return c.redirect(backTo(form, '/labels'), 303);
  });

  app.post('/commit', async (c) => {
    const form = await c.req.parseBody({ all: true });
    const message = (str(form, 'message') ?? '').trim() || 'dit: ticket changes';
    await site.write(() => commitPending(site.store, message));
    return c.redirect(backTo(form, '/'), 303);
  });

  app.get('/commits/:sha', async (c) => {
    const found = await readCommit(site.store, c.req.param('sha'));
    if (!found) throw new DitError('not-found', `no commit ${c.req.param('sha')} in this repository; it may be on a branch you have not fetched`);
    const view = await site.view(branchOf(c) ?? undefined);
    const [fr, html] = await Promise.all([f(c), markdown(site, view, found.message)]);
    return c.html(<CommitPage f={fr} c={found} html={html} />);
  });

  app.notFound(async (c) => {
    if (c.req.path.startsWith('/api/')) return c.json({ error: { code: 'not-found', message: `no API route ${c.req.method} ${c.req.path}; see the README's API table` } }, 404);
    return c.html(<ErrorPage f={await f(c)} status={404} title="Page not found" message={`There is nothing at ${c.req.path}. The ticket list is the place to start.`} />, 404);
  });

  app.onError(async (err, c) => {
    const known = err instanceof DitError;
    const status = known ? statusOf(err.code) : 500;
    if (!known) console.error(err);
    const message = known ? err.message : 'Something went wrong inside dit; the details are in the terminal running `dit serve`. Nothing was written.';
    if (status === 503) c.header('Retry-After', '2');
    if (c.req.path.startsWith('/api/')) return c.json({ error: { code: known ? err.code : 'internal', message } }, status);
    const fr = await f(c).catch(() => frame(site, token, null, '/').catch(() => null));
    const title = status === 404 ? 'Not found' : status >= 500 ? 'Something went wrong' : 'That did not work';
    if (!fr) return c.text(`${message}\n`, status);
    return c.html(<ErrorPage f={fr} status={status} title={title} message={message} />, status);
  });

  return app;
}

/** Where a form returns to: the page it was on, if that is a path on this server. */
function backTo(form: Form, fallback: string): string {
  const back = str(form, 'back');
  return back && back.startsWith('/') && !back.startsWith('//') && !back.includes('\\') ? back : fallback;
}

const withBranch = (path: string, branch: string | undefined) => (branch ? `${path}?branch=${encodeURIComponent(branch)}` : path);
