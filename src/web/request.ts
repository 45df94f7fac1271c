// What every route reads from a request: its scope on the site, the branch it looks at, its own URL.
import type { Context, MiddlewareHandler } from 'hono';
import { frame } from './data.js';
import type { Scope, Site, Viewer } from './site.js';
import { themeOf } from './theme.js';
import type { Frame } from './ui.js';

const SCOPE = 'dit-scope';

/** Begins each request's scope (git's state read once) and keeps it on the context for the routes. */
export function scopes(site: Site, viewer?: (c: Context) => Viewer | null): MiddlewareHandler {
  return async (c, next) => {
    const s = site.begin();
    s.viewer = viewer?.(c) ?? null;
    c.set(SCOPE as never, s as never);
    await next();
  };
}

/** The request's scope: its views, the site's answers for its git state, and writes. */
export const scope = (c: Context): Scope => {
  const s = c.get(SCOPE as never) as Scope | undefined;
  if (!s) throw new Error('no request scope: the scopes() middleware must run before the routes');
  return s;
};

/** The branch a request asks for (`?branch=`), or null for the default view. */
export const branchOf = (c: Context): string | null => c.req.query('branch') || null;

/** The query parameters each page reads; anything else in a URL changes nothing on the page. */
export const READS: [RegExp, readonly string[]][] = [
  [/^\/$/, ['q', 'page', 'branch']],
  [/^\/tickets\/new$/, ['template', 'branch']],
  [/^\/tickets\/[^/]+$/, ['branch', 'remotes', 'from', 'quote']],
  [/^\/milestones$/, ['state', 'branch']],
  [/^\/labels$/, ['page', 'branch']],
  [/^\/help$/, ['branch']],
  [/^\/commits\/[^/]+$/, ['branch']],
  [/^\/tickets\/[^/]+\/commits$/, ['branch', 'at', 'ps', 'rev']],
  [/^\/tickets\/[^/]+\/files$/, ['branch', 'at', 'ps', 'rev', 'view', 'file', 'path', 'side', 'line']],
  [/^\/tickets\/[^/]+\/compare$/, ['branch', 'from', 'to', 'view']],
];

/**
 * A page's URL by what it shows: its path and the parameters it reads, in one order (null for a path
 * that is not a page). The page cache keys pages by it, so no query string can mint new entries.
 */
export function pageUrl(url: string): string | null {
  const u = new URL(url);
  const reads = READS.find(([path]) => path.test(u.pathname))?.[1];
  if (!reads) return null;
  const kept = new URLSearchParams();
  for (const name of reads) {
    const value = u.searchParams.get(name);
    if (value !== null) kept.set(name, value);
  }
  const search = kept.toString();
  return search ? `${u.pathname}?${search}` : u.pathname;
}

/** The request's path and query, as links back to it are written (a page's by what it shows). */
export const here = (c: Context): string => {
  const page = c.req.method === 'GET' ? pageUrl(c.req.url) : null;
  if (page !== null) return page;
  const u = new URL(c.req.url);
  return u.pathname + u.search;
};

/** What the routes share: the page token, and the frame of the page being answered. */
export interface Routes {
  token: string;
  frame: (c: Context) => Promise<Frame>;
}

export const routesOf = (token: string): Routes => ({
  token,
  frame: async (c) => ({ ...(await frame(scope(c), token, branchOf(c), here(c))), theme: themeOf(c) }),
});
