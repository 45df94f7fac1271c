// The home page: the repositories the viewer may read, with their open tickets.
import type { FC } from 'hono/jsx';
import { type HostFrame, HostLayout } from './layout.js';

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
