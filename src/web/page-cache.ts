// Rendered pages reused while git is unchanged: pages only read git, so one render serves a state.
import type { MiddlewareHandler } from 'hono';
import { here, scope } from './request.js';

/** A page is rendered once per state of the repository (and for at most 30 s, for its relative times). */
export function pageCache(): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== 'GET' || c.req.path.startsWith('/api/') || c.req.path.startsWith('/assets/')) return next();
    const s = scope(c);
    const url = `${s.viewer?.key ?? ''} ${here(c)}`; // a signed-in page (its token, its name) is its viewer's alone
    const cached = s.page(url);
    if (cached !== null) return c.html(cached);
    await next();
    if (c.res.status === 200 && (c.res.headers.get('content-type') ?? '').startsWith('text/html')) {
      s.keepPage(url, await c.res.clone().text());
    }
  };
}
