// A repository's pages and API on the hosting server: the `dit serve` application answers as if at
// the root, and its links, form actions and redirects are moved under the repository's path.
import type { Context, Hono } from 'hono';
import type { Viewer } from '../web/site.js';
import { AccountBarHtml } from './bar.js';

/** Links that point into the repository's application (not to shared assets or other hosts). */
const LOCAL_LINK = /(\s(?:href|action|src)=")\/(?!\/|assets\/)/g;

export async function mountedResponse(
  c: Context,
  app: Hono,
  repo: string,
  rest: string,
  body: ArrayBuffer | null,
  viewer: Viewer,
): Promise<Response> {
  const base = `/${repo}`;
  const url = new URL(c.req.url);
  url.pathname = rest;
  const headers = new Headers(c.req.raw.headers);
  headers.delete('authorization');
  headers.delete('cookie');
  const inner = new Request(url, {
    method: c.req.method,
    headers,
    body: body && c.req.method !== 'GET' && c.req.method !== 'HEAD' ? body : undefined,
  });
  const res = await app.fetch(inner, { viewer });
  const out = new Headers(res.headers);
  const location = out.get('location');
  if (location?.startsWith('/') && !location.startsWith('//')) out.set('location', base + location);
  if (!(out.get('content-type') ?? '').startsWith('text/html'))
    return new Response(res.body, { status: res.status, headers: out });
  const who = c.get('who' as never) as {
    user: { name: string; admin: boolean } | null;
    kind: string;
    session?: { csrf: string };
  };
  const html = (await res.text())
    .replace(LOCAL_LINK, `$1${base}/`)
    .replace('<head>', `<head><meta name="dit-base" content="${base}">`)
    .replace(/<body([^>]*)>/, `<body$1>${AccountBarHtml(who.user, who.session?.csrf ?? '', repo)}`);
  out.delete('content-length');
  return new Response(html, { status: res.status, headers: out });
}
