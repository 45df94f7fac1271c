// "My tickets": open tickets that involve the viewer, across every repository they may read.
import type { FC } from 'hono/jsx';
import { type HostFrame, HostLayout } from './layout.js';

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
