// CI checks as GitHub draws them: a yellow dot, a green tick or a red cross per revision, each check
// with its description and a link to its details; the merge box's list names the required ones.
import type { FC } from 'hono/jsx';
import { type Check, type CheckState, checksOn, combinedState } from '../../model/entries/check.js';
import type { RevisionChecks } from '../../patchsets/checks.js';
import { type Frame, Icon, Person, Time } from '../ui.js';

type Shown = CheckState | 'expected';

const LOOK: Record<Shown, { icon: 'check' | 'x' | 'dot'; color: string; word: string }> = {
  success: { icon: 'check', color: 'color-fg-success', word: 'successful' },
  failure: { icon: 'x', color: 'color-fg-danger', word: 'failing' },
  error: { icon: 'x', color: 'color-fg-danger', word: 'errored' },
  pending: { icon: 'dot', color: 'color-fg-attention', word: 'pending' },
  expected: { icon: 'dot', color: 'color-fg-attention', word: 'expected' },
};

/** One state's mark: a tick, a cross or a dot, in its colour, with the state for screen readers. */
export const CheckIcon: FC<{ state: Shown; class?: string }> = ({ state, class: cls }) => (
  <span class={`check-icon check-${state} ${LOOK[state].color} ${cls ?? ''}`} title={state}>
    <Icon name={LOOK[state].icon} />
    <span class="sr-only">{state}</span>
  </span>
);

/** One row per check: its mark, name, description, who reported it when, "Required", and its details. */
const CheckRows: FC<{
  f: Frame;
  checks: readonly Check[];
  missing?: readonly string[];
  required?: readonly string[];
}> = ({ f, checks, missing = [], required = [] }) => (
  <>
    {checks.map((c) => (
      <div class={`Box-row d-flex flex-items-center py-2 check-row check-row-${c.state}`} data-check={c.name}>
        <CheckIcon state={c.state} class="mr-2" />
        <div class="flex-auto min-width-0 text-small">
          <strong class="check-name">
            <bdi>{c.name}</bdi>
          </strong>{' '}
          <span class="color-fg-muted check-description">
            — {c.description ?? c.state}
            {' · '}
            <Person who={c.author} f={f} /> <Time iso={c.time} />
          </span>
        </div>
        {required.includes(c.name) ? <span class="Label ml-2 check-required">Required</span> : null}
        {c.url ? (
          <a class="ml-2 text-small check-details" href={c.url} rel="noopener noreferrer nofollow" target="_blank">
            Details
          </a>
        ) : null}
      </div>
    ))}
    {missing.map((name) => (
      <div class="Box-row d-flex flex-items-center py-2 check-row check-row-expected" data-check={name}>
        <CheckIcon state="expected" class="mr-2" />
        <div class="flex-auto text-small">
          <strong class="check-name">
            <bdi>{name}</bdi>
          </strong>{' '}
          <span class="color-fg-muted">— Expected: waiting for it to be reported</span>
        </div>
        <span class="Label ml-2 check-required">Required</span>
      </div>
    ))}
  </>
);

/** "All checks have passed", "Some checks were not successful", "Some checks haven't completed yet". */
function headline(state: CheckState | null, counts: Record<Shown, number>): string {
  const parts = (['failure', 'error', 'pending', 'expected', 'success'] as const)
    .filter((s) => counts[s])
    .map((s) => `${counts[s]} ${LOOK[s].word}`);
  const head =
    state === 'failure'
      ? 'Some checks were not successful'
      : state === 'pending'
        ? "Some checks haven't completed yet"
        : 'All checks have passed';
  return `${head}: ${parts.join(', ')}`;
}

/** The merge box's checks section: the current revision's checks and the required ones not reported. */
export const MergeChecks: FC<{ f: Frame; rc: RevisionChecks; required: readonly string[] }> = ({ f, rc, required }) => {
  if (!rc.checks.length && !rc.missing.length) return null;
  const counts: Record<Shown, number> = { success: 0, failure: 0, error: 0, pending: 0, expected: rc.missing.length };
  for (const c of rc.checks) counts[c.state]++;
  return (
    <div class="merge-checks" id="merge-checks">
      <div class="Box-row d-flex flex-items-center">
        <CheckIcon state={rc.state ?? 'success'} class="mr-2" />
        <strong class="flex-auto">{headline(rc.state, counts)}</strong>
        <span class="text-small color-fg-muted">
          patchset {rc.patchset} revision {rc.revision}
        </span>
      </div>
      <CheckRows f={f} checks={rc.checks} missing={rc.missing} required={required} />
    </div>
  );
};

/**
 * A revision's combined mark, opening (without script) onto its checks, as GitHub's status next to a
 * commit; nothing when no check was reported on it.
 */
export const CheckStatus: FC<{ f: Frame; checks: readonly Check[]; commit: string }> = ({ f, checks, commit }) => {
  const on = checksOn(checks, commit);
  const state = combinedState(on);
  if (!state) return null;
  return (
    <details class="details-reset details-overlay d-inline-block check-status">
      <summary class="d-inline-block" aria-label={`checks: ${state}`}>
        <CheckIcon state={state} />
      </summary>
      <div class="Popover position-absolute" style="z-index:20">
        <div class="Popover-message Popover-message--top-left Box color-shadow-large p-0 text-left" style="width:420px">
          <div class="Box-header py-2 px-3 text-small text-bold">
            {on.length} check{on.length === 1 ? '' : 's'} on <code>{commit.slice(0, 7)}</code>
          </div>
          <CheckRows f={f} checks={on} />
        </div>
      </div>
    </details>
  );
};

/** The list page's mark for a proposal: its current revision's combined state, linking to the merge box. */
export const ListCheck: FC<{ state: CheckState | null; link: string }> = ({ state, link }) =>
  state ? (
    <a href={`${link}#merge-box`} class="ml-1 v-align-middle list-check" title={`checks: ${state}`}>
      <CheckIcon state={state} />
    </a>
  ) : null;
