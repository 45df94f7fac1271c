// What every route reads from a request: the branch it looks at, its own URL, the page frame.
import type { Context } from 'hono';
import { frame } from './data.js';
import type { Site } from './site.js';
import type { Frame } from './ui.js';

/** The branch a request asks for (`?branch=`), or null for the default view. */
export const branchOf = (c: Context): string | null => c.req.query('branch') || null;

/** The request's path and query, as links back to it are written. */
export const here = (c: Context): string => {
  const u = new URL(c.req.url);
  return u.pathname + u.search;
};

/** What the routes share: the site, the page token, and the frame of the page being answered. */
export interface Routes {
  site: Site;
  token: string;
  frame: (c: Context) => Promise<Frame>;
}

export const routesOf = (site: Site, token: string): Routes => ({
  site,
  token,
  frame: (c) => frame(site, token, branchOf(c), here(c)),
});
