// A proposal's review and merge boxes (as GitHub puts them above the comment box) and the sidebar's reviewers.
import type { FC } from 'hono/jsx';
import { SCORE_NAMES, SCORES, type Score } from '../../model/entries/review.js';
import type { Decider, Ticket } from '../../model/ticket.js';
import type { Mergeability } from '../../patchsets/mergeable.js';
import type { Matrix } from '../../store/read/branches.js';
import { type Frame, href, Icon, Person, PostForm, shortId, Time } from '../ui.js';
import { MergeChecks } from './checks.js';
import { Editor } from './editor.js';

const SCORE_HELP: Record<Score, string> = {
  2: 'Approve: ready to merge.',
  1: 'Looks good, but someone else should approve.',
  [-1]: 'Needs work before it can be merged.',
  [-2]: 'Veto: it must not be merged as it is.',
};

export const scoreText = (s: Score): string => `${s > 0 ? '+' : ''}${s}`;

/** The score as a coloured badge: green for approvals, red for vetoes. */
/** Primer's label colour for a score: grey once stale, green +2, red -2, blue +1, yellow -1. */
const SCORE_CLASS = (score: number, stale?: boolean): string =>
  stale
    ? 'Label--secondary'
    : score === 2
      ? 'Label--success'
      : score === -2
        ? 'Label--danger'
        : score > 0
          ? 'Label--accent'
          : 'Label--attention';

export const ScoreBadge: FC<{ score: Score; stale?: boolean }> = ({ score, stale }) => (
  <span
    class={`Label review-score ${SCORE_CLASS(score, stale)}`}
    title={stale ? 'stale: given on an earlier revision' : SCORE_NAMES[score]}
  >
    {scoreText(score)} {SCORE_NAMES[score]}
  </span>
);

/** Approve / looks good / needs work / veto with a comment, for the current revision. */
export const ReviewBox: FC<{ f: Frame; t: Ticket; open?: boolean }> = ({ f, t, open }) => {
  const c = t.current;
  if (!c) return null;
  const scores = f.scores ?? SCORES;
  const allowed = scores.length > 0;
  return (
    <details class="Box mb-3 review-box details-reset" id="review-box" open={open}>
      <summary class="Box-header d-flex flex-items-center py-2 px-3">
        <span class="flex-auto text-bold">Review changes</span>
        <span class="color-fg-muted text-small">
          patchset {c.number} revision {c.revision}
        </span>
      </summary>
      <div class="Box-body">
        {allowed ? (
          <PostForm action={`/tickets/${t.id}/review`} f={f}>
            <input type="hidden" name="at" value={`${c.number}.${c.revision}`} />
            <Editor name="comment" label="Review comment" placeholder="Leave a comment with your review (Markdown)" />
            <fieldset class="mt-2 review-scores">
              <legend class="sr-only">Score</legend>
              {scores.map((s) => (
                <label class="d-block mb-1">
                  <input type="radio" name="score" value={String(s)} required class="mr-1" checked={s === 1} />
                  <strong>{SCORE_NAMES[s]}</strong> ({scoreText(s)}){' '}
                  <span class="color-fg-muted text-small">{SCORE_HELP[s]}</span>
                </label>
              ))}
            </fieldset>
            {scores.length < SCORES.length ? (
              <p class="text-small color-fg-muted mb-0" id="review-scores-note">
                Approving (+2) and vetoing (−2) need write access to this repository.
              </p>
            ) : null}
            <div class="d-flex flex-items-center mt-2">
              <button class="btn btn-primary" type="submit" id="review-button">
                Submit review
              </button>
              <input type="hidden" name="shared" value="1" />
            </div>
          </PostForm>
        ) : (
          <p class="color-fg-muted mb-0">Sign in to review.</p>
        )}
      </div>
    </details>
  );
};

const STRATEGY_MENU: [string, string, string][] = [
  ['always', 'Create a merge commit', 'All commits are added to the target with a merge commit.'],
  ['squash', 'Squash and merge', 'The commits are combined into one commit on the target.'],
  ['rebase', 'Rebase and merge', 'The commits are replayed one by one onto the target.'],
  ['ff-only', 'Fast-forward only', 'The target moves to the tip; refused if it moved on.'],
];

