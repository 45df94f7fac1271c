// The hosting server's own pages: home, sign-in, account, administration and "my tickets". The
// repositories' pages are the ones `dit serve` shows, mounted under each repository's path.
import type { Child, FC } from 'hono/jsx';
import { raw } from 'hono/html';
import { assetUrl } from '../web/assets.js';
import type { Grant, TokenRow, User } from './accounts.js';
import { KeysBox } from './keys-box.js';
import type { AccountKey } from './keys.js';

export interface HostFrame {
  user: User | null;
  csrf: string;
  title: string;
}

const Post: FC<{ action: string; h: HostFrame; children?: Child; class?: string }> = ({
  action,
  h,
  children,
  class: cls,
}) => (
  <form method="post" action={action} class={cls}>
    <input type="hidden" name="_csrf" value={h.csrf} />
    {children}
  </form>
);

export const HostLayout: FC<{ h: HostFrame; children?: Child; flash?: string | null; notice?: string | null }> = ({
  h,
  children,
  flash,
  notice,
}) => (
  <>
    {raw('<!DOCTYPE html>')}
    <html lang="en" data-color-mode="auto" data-light-theme="light" data-dark-theme="dark">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{h.title} · dit</title>
        <link rel="stylesheet" href={assetUrl('primer.css')} />
        <link rel="stylesheet" href={assetUrl('app.css')} />
      </head>
      <body>
        <AccountBar h={h} />
        <main class="container-lg px-3 py-4">
          {flash ? (
            <div class="flash flash-error mb-3" role="alert" id="flash">
              {flash}
            </div>
          ) : null}
          {notice ? (
            <div class="flash flash-success mb-3" role="status" id="notice">
              {notice}
            </div>
          ) : null}
          {children}
        </main>
      </body>
    </html>
  </>
);

/** The strip at the top of every page on a hosting server: home, my tickets, account, sign-in or sign-out. */
export const AccountBar: FC<{ h: Pick<HostFrame, 'user' | 'csrf'> }> = ({ h }) => (
  <div class="Header px-3 px-md-4 py-2 color-bg-subtle" id="account-bar" style="min-height:0">
    <div class="Header-item">
      <a class="Header-link" href="/" id="home-link">
        <span class="dit-logo mr-2">dit</span>Repositories
      </a>
    </div>
    <div class="Header-item Header-item--full" />
    {h.user ? (
      <>
        <div class="Header-item">
          <a class="Header-link" href="/-/my">
            My tickets
          </a>
        </div>
        {h.user.admin ? (
          <div class="Header-item">
            <a class="Header-link" href="/-/admin">
              Admin
            </a>
          </div>
        ) : null}
        <div class="Header-item">
          <a class="Header-link" href="/-/account" id="account-link">
            {h.user.name}
          </a>
        </div>
        <div class="Header-item mr-0">
          <form method="post" action="/-/signout">
            <input type="hidden" name="_csrf" value={h.csrf} />
            <button class="btn btn-sm" type="submit" id="sign-out">
              Sign out
            </button>
          </form>
        </div>
      </>
    ) : (
      <div class="Header-item mr-0">
        <a class="btn btn-sm btn-primary" href="/-/signin" id="sign-in">
          Sign in
        </a>
      </div>
    )}
  </div>
);

export interface RepoRow {
  name: string;
  description: string;
  public: boolean;
  open: number | null;
  level: string;
}

export const HomePage: FC<{ h: HostFrame; repos: RepoRow[] }> = ({ h, repos }) => (
  <HostLayout h={h}>
    <h1 class="h2 mb-3">Repositories</h1>
    {repos.length === 0 ? (
      <div class="blankslate" id="no-repos">
        <p>
          {h.user
            ? 'No repository you may read yet. Ask an administrator for access.'
            : 'No public repositories. Sign in to see yours.'}
        </p>
      </div>
    ) : (
      <div class="Box" id="repos">
        {repos.map((r) => (
          <div class="Box-row d-flex flex-items-center repo-row">
            <div class="flex-auto">
              <a class="h4 Link--primary repo-name" href={`/${r.name}/`}>
                {r.name}
              </a>
              {r.public ? null : <span class="Label ml-2">Private</span>}
              {r.description ? <div class="color-fg-muted text-small">{r.description}</div> : null}
            </div>
            <span class="color-fg-muted text-small mr-3">{r.level}</span>
            <a class="Link--muted" href={`/${r.name}/`}>
              {r.open === null ? '' : `${r.open} open`}
            </a>
          </div>
        ))}
      </div>
    )}
  </HostLayout>
);

