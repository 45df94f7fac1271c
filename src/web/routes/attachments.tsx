// Attachments, reactions and ticked tasks: form posts for the pages (with or without script), the same
// through the JSON API, and attachments served so that a browser never runs what they hold.
import type { Context, Hono } from 'hono';
import { DitError } from '../../errors.js';
import { taskItems } from '../../model/tasks.js';
import { attachFile, react, readAttachment, tickTasks } from '../../store/ops/attachments.js';
import { ticketData } from '../data.js';
import { all, backTo, type Form, formOf, str } from '../form.js';
import { CommentActionsPage } from '../pages/comment-actions.js';
import { branchOf, type Routes, scope } from '../request.js';
import type { Scope } from '../site.js';
import { ticketAgain } from './ticket-again.js';

/** The requests that may carry a file, and so a larger body than the rest. */
export const isUpload = (method: string, path: string): boolean =>
  method === 'POST' && /^(\/api)?\/tickets\/[^/]+\/attachments$/.test(path);

/** Types a browser may show inline: raster images and plain text. Everything else downloads. */
const INLINE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'text/plain']);
export const isImage = (type: string): boolean => INLINE.has(type) && type.startsWith('image/');

/** RFC 6266 / 5987: an ASCII fallback and the UTF-8 name. */
function disposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function attachmentRoutes(app: Hono, { token, frame: f }: Routes): void {
  const viewFor = (site: Scope, form: Form) => site.view(str(form, 'branch') || undefined);
  const writeTarget = (site: Scope, form: Form) =>
    site.target({ shared: str(form, 'shared') === '1', branch: str(form, 'branch') || null });

  /** A form action: write, go back; a DitError shows the ticket page again with what went wrong. */
  const action = (path: string, act: (form: Form, id: string, site: Scope) => Promise<{ id: string }>) =>
    app.post(`/tickets/:id${path}`, async (c) => {
      const site = scope(c);
      const form = await formOf(c);
      const id = c.req.param('id');
      let done: { id: string };
      try {
        done = await site.write(() => act(form, id, site));
      } catch (err) {
        return ticketAgain(c, site, token, form, id, err);
      }
      return c.redirect(backTo(form, `/tickets/${done.id}`), 303);
    });

  action('/attachments', async (form, id, site) => {
    const file = form.file;
    const one = Array.isArray(file) ? file[0] : file;
    if (!(one instanceof File) || one.size === 0)
      throw new DitError('usage', 'choose a file to attach (up to the size the page says) before pressing Upload');
    const bytes = Buffer.from(await one.arrayBuffer());
    return attachFile(
      site.store,
      await viewFor(site, form),
      id,
      { name: one.name, type: one.type, bytes },
      writeTarget(site, form),
    );
  });
  action('/reactions', async (form, id, site) => {
    // `react` is "<comment id or empty>:<reaction>", so one form serves every comment on the page
    const [comment, reaction] = splitReaction(str(form, 'react') ?? '');
    return react(site.store, await viewFor(site, form), id, { comment, reaction }, writeTarget(site, form));
  });
  action('/tasks', async (form, id, site) => {
    const comment = str(form, 'comment') || undefined;
    const view = await viewFor(site, form);
    const t = await view.ticket(id);
    const text = comment ? (t.comments.find((x) => x.id.startsWith(comment))?.body ?? '') : t.body;
    const done = new Set(all(form, 'done').map(Number));
    const ticks = taskItems(text).map((item) => ({ index: item.index, done: done.has(item.index) }));
    return tickTasks(site.store, view, id, { comment, ticks }, writeTarget(site, form));
  });

  app.get('/tickets/:id/attachments/:blob/:name?', async (c) => {
    const site = scope(c);
    const view = await site.view(branchOf(c) ?? undefined);
    const { attachment: a, bytes } = await readAttachment(site.store, view, c.req.param('id'), c.req.param('blob'));
    const inline = INLINE.has(a.type);
    return c.body(new Uint8Array(bytes), 200, {
      // what the browser is told is never what could run: HTML, SVG, scripts download as bytes
      'Content-Type': inline
        ? a.type === 'text/plain'
          ? 'text/plain; charset=utf-8'
          : a.type
        : 'application/octet-stream',
      'Content-Disposition': disposition(inline ? 'inline' : 'attachment', a.name),
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cache-Control': 'private, max-age=31536000, immutable',
    });
  });

  /** The comment's actions without script: quote, link, react, tick tasks, edit, delete with confirmation. */
  app.get('/tickets/:id/comments/:comment/actions', async (c) => {
    const site = scope(c);
    const view = await site.view(branchOf(c) ?? undefined);
    const [fr, d] = await Promise.all([f(c), ticketData(site, view, c.req.param('id'))]);
    const want = c.req.param('comment');
    const found = want === 'description' ? null : d.ticket.comments.filter((x) => !x.deleted && x.id.startsWith(want));
    if (found !== null && (found.length !== 1 || want.length < 4))
      throw new DitError('not-found', `no comment ${want} on this ticket; it may have been deleted`);
    return c.html(<CommentActionsPage f={fr} ticket={d.ticket} comment={found?.[0] ?? null} me={d.me} />);
  });

  // the same through the JSON API
  const apiWrite = async (c: Context, act: (site: Scope) => Promise<unknown>) => {
    const site = scope(c);
    const r = await site.write(() => act(site));
    return c.json(r as object);
  };
  const apiTarget = (c: Context, shared: unknown) =>
    scope(c).target({
      shared: shared === true || c.req.query('shared') === '1',
      branch: c.req.query('branch') || null,
    });
  const apiView = (c: Context) => scope(c).view(c.req.query('branch') || undefined);

  app.post('/api/tickets/:id/attachments', async (c) => {
    const type = c.req.header('content-type') ?? '';
    let file: { name: string; type?: string; bytes: Buffer };
    if (type.startsWith('multipart/form-data')) {
      const form = await c.req.parseBody();
      const one = form.file;
      if (!(one instanceof File)) throw new DitError('bad-input', 'send the file in a multipart field named "file"');
      file = { name: one.name, type: one.type, bytes: Buffer.from(await one.arrayBuffer()) };
    } else {
      const name = c.req.query('name');
      if (!name) throw new DitError('bad-input', 'name the file: POST the bytes with ?name=screenshot.png');
      file = { name, type, bytes: Buffer.from(await c.req.arrayBuffer()) };
    }
    const site = scope(c);
    const r = await site.write(async () =>
      attachFile(site.store, await apiView(c), c.req.param('id'), file, apiTarget(c, false)),
    );
    const url = `/tickets/${r.id}/attachments/${r.attachment.blob}/${encodeURIComponent(r.attachment.name)}`;
    return c.json(
      {
        ...r,
        url,
        markdown: `${isImage(r.attachment.type) ? '!' : ''}[${r.attachment.name.replace(/[[\]]/g, '')}](${url})`,
      },
      201,
    );
  });
  app.post('/api/tickets/:id/reactions', async (c) => {
    const b = (await c.req.json().catch(() => null)) as {
      reaction?: unknown;
      comment?: unknown;
      on?: unknown;
      shared?: unknown;
    } | null;
    if (
      !b ||
      typeof b.reaction !== 'string' ||
      (b.comment !== undefined && typeof b.comment !== 'string') ||
      (b.on !== undefined && typeof b.on !== 'boolean')
    )
      throw new DitError(
        'bad-input',
        'send {"reaction": "+1", "comment": "<comment id, or leave out for the ticket>", "on": true}',
      );
    return apiWrite(c, async (site) =>
      react(
        site.store,
        await apiView(c),
        c.req.param('id'),
        { reaction: b.reaction as string, comment: b.comment as string | undefined, on: b.on as boolean | undefined },
        apiTarget(c, b.shared),
      ),
    );
  });
  app.post('/api/tickets/:id/tasks', async (c) => {
    const b = (await c.req.json().catch(() => null)) as {
      index?: unknown;
      done?: unknown;
      comment?: unknown;
      shared?: unknown;
    } | null;
    if (
      !b ||
      !Number.isInteger(b.index) ||
      typeof b.done !== 'boolean' ||
      (b.comment !== undefined && typeof b.comment !== 'string')
    )
      throw new DitError(
        'bad-input',
        'send {"index": 0, "done": true, "comment": "<comment id, or leave out for the description>"}',
      );
    return apiWrite(c, async (site) =>
      tickTasks(
        site.store,
        await apiView(c),
        c.req.param('id'),
        { comment: b.comment as string | undefined, ticks: [{ index: b.index as number, done: b.done as boolean }] },
        apiTarget(c, b.shared),
      ),
    );
  });
}

function splitReaction(value: string): [string | undefined, string] {
  const at = value.lastIndexOf(':');
  return at < 0 ? [undefined, value] : [value.slice(0, at) || undefined, value.slice(at + 1)];
}