/** Whether the current patchset merges, the strategy menu and the button (disabled, with the reason, when it cannot). */
export const MergeBox: FC<{ f: Frame; t: Ticket; m: Mergeability | null }> = ({ f, t, m }) => {
  const c = t.current;
  if (!c || !m) return null;
  const short = shortId(t.id);
  const reason = m.reason ?? (f.write === false ? 'You need write access to this repository to merge.' : null);
  const state = m.merged ? 'merged' : m.conflicts.length ? 'conflicts' : reason ? 'blocked' : 'ready';
  const heading = {
    merged: `Merged into ${m.target}`,
    conflicts: 'This patchset has conflicts that must be resolved',
    blocked: 'Merging is blocked',
    ready: m.fastForward
      ? `This patchset can be fast-forwarded into ${m.target}`
      : `This patchset has no conflicts with ${m.target}`,
  }[state];
  return (
    <div class={`Box mb-3 merge-box merge-${state}`} id="merge-box">
      <MergeChecks f={f} rc={m.checks} required={m.requiredChecks} />
      <div class="Box-row d-flex flex-items-start">
        <span
          class={`merge-icon mr-2 ${state === 'ready' ? 'color-fg-success' : state === 'merged' ? 'color-fg-done' : 'color-fg-danger'}`}
        >
          <Icon name={state === 'ready' || state === 'merged' ? 'check' : 'closed'} />
        </span>
        <div class="flex-auto">
          <strong class="d-block">{heading}</strong>
          <span class="text-small color-fg-muted">
            {t.review === 'none' ? 'No current review.' : `Review: ${t.review.replace('-', ' ')}.`}
            {m.requireApproval ? ' This repository requires an approval.' : ''}
          </span>
          {reason && !m.merged ? (
            <p class="text-small color-fg-danger mb-0 mt-1" id="merge-reason">
              {reason}
            </p>
          ) : null}
          {m.conflicts.length ? (
            <ul class="text-small text-mono ml-3 mt-1" id="merge-conflicts">
              {m.conflicts.slice(0, 50).map((p) => (
                <li>
                  <bdi>{p}</bdi>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      </div>
      {m.merged ? null : (
        <div class="Box-row">
          <PostForm action={`/tickets/${t.id}/merge`} f={f} class="d-flex flex-items-center flex-wrap">
            <input type="hidden" name="at" value={`${c.number}.${c.revision}`} />
            <label class="sr-only" for="merge-strategy">
              Merge strategy
            </label>
            <select name="strategy" id="merge-strategy" class="form-select mr-2" disabled={!!reason}>
              {STRATEGY_MENU.map(([value, label]) => (
                <option value={value} disabled={value === 'ff-only' && !m.fastForward}>
                  {label}
                </option>
              ))}
            </select>
            <button class="btn btn-primary" type="submit" id="merge-button" disabled={!!reason}>
              Merge into {m.target}
            </button>
          </PostForm>
          <ul class="text-small color-fg-muted mt-2 ml-3">
            {STRATEGY_MENU.map(([, label, help]) => (
              <li>
                <strong>{label}:</strong> {help}
              </li>
            ))}
          </ul>
          {!f.bare ? (
            <details class="mt-2 text-small" id="merge-locally">
              <summary class="btn-link">Merge on the command line</summary>
              <pre class="mt-2 p-2 color-bg-subtle rounded-2">
                {`dit merge ${short}                  # a merge commit (--strategy squash, rebase, ff-only)\n`}
                {m.conflicts.length
                  ? ''
                  : `# or with plain git:\ngit switch ${m.target}\ngit merge --no-ff ticket/${short}\n`}
              </pre>
            </details>
          ) : null}
        </div>
      )}
    </div>
  );
};

/** The sidebar's reviewers: each person's latest score, stale ones marked. */
export const Reviewers: FC<{ f: Frame; t: Ticket }> = ({ f, t }) => {
  if (!t.current && !t.reviews.length) return null;
  return (
    <div class="discussion-sidebar-item border-bottom pb-3 mb-3" id="sidebar-reviewers">
      <h2 class="text-small text-bold color-fg-muted mb-2">Reviewers</h2>
      {t.reviews.length ? (
        <ul class="list-style-none text-small">
          {t.reviews.map((r) => (
            <li class={`d-flex flex-items-center mb-1 reviewer${r.stale ? ' stale' : ''}`}>
              <span class="flex-auto">
                <Person who={r.author} f={f} />
              </span>
              <ScoreBadge score={r.score} stale={r.stale} />
              {r.stale ? (
                <span class="color-fg-muted ml-1" title={`given on patchset ${r.patchset} revision ${r.revision}`}>
                  (stale)
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <span class="color-fg-muted text-small">No reviews yet</span>
      )}
    </div>
  );
};

/** A review in the timeline: who, the score badge, and which revision. */
export const ReviewEvent: FC<{
  f: Frame;
  author: Ticket['author'];
  score: Score;
  patchset: number;
  revision: number;
  time: string;
  stale: boolean;
}> = ({ f, author, score, patchset, revision, time, stale }) => (
  <>
    <Person who={author} f={f} /> reviewed <ScoreBadge score={score} stale={stale} /> on patchset {patchset} revision{' '}
    {revision} <Time iso={time} />
  </>
);

/** "Merged into main by d6d9b5a (patchset 2 revision 1)": one line per branch the branch matrix finds merged. */
export const MergedEvents: FC<{ f: Frame; t: Ticket; matrix: Matrix | null }> = ({ f, t, matrix }) => {
  if (!t.current || !matrix) return null;
  const rows = matrix.rows.filter((r) => r.summary?.status === 'merged' && r.summary.decidedBy?.kind === 'commit');
  return (
    <>
      {rows.map((r) => {
        const d = r.summary!.decidedBy as Extract<Decider, { kind: 'commit' }>;
        return (
          <div class="TimelineItem TimelineItem--condensed event merged-event">
            <div class="TimelineItem-badge color-fg-done">
              <Icon name="branch" />
            </div>
            <div class="TimelineItem-body">
              Merged into <span class="branch-name">{r.branch}</span>
              {r.remote ? ' (remote-tracking)' : ''}: it contains{' '}
              <a class="commit-link" href={href(f, `/commits/${d.commit}`)}>
                <code>{d.commit.slice(0, 7)}</code>
              </a>
              , {d.summary} <Time iso={d.time} />
            </div>
          </div>
        );
      })}
    </>
  );
};
