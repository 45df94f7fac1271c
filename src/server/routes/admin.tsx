// The server administrator's page: users, repositories and grants.
import type { Hono } from 'hono';
import { DitError } from '../../errors.js';
import { type Form, str } from '../../web/form.js';
import { LEVELS, type Level } from '../accounts.js';
import { type Hosting, SIGNUP_SETTING } from '../hosting.js';
import { checkRepoName } from '../names.js';
import { AdminPage } from '../pages/admin.js';
import { findRepo, listRepos } from '../repos.js';
import { attempt, type C, type Env, formBody, frameOf, type Outcome, serverAdmin } from '../request.js';

/** A grant from a form (the admin page's, or a repository's settings for `onlyRepo`). */
export function grantFrom(hosting: Hosting, f: Form, onlyRepo?: string): void {
  const repo = checkRepoName(onlyRepo ?? str(f, 'repo') ?? '');
  if (!findRepo(hosting.root, repo)) throw new DitError('not-found', `no repository ${repo}`, { name: repo });
  const level = str(f, 'level') ?? '';
  if (!(LEVELS as readonly string[]).includes(level))
    throw new DitError('invalid-value', `"${level}" is not a permission; use none, read, write or admin`, {
      field: 'level',
      value: level,
      allowed: LEVELS,
    });
  hosting.accounts.grant((str(f, 'user') ?? '').trim(), repo, level as Level);
}

export function adminRoutes(app: Hono<Env>, hosting: Hosting): void {
  const { accounts } = hosting;

  const adminPage = async (c: C, extra: Outcome = {}, status = 200) => {
    const repos = (await listRepos(hosting.root)).map((n) => accounts.repoSettings(n));
    return c.html(
      <AdminPage
        h={frameOf(c, 'Administration')}
        users={accounts.users()}
        repos={repos}
        grants={accounts.grants()}
        signup={{ open: hosting.signupOpen(), byFlag: !!hosting.config.signup, mailed: hosting.notifier.mails }}
        {...extra}
      />,
      status as 200,
    );
  };

  app.get('/-/admin', (c) => {
    const u = serverAdmin(c);
    return u instanceof Response ? u : adminPage(c);
  });

  app.post('/-/admin/users', async (c) => {
    const u = serverAdmin(c);
    if (u instanceof Response) return u;
    const f = await formBody(c);
    return attempt(
      () =>
        accounts.addUser((str(f, 'name') ?? '').trim(), str(f, 'password') ?? '', {
          email: (str(f, 'email') ?? '').trim(),
          admin: str(f, 'admin') === '1',
        }),
      (x, s) => adminPage(c, x, s),
      'User added.',
    );
  });

  app.post('/-/admin/signup', async (c) => {
    const u = serverAdmin(c);
    if (u instanceof Response) return u;
    const open = str(await formBody(c), 'open') === '1';
    accounts.setSetting(SIGNUP_SETTING, open ? 'on' : 'off');
    hosting.log(`sign-up ${open ? 'opened' : 'closed'} by ${u.name}\n`);
    return adminPage(c, { notice: open ? 'Sign-up is open.' : 'Sign-up is closed.' });
  });

  app.post('/-/admin/repos', async (c) => {
    const u = serverAdmin(c);
    if (u instanceof Response) return u;
    const f = await formBody(c);
    return attempt(
      () =>
        hosting.createRepo((str(f, 'name') ?? '').trim(), {
          public: str(f, 'public') === '1',
          description: (str(f, 'description') ?? '').trim(),
        }),
      (x, s) => adminPage(c, x, s),
      'Repository created.',
    );
  });

  app.post('/-/admin/grants', async (c) => {
    const u = serverAdmin(c);
    if (u instanceof Response) return u;
    const f = await formBody(c);
    return attempt(
      () => grantFrom(hosting, f),
      (x, s) => adminPage(c, x, s),
      'Granted.',
    );
  });
}
