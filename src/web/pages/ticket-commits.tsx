// The Commits tab: the commits of one revision of a proposal, oldest first, each linking to its commit page.
import type { FC } from 'hono/jsx';
import type { LogEntry } from '../../git/patch.js';
import type { Ticket } from '../../model/ticket.js';
import { LIMITS, type Picked } from '../../patchsets/diffs.js';
import { type Frame, href, Icon, Time } from '../ui.js';
import { CheckStatus } from './checks.js';
import { RevisionPicker, TabPage } from './ticket-tabs.js';

export const CommitsPage: FC<{ f: Frame; t: Ticket; picked: Picked; commits: LogEntry[] }> = ({
  f,
  t,
  picked,
  commits,
}) => (
  <TabPage f={f} t={t} tab="commits" title="Commits">
    <div class="d-flex flex-items-center mb-3">
      <span class="flex-auto color-fg-muted">
        {picked.commits} commit{picked.commits === 1 ? '' : 's'} onto <span class="branch-name">{picked.target}</span>{' '}
        from <code>{picked.base.slice(0, 7)}</code>{' '}
        <span class="revision-checks">
          <CheckStatus f={f} checks={t.checks} commit={picked.tip} />
        </span>
      </span>
      <RevisionPicker f={f} t={t} action={`/tickets/${t.id}/commits`} picked={picked} />
    </div>
    <div class="Box commit-list" id="commits">
      {commits.length ? (
        commits.map((c) => (
          <div class="Box-row d-flex flex-items-center commit-row">
            <Icon name="commit" class="mr-2 color-fg-muted" />
            <div class="flex-auto min-width-0">
              <a class="Link--primary text-bold commit-subject" href={href(f, `/commits/${c.commit}`)}>
                <bdi>{c.subject || '(no message)'}</bdi>
              </a>
              <div class="text-small color-fg-muted">
                <span class="text-bold commit-author" title={`${c.author.name} <${c.author.email}>`}>
                  {c.author.name || c.author.email}
                </span>{' '}
                committed <Time iso={c.time} />
                {c.parents.length > 1 ? <span class="Label ml-1">merge</span> : null}
              </div>
            </div>
            {c.commit === picked.tip ? <CheckStatus f={f} checks={t.checks} commit={c.commit} /> : null}
            <a class="btn btn-sm text-mono ml-2" href={href(f, `/commits/${c.commit}`)} title={c.commit}>
              {c.commit.slice(0, 7)}
            </a>
          </div>
        ))
      ) : (
        <div class="Box-row color-fg-muted">No commits between the base and the tip.</div>
      )}
    </div>
    {picked.commits > commits.length ? (
      <p class="text-small color-fg-muted mt-2">
        Showing the newest {commits.length} of {picked.commits} commits (at most {LIMITS.commits}).
      </p>
    ) : null}
  </TabPage>
);
