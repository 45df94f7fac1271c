// The hosting server's web application: who is asking (session, token, password), the checks every
// request passes (Host, origin, CSRF, permission), the server's own pages, and each repository's
// pages and API (the `dit serve` application, mounted under the repository's path).
import type { HttpBindings } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { DitError } from '../errors.js';
import { parseQuery } from '../query/parse.js';
import { MAX_BODY } from '../web/app.js';
import { assets } from '../web/assets.js';
import { securityHeaders, sameToken, TOKEN_FIELD, TOKEN_HEADER } from '../web/security.js';
import { quoteValue } from '../web/ui.js';
import { LEVELS, type Level, type User } from './accounts.js';
import { SESSION_COOKIE, type Who } from './auth.js';
import type { Hosting } from './hosting.js';
import { checkRepoName, isRepoName } from './names.js';
import {
  AccountPage,
  AdminPage,
  HomePage,
  type HostFrame,
  HostErrorPage,
  MyPage,
  type MyRow,
  RepoSettingsPage,
  type RepoRow,
  SignInPage,
} from './pages.js';
import { pathSegments } from './paths.js';
import { levelFor, may } from './permissions.js';
import { findRepo, listRepos } from './repos.js';
import { mountedResponse } from './mount.js';

type Env = { Bindings: HttpBindings; Variables: { who: Who; form: URLSearchParams | null; body: ArrayBuffer | null } };
type C = Context<Env>;

const UNSAFE = (m: string) => !['GET', 'HEAD', 'OPTIONS'].includes(m);
/** The review form and its API route: the one write a reader may make. */
const REVIEW_PATH = /^\/(?:api\/)?tickets\/[^/]+\/review$/;
const isApi = (path: string) => /\/api(\/|$)/.test(path);

