// Pages with little logic: query help, a commit, and errors that say what to do next.

import { raw } from 'hono/html';
import type { FC } from 'hono/jsx';
import type { CommitMessage } from '../../vcs/port.js';
import { Layout } from '../layout.js';
import { type Frame, href, Icon, Person, Time } from '../ui.js';

export const HelpPage: FC<{ f: Frame; text: string }> = ({ f, text }) => (
  <Layout f={f} title="Search help">
    <h1 class="h2 mb-3">Finding tickets</h1>
    <p class="mb-3">
      The list's search box takes the same queries as <code>dit ls QUERY</code> and <code>GET /api/tickets?q=</code>.
    </p>
    <pre class="query-help p-3 color-bg-subtle rounded-2">{text}</pre>
  </Layout>
);

export const CommitPage: FC<{ f: Frame; c: CommitMessage & { parents: string[] }; html: string }> = ({
  f,
  c,
  html,
}) => (
  <Layout f={f} title={`Commit ${c.commit.slice(0, 7)}`}>
    <div class="Box">
      <div class="Box-header">
        <h1 class="h3 Box-title">
          <Icon name="commit" class="mr-1" />
          {c.message.split('\n')[0]}
        </h1>
      </div>
      <div class="Box-body markdown-body commit-message">{raw(html)}</div>
      <div class="Box-footer text-small color-fg-muted">
        <Person who={c.author} f={f} /> committed <Time iso={c.time} /> · <code>{c.commit}</code>
        {c.parents.map((p) => (
          <>
            {' '}
            · parent{' '}
            <a href={`/commits/${p}`}>
              <code>{p.slice(0, 7)}</code>
            </a>
          </>
        ))}
      </div>
    </div>
  </Layout>
);

export const ErrorPage: FC<{ f: Frame; status: number; title: string; message: string }> = ({
  f,
  status,
  title,
  message,
}) => (
  <Layout f={f} title={title}>
    <div class="blankslate blankslate-large error-page">
      <h1 class="blankslate-heading f1">{status}</h1>
      <h2 class="h3 mb-2">{title}</h2>
      <p class="error-message">{message}</p>
      <p>
        <a class="btn" href={href(f, '/')}>
          Back to the tickets
        </a>
      </p>
    </div>
  </Layout>
);
