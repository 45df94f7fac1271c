// The review pages and forms of a proposal: Commits, Files changed, Compare; reviewing, merging, line comments.
import type { Context, Hono } from 'hono';
import { DitError } from '../../errors.js';
import { SCORES, type Score } from '../../model/entries/review.js';
import { shortId } from '../../model/ids.js';
import { compareRevisions, pickRevision, revisionCommits, revisionFiles } from '../../patchsets/diffs.js';
import { mergeTicket, STRATEGIES, type Strategy } from '../../patchsets/merge.js';
import { reviewTicket } from '../../patchsets/review.js';
import * as input from '../../store/ops/input.js';
import { backTo, type Form, formOf, str } from '../form.js';
import { CommitsPage } from '../pages/ticket-commits.js';
import { ComparePage } from '../pages/ticket-compare.js';
import { FilesPage } from '../pages/ticket-files.js';
import { revisionParam } from '../pages/ticket-tabs.js';
import { branchOf, type Routes, scope } from '../request.js';
import type { Scope } from '../site.js';
import { lineCommentOptions, postLineComment } from './line-comments.js';
import { ticketAgain } from './ticket-again.js';

/** The revision the form was looking at must still be the current one: a push in between changes what is reviewed. */
function sameRevision(form: Form, current: { number: number; revision: number } | null): void {
  const at = revisionParam(str(form, 'at'));
  if (current && at.ps !== null && (at.ps !== current.number || (at.rev !== null && at.rev !== current.revision)))
    throw new DitError(
      'conflict',
      `patchset ${current.number} revision ${current.revision} was pushed since this page was loaded; look at it, then try again`,
    );
}

export function reviewRoutes(app: Hono, { token, frame: f }: Routes): void {
  const ticketOf = async (c: Context) => {
    const site = scope(c);
    const view = await site.view(branchOf(c) ?? undefined);
    return { site, view, t: await view.ticket(c.req.param('id')!) };
  };

  app.get('/tickets/:id/commits', async (c) => {
    const { site, t } = await ticketOf(c);
    const at = revisionParam(c.req.query('at'), c.req.query('ps'), c.req.query('rev'));
    const picked = pickRevision(t, at.ps, at.rev);
    const [fr, commits] = await Promise.all([f(c), revisionCommits(site.store, t, picked)]);
    return c.html(<CommitsPage f={fr} t={t} picked={picked} commits={commits} />);
  });

  app.get('/tickets/:id/files', async (c) => {
    const { site, view, t } = await ticketOf(c);
    const at = revisionParam(c.req.query('at'), c.req.query('ps'), c.req.query('rev'));
    const picked = pickRevision(t, at.ps, at.rev);
    const only = c.req.query('file') || undefined;
    const split = c.req.query('view') === 'split';
    const [fr, fc] = await Promise.all([f(c), revisionFiles(site.store, t, picked, only)]);
    const diff = await lineCommentOptions(c, site, view, t, picked, fc, fr, { split, only });
    return c.html(<FilesPage f={fr} t={t} picked={picked} fc={fc} view={{ split, only }} diff={diff} />);
  });

  app.get('/tickets/:id/compare', async (c) => {
    const { site, t } = await ticketOf(c);
    const sets = t.patchsets.filter((p) => p.revisions.length);
    const to = revisionParam(c.req.query('to'));
    const toPicked = pickRevision(t, to.ps, to.rev);
    const fromParam = revisionParam(c.req.query('from'));
    // by default: the patchset before the one shown (or, with one patchset, its first revision)
    const before = [...sets].reverse().find((p) => p.number < toPicked.number);
    const fromPicked =
      fromParam.ps !== null
        ? pickRevision(t, fromParam.ps, fromParam.rev)
        : before
          ? pickRevision(t, before.number)
          : pickRevision(t, toPicked.number, 1);
    const split = c.req.query('view') === 'split';
    const [fr, cmp] = await Promise.all([f(c), compareRevisions(site.store, t, fromPicked, toPicked)]);
    return c.html(<ComparePage f={fr} t={t} cmp={cmp} split={split} />);
  });

  /** A form on a proposal: write, go back; a refusal shows the ticket page again saying why. */
  const action = (path: string, act: (form: Form, site: Scope, c: Context) => Promise<unknown>) =>
    app.post(`/tickets/:id${path}`, async (c) => {
      const site = scope(c);
      const form = await formOf(c);
      const id = c.req.param('id')!;
      try {
        await site.write(() => act(form, site, c));
      } catch (err) {
        return ticketAgain(c, site, token, form, id, err);
      }
      return c.redirect(backTo(form, `/tickets/${id}`), 303);
    });

  action('/review', async (form, site, c) => {
    const view = await site.view(str(form, 'branch') || undefined);
    const t = await view.ticket(c.req.param('id')!);
    sameRevision(form, t.current);
    const score = Number(str(form, 'score'));
    if (!(SCORES as readonly number[]).includes(score))
      throw new DitError('usage', 'choose a score: approve, looks good, needs work or veto');
    const body = (str(form, 'comment') ?? '').trim() || undefined;
    const reviewer = site.reviewer();
    if (reviewer === null) throw new DitError('usage', 'sign in to review');
    return reviewTicket(
      site.store,
      view,
      t.id,
      score as Score,
      body,
      // reviews live with the patchset they judge, in the shared journal (as the push recorded it)
      site.target({ shared: true }),
      reviewer,
    );
  });

  action('/merge', async (form, site, c) => {
    const view = await site.view(str(form, 'branch') || undefined);
    const t = await view.ticket(c.req.param('id')!);
    sameRevision(form, t.current);
    const strategy =
      input.optional(input.choice(STRATEGIES, 'strategy'), str(form, 'strategy') || undefined, 'strategy') ??
      ('always' satisfies Strategy);
    return mergeTicket(site.store, view, t.id, strategy, site.viewer?.author);
  });

  action('/line-comments', (form, site, c) => postLineComment(form, site, c.req.param('id')!));
}

export { shortId };