export function hostingApp(hosting: Hosting): Hono<Env> {
  const app = new Hono<Env>();
  const { accounts, auth } = hosting;
  const address = (c: C) => c.env?.incoming?.socket?.remoteAddress ?? '';
  const frameOf = (c: C, title: string): HostFrame => {
    const who = c.get('who');
    return { user: who.user, csrf: who.kind === 'session' ? who.session.csrf : '', title };
  };
  const refuse = (c: C, status: 400 | 401 | 403 | 404 | 409 | 421 | 429, code: string, message: string) =>
    isApi(c.req.path) ||
    ((c.req.header('accept') ?? '').includes('application/json') &&
      !(c.req.header('accept') ?? '').includes('text/html'))
      ? c.json({ error: { code, message } }, status)
      : c.html(<HostErrorPage h={frameOf(c, 'Error')} status={status} message={message} />, status);

  app.use('*', securityHeaders());
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY,
      onError: (c) =>
        c.json(
          {
            error: {
              code: 'too-large',
              message: `the request is larger than ${MAX_BODY / 1024} KiB; nothing was written`,
            },
          },
          413,
        ),
    }),
  );

  // Host (DNS rebinding), who is asking, and for state changes: same origin, and the session's token
  app.use('*', async (c, next) => {
    const hosts = hosting.hosts();
    const host = (c.req.header('host') ?? '').toLowerCase();
    if (hosts && !hosts.has(host)) {
      c.set('who', { kind: 'anonymous', user: null });
      return refuse(
        c,
        421,
        'bad-host',
        `this server answers to ${[...hosts][0]}, not ${host || 'a request without a Host header'}; open it by that address (or start it with --url)`,
      );
    }
    const who = await auth.who(
      { authorization: c.req.header('authorization'), cookie: c.req.header('cookie') },
      address(c),
    );
    c.set('who', who.kind === 'refused' ? { kind: 'anonymous', user: null } : who);
    c.set('form', null);
    c.set('body', null);
    if (who.kind === 'refused') {
      if (who.status === 429) c.header('Retry-After', '900');
      return refuse(c, who.status, who.status === 429 ? 'too-many' : 'bad-credentials', who.message);
    }
    if (UNSAFE(c.req.method)) {
      const origin = c.req.header('origin');
      const fetchSite = c.req.header('sec-fetch-site');
      const own = new Set([...(hosts ?? [host])].flatMap((h) => [`http://${h}`, `https://${h}`]));
      if ((origin && !own.has(origin)) || (fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none')) {
        return refuse(
          c,
          403,
          'cross-origin',
          'cross-site requests may not change anything here; use the pages this server serves',
        );
      }
      const body = await c.req.arrayBuffer();
      c.set('body', body);
      const type = c.req.header('content-type') ?? '';
      const form = /^application\/x-www-form-urlencoded/.test(type)
        ? new URLSearchParams(new TextDecoder().decode(body))
        : /^multipart\/form-data/.test(type)
          ? await formFromMultipart(c, body)
          : null;
      c.set('form', form);
      if (who.kind === 'session') {
        const given = c.req.header(TOKEN_HEADER) ?? form?.get(TOKEN_FIELD) ?? null;
        if (!sameToken(given, who.session.csrf)) {
          return refuse(
            c,
            403,
            'bad-token',
            `this request has no valid ${TOKEN_HEADER} token; reload the page and try again (scripts: use a token instead of a cookie)`,
          );
        }
      }
    }
    return next();
  });

  app.get('/assets/:file', (c) => {
    const asset = [...assets().values()].find((a) => a.path === c.req.path);
    if (!asset) return c.text('no such asset\n', 404);
    return c.body(new Uint8Array(asset.body), 200, {
      'Content-Type': asset.type,
      'Cache-Control': 'public, max-age=31536000, immutable',
    });
  });
  app.get('/favicon.ico', (c) => c.body(null, 204));

  // ---- home, sign-in, sign-out -------------------------------------------------------------------

  app.get('/', async (c) => {
    const user = c.get('who').user;
    const rows: RepoRow[] = [];
    for (const name of await listRepos(hosting.root)) {
      const level = levelFor(accounts, user, name);
      if (!may(level, 'read')) continue;
      const s = accounts.repoSettings(name);
      rows.push({ name, description: s.description, public: s.public, level, open: await hosting.openCount(name) });
    }
    if (isApi(c.req.path) || c.req.query('format') === 'json') return c.json({ repos: rows });
    return c.html(<HomePage h={frameOf(c, 'Repositories')} repos={rows} />);
  });
  app.get('/-/repos', async (c) => {
    const user = c.get('who').user;
    const names = (await listRepos(hosting.root)).filter((n) => may(levelFor(accounts, user, n), 'read'));
    return c.json({
      repos: await Promise.all(
        names.map(async (name) => ({
          ...accounts.repoSettings(name),
          level: levelFor(accounts, user, name),
          open: await hosting.openCount(name),
        })),
      ),
    });
  });

  app.get('/-/signin', (c) => c.html(<SignInPage h={frameOf(c, 'Sign in')} next={safeNext(c.req.query('next'))} />));
  app.post('/-/signin', async (c) => {
    const form = c.get('form') ?? new URLSearchParams();
    const name = (form.get('name') ?? '').trim();
    const password = form.get('password') ?? '';
    const next = safeNext(form.get('next'));
    const user = name && password ? await auth.password(name, password, address(c)) : null;
    if (user === 'limited') {
      c.header('Retry-After', '900');
      return c.html(
        <SignInPage
          h={frameOf(c, 'Sign in')}
          name={name}
          next={next}
          flash="Too many failed sign-ins for this account or address. Wait 15 minutes and try again."
        />,
        429,
      );
    }
    if (!user)
      return c.html(
        <SignInPage h={frameOf(c, 'Sign in')} name={name} next={next} flash="Wrong name or password." />,
        401,
      );
    const { cookie } = accounts.newSession(user.id);
    c.header(
      'Set-Cookie',
      `${SESSION_COOKIE}=${cookie}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${30 * 86400}${hosting.secure ? '; Secure' : ''}`,
    );
    return c.redirect(next, 303);
  });
  app.post('/-/signout', (c) => {
    const who = c.get('who');
    if (who.kind === 'session') accounts.endSession(who.cookie);
    c.header(
      'Set-Cookie',
      `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0${hosting.secure ? '; Secure' : ''}`,
    );
    return c.redirect('/', 303);
  });

  // ---- account -----------------------------------------------------------------------------------

  /** The signed-in account, or the answer to give instead (to the sign-in page). */
  const signedIn = (c: C): User | Response =>
    c.get('who').user ?? c.redirect(`/-/signin?next=${encodeURIComponent(c.req.path)}`, 303);
  const accountPage = (
    c: C,
    extra: { newToken?: string; flash?: string; notice?: string } = {},
    status: 200 | 400 | 409 = 200,
  ) => {
    const user = accounts.userById(c.get('who').user!.id)!;
    return c.html(
      <AccountPage h={{ ...frameOf(c, 'Account'), user }} tokens={accounts.tokens(user.name)} {...extra} />,
      status,
    );
  };
  const attempt = async (
    _c: C,
    fn: () => Promise<unknown> | unknown,
    page: (extra: { flash?: string; notice?: string }, status: 200 | 400 | 409) => Response | Promise<Response>,
    notice: string,
  ) => {
    try {
      await fn();
    } catch (err) {
      if (!(err instanceof DitError)) throw err;
      return page({ flash: err.message }, err.code === 'exists' ? 409 : 400);
    }
    return page({ notice }, 200);
  };

  app.get('/-/account', (c) => {
    const u = signedIn(c);
    return u instanceof Response ? u : accountPage(c);
  });
  app.post('/-/account', async (c) => {
    const u = signedIn(c);
    if (u instanceof Response) return u;
    const form = c.get('form')!;
    return attempt(
      c,
      () =>
        accounts.updateUser(u.name, {
          email: (form.get('email') ?? '').trim(),
          notifySelf: form.get('notify_self') === '1',
        }),
      (x, s) => accountPage(c, x, s),
      'Saved.',
    );
  });
  app.post('/-/account/password', async (c) => {
    const u = signedIn(c);
    if (u instanceof Response) return u;
    const form = c.get('form')!;
    return attempt(
      c,
      async () => {
        const ok = await auth.password(u.name, form.get('current') ?? '', address(c));
        if (ok === 'limited') throw new DitError('usage', 'too many wrong passwords; wait 15 minutes');
        if (!ok) throw new DitError('usage', 'the current password is wrong');
        await accounts.setPassword(u.name, form.get('password') ?? '');
        auth.forget();
        const { cookie } = accounts.newSession(u.id); // the password change signed every session out; this one stays in
        c.header(
          'Set-Cookie',
          `${SESSION_COOKIE}=${cookie}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${30 * 86400}${hosting.secure ? '; Secure' : ''}`,
        );
      },
      (x, s) => (x.notice ? c.redirect('/-/account', 303) : accountPage(c, x, s)),
      'Password changed.',
    );
  });
  app.post('/-/account/tokens', async (c) => {
    const u = signedIn(c);
    if (u instanceof Response) return u;
    let made = '';
    return attempt(
      c,
      () => {
        made = accounts.addToken(u.name, (c.get('form')!.get('name') ?? '').trim()).token;
      },
      (x, s) => accountPage(c, { ...x, newToken: made || undefined }, s),
      'Token made.',
    );
  });
  app.post('/-/account/tokens/delete', async (c) => {
    const u = signedIn(c);
    if (u instanceof Response) return u;
    return attempt(
      c,
      () => accounts.removeToken(u.name, c.get('form')!.get('name') ?? ''),
      (x, s) => accountPage(c, x, s),
      'Token revoked.',
    );
  });

  // ---- my tickets across repositories ------------------------------------------------------------

  app.get('/-/my', async (c) => {
    const u = signedIn(c);
    if (u instanceof Response) return u;
    const me = u.email || u.name;
    const roles: [string, string][] = [
      ['author', `author:${quoteValue(me)}`],
      ['responsible', `responsible:${quoteValue(me)}`],
      ['watching', `watched-by:${quoteValue(me)}`],
      ['mentioned', `mentions:${quoteValue(u.name)}`],
    ];
    const rows: MyRow[] = [];
    for (const repo of await listRepos(hosting.root)) {
      if (!may(levelFor(accounts, u, repo), 'read')) continue;
      const mounted = await hosting.mounted(repo);
      if (!mounted) continue;
      const scope = mounted.site.begin();
      const view = await scope.view();
      const found = new Map<string, MyRow>();
      for (const [why, q] of roles) {
        const listing = await mounted.site.store.listing(view, parseQuery(q)).catch(() => null);
        for (const t of listing?.tickets ?? []) {
          const row = found.get(t.id) ?? { repo, id: t.id, title: t.title, status: t.status, why: [] };
          row.why.push(why);
          found.set(t.id, row);
        }
      }
      rows.push(...found.values());
    }
    if (c.req.query('format') === 'json') return c.json({ tickets: rows });
    return c.html(<MyPage h={frameOf(c, 'My tickets')} rows={rows} />);
  });

  // ---- administration ----------------------------------------------------------------------------

  const adminPage = async (c: C, extra: { flash?: string; notice?: string } = {}, status: 200 | 400 | 409 = 200) => {
    const repos = (await listRepos(hosting.root)).map((n) => accounts.repoSettings(n));
    return c.html(
      <AdminPage
        h={frameOf(c, 'Administration')}
        users={accounts.users()}
        repos={repos}
        grants={accounts.grants()}
        {...extra}
      />,
      status,
    );
  };
  /** A server administrator, or the answer to give instead: nobody else learns the page exists. */
  const serverAdmin = (c: C): User | Response => {
    const u = signedIn(c);
    if (u instanceof Response) return u;
    return u.admin ? u : c.text(`There is nothing at ${c.req.path}.\n`, 404);
  };
  app.get('/-/admin', (c) => {
    const u = serverAdmin(c);
    return u instanceof Response ? u : adminPage(c);
  });
  app.post('/-/admin/users', async (c) => {
    const u = serverAdmin(c);
    if (u instanceof Response) return u;
    const f = c.get('form')!;
    return attempt(
      c,
      () =>
        accounts.addUser((f.get('name') ?? '').trim(), f.get('password') ?? '', {
          email: (f.get('email') ?? '').trim(),
          admin: f.get('admin') === '1',
        }),
      (x, s) => adminPage(c, x, s),
      'User added.',
    );
  });
  app.post('/-/admin/repos', async (c) => {
    const u = serverAdmin(c);
    if (u instanceof Response) return u;
    const f = c.get('form')!;
    return attempt(
      c,
      () =>
        hosting.createRepo((f.get('name') ?? '').trim(), {
          public: f.get('public') === '1',
          description: (f.get('description') ?? '').trim(),
        }),
      (x, s) => adminPage(c, x, s),
      'Repository created.',
    );
  });
  app.post('/-/admin/grants', async (c) => {
    const u = serverAdmin(c);
    if (u instanceof Response) return u;
    const f = c.get('form')!;
    return attempt(
      c,
      () => grant(f),
      (x, s) => adminPage(c, x, s),
      'Granted.',
    );
  });
  const grant = (f: URLSearchParams, onlyRepo?: string) => {
    const repo = checkRepoName(onlyRepo ?? f.get('repo') ?? '');
    if (!findRepo(hosting.root, repo)) throw new DitError('not-found', `no repository ${repo}`);
    const level = f.get('level') ?? '';
    if (!(LEVELS as readonly string[]).includes(level))
      throw new DitError('invalid-value', `"${level}" is not a permission; use none, read, write or admin`);
    accounts.grant((f.get('user') ?? '').trim(), repo, level as Level);
  };

  // ---- repositories: settings (repository admins), then the repository's own pages and API ------

  app.all('*', async (c) => {
    const segments = pathSegments(new URL(c.req.url).pathname);
    if (!segments) return refuse(c, 400, 'bad-path', 'this path is not allowed');
    const found = repoOf(hosting, segments);
    const user = c.get('who').user;
    const notHere = () =>
      refuse(
        c,
        404,
        'not-found',
        `There is nothing at ${c.req.path.slice(0, 200)}${user ? '' : '. If it is private, sign in first'}.`,
      );
    if (!found) return notHere();
    const level = levelFor(accounts, user, found.repo);
    if (!may(level, 'read')) return notHere();
    if (found.rest === '') return c.redirect(`/${found.repo}/${new URL(c.req.url).search}`, 301);

    if (found.rest.startsWith('/-/settings')) {
      if (!may(level, 'admin')) return notHere();
      return repoSettings(c, found.repo, found.rest);
    }
    // a signed-in reader may review (+1 or -1, as in Gerrit); the review route refuses them +2 and -2
    const reviewing = !!user && c.req.method === 'POST' && REVIEW_PATH.test(found.rest);
    if (UNSAFE(c.req.method) && !may(level, 'write') && !reviewing) {
      return refuse(
        c,
        403,
        'forbidden',
        user
          ? `${user.name} may read ${found.repo} but not change it; ask one of its administrators for write access`
          : 'sign in to change anything here',
      );
    }
    const mounted = await hosting.mounted(found.repo);
    if (!mounted) return notHere();
    const writes = UNSAFE(c.req.method);
    if (writes) await hosting.watch(found.repo);
    const res = await mountedResponse(
      c,
      mounted.app,
      found.repo,
      found.rest,
      c.get('body'),
      viewerOf(c.get('who'), may(level, 'write')),
    );
    if (writes && res.status < 400) void hosting.journalMoved(found.repo);
    return res;
  });

  const settingsPage = (
    c: C,
    repo: string,
    extra: { flash?: string; notice?: string } = {},
    status: 200 | 400 | 409 = 200,
  ) =>
    c.html(
      <RepoSettingsPage
        h={frameOf(c, `${repo} settings`)}
        repo={repo}
        grants={accounts.grants(repo)}
        hooks={hosting.webhooks.list(repo)}
        {...extra}
      />,
      status,
    );
  const repoSettings = (c: C, repo: string, rest: string) => {
    if (c.req.method === 'GET' && rest === '/-/settings') return settingsPage(c, repo);
    const f = c.get('form') ?? new URLSearchParams();
    if (c.req.method === 'POST' && rest === '/-/settings/grants')
      return attempt(
        c,
        () => grant(f, repo),
        (x, s) => settingsPage(c, repo, x, s),
        'Granted.',
      );
    if (c.req.method === 'POST' && rest === '/-/settings/webhooks') {
      return attempt(
        c,
        () => hosting.webhooks.add(repo, (f.get('url') ?? '').trim(), f.get('secret') ?? ''),
        (x, s) => settingsPage(c, repo, x, s),
        'Webhook added.',
      );
    }
    if (c.req.method === 'POST' && rest === '/-/settings/webhooks/delete') {
      return attempt(
        c,
        () => hosting.webhooks.remove(repo, Number(f.get('id'))),
        (x, s) => settingsPage(c, repo, x, s),
        'Webhook removed.',
      );
    }
    return refuse(c, 404, 'not-found', `There is nothing at ${c.req.path.slice(0, 200)}.`);
  };

  app.onError((err, c) => {
    hosting.log(`web request failed: ${(err as Error).stack ?? String(err)}\n`);
    return c.text('Something went wrong inside dit server; the details are in its log. Nothing was written.\n', 500);
  });
  return app;
}

