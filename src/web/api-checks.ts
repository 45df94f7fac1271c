// The JSON API of CI checks on a proposal: report one on a revision, list them per revision (with the
// repository's required checks); what a CI script posts with curl and `dit check` posts for it.
import type { Hono } from 'hono';
import * as v from 'valibot';
import {
  CHECK_STATES,
  type CheckState,
  MAX_CHECK_DESCRIPTION,
  MAX_CHECK_NAME,
  MAX_CHECK_URL,
} from '../model/entries/check.js';
import { allRevisionChecks, reportCheck, requiredChecks, revisionChecks, revisionFor } from '../patchsets/checks.js';
import * as input from '../store/ops/input.js';
import { jsonBody } from './json-body.js';
import { revisionParam } from './pages/ticket-tabs.js';
import { scope } from './request.js';

const line = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max), v.regex(/^[^\n\r]*$/));
const revision = v.union([
  v.pipe(v.string(), v.regex(/^\d{1,6}(\.\d{1,6})?$/, 'must be a patchset, or patchset.revision: 2.1')),
  v.pipe(v.number(), v.integer(), v.minValue(1)),
]);

const reportSchema = v.strictObject({
  name: line(MAX_CHECK_NAME),
  state: input.choice(CHECK_STATES, 'check state'),
  url: v.optional(v.pipe(line(MAX_CHECK_URL), v.regex(/^https?:\/\/\S+$/i, 'must be an http:// or https:// address'))),
  description: v.optional(line(MAX_CHECK_DESCRIPTION)),
  /** The revision: `patchset.revision` ("2.1"), or a number for a revision of the current patchset. */
  revision: v.optional(revision),
  /** Or the commit CI built (a revision's tip), full or abbreviated to 7 or more characters. */
  commit: v.optional(v.pipe(v.string(), v.regex(/^[0-9a-f]{7,64}$/i, 'must be a commit id'))),
});

/** `2.1` names patchset 2 revision 1; a bare number is a revision of the current patchset. */
function whichOf(rev: string | number | undefined, current: number | undefined) {
  if (rev === undefined) return {};
  if (typeof rev === 'number') return { patchset: current, revision: rev };
  const a = revisionParam(rev);
  return { patchset: a.ps ?? undefined, revision: a.rev ?? undefined };
}

export function checksApi(app: Hono): void {
  app.get('/tickets/:id/checks', async (c) => {
    const site = scope(c);
    const view = await site.view(c.req.query('branch') || undefined);
    const t = await view.ticket(c.req.param('id'));
    const required = await requiredChecks(site.store);
    const commit = c.req.query('commit');
    const at = c.req.query('at');
    if (commit || at) {
      const picked = revisionFor(t, commit ? { commit } : whichOf(at, t.current?.number));
      return c.json({ ticket: t.id, required, revisions: [revisionChecks(t, picked, required)] });
    }
    return c.json({ ticket: t.id, required, revisions: t.current ? allRevisionChecks(t, required) : [] });
  });

  app.post('/tickets/:id/checks', async (c) => {
    const site = scope(c);
    const view = await site.view();
    const b = await jsonBody(c, reportSchema);
    const t = await view.ticket(c.req.param('id'));
    const which = b.commit ? { commit: b.commit } : whichOf(b.revision, t.current?.number);
    const r = await site.write(() =>
      reportCheck(
        site.store,
        view,
        t.id,
        which,
        { name: b.name, state: b.state as CheckState, url: b.url, description: b.description },
        site.target({ shared: true }),
      ),
    );
    return c.json({ ticket: r.id, entry: r.entry, check: r.check }, 201);
  });
}