export const SignInPage: FC<{ h: HostFrame; name?: string; next?: string; flash?: string }> = ({
  h,
  name,
  next,
  flash,
}) => (
  <HostLayout h={h} flash={flash}>
    <div class="col-12 col-md-6 mx-auto">
      <h1 class="h2 mb-3">Sign in</h1>
      <form method="post" action="/-/signin" class="Box p-3">
        <input type="hidden" name="next" value={next ?? '/'} />
        <label for="name" class="d-block mb-1">
          Name
        </label>
        <input
          class="form-control width-full mb-3"
          id="name"
          name="name"
          value={name ?? ''}
          autocomplete="username"
          required
          autofocus
        />
        <label for="password" class="d-block mb-1">
          Password
        </label>
        <input
          class="form-control width-full mb-3"
          id="password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
        />
        <button class="btn btn-primary btn-block" type="submit" id="sign-in-submit">
          Sign in
        </button>
      </form>
    </div>
  </HostLayout>
);

export const AccountPage: FC<{
  h: HostFrame;
  tokens: TokenRow[];
  keys: AccountKey[];
  newToken?: string;
  flash?: string;
  notice?: string;
}> = ({ h, tokens, keys, newToken, flash, notice }) => (
  <HostLayout h={h} flash={flash} notice={notice}>
    <h1 class="h2 mb-3">Account: {h.user!.name}</h1>
    <Post action="/-/account" h={h} class="Box p-3 mb-4">
      <h2 class="h4 mb-2">Email and notifications</h2>
      <label for="email" class="d-block mb-1">
        Email (mail about tickets goes here)
      </label>
      <input class="form-control mb-2" id="email" name="email" type="email" value={h.user!.email} />
      <label class="d-block mb-2">
        <input type="checkbox" name="notify_self" value="1" checked={h.user!.notifySelf} /> Mail me about my own changes
        too
      </label>
      <button class="btn" type="submit">
        Save
      </button>
    </Post>
    <Post action="/-/account/password" h={h} class="Box p-3 mb-4">
      <h2 class="h4 mb-2">Password</h2>
      <input
        class="form-control mb-2"
        name="current"
        type="password"
        placeholder="Current password"
        autocomplete="current-password"
        aria-label="Current password"
      />
      <input
        class="form-control mb-2"
        name="password"
        type="password"
        placeholder="New password (8 characters or more)"
        autocomplete="new-password"
        aria-label="New password"
      />
      <button class="btn" type="submit">
        Change password
      </button>
    </Post>
    <div class="Box mb-4" id="tokens">
      <div class="Box-header">
        <h2 class="Box-title">Tokens for git and the API</h2>
      </div>
      {newToken ? (
        <div class="Box-row flash-warn">
          <p>Your new token, shown only now:</p>
          <code id="new-token">{newToken}</code>
        </div>
      ) : null}
      {tokens.map((t) => (
        <div class="Box-row d-flex flex-items-center">
          <span class="flex-auto">
            <strong>{t.name}</strong> <code class="color-fg-muted">{t.hint}…</code>{' '}
            <span class="color-fg-muted text-small">
              made {t.created.slice(0, 10)}, {t.lastUsed ? `last used ${t.lastUsed.slice(0, 10)}` : 'never used'}
            </span>
          </span>
          <Post action="/-/account/tokens/delete" h={h}>
            <input type="hidden" name="name" value={t.name} />
            <button class="btn btn-sm btn-danger" type="submit">
              Revoke
            </button>
          </Post>
        </div>
      ))}
      <div class="Box-row">
        <Post action="/-/account/tokens" h={h} class="d-flex">
          <input
            class="form-control mr-2"
            name="name"
            placeholder="Token name (laptop, CI)"
            aria-label="Token name"
            required
          />
          <button class="btn" type="submit">
            Make a token
          </button>
        </Post>
      </div>
    </div>
    <KeysBox keys={keys} csrf={h.csrf} />
  </HostLayout>
);

