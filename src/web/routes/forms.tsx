// The form actions behind the pages: POST, write through the store, redirect (or the page again with
// what went wrong and what the user typed).
import type { Context, Hono } from 'hono';
import { DitError, statusOf } from '../../errors.js';
import { choicesOf, TICKET_FIELD_NAMES } from '../../model/fields.js';
import * as input from '../../store/ops/input.js';
import { createMilestone, defineLabel, editMilestone } from '../../store/ops/milestones.js';
import {
  addComment,
  changeStatus,
  closeTicket,
  createTicket,
  deleteComment,
  editComment,
  setLabels,
  setWatchers,
  toggle,
  updateFields,
} from '../../store/ops/tickets.js';
import { commitPending } from '../../store/write/write.js';
import { all, backTo, type Form, formOf, splitLabels, str, withBranch } from '../form.js';
import { NewPage, type NewValues } from '../pages/new.js';
import { type Routes, scope } from '../request.js';
import type { Scope } from '../site.js';
import { ticketAgain } from './ticket-again.js';

export function formRoutes(app: Hono, { token, frame: f }: Routes): void {
  const viewFor = (site: Scope, form: Form) => site.view(str(form, 'branch') || undefined);
  const writeTarget = (site: Scope, form: Form) =>
    site.target({ shared: str(form, 'shared') === '1', branch: str(form, 'branch') || null });
  /** A select's value: the empty choice is no choice. */
  const chosen = (form: Form, name: string) => str(form, name) || undefined;

  app.post('/tickets', async (c) => {
    const site = scope(c);
    const form = await formOf(c);
    const values: NewValues = {
      title: str(form, 'title'),
      body: str(form, 'body'),
      ...Object.fromEntries(TICKET_FIELD_NAMES.map((f) => [f, str(form, f)])),
      labels: [...all(form, 'label'), ...splitLabels(str(form, 'new'))],
    };
    try {
      // the form's inputs read as the CLI reads its flags: a bad value is refused, never dropped
      const draft = input.newTicket({
        ...values,
        ...Object.fromEntries(TICKET_FIELD_NAMES.filter(choicesOf).map((f) => [f, chosen(form, f)])),
        labels: values.labels,
      });
      const id = await site.write(() => createTicket(site.store, draft, writeTarget(site, form)));
      return c.redirect(withBranch(`/tickets/${id}`, str(form, 'branch')), 303);
    } catch (err) {
      if (!(err instanceof DitError)) throw err;
      // the form comes back with everything the user typed, and says what to fix
      const view = await site.view();
      const [fr, labels, milestones] = await Promise.all([f(c), site.labelRows(null), view.milestones()]);
      return c.html(
        <NewPage
          f={{ ...fr, here: '/tickets/new' }}
          labels={labels}
          milestones={milestones}
          values={values}
          flash={err.message}
        />,
        statusOf(err.code),
      );
    }
  });

  /** A form action on a ticket: resolve it in the view the form came from, write, go back. */
  const ticketAction = (path: string, act: (form: Form, id: string, c: Context, site: Scope) => Promise<unknown>) =>
    app.post(`/tickets/:id${path}`, async (c) => {
      const site = scope(c);
      const form = await formOf(c);
      const id = c.req.param('id');
      try {
        await site.write(() => act(form, id, c, site));
      } catch (err) {
        return ticketAgain(c, site, token, form, id, err, path === '/comment' ? str(form, 'body') : undefined);
      }
      return c.redirect(backTo(form, `/tickets/${id}`), 303);
    });

  ticketAction('/comment', async (form, id, _c, site) => {
    const view = await viewFor(site, form);
    const body = (str(form, 'body') ?? '').trim();
    const action = str(form, 'action') ?? 'comment';
    const target = writeTarget(site, form);
    if (action === 'close') return closeTicket(site.store, view, id, chosen(form, 'close'), body || undefined, target);
    if (action === 'reopen') return changeStatus(site.store, view, id, 'reopen', body || undefined, target);
    if (!body) throw new DitError('usage', 'the comment is empty; write something before pressing Comment');
    return addComment(site.store, view, id, body, target);
  });
  ticketAction('/edit', async (form, id, _c, site) => {
    const fields = input.fields({ title: str(form, 'title'), body: str(form, 'body') });
    return updateFields(site.store, await viewFor(site, form), id, fields, writeTarget(site, form));
  });
  ticketAction('/fields', async (form, id, _c, site) => {
    const trimmed = (name: string) => str(form, name)?.trim();
    const fields = input.fields({
      ...Object.fromEntries(TICKET_FIELD_NAMES.map((f) => [f, choicesOf(f) ? chosen(form, f) : trimmed(f)])),
      responsible: trimmed('responsible-other') || trimmed('responsible'), // the picker's "someone else" box wins
    });
    return updateFields(site.store, await viewFor(site, form), id, fields, writeTarget(site, form));
  });
  ticketAction('/labels', async (form, id, _c, site) => {
    const want = input.labels([...all(form, 'label'), ...splitLabels(str(form, 'new'))]);
    return setLabels(site.store, await viewFor(site, form), id, want, writeTarget(site, form));
  });
  for (const kind of ['watch', 'vote'] as const) {
    ticketAction(`/${kind}`, async (form, id, _c, site) =>
      toggle(site.store, await viewFor(site, form), id, kind, str(form, 'on') !== '0', writeTarget(site, form)),
    );
  }
  ticketAction('/watchers', async (form, id, _c, site) => {
    // the cc picker: the ticked people, and anyone typed in the box (comma separated) besides
    const others = (str(form, 'watcher-other') ?? '').split(',');
    const want = [...all(form, 'watcher'), ...others];
    return setWatchers(site.store, await viewFor(site, form), id, want, writeTarget(site, form));
  });
  ticketAction('/comments/:comment/edit', async (form, id, c, site) => {
    const body = str(form, 'body') ?? '';
    if (!body.trim()) throw new DitError('usage', 'a comment cannot be empty; delete it instead');
    return editComment(
      site.store,
      await viewFor(site, form),
      id,
      c.req.param('comment')!,
      body,
      writeTarget(site, form),
    );
  });
  ticketAction('/comments/:comment/delete', async (form, id, c, site) =>
    deleteComment(site.store, await viewFor(site, form), id, c.req.param('comment')!, writeTarget(site, form)),
  );

  app.post('/milestones', async (c) => {
    const site = scope(c);
    const form = await formOf(c);
    const fields = input.milestone({
      name: str(form, 'name'),
      due: str(form, 'due'),
      description: str(form, 'description'),
    });
    if (!fields.name) throw new DitError('usage', 'a milestone needs a name');
    const create = {
      ...fields,
      name: fields.name,
      due: fields.due ?? undefined,
      description: fields.description ?? '',
    };
    await site.write(async () =>
      createMilestone(site.store, await viewFor(site, form), create, writeTarget(site, form)),
    );
    return c.redirect(backTo(form, '/milestones'), 303);
  });
  app.post('/milestones/:name/edit', async (c) => {
    const site = scope(c);
    const form = await formOf(c);
    const change = input.milestone({
      name: str(form, 'name'),
      description: str(form, 'description'),
      due: str(form, 'due'),
      state: str(form, 'state'),
    });
    await site.write(async () =>
      editMilestone(site.store, await viewFor(site, form), c.req.param('name'), change, writeTarget(site, form)),
    );
    return c.redirect(backTo(form, '/milestones'), 303);
  });

  app.post('/labels', async (c) => {
    const site = scope(c);
    const form = await formOf(c);
    const name = (str(form, 'name') ?? '').trim();
    if (!name) throw new DitError('usage', 'a label needs a name');
    const def = { color: str(form, 'color'), description: str(form, 'description') };
    await site.write(async () =>
      defineLabel(site.store, await viewFor(site, form), name, def, writeTarget(site, form)),
    );
    return c.redirect(backTo(form, '/labels'), 303);
  });

  app.post('/commit', async (c) => {
    const site = scope(c);
    const form = await formOf(c);
    const message = (str(form, 'message') ?? '').trim() || 'dit: ticket changes';
    await site.write(() => commitPending(site.store, message));
    return c.redirect(backTo(form, '/'), 303);
  });
}
