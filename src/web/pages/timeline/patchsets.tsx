// Timeline items of proposals: patchsets pushed or rewritten, and reviews of a revision.
import { SCORE_NAMES } from '../../../model/entries/review.js';
import { ScoreBadge } from '../review-box.js';
import { Person, Time, href } from '../../ui.js';
import { EventRow, type Item } from './row.js';

/** A push: a new revision, or a rewrite as a new patchset. */
export const PatchsetItem: Item<'patchset'> = ({ item, f, base }) => {
  const who = <Person who={item.author} f={f} />;
  const when = <Time iso={item.time} />;
  const rewrite = item.type !== 'proposal' && item.type !== 'fast-forward';
  return (
    <EventRow icon="commit">
      <span class="patchset-event">
        {who}{' '}
        {rewrite ? (
          <>
            rewrote this as patchset {item.number} ({item.type}): {item.commits} commit
            {item.commits === 1 ? '' : 's'}
          </>
        ) : (
          <>
            pushed {item.added} commit{item.added === 1 ? '' : 's'} — patchset {item.number} revision {item.revision}
            {item.type === 'fast-forward' ? ', fast-forward' : ''}
          </>
        )}{' '}
        onto <code>{item.target}</code>, tip{' '}
        <a class="commit-link" href={`/commits/${item.tip}`}>
          <code>{item.tip.slice(0, 7)}</code>
        </a>{' '}
        <a class="Link--muted text-small" href={href(f, `${base}/files`, { at: `${item.number}.${item.revision}` })}>
          files
        </a>{' '}
        {when}
      </span>
    </EventRow>
  );
};

/** A review of one revision, marked stale once the patchset moved on. */
export const ReviewItem: Item<'review'> = ({ item, f, d }) => {
  const who = <Person who={item.author} f={f} />;
  const when = <Time iso={item.time} />;
  const cur = d.ticket.current;
  const stale = !cur || cur.number !== item.patchset || cur.revision !== item.revision;
  return (
    <EventRow icon={item.score > 0 ? 'check' : 'closed'}>
      <span class="review-event">
        {who} reviewed patchset {item.patchset} revision {item.revision} <ScoreBadge score={item.score} stale={stale} />{' '}
        <span class="sr-only">{SCORE_NAMES[item.score]}</span> {when}
      </span>
    </EventRow>
  );
};
