// A repository's settings page (its administrators): grants, the push rule, webhooks with their last deliveries.
import type { FC } from 'hono/jsx';
import type { Grant } from '../accounts.js';
import { GrantForm } from './admin.js';
import { type HostFrame, HostLayout, Post } from './layout.js';

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
  required: string[];
  /** Whether pushes are held to the rule for signed entries (`dit.verify`, on unless set false). */
  verify: boolean;
  flash?: string;
  notice?: string;
}> = ({ h, repo, grants, hooks, required, verify, flash, notice }) => (
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
    <div class="Box mb-4" id="required-checks">
      <div class="Box-header">
        <h2 class="Box-title">Required checks</h2>
      </div>
      <div class="Box-row">
        <p class="text-small color-fg-muted">
          The merge button and <code>dit merge</code> wait until each of these checks is <b>success</b> on the
          proposal's current revision (CI reports them: <code>POST /{repo}/api/tickets/ID/checks</code>). One name per
          line.
        </p>
        <Post action={`/${repo}/-/settings/checks`} h={h}>
          <textarea
            class="form-control width-full mb-2 text-mono"
            name="required"
            rows={3}
            aria-label="Required check names"
            placeholder="ci/build"
          >
            {required.join('\n')}
          </textarea>
          <button class="btn" type="submit" id="save-required-checks">
            Save required checks
          </button>
        </Post>
      </div>
    </div>
    <div class="Box mb-4" id="verify">
      <div class="Box-header">
        <h2 class="Box-title">Authorship of pushed entries</h2>
      </div>
      <div class="Box-row">
        <Post action={`/${repo}/-/settings/verify`} h={h}>
          <div class="form-checkbox mt-0">
            <label>
              <input type="radio" name="verify" value="on" checked={verify} /> Strict (the default)
            </label>
            <p class="note">
              A push is refused when an entry it adds names another account as its author without that account's
              signature, or changes a ticket's state without write access.
            </p>
          </div>
          <div class="form-checkbox">
            <label>
              <input type="radio" name="verify" value="off" checked={!verify} /> Off (<code>dit.verify off</code>)
            </label>
            <p class="note">Every entry is taken as it comes; pages still show which entries are verified.</p>
          </div>
          <button class="btn" type="submit">
            Save
          </button>
        </Post>
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
