// The web application: middleware, the pages, the form actions behind them, and the JSON API.
// Page routes are in routes/pages.tsx, form actions in routes/forms.tsx, the page cache in page-cache.ts.
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { DitError } from '../errors.js';
import { MAX_ATTACHMENT_LIMIT } from '../store/ops/attachments.js';
import { api } from './api.js';
import { assets } from './assets.js';
import { frame } from './data.js';
import { errorAnswer, REFUSALS } from './error-answer.js';
import { pageCache } from './page-cache.js';
import { ErrorPage } from './pages/misc.js';
import { routesOf, scopes } from './request.js';
import { attachmentRoutes, isUpload } from './routes/attachments.js';
import { formRoutes } from './routes/forms.js';
import { pageRoutes } from './routes/pages.js';
import { prefRoutes } from './routes/prefs.js';
import { reviewRoutes } from './routes/review.js';
import { guard, securityHeaders } from './security.js';
import type { Site, Viewer } from './site.js';

/** Request bodies larger than this are refused before anything is read into a write. */
export const MAX_BODY = 1024 * 1024;

export interface AppOptions {
  /** The Host values to answer to; null answers any (in-process tests). */
  hosts: () => Set<string> | null;
  token: string;
  /**
   * For a hosting server that has checked Host, origin, session and permission itself: who the request
   * comes from (their page token, the author of their writes). Without it the app guards itself.
   */
  viewer?: (c: Context) => Viewer | null;
}

const INTERNAL =
  'Something went wrong inside dit; the details are in the terminal running `dit serve`. Nothing was written.';

export function createApp(site: Site, opts: AppOptions): Hono {
  const app = new Hono();
  const { token } = opts;
  const routes = routesOf(token);
  const f = routes.frame;

  app.use(
    '*',
    securityHeaders(
      () => site.remoteImages,
      () => site.gravatar,
    ),
  );
  const small = bodyLimit({
    maxSize: MAX_BODY,
    onError: () => {
      const message = `the request is larger than ${MAX_BODY / 1024} KiB; nothing was written. Shorten the text or attach large files elsewhere`;
      throw new DitError('too-large', message, { limit: MAX_BODY });
    },
  });
  // an upload may be as large as the attachment limit allows (checked again, exactly, before writing)
  const upload = bodyLimit({
    maxSize: MAX_ATTACHMENT_LIMIT + 64 * 1024,
    onError: () => {
      const message = `the file is larger than any attachment may be (${MAX_ATTACHMENT_LIMIT / 1024 / 1024} MiB); nothing was attached`;
      throw new DitError('too-large', message, { limit: MAX_ATTACHMENT_LIMIT });
    },
  });
  app.use('*', (c, next) => (isUpload(c.req.method, c.req.path) ? upload(c, next) : small(c, next)));
  if (!opts.viewer) app.use('*', guard(opts.hosts, token)); // a hosting server guards before the app

  app.use('*', scopes(site, opts.viewer));
  app.use('*', pageCache());

  app.get('/assets/:file', (c) => {
    const asset = [...assets().values()].find((a) => a.path === c.req.path);
    if (!asset)
      throw new DitError('not-found', `no asset ${c.req.path}; reload the page for current links`, {
        path: c.req.path,
      });
    return c.body(new Uint8Array(asset.body), 200, {
      'Content-Type': asset.type,
      'Cache-Control': 'public, max-age=31536000, immutable',
    });
  });
  app.get('/favicon.ico', (c) => c.body(null, 204));

  app.route('/api', api(token));

  pageRoutes(app, routes);
  formRoutes(app, routes);
  reviewRoutes(app, routes);
  prefRoutes(app);
  attachmentRoutes(app, routes);

  app.notFound((c) => {
    const message = c.req.path.startsWith('/api/')
      ? `no API route ${c.req.method} ${c.req.path}; see the README's API table`
      : `There is nothing at ${c.req.path}. The ticket list is the place to start.`;
    throw new DitError('not-found', message, { path: c.req.path });
  });

  // every error answer is built in error-answer.ts: JSON under /api/, a page elsewhere
  app.onError(
    errorAnswer({
      json: (c) => c.req.path.startsWith('/api/'),
      internal: INTERNAL,
      log: (thrown) => console.error(thrown),
      page: async (c, err, status, title) => {
        if (REFUSALS.has(err.code)) return null; // refused before anything was read: no git read for a frame
        const fr = await f(c).catch(() => frame(site.begin(), token, null, '/').catch(() => null));
        return fr ? c.html(<ErrorPage f={fr} status={status} title={title} message={err.message} />, status) : null;
      },
    }),
  );

  return app;
}
