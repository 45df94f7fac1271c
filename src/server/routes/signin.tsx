// Signing in with a name and password (a session cookie and its CSRF token), and signing out.
import type { Hono } from 'hono';
import { str } from '../../web/form.js';
import { isLimited } from '../auth.js';
import type { Hosting } from '../hosting.js';
import { SignInPage } from '../pages/signin.js';
import { addressOf, type Env, formBody, frameOf, safeNext, sessionCookie } from '../request.js';

export function signInRoutes(app: Hono<Env>, hosting: Hosting): void {
  const { accounts, auth } = hosting;

  app.get('/-/signin', (c) => {
    // a confirmed sign-up lands here: its name filled in, its password asked for
    const confirmed = c.req.query('confirmed');
    return c.html(
      <SignInPage
        h={frameOf(c, 'Sign in')}
        next={safeNext(c.req.query('next'))}
        name={confirmed}
        notice={
          confirmed ? `Your account ${confirmed.slice(0, 40)} is confirmed. Sign in with its password.` : undefined
        }
        signup={hosting.signupOpen()}
      />,
    );
  });

  app.post('/-/signin', async (c) => {
    const form = await formBody(c);
    const name = (str(form, 'name') ?? '').trim();
    const password = str(form, 'password') ?? '';
    const next = safeNext(str(form, 'next'));
    const user = name && password ? await auth.password(name, password, addressOf(c)) : null;
    if (isLimited(user)) {
      c.header('Retry-After', String(user.retryAfter));
      return c.html(
        <SignInPage
          h={frameOf(c, 'Sign in')}
          name={name}
          next={next}
          signup={hosting.signupOpen()}
          flash={`Too many failed sign-ins from this address. Wait ${waitText(user.retryAfter)} and try again.`}
        />,
        429,
      );
    }
    if (!user)
      return c.html(
        <SignInPage
          h={frameOf(c, 'Sign in')}
          name={name}
          next={next}
          signup={hosting.signupOpen()}
          flash="Wrong name or password."
        />,
        401,
      );
    sessionCookie(c, hosting, accounts.newSession(user.id).cookie);
    return c.redirect(next, 303);
  });

  app.post('/-/signout', (c) => {
    const who = c.get('who');
    if (who.kind === 'session') accounts.endSession(who.cookie);
    sessionCookie(c, hosting, null);
    return c.redirect('/', 303);
  });
}

/** A wait in words: "20 seconds", "3 minutes". */
const waitText = (s: number) => (s < 90 ? `${s} seconds` : `${Math.ceil(s / 60)} minutes`);
