// Sign-up (`dit server --signup`, or opened on /-/admin): /-/signup makes an account at once, or with
// --smtp mails a link that makes it (/-/signup/confirm/CODE, a page with a button: mail scanners that
// follow links confirm nothing). Closed, every route here is a 404.
import type { Hono } from 'hono';
import { DitError, statusOf } from '../../errors.js';
import { str } from '../../web/form.js';
import type { Hosting } from '../hosting.js';
import { CheckMailPage, ConfirmPage, SignUpPage } from '../pages/signup.js';
import { addressOf, type C, type Env, formBody, frameOf, sessionCookie } from '../request.js';
import { CONFIRM_HOURS, unknownLink } from '../signups.js';

export function signUpRoutes(app: Hono<Env>, hosting: Hosting): void {
  const { signups, notifier, accounts } = hosting;

  const open = (c: C) => {
    if (!hosting.signupOpen())
      throw new DitError(
        'not-found',
        `There is nothing at ${c.req.path.slice(0, 100)}: this server takes no sign-ups.`,
        {
          path: c.req.path.slice(0, 100),
        },
      );
  };

  app.get('/-/signup', (c) => {
    open(c);
    if (c.get('who').user) return c.redirect('/', 303);
    return c.html(<SignUpPage h={frameOf(c, 'Create an account')} mailed={notifier.mails} />);
  });

  app.post('/-/signup', async (c) => {
    open(c);
    const form = await formBody(c);
    const name = (str(form, 'name') ?? '').trim();
    const email = (str(form, 'email') ?? '').trim();
    const password = str(form, 'password') ?? '';
    const again = (flash: string, status: ReturnType<typeof statusOf>) =>
      c.html(
        <SignUpPage
          h={frameOf(c, 'Create an account')}
          name={name.slice(0, 60)}
          email={email.slice(0, 200)}
          mailed={notifier.mails}
          flash={flash}
        />,
        status,
      );
    let asked: Awaited<ReturnType<typeof signups.ask>>;
    try {
      if (name.length > 100 || email.length > 254 || password.length > 1024)
        throw new DitError('invalid-value', 'a name, email address or password that long is not one');
      asked = await signups.ask({ name, email, password }, addressOf(c), notifier.mails);
    } catch (err) {
      if (!(err instanceof DitError)) throw err;
      if (err.code === 'too-many') c.header('Retry-After', String((err.data as { retryAfter: number }).retryAfter));
      return again(err.message, statusOf(err.code));
    }
    if (asked.kind === 'account') {
      hosting.log(`sign-up: new account ${asked.user.name}\n`);
      sessionCookie(c, hosting, accounts.newSession(asked.user.id).cookie);
      return c.redirect('/', 303);
    }
    const link = `${hosting.baseUrl}-/signup/confirm/${asked.link}`;
    try {
      await notifier.send({
        to: asked.pending.email,
        subject: `Confirm your account ${asked.pending.name} on ${new URL(hosting.baseUrl).host}`,
        text:
          `Someone (we hope you) asked for the account ${asked.pending.name} on ${hosting.baseUrl} with this address.\n\n` +
          `Open this link to confirm it; it works for ${CONFIRM_HOURS} hours:\n\n${link}\n\n` +
          'If it was not you, ignore this mail: without the link no account is made.\n',
        html:
          `<p>Someone (we hope you) asked for the account <strong>${esc(asked.pending.name)}</strong> on ` +
          `${esc(hosting.baseUrl)} with this address.</p><p><a href="${esc(link)}">Confirm the account</a> ` +
          `(the link works for ${CONFIRM_HOURS} hours).</p><p>If it was not you, ignore this mail: without the ` +
          'link no account is made.</p>',
      });
    } catch (err) {
      signups.drop(asked.link);
      hosting.log(`sign-up mail to ${asked.pending.email} failed: ${(err as Error).message}\n`);
      return again('The confirmation mail could not be sent; nothing was kept. Try again later.', 503);
    }
    return c.html(
      <CheckMailPage h={frameOf(c, 'Check your mail')} email={asked.pending.email} hours={CONFIRM_HOURS} />,
    );
  });

  app.get('/-/signup/confirm/:code', (c) => {
    open(c);
    const code = c.req.param('code');
    const p = signups.pending(code);
    if (!p) throw unknownLink();
    return c.html(<ConfirmPage h={frameOf(c, 'Confirm your account')} name={p.name} email={p.email} code={code} />);
  });

  app.post('/-/signup/confirm/:code', (c) => {
    open(c);
    const user = signups.confirm(c.req.param('code'));
    hosting.log(`sign-up: new account ${user.name} (${user.email}), confirmed by mail\n`);
    return c.redirect(`/-/signin?confirmed=${encodeURIComponent(user.name)}`, 303);
  });
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