/** The repository a path is inside (the longest existing one), and the rest of the path. */
export function repoOf(hosting: Hosting, segments: readonly string[]): { repo: string; rest: string } | null {
  for (let i = Math.min(segments.length, 8); i >= 1; i--) {
    const name = segments.slice(0, i).join('/');
    if (isRepoName(name) && !name.endsWith('.git') && findRepo(hosting.root, name)) {
      const rest = segments.slice(i);
      return { repo: name, rest: rest.length ? `/${rest.join('/')}` : '' };
    }
  }
  return null;
}

function viewerOf(who: Who, write: boolean) {
  if (!who.user)
    return { token: '', author: { name: 'anonymous', email: '' }, key: 'anonymous', write: false, signedIn: false };
  const author = { name: who.user.name, email: who.user.email };
  return who.kind === 'session'
    ? { token: who.session.csrf, author, key: `s:${who.cookie.slice(0, 24)}`, write, signedIn: true }
    : { token: '', author, key: `u:${who.user.id}`, write, signedIn: true };
}

/** Where sign-in goes next: a path on this server only. */
function safeNext(next: string | null | undefined): string {
  return next?.startsWith('/') && !next.startsWith('//') && !next.includes('\\') ? next : '/';
}

async function formFromMultipart(c: C, body: ArrayBuffer): Promise<URLSearchParams> {
  const fd = await new Request('http://x/', {
    method: 'POST',
    headers: { 'content-type': c.req.header('content-type')! },
    body,
  })
    .formData()
    .catch(() => null);
  const out = new URLSearchParams();
  fd?.forEach((v, k) => {
    if (typeof v === 'string') out.append(k, v);
  });
  return out;
}
