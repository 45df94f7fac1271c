// The frame of the hosting server's own pages: the layout, the account bar on every page, a form that posts with the session's token.

import { raw } from 'hono/html';
import type { Child, FC } from 'hono/jsx';
import { assetUrl } from '../../web/assets.js';
import type { User } from '../accounts.js';

export interface HostFrame {
  user: User | null;
  csrf: string;
  title: string;
}

export const Post: FC<{ action: string; h: HostFrame; children?: Child; class?: string }> = ({
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