export const AdminPage: FC<{
  h: HostFrame;
  users: User[];
  repos: { name: string; public: boolean; description: string }[];
  grants: Grant[];
  flash?: string;
  notice?: string;
}> = ({ h, users, repos, grants, flash, notice }) => (
  <HostLayout h={h} flash={flash} notice={notice}>
    <h1 class="h2 mb-3">Administration</h1>
    <div class="Box mb-4" id="admin-users">
      <div class="Box-header">
        <h2 class="Box-title">Users</h2>
      </div>
      {users.map((u) => (
        <div class="Box-row">
          {u.name} <span class="color-fg-muted">{u.email}</span> {u.admin ? <span class="Label">admin</span> : null}
        </div>
      ))}
      <div class="Box-row">
        <Post action="/-/admin/users" h={h} class="d-flex flex-wrap">
          <input class="form-control mr-2" name="name" placeholder="name" aria-label="New user's name" required />
          <input class="form-control mr-2" name="email" placeholder="email" aria-label="New user's email" />
          <input
            class="form-control mr-2"
            name="password"
            type="password"
            placeholder="password"
            aria-label="New user's password"
            required
          />
          <label class="mr-2">
            <input type="checkbox" name="admin" value="1" /> admin
          </label>
          <button class="btn" type="submit">
            Add user
          </button>
        </Post>
      </div>
    </div>
    <div class="Box mb-4" id="admin-repos">
      <div class="Box-header">
        <h2 class="Box-title">Repositories</h2>
      </div>
      {repos.map((r) => (
        <div class="Box-row">
          <a href={`/${r.name}/`}>{r.name}</a>{' '}
          {r.public ? <span class="Label">public</span> : <span class="Label">private</span>}{' '}
          <span class="color-fg-muted">{r.description}</span>{' '}
          <a class="ml-2 text-small" href={`/${r.name}/-/settings`}>
            settings
          </a>
        </div>
      ))}
      <div class="Box-row">
        <Post action="/-/admin/repos" h={h} class="d-flex flex-wrap">
          <input
            class="form-control mr-2"
            name="name"
            placeholder="group/name"
            aria-label="New repository's name"
            required
          />
          <input class="form-control mr-2" name="description" placeholder="description" aria-label="Description" />
          <label class="mr-2">
            <input type="checkbox" name="public" value="1" /> public
          </label>
          <button class="btn" type="submit">
            Create repository
          </button>
        </Post>
      </div>
    </div>
    <div class="Box mb-4" id="admin-grants">
      <div class="Box-header">
        <h2 class="Box-title">Grants</h2>
      </div>
      {grants.map((g) => (
        <div class="Box-row">
          {g.user} <strong>{g.level}</strong> on {g.repo}
        </div>
      ))}
      <div class="Box-row">
        <GrantForm h={h} action="/-/admin/grants" repos={repos.map((r) => r.name)} />
      </div>
    </div>
  </HostLayout>
);

export const GrantForm: FC<{ h: HostFrame; action: string; repos: string[] }> = ({ h, action, repos }) => (
  <Post action={action} h={h} class="d-flex flex-wrap">
    <input class="form-control mr-2" name="user" placeholder="user" aria-label="User" required />
    {repos.length === 1 ? (
      <input type="hidden" name="repo" value={repos[0]} />
    ) : (
      <select class="form-select mr-2" name="repo" aria-label="Repository">
        {repos.map((r) => (
          <option value={r}>{r}</option>
        ))}
      </select>
    )}
    <select class="form-select mr-2" name="level" aria-label="Permission">
      {['read', 'write', 'admin', 'none'].map((l) => (
        <option value={l}>{l}</option>
      ))}
    </select>
    <button class="btn" type="submit">
      Grant
    </button>
  </Post>
);

