// The hosting server's web application: home page, sign-in and sign-out, and each repository's pages.
import { Hono } from 'hono';
import { securityHeaders } from '../web/security.js';
import type { Hosting } from './hosting.js';
import { levelFor, may } from './permissions.js';
import { listRepos } from './repos.js';

export function hostingApp(hosting: Hosting): Hono {
  const app = new Hono();
  app.use('*', securityHeaders());

  app.get('/', async (c) => {
    const who = await hosting.auth.who({ authorization: c.req.header('authorization'), cookie: c.req.header('cookie') }, '');
    const repos = (await listRepos(hosting.root)).filter((r) => may(levelFor(hosting.accounts, who.user, r), 'read'));
    return c.html(`<!doctype html><title>dit</title><ul>${repos.map((r) => `<li><a href="/${r}/">${r}</a></li>`).join('')}</ul>`);
  });

  app.notFound((c) => c.text('not found\n', 404));
  return app;
}
