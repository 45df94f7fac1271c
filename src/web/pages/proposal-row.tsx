// What a proposal's row in the ticket list adds: the proposal marker, its review state, its checks and how many patchsets it has.
import type { FC } from 'hono/jsx';
import type { Summary } from '../../model/ticket.js';
import { type Frame, href, Icon } from '../ui.js';
import { ListCheck } from './checks.js';

const STATE: Record<Summary['review'], [string, string] | null> = {
  approved: ['Label--success', 'approved'],
  'looks-good': ['Label--accent', 'looks good'],
  'needs-work': ['Label--attention', 'needs work'],
  vetoed: ['Label--danger', 'vetoed'],
  none: null,
};

/** Shown only for a ticket with a patchset (its summary names a tip). */
export const ProposalMeta: FC<{ s: Summary; f: Frame; patchsets?: number }> = ({ s, f, patchsets }) => {
  if (!s.tip) return null;
  const state = STATE[s.review];
  return (
    <span class="proposal-meta ml-1">
      <a
        class="Label Label--secondary proposal-marker v-align-middle"
        href={href(f, `/tickets/${s.id}/files`)}
        title={`a proposal into ${s.target ?? 'its target'}: see its files changed`}
      >
        <Icon name="branch" class="mr-1" />
        {s.target ? `into ${s.target}` : 'proposal'}
      </a>
      {state ? (
        <a
          class={`Label ${state[0]} ml-1 v-align-middle review-state`}
          href={href(f, '/', { q: `is:open review:${s.review}` })}
          title="what the current revision's reviews say"
        >
          {state[1]}
        </a>
      ) : null}
      <ListCheck state={s.checks ?? null} link={href(f, `/tickets/${s.id}`)} />
      {patchsets ? (
        <span class="text-small color-fg-muted ml-1 patchset-count">
          {patchsets} patchset{patchsets === 1 ? '' : 's'}
        </span>
      ) : null}
    </span>
  );
};