export interface Delivery {
  event: string;
  status: number | null;
  attempts: number;
  error: string | null;
  at: string;
}

export const RepoSettingsPage: FC<{
  h: HostFrame;
  repo: string;
  grants: Grant[];
  hooks: { id: number; url: string; deliveries: Delivery[] }[];
  flash?: string;
  notice?: string;
}> = ({ h, repo, grants, hooks, flash, notice }) => (
  <HostLayout h={h} flash={flash} notice={notice}>
    <h1 class="h2 mb-3">
      <a href={`/${repo}/`}>{repo}</a>: settings
    </h1>
    <div class="Box mb-4" id="repo-grants">
      <div class="Box-header">
        <h2 class="Box-title">Who may do what</h2>
      </div>
      {grants.map((g) => (
        <div class="Box-row">
          {g.user} <strong>{g.level}</strong>
        </div>
      ))}
      <div class="Box-row">
        <GrantForm h={h} action={`/${repo}/-/settings/grants`} repos={[repo]} />
      </div>
    </div>
    <div class="Box mb-4" id="webhooks">
      <div class="Box-header">
        <h2 class="Box-title">Webhooks</h2>
      </div>
      {hooks.map((k) => (
        <div class="Box-row webhook">
          <div class="d-flex">
            <code class="flex-auto">{k.url}</code>
            <Post action={`/${repo}/-/settings/webhooks/delete`} h={h}>
              <input type="hidden" name="id" value={String(k.id)} />
              <button class="btn btn-sm btn-danger" type="submit">
                Remove
              </button>
            </Post>
          </div>
          <ul class="ml-3 text-small deliveries">
            {k.deliveries.map((d) => (
              <li>
                {d.at} {d.event}: {d.status ?? 'no answer'}
                {d.error ? ` (${d.error})` : ''}, {d.attempts} {d.attempts === 1 ? 'attempt' : 'attempts'}
              </li>
            ))}
          </ul>
        </div>
      ))}
      <div class="Box-row">
        <Post action={`/${repo}/-/settings/webhooks`} h={h} class="d-flex flex-wrap">
          <input
            class="form-control mr-2"
            name="url"
            placeholder="https://example.com/hook"
            aria-label="Webhook URL"
            required
          />
          <input
            class="form-control mr-2"
            name="secret"
            placeholder="secret (for the signature)"
            aria-label="Webhook secret"
            required
          />
          <button class="btn" type="submit">
            Add webhook
          </button>
        </Post>
      </div>
    </div>
  </HostLayout>
);

export interface MyRow {
  repo: string;
  id: string;
  title: string;
  status: string;
  why: string[];
}

export const MyPage: FC<{ h: HostFrame; rows: MyRow[] }> = ({ h, rows }) => (
  <HostLayout h={h}>
    <h1 class="h2 mb-3">My tickets</h1>
    <p class="color-fg-muted">
      Open tickets you wrote, are responsible for, watch or are mentioned in, in every repository you may read.
    </p>
    {rows.length === 0 ? (
      <div class="blankslate">
        <p>Nothing open involves you.</p>
      </div>
    ) : (
      <div class="Box" id="my-tickets">
        {rows.map((r) => (
          <div class="Box-row my-ticket">
            <span class="color-fg-muted mr-2">{r.repo}</span>
            <a class="Link--primary text-bold" href={`/${r.repo}/tickets/${r.id}`}>
              {r.title}
            </a>
            <span class="color-fg-muted ml-2">
              #{r.id.slice(0, 7)} · {r.why.join(', ')}
            </span>
          </div>
        ))}
      </div>
    )}
  </HostLayout>
);

export const HostErrorPage: FC<{ h: HostFrame; status: number; message: string }> = ({ h, status, message }) => (
  <HostLayout h={h}>
    <div class="blankslate">
      <h1 class="h2">{status === 404 ? 'Not found' : status === 403 ? 'Not allowed' : 'That did not work'}</h1>
      <p id="error-message">{message}</p>
    </div>
  </HostLayout>
);
