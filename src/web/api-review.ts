// The JSON API of reviewing: a revision's files changed, compare, the merge check; reviews, merges and line comments.
import type { Context, Hono } from 'hono';
import * as v from 'valibot';
import { DitError } from '../errors.js';
import { SIDES } from '../model/entries/line-comment.js';
import { SCORES, type Score } from '../model/entries/review.js';
import { compareRevisions, pickRevision, revisionCommits, revisionFiles } from '../patchsets/diffs.js';
import { addLineComment } from '../patchsets/line-comments.js';
import { mergeTicket, STRATEGIES } from '../patchsets/merge.js';
import { mergeability } from '../patchsets/mergeable.js';
import { reviewTicket } from '../patchsets/review.js';
import * as input from '../store/ops/input.js';
import { jsonBody } from './json-body.js';
import { revisionParam } from './pages/ticket-tabs.js';
import { scope } from './request.js';

const at = v.optional(
  v.pipe(v.string(), v.regex(/^\d{1,6}(\.\d{1,6})?$/, 'must be a patchset, or patchset.revision: 2.1')),
);
const schemas = {
  review: v.strictObject({ score: v.picklist(SCORES), comment: v.optional(input.comment), at }),
  merge: v.strictObject({ strategy: v.optional(input.choice(STRATEGIES, 'strategy')), at }),
  line: v.strictObject({
    at: v.optional(at),
    path: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(4096))),
    side: v.optional(v.picklist(SIDES)),
    line: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
    reply: v.optional(v.pipe(v.string(), v.regex(/^[0-9a-f]{4,40}$/, 'must be a comment id'))),
    body: input.comment,
  }),
};

/** A change pushed since the client looked is refused, as the page's forms refuse it. */
function same(want: string | undefined, current: { number: number; revision: number } | null): void {
  const a = revisionParam(want);
  if (current && a.ps !== null && (a.ps !== current.number || (a.rev !== null && a.rev !== current.revision)))
    throw new DitError(
      'conflict',
      `patchset ${current.number} revision ${current.revision} was pushed since; look at it, then try again`,
    );
}

export function reviewApi(app: Hono): void {
  const ticketOf = async (c: Context) => {
    const site = scope(c);
    const view = await site.view(c.req.query('branch') || undefined);
    return { site, view, t: await view.ticket(c.req.param('id')!) };
  };
  const picked = (c: Context, t: Parameters<typeof pickRevision>[0], name = 'at') => {
    const a = revisionParam(c.req.query(name));
    return pickRevision(t, a.ps, a.rev);
  };

  app.get('/tickets/:id/commits', async (c) => {
    const { site, t } = await ticketOf(c);
    const r = picked(c, t);
    return c.json({ patchset: r.number, revision: r.revision, commits: await revisionCommits(site.store, t, r) });
  });
  app.get('/tickets/:id/files', async (c) => {
    const { site, t } = await ticketOf(c);
    const r = picked(c, t);
    const fc = await revisionFiles(site.store, t, r, c.req.query('file') || undefined);
    return c.json({ patchset: r.number, revision: r.revision, base: r.base, tip: r.tip, ...fc });
  });
  app.get('/tickets/:id/compare', async (c) => {
    const { site, t } = await ticketOf(c);
    const cmp = await compareRevisions(site.store, t, picked(c, t, 'from'), picked(c, t, 'to'));
    return c.json(cmp);
  });
  app.get('/tickets/:id/mergeable', async (c) => {
    const { site, t } = await ticketOf(c);
    return c.json({ mergeable: await mergeability(site.store, t) });
  });

  app.post('/tickets/:id/review', async (c) => {
    const { site, view, t } = await ticketOf(c);
    const b = await jsonBody(c, schemas.review);
    same(b.at, t.current);
    const reviewer = site.reviewer();
    if (reviewer === null) throw new DitError('usage', 'sign in to review');
    const r = await site.write(() =>
      reviewTicket(site.store, view, t.id, b.score as Score, b.comment, site.target({ shared: true }), reviewer),
    );
    return c.json(r);
  });
  app.post('/tickets/:id/merge', async (c) => {
    const { site, view, t } = await ticketOf(c);
    const b = await jsonBody(c, schemas.merge);
    same(b.at, t.current);
    const r = await site.write(() => mergeTicket(site.store, view, t.id, b.strategy ?? 'always', site.viewer?.author));
    return c.json(r);
  });
  app.post('/tickets/:id/line-comments', async (c) => {
    const { site, view, t } = await ticketOf(c);
    const b = await jsonBody(c, schemas.line);
    const target = site.target({ shared: true });
    let entry: string;
    if (b.reply) entry = await site.write(() => addLineComment(site.store, view, t.id, null, b.body, target, b.reply));
    else {
      const a = revisionParam(b.at);
      const r = pickRevision(t, a.ps, a.rev);
      if (!b.path || !b.side || !b.line)
        throw new DitError('bad-input', 'a line comment needs path, side ("old" or "new") and line, or reply');
      const where = { patchset: r.number, revision: r.revision, path: b.path, side: b.side, line: b.line };
      entry = await site.write(() => addLineComment(site.store, view, t.id, where, b.body, target));
    }
    return c.json({ entry });
  });
}
