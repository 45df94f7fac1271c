// The JSON API under /api/: the functions behind the pages and the CLI, JSON in and out, errors as
// `{ "error": { "code", "message", "data" } }` with a stable code (built in app.tsx's onError).
// Over 300 lines: the JSON API's routes are the list a client reads; each handler is a few lines calling store/ops.
import { type Context, Hono } from 'hono';
import * as v from 'valibot';
import { DitError } from '../errors.js';
import { choicesOf, STATUSES, TICKET_FIELD_NAMES, type TicketField, type TicketFieldValues } from '../model/fields.js';
import { readPerson } from '../model/people.js';
import { suggestTickets } from '../model/ticket-suggest.js';
import { parseQuery } from '../query/parse.js';
import * as input from '../store/ops/input.js';
import { createMilestone, defineLabel, editMilestone, labelRows, milestoneRows } from '../store/ops/milestones.js';
import {
  addComment,
  changeLabels,
  changeStatus,
  createTicket,
  MAX_WATCHER_CHANGES,
  setWatchers,
  toggle,
  updateFields,
} from '../store/ops/tickets.js';
import { BRANCH_SETS, type BranchSet, branchMatrix } from '../store/read/branches.js';
import { ticketListing } from '../store/read/list.js';
import { releaseNotes, releasesOf } from '../store/read/releases.js';
import { withVerification } from '../store/trust/verdicts.js';
import { commitPending, pendingEntries } from '../store/write/write.js';
import { checksApi } from './api-checks.js';
import { reviewApi } from './api-review.js';
import { markdown } from './data.js';
import { jsonBody } from './json-body.js';
import { scope } from './request.js';

/** The most comments (and timeline items) one answer about a ticket holds. */
const API_ITEMS = 1000;

// the model's limits (store/input.ts), the same the CLI, the forms and the entry files use
const { name, title, body: text, comment, label, status, milestoneState } = input;
const opt = <T extends v.GenericSchema>(s: T) => v.optional(s);
const shared = opt(v.boolean());
/** A field in a JSON body: a choice's values, or a name that `null` clears in an edit. */
type FieldBody<K extends TicketField, Clear> = v.OptionalSchema<
  v.GenericSchema<Clear extends true ? TicketFieldValues[K] : NonNullable<TicketFieldValues[K]>>,
  undefined
>;
const fieldEntries = <C extends boolean>(clear: C) =>
  Object.fromEntries(
    TICKET_FIELD_NAMES.map((f) => {
      const values = choicesOf(f);
      return [f, opt(values ? input.choice(values, f) : clear ? v.nullable(name) : name)];
    }),
  ) as unknown as { [K in TicketField]: FieldBody<K, C> };
const schemas = {
  ticket: v.strictObject({
    title,
    body: opt(text),
    status: opt(status),
    labels: opt(v.array(label)),
    ...fieldEntries(false),
    shared,
  }),
  fields: v.strictObject({ title: opt(title), body: opt(text), ...fieldEntries(true), shared }),
  comment: v.strictObject({ body: comment, shared }),
  labels: v.strictObject({ add: opt(v.array(label)), remove: opt(v.array(label)), shared }),
  status: v.strictObject({
    status: input.choice([...STATUSES, 'close', 'reopen'] as const, 'status'),
    comment: opt(text),
    shared,
  }),
  toggle: v.strictObject({ on: v.boolean(), shared }),
  watchers: v.strictObject({
    add: opt(v.pipe(v.array(name), v.maxLength(MAX_WATCHER_CHANGES))),
    remove: opt(v.pipe(v.array(name), v.maxLength(MAX_WATCHER_CHANGES))),
    shared,
  }),
  milestone: v.strictObject({
    name,
    due: opt(v.nullable(v.string())),
    description: opt(v.string()),
    state: opt(milestoneState),
    shared,
  }),
  milestoneEdit: v.strictObject({
    name: opt(name),
    due: opt(v.nullable(v.string())),
    description: opt(v.string()),
    state: opt(milestoneState),
    shared,
  }),
  label: v.strictObject({ name, color: opt(v.string()), description: opt(v.string()), shared }),
  markdown: v.strictObject({ text: v.pipe(v.string(), v.maxLength(512 * 1024)) }),
  commit: v.strictObject({ message: opt(v.string()) }),
};

