// The web application: middleware, the pages, the form actions behind them, and the JSON API.
// Page routes are in routes/pages.tsx, form actions in routes/forms.tsx, the page cache in page-cache.ts.
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { DitError } from '../errors.js';
import { api, statusOf } from './api.js';
import { assets } from './assets.js';
import { frame } from './data.js';
import { pageCache } from './page-cache.js';
import { ErrorPage } from './pages/misc.js';
import { routesOf, scopes } from './request.js';
import { formRoutes } from './routes/forms.js';
import { pageRoutes } from './routes/pages.js';
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

export function createApp(site: Site, opts: AppOptions): Hono {
  const app = new Hono();
  const { token } = opts;
  const routes = routesOf(token);
  const f = routes.frame;

  app.use('*', securityHeaders());
  app.use('*', bodyLimit({
    maxSize: MAX_BODY,
    onError: (c) => {
      const message = `the request is larger than ${MAX_BODY / 1024} KiB; nothing was written. Shorten the text or attach large files elsewhere`;
      return c.req.path.startsWith('/api/') ? c.json({ error: { code: 'too-large', message } }, 413) : c.text(`${message}\n`, 413);
    },
  }));
  if (!opts.viewer) {
    app.use('*', guard(opts.hosts, token, (c, status, code, message) =>
      c.req.path.startsWith('/api/') ? c.json({ error: { code, message } }, status) : c.text(`${message}\n`, status)));
  }

  app.use('*', scopes(site, opts.viewer));
  app.use('*', pageCache());

  app.get('/assets/:file', (c) => {
    const asset = [...assets().values()].find((a) => a.path === c.req.path);
    if (!asset) return c.text('no such asset\n', 404);
    return c.body(new Uint8Array(asset.body), 200, { 'Content-Type': asset.type, 'Cache-Control': 'public, max-age=31536000, immutable' });
  });
  app.get('/favicon.ico', (c) => c.body(null, 204));

  app.route('/api', api(token));

  pageRoutes(app, routes);
  formRoutes(app, routes);

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
    const fr = await f(c).catch(() => frame(site.begin(), token, null, '/').catch(() => null));
    const title = status === 404 ? 'Not found' : status >= 500 ? 'Something went wrong' : 'That did not work';
    if (!fr) return c.text(`${message}\n`, status);
    return c.html(<ErrorPage f={fr} status={status} title={title} message={message} />, status);
  });

  return app;
}
