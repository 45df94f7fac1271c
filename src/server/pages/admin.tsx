// The server administrator's page: users, repositories, grants; and the grant form repository settings share.
import type { FC } from 'hono/jsx';
import type { Grant, User } from '../accounts.js';
import { type HostFrame, HostLayout, Post } from './layout.js';

export const AdminPage: FC<{
  h: HostFrame;
  users: User[];
  repos: { name: string; public: boolean; description: string }[];
  grants: Grant[];
  /** Whether anyone may sign up, and whether `--signup` holds it open (then this page cannot close it). */
  signup: { open: boolean; byFlag: boolean; mailed: boolean };
  flash?: string;
  notice?: string;
}> = ({ h, users, repos, grants, signup, flash, notice }) => (
  <HostLayout h={h} flash={flash} notice={notice}>
    <h1 class="h2 mb-3">Administration</h1>
    <div class="Box mb-4" id="admin-signup">
      <div class="Box-header">
        <h2 class="Box-title">Sign-up</h2>
      </div>
      <div class="Box-row d-flex flex-items-center">
        <p class="flex-auto mb-0">
          {signup.open
            ? `Anyone may create an account at /-/signup${signup.mailed ? ', confirmed by a mailed link' : ' (no --smtp: no confirmation mail)'}. ` +
              'New accounts read public repositories only until granted more.'
            : 'Closed: only administrators add accounts.'}
          {signup.byFlag ? ' Held open by --signup.' : ''}
        </p>
        {signup.byFlag ? null : (
          <Post action="/-/admin/signup" h={h}>
            <input type="hidden" name="open" value={signup.open ? '0' : '1'} />
            <button class="btn" type="submit" id="signup-toggle">
              {signup.open ? 'Close sign-up' : 'Open sign-up'}
            </button>
          </Post>
        )}
      </div>
    </div>
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
