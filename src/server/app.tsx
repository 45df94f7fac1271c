// The hosting server's web application: the guard every request passes (Host, who is asking, same
// origin and the session's token on a state change), the server's own pages by area (routes/), each
// repository's pages and API (routes/repository.tsx), and the one error handler.
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { DitError } from '../errors.js';
import { MAX_BODY } from '../web/app.js';
import { acceptsJson, errorAnswer } from '../web/error-answer.js';
import { hostGuard, securityHeaders, writeGuard } from '../web/security.js';
import { HOST_HINT, type Hosting } from './hosting.js';
import { HostErrorPage } from './pages/error.js';
import { addressOf, type Env, frameOf, isApi } from './request.js';
import { accountRoutes } from './routes/account.js';
import { adminRoutes } from './routes/admin.js';
import { homeRoutes } from './routes/home.js';
import { myRoutes } from './routes/my.js';
import { repositoryRoutes } from './routes/repository.js';
import { signInRoutes } from './routes/signin.js';
import { signUpRoutes } from './routes/signup.js';

export function hostingApp(hosting: Hosting): Hono<Env> {
  const app = new Hono<Env>();
  const { auth } = hosting;

  app.use('*', securityHeaders());
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY,
      onError: () => {
        const message = `the request is larger than ${MAX_BODY / 1024} KiB; nothing was written`;
        throw new DitError('too-large', message, { limit: MAX_BODY });
      },
    }),
  );
  // the Host first (DNS rebinding), before any password is checked
  app.use(
    '*',
    hostGuard(() => hosting.hosts(), HOST_HINT),
  );
  app.use('*', async (c, next) => {
    const who = await auth.who(
      { authorization: c.req.header('authorization'), cookie: c.req.header('cookie') },
      addressOf(c),
    );
    if (who.kind === 'refused') {
      if (who.status === 429) throw new DitError('too-many', who.message, { retryAfter: who.retryAfter ?? 60 });
      throw new DitError('bad-credentials', who.message);
    }
    c.set('who', who);
    return next();
  });
  // a cookie is sent by the browser on its own, so a state change made with one needs the session's token
  app.use(
    '*',
    writeGuard({
      hosts: () => hosting.hosts(),
      token: (c) => {
        const who = c.get('who');
        return who.kind === 'session' ? who.session.csrf : null;
      },
      hint: 'reload the page and try again (scripts: use a token instead of a cookie)',
    }),
  );

  homeRoutes(app, hosting);
  signInRoutes(app, hosting);
  signUpRoutes(app, hosting);
  accountRoutes(app, hosting);
  myRoutes(app, hosting);
  adminRoutes(app, hosting);
  repositoryRoutes(app, hosting);

  app.onError(
    errorAnswer({
      json: (c) => isApi(c.req.path) || acceptsJson(c),
      internal: 'Something went wrong inside dit server; the details are in its log. Nothing was written.',
      log: (thrown) => hosting.log(`web request failed: ${(thrown as Error).stack ?? String(thrown)}\n`),
      page: (c, err, status, title) =>
        c.html(<HostErrorPage h={frameOf(c, title)} title={title} message={err.message} />, status),
    }),
  );
  return app;
}