export function api(token: string): Hono {
  const app = new Hono();
  const view = (c: Context) => scope(c).view(c.req.query('branch') || undefined);
  const target = (c: Context, b: { shared?: boolean }) =>
    scope(c).target({ shared: b.shared, branch: c.req.query('branch') || null });
  /** A write on a ticket, answered with the ticket as it is afterwards. */
  const onTicket = async (c: Context, act: () => Promise<{ id: string; entry: string | null }>) => {
    const r = await scope(c).write(act);
    const after = await (await view(c)).ticketById(r.id);
    return c.json({ entry: r.entry, ticket: after });
  };

  app.get('/session', async (c) => {
    const site = scope(c);
    const b = await site.branches();
    return c.json({
      token: site.viewer?.token ?? token,
      repo: site.name,
      bare: site.store.bare,
      branches: b.names,
      current: b.current,
    });
  });

  app.get('/tickets', async (c) => {
    const site = scope(c);
    const q = c.req.query('q') ?? '';
    const state = c.req.query('state');
    if (state !== undefined && state !== 'open' && state !== 'closed' && state !== 'all')
      throw new DitError('usage', `state must be open, closed or all, not "${state}"`);
    const page = Math.max(1, Number(c.req.query('page') ?? 1) || 1);
    const perPage = Math.min(500, Math.max(1, Number(c.req.query('per_page') ?? 100) || 100));
    const query = q.trim() ? parseQuery(q) : null;
    const vw = await site.view(query?.branch ?? (c.req.query('branch') || undefined));
    const listing = await ticketListing(site.store, vw, query, state);
    return c.json({
      view: vw.label,
      query: q,
      state: listing.state,
      open: listing.open,
      closed: listing.closed,
      total: listing.tickets.length,
      page,
      per_page: perPage,
      tickets: listing.tickets.slice((page - 1) * perPage, page * perPage),
      warnings: listing.warnings,
    });
  });

  app.post('/tickets', async (c) => {
    const site = scope(c);
    const b = await jsonBody(c, schemas.ticket);
    const id = await site.write(() => createTicket(site.store, { ...b, labels: b.labels }, target(c, b)));
    return c.json({ ticket: await (await view(c)).ticketById(id) }, 201);
  });

  app.get('/tickets/:id', async (c) => {
    const vw = await view(c);
    const plain = await vw.ticket(c.req.param('id'));
    const t = withVerification(plain, await scope(c).store.verdicts(await vw.ticketEntries(plain.id)));
    // one answer holds at most API_ITEMS comments and timeline items; `?from=N` pages through the rest
    const from = /^\d{1,9}$/.test(c.req.query('from') ?? '') ? Number(c.req.query('from')) : 0;
    if (from === 0 && t.comments.length <= API_ITEMS && t.timeline.length <= API_ITEMS)
      return c.json({ ticket: t, warnings: vw.warnings });
    const ticket = {
      ...t,
      comments: t.comments.slice(from, from + API_ITEMS),
      timeline: t.timeline.slice(from, from + API_ITEMS),
    };
    const more = from + API_ITEMS < Math.max(t.comments.length, t.timeline.length);
    const items = {
      from,
      limit: API_ITEMS,
      comments: t.comments.length,
      timeline: t.timeline.length,
      next: more ? from + API_ITEMS : null,
    };
    return c.json({ ticket, items, warnings: vw.warnings });
  });

  app.patch('/tickets/:id', async (c) => {
    const site = scope(c);
    const b = await jsonBody(c, schemas.fields);
    const { shared: _, ...fields } = b;
    return onTicket(c, async () => updateFields(site.store, await view(c), c.req.param('id'), fields, target(c, b)));
  });

  app.post('/tickets/:id/comments', async (c) => {
    const site = scope(c);
    const b = await jsonBody(c, schemas.comment);
    return onTicket(c, async () => addComment(site.store, await view(c), c.req.param('id'), b.body, target(c, b)));
  });

  app.post('/tickets/:id/labels', async (c) => {
    const site = scope(c);
    const b = await jsonBody(c, schemas.labels);
    return onTicket(c, async () =>
      changeLabels(site.store, await view(c), c.req.param('id'), b.add ?? [], b.remove ?? [], target(c, b)),
    );
  });

  app.post('/tickets/:id/status', async (c) => {
    const site = scope(c);
    const b = await jsonBody(c, schemas.status);
    return onTicket(c, async () =>
      changeStatus(site.store, await view(c), c.req.param('id'), b.status, b.comment, target(c, b)),
    );
  });

  for (const kind of ['watch', 'vote'] as const) {
    app.post(`/tickets/:id/${kind}`, async (c) => {
      const site = scope(c);
      const b = await jsonBody(c, schemas.toggle);
      return onTicket(c, async () => toggle(site.store, await view(c), c.req.param('id'), kind, b.on, target(c, b)));
    });
  }

  app.post('/tickets/:id/watchers', async (c) => {
    // GitHub's cc: add or remove other people as watchers ({"add":["ann@example.com"],"remove":[...]})
    const site = scope(c);
    const b = await jsonBody(c, schemas.watchers);
    const key = (s: string) => {
      const p = readPerson(s);
      return (p.email || p.name).trim().toLowerCase();
    };
    const drop = new Set((b.remove ?? []).map(key));
    return onTicket(c, async () =>
      setWatchers(
        site.store,
        await view(c),
        c.req.param('id'),
        (now) => [...now, ...(b.add ?? [])].filter((p) => !drop.has(key(p))),
        target(c, b),
      ),
    );
  });

  app.get('/tickets/:id/branches', async (c) => {
    const set = c.req.query('set') ?? 'local';
    if (!(BRANCH_SETS as readonly string[]).includes(set))
      throw new DitError('usage', `set= takes one of ${BRANCH_SETS.join(', ')}`);
    return c.json(await branchMatrix(scope(c).store, c.req.param('id'), set as BranchSet));
  });
  app.get('/tickets/:id/releases', async (c) => c.json(await releasesOf(scope(c).store, c.req.param('id'))));
  app.get('/release-notes', async (c) => {
    const range = c.req.query('range');
    if (!range) throw new DitError('usage', 'give ?range=FROM..TO, like ?range=v2.3.0..v2.4.0');
    return c.json(await releaseNotes(scope(c).store, range));
  });

  app.get('/milestones', async (c) => c.json({ milestones: await milestoneRows(await view(c)) }));
  app.post('/milestones', async (c) => {
    const site = scope(c);
    const b = await jsonBody(c, schemas.milestone);
    const m = await site.write(async () =>
      createMilestone(
        site.store,
        await view(c),
        {
          name: b.name,
          description: b.description,
          due: b.due || undefined,
          ...(b.state ? { state: b.state } : {}),
        },
        target(c, b),
      ),
    );
    return c.json({ milestone: m }, 201);
  });
  app.patch('/milestones/:name', async (c) => {
    const site = scope(c);
    const b = await jsonBody(c, schemas.milestoneEdit);
    const changed = await site.write(async () =>
      editMilestone(
        site.store,
        await view(c),
        c.req.param('name'),
        {
          name: b.name,
          description: b.description,
          due: b.due,
          state: b.state,
        },
        target(c, b),
      ),
    );
    const rows = await milestoneRows(await view(c));
    return c.json({ changed, milestone: rows.find((m) => m.name === (b.name ?? c.req.param('name'))) ?? null });
  });

  app.get('/labels', async (c) => c.json({ labels: await labelRows(await view(c)) }));
  app.post('/labels', async (c) => {
    const site = scope(c);
    const b = await jsonBody(c, schemas.label);
    const d = await site.write(async () =>
      defineLabel(site.store, await view(c), b.name, { color: b.color, description: b.description }, target(c, b)),
    );
    return c.json({ label: d }, 201);
  });

  app.get('/queries', async (c) => c.json({ queries: await scope(c).savedQueries() }));
  app.get('/people', async (c) => {
    // who the repository knows (ticket and commit authors), for pickers and @-completion; ?q= narrows
    const site = scope(c);
    const want = (c.req.query('q') ?? '').trim().toLowerCase();
    const all = (await site.people(c.req.query('branch') || null)).all();
    const people = want ? all.filter((p) => `${p.name} ${p.email}`.toLowerCase().includes(want)) : all;
    return c.json({ people: people.slice(0, 100) });
  });

  app.get('/ticket-titles', async (c) => {
    // `#` completion in comment boxes: at most `limit` (≤ 20) tickets by id prefix or title words
    const want = c.req.query('q') ?? '';
    const limit = Math.min(20, Math.max(1, Number(c.req.query('limit') ?? 10) || 10));
    return c.json({ tickets: suggestTickets(await (await view(c)).summaries(), want, limit) });
  });

  app.post('/markdown', async (c) => {
    const site = scope(c);
    const b = await jsonBody(c, schemas.markdown);
    return c.json({ html: await markdown(site, await view(c), b.text) });
  });

  app.get('/pending', async (c) => c.json({ paths: await pendingEntries(scope(c).store) }));
  app.post('/commit', async (c) => {
    const site = scope(c);
    const b = await jsonBody(c, schemas.commit);
    const commit = await site.write(() => commitPending(site.store, b.message?.trim() || 'dit: ticket changes'));
    return c.json({ commit });
  });

  reviewApi(app); // a proposal's commits, files, compare, merge check; reviews, merges, line comments
  checksApi(app); // CI checks on a proposal's revisions
  return app;
}
