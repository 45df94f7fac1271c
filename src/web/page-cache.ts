// Rendered pages reused while git is unchanged: pages only read git, so one render serves a state.
import type { MiddlewareHandler } from 'hono';
import { pageUrl, scope } from './request.js';
import { themeOf } from './theme.js';

/**
 * A page is rendered once per state of the repository (and for at most 30 s, for its relative times),
 * kept under its URL as the page reads it (`pageUrl`), within the `pages` cache's byte bound. A
 * request saying `Cache-Control: no-cache` (a forced reload) is rendered afresh and kept.
 */
export function pageCache(): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== 'GET') return next();
    const url = pageUrl(c.req.url);
    if (url === null) return next();
    const s = scope(c);
    // a signed-in page (its token, its name) is its viewer's alone; a page is drawn in the reader's theme
    // and what it shows of git's config (saved queries, the attachment limit) changes it too
    const key = `${s.viewer?.key ?? ''} ${themeOf(c)} ${s.gravatar ? 'g' : '-'} ${s.configStamp()} ${url}`;
    const fresh = /no-cache/.test(c.req.header('cache-control') ?? '');
    const cached = fresh ? null : s.page(key);
    if (cached !== null) return c.html(cached);
    await next();
    if (c.res.status === 200 && (c.res.headers.get('content-type') ?? '').startsWith('text/html')) {
      s.keepPage(key, await c.res.clone().text());
    }
  };
}
