// The signed-in account's page: email and notifications, password, tokens, SSH and OpenPGP keys.
import type { Hono } from 'hono';
import { DitError } from '../../errors.js';
import { all, str } from '../../web/form.js';
import { isLimited } from '../auth.js';
import type { Hosting } from '../hosting.js';
import { addKey, keysOf, removeKey } from '../keys.js';
import { AccountPage } from '../pages/account.js';
import {
  accountOwner,
  addressOf,
  attempt,
  type C,
  type Env,
  formBody,
  frameOf,
  type Outcome,
  sessionCookie,
} from '../request.js';

export function accountRoutes(app: Hono<Env>, hosting: Hosting): void {
  const { accounts, auth } = hosting;

  const accountPage = (c: C, extra: Outcome & { newToken?: string } = {}, status = 200) => {
    const user = accounts.userById(c.get('who').user!.id)!;
    return c.html(
      <AccountPage
        h={{ ...frameOf(c, 'Account'), user }}
        tokens={accounts.tokens(user.name)}
        keys={keysOf(accounts, user.name)}
        {...extra}
      />,
      status as 200,
    );
  };

  app.get('/-/account', (c) => {
    const u = accountOwner(c);
    return u instanceof Response ? u : accountPage(c);
  });

  app.post('/-/account', async (c) => {
    const u = accountOwner(c);
    if (u instanceof Response) return u;
    const form = await formBody(c);
    return attempt(
      () =>
        accounts.updateUser(u.name, {
          email: (str(form, 'email') ?? '').trim(),
          notifySelf: str(form, 'notify_self') === '1',
        }),
      (x, s) => accountPage(c, x, s),
      'Saved.',
    );
  });

  app.post('/-/account/password', async (c) => {
    const u = accountOwner(c);
    if (u instanceof Response) return u;
    const form = await formBody(c);
    return attempt(
      async () => {
        const ok = await auth.password(u.name, str(form, 'current') ?? '', addressOf(c));
        if (isLimited(ok))
          throw new DitError('too-many', `too many wrong passwords; wait ${ok.retryAfter} s`, {
            retryAfter: ok.retryAfter,
          });
        if (!ok) throw new DitError('usage', 'the current password is wrong');
        // the form offers (checked) to revoke every token: one made with the old password may be known to whoever knew it
        await accounts.setPassword(u.name, str(form, 'password') ?? '', {
          revokeTokens: str(form, 'revoke_tokens') === '1',
        });
        auth.forget();
        // the password change signed every session out; this one stays in
        sessionCookie(c, hosting, accounts.newSession(u.id).cookie);
      },
      (x, s) => (x.notice ? c.redirect('/-/account', 303) : accountPage(c, x, s)),
      'Password changed.',
    );
  });

  app.post('/-/account/tokens', async (c) => {
    const u = accountOwner(c);
    if (u instanceof Response) return u;
    const form = await formBody(c);
    let made = '';
    return attempt(
      () => {
        made = accounts.addToken(u.name, (str(form, 'name') ?? '').trim(), all(form, 'scope')).token;
      },
      (x, s) => accountPage(c, { ...x, newToken: made || undefined }, s),
      'Token made.',
    );
  });

  app.post('/-/account/tokens/delete', async (c) => {
    const u = accountOwner(c);
    if (u instanceof Response) return u;
    const form = await formBody(c);
    return attempt(
      () => accounts.removeToken(u.name, str(form, 'name') ?? ''),
      (x, s) => accountPage(c, x, s),
      'Token revoked.',
    );
  });

  app.post('/-/account/keys', async (c) => {
    const u = accountOwner(c);
    if (u instanceof Response) return u;
    const form = await formBody(c);
    return attempt(
      () => addKey(accounts, u.name, str(form, 'key') ?? '', str(form, 'title') ?? undefined),
      (x, s) => accountPage(c, x, s),
      'Key added.',
    );
  });

  app.post('/-/account/keys/delete', async (c) => {
    const u = accountOwner(c);
    if (u instanceof Response) return u;
    const form = await formBody(c);
    return attempt(
      () => removeKey(accounts, u.name, str(form, 'fingerprint') ?? ''),
      (x, s) => accountPage(c, x, s),
      'Key removed.',
    );
  });
}
