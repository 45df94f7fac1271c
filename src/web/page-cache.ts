// Rendered pages reused while git is unchanged: pages only read git, so one render serves a state.
import type { MiddlewareHandler } from 'hono';
import { here } from './request.js';
import type { Site } from './site.js';

/** A page is rendered once per state of the repository (and for at most 30 s, for its relative times). */
export function pageCache(site: Site): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== 'GET' || c.req.path.startsWith('/api/') || c.req.path.startsWith('/assets/')) return next();
    const url = here(c);
    const cached = await site.page(url);
    if (cached !== null) return c.html(cached);
    const state = await site.state();
    await next();
    if (c.res.status === 200 && (c.res.headers.get('content-type') ?? '').startsWith('text/html')) {
      await site.keepPage(url, await c.res.clone().text(), state);
    }
  };
}
