// The ticket sidebar's branch matrix: this ticket's state on every branch, and what decided it there, as a
// small fixed table: long branch names are cut with an ellipsis (the full name on hover), never broken.
import type { FC } from 'hono/jsx';
import { isOpen } from '../../model/fields.js';
import type { Reversal } from '../../store/cache/history.js';
import type { Matrix } from '../../store/read/branches.js';
import { type Frame, href, Icon } from '../ui.js';

/** The point of dit: this ticket's state on every branch, and what decided it there. */
export const BranchMatrix: FC<{ f: Frame; m: Matrix; id: string; remotes: boolean }> = ({ f, m, id, remotes }) => (
  <div class="discussion-sidebar-item" id="branch-matrix">
    <h2 class="text-small text-bold color-fg-muted mb-2 d-flex flex-items-center">
      <span class="flex-auto">
        <Icon name="branch" class="mr-1" />
        Branches
      </span>
      <a
        class="Link--muted text-normal"
        id="remotes-toggle"
        href={href(f, `/tickets/${id}`, { remotes: remotes ? undefined : 1 })}
      >
        {remotes ? 'Hide remote branches' : 'Show remote branches'}
      </a>
    </h2>
    <table class="branch-matrix text-small">
      <colgroup>
        <col />
        <col class="bm-status-col" />
        <col class="bm-by-col" />
      </colgroup>
      <thead class="sr-only">
        <tr>
          <th scope="col">Branch</th>
          <th scope="col">Status</th>
          <th scope="col">Decided by</th>
        </tr>
      </thead>
      <tbody>
        {m.worktree !== undefined ? (
          <MatrixRow
            f={f}
            id={m.id}
            name="working tree"
            link={null}
            s={m.worktree}
            reverted={m.worktreeReverted ?? []}
          />
        ) : null}
        {m.rows.map((r) => (
          <MatrixRow
            f={f}
            id={m.id}
            name={r.branch}
            link={r.branch}
            s={r.summary}
            current={r.current}
            remote={r.remote}
            reverted={r.reverted}
          />
        ))}
      </tbody>
    </table>
    {remotes && !m.rows.some((r) => r.remote) ? (
      <p class="text-small color-fg-muted mt-1">
        No remote-tracking branches; they appear after <code>git fetch</code>.
      </p>
    ) : null}
  </div>
);

const MatrixRow: FC<{
  f: Frame;
  id: string;
  name: string;
  link: string | null;
  s: Matrix['worktree'];
  current?: boolean;
  remote?: boolean;
  reverted: Reversal[];
}> = ({ f, id, name, link, s, current, remote, reverted }) => {
  const undone = s && isOpen(s.status) ? reverted.find((r) => r.action === 'fixes') : undefined;
  const selected = f.branch === link || (link === null && !f.branch);
  const cls = [selected ? 'selected' : '', remote ? 'remote-branch' : ''].filter(Boolean).join(' ');
  return (
    <>
      <tr class={cls || undefined}>
        <td class="bm-name">
          <div class="bm-name-inner">
            {s ? (
              <a
                class="bm-branch branch-name"
                href={`/tickets/${id}${link ? `?branch=${encodeURIComponent(link)}` : ''}`}
                title={name}
                aria-current={selected ? 'page' : undefined}
              >
                {name}
              </a>
            ) : (
              <span class="bm-branch branch-name" title={name}>
                {name}
              </span>
            )}
            {current ? (
              <span class="Label Label--secondary bm-head" title="the checked-out branch">
                HEAD
              </span>
            ) : null}
          </div>
        </td>
        <td class="bm-status">
          {s ? (
            <span class={isOpen(s.status) ? 'color-fg-open' : 'color-fg-done'} title={s.status}>
              {s.status}
            </span>
          ) : (
            <span class="color-fg-muted">absent</span>
          )}
        </td>
        <td class="bm-by color-fg-muted">
          {undone ? (
            <a href={`/commits/${undone.revert.commit}`} title={`reverted: undoes ${undone.commit.slice(0, 7)}`}>
              <code>{undone.revert.commit.slice(0, 7)}</code>
            </a>
          ) : s?.decidedBy && (s.decidedBy.kind === 'commit' || !isOpen(s.status)) ? (
            s.decidedBy.kind === 'commit' ? (
              <a href={`/commits/${s.decidedBy.commit}`} title={s.decidedBy.summary}>
                <code>{s.decidedBy.commit.slice(0, 7)}</code>
              </a>
            ) : (
              <span title={`entry ${s.decidedBy.id} by ${s.decidedBy.author.name}`}>{s.decidedBy.author.name}</span>
            )
          ) : null}
        </td>
      </tr>
      {undone ? (
        <tr class="bm-note">
          <td colspan={3} class="color-fg-muted">
            <span class="reverted" title={`undoes ${undone.commit.slice(0, 7)} ${undone.summary}`}>
              {undone.revert.merge ? 'reopened by revert ' : 'reverted by '}
              <a href={`/commits/${undone.revert.commit}`}>
                <code>{undone.revert.commit.slice(0, 7)}</code>
              </a>
              {undone.revert.merge ? (
                <>
                  {' '}
                  of merge{' '}
                  <a href={`/commits/${undone.revert.merge}`}>
                    <code>{undone.revert.merge.slice(0, 7)}</code>
                  </a>
                </>
              ) : null}
            </span>
          </td>
        </tr>
      ) : null}
    </>
  );
};
