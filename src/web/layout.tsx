// The page frame of `dit serve`: header with navigation and branch, pending-changes banner, content, footer.

import { raw } from 'hono/html';
import type { Child, FC } from 'hono/jsx';
import { MAX_TITLE } from '../model/schema.js';
import { assetUrl } from './assets.js';
import { type Frame, href, Icon, PostForm } from './ui.js';

const TOKEN_META = 'csrf-token';

/** The page frame: header with navigation and branch, pending-changes banner, content, footer. */
export const Layout: FC<{ f: Frame; title: string; children?: Child; flash?: string | null }> = ({
  f,
  title,
  children,
  flash,
}) => (
  <>
    {raw('<!DOCTYPE html>')}
    <html lang="en" data-color-mode={f.theme ?? 'auto'} data-light-theme="light" data-dark-theme="dark">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name={TOKEN_META} content={f.token} />
        <title>
          {title} · {f.repo}
        </title>
        <link rel="stylesheet" href={assetUrl('primer.css')} />
        <link rel="stylesheet" href={assetUrl('highlight.css')} />
        <link rel="stylesheet" href={assetUrl('app.css')} />
        <script src={assetUrl('app.js')} defer></script>
      </head>
      <body>
        <header class="Header px-3 px-md-4">
          <div class="Header-item">
            <a class="Header-link f4 d-flex flex-items-center" href={href(f, '/')}>
              <span class="dit-logo mr-2">dit</span>
              {f.repo}
            </a>
          </div>
          <nav class="Header-item Header-item--full" aria-label="Main">
            <a class="Header-link mr-3" href={href(f, '/')}>
              Tickets
            </a>
            <a class="Header-link mr-3" href={href(f, '/milestones')}>
              Milestones
            </a>
            <a class="Header-link mr-3" href={href(f, '/labels')}>
              Labels
            </a>
            <a class="Header-link mr-3" href="/help">
              Search help
            </a>
          </nav>
          <div class="Header-item mr-0">
            <form method="get" action={f.here.split('?')[0]} class="d-flex flex-items-center" id="branch-form">
              {[...new URLSearchParams(f.here.split('?')[1] ?? '')]
                .filter(([k]) => k !== 'branch' && k !== 'page')
                .map(([k, v]) => (
                  <input type="hidden" name={k} value={v} />
                ))}
              <Icon name="branch" class="mr-1 color-fg-muted" />
              <select name="branch" class="form-select select-sm" aria-label="View from branch" id="branch-select">
                {f.bare ? null : (
                  <option value="" selected={!f.branch}>
                    working tree{f.current ? ` (${f.current})` : ''}
                  </option>
                )}
                {f.branches.map((b) => (
                  <option value={b} selected={b === f.branch}>
                    {b}
                  </option>
                ))}
              </select>
              <button type="submit" class="btn btn-sm ml-1 js-hide">
                View
              </button>
            </form>
          </div>
        </header>
        {f.pending > 0 && !f.branch ? (
          <div class="flash flash-warn flash-full">
            <div class="container-lg px-3 d-flex flex-items-center flex-wrap">
              <span class="flex-auto">
                {f.pending} ticket {f.pending === 1 ? 'change' : 'changes'} not committed yet: staged in{' '}
                <code>.dit/</code>, they go with your next commit.
              </span>
              <PostForm action="/commit" f={f} class="d-flex flex-items-center">
                <input
                  class="form-control input-sm mr-2"
                  name="message"
                  aria-label="Commit message"
                  value="dit: ticket changes"
                  maxlength={MAX_TITLE}
                />
                <button class="btn btn-sm btn-primary" type="submit">
                  Commit ticket changes
                </button>
              </PostForm>
            </div>
          </div>
        ) : null}
        {f.lost > 0 ? (
          <div class="flash flash-error flash-full" role="alert">
            <div class="container-lg px-3">
              {f.lost} {f.lost === 1 ? 'entry' : 'entries'} dit wrote {f.lost === 1 ? 'is' : 'are'} in no branch, index
              or journal any more (a reset or stash?). Run <code>dit recover</code> to list them and{' '}
              <code>dit recover --restore</code> to bring them back.
            </div>
          </div>
        ) : null}
        {f.branch ? (
          <div class="flash flash-full">
            <div class="container-lg px-3">
              Viewing tickets as seen from branch <span class="branch-name">{f.branch}</span> ·{' '}
              <a href={f.here.replace(/([?&])branch=[^&]*&?/, '$1').replace(/[?&]$/, '')}>Back to the working tree</a>
            </div>
          </div>
        ) : null}
        <main class="container-lg px-3 py-4">
          {flash ? (
            <div class="flash flash-error mb-3" role="alert">
              {flash}
            </div>
          ) : null}
          {children}
        </main>
        <footer class="container-lg px-3 pb-4 text-small color-fg-muted d-flex flex-wrap flex-items-center">
          <span class="flex-auto">
            Press <kbd>?</kbd> for keyboard shortcuts
          </span>
          <ThemeSwitch f={f} />
        </footer>
      </body>
    </html>
  </>
);

/** Light, dark or the system's: a plain form (the cookie keeps it); app.js applies a change at once. */
const ThemeSwitch: FC<{ f: Frame }> = ({ f }) => (
  <form method="post" action="/theme" class="d-flex flex-items-center js-theme-form" id="theme-form">
    <input type="hidden" name="_csrf" value={f.token} />
    <input type="hidden" name="back" value={f.here} />
    <span class="mr-2">Theme</span>
    {(
      [
        ['auto', 'System'],
        ['light', 'Light'],
        ['dark', 'Dark'],
      ] as const
    ).map(([value, label]) => (
      <label class="mr-2 d-inline-flex flex-items-center text-normal">
        <input type="radio" name="theme" value={value} checked={(f.theme ?? 'auto') === value} class="mr-1" />
        {label}
      </label>
    ))}
    <button class="btn btn-sm js-theme-save" type="submit">
      Save
    </button>
  </form>
);
