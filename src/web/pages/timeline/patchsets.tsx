// Timeline items of proposals: patchsets pushed or rewritten (with their CI checks), and reviews of a revision.

import { href, Person, Time } from '../../ui.js';
import { CheckStatus } from '../checks.js';
import { EventRow, type Item, verdictOf } from './row.js';
import { Said, says } from './said.js';

/** A push: a new revision, or a rewrite as a new patchset; with a link to its files. */
export const PatchsetItem: Item<'patchset'> = ({ item, f, d, base }) => (
  <EventRow icon="commit" verdict={verdictOf(d, item)}>
    <span class="patchset-event">
      <Person who={item.author} f={f} /> <Said says={says(item, d.ticket)} f={f} d={d} />{' '}
      <CheckStatus f={f} checks={d.ticket.checks} commit={item.tip} />{' '}
      <a class="Link--muted text-small" href={href(f, `${base}/files`, { at: `${item.number}.${item.revision}` })}>
        files
      </a>{' '}
      <Time iso={item.time} />
    </span>
  </EventRow>
);

/** A review of one revision, its score marked stale once the patchset moved on. */
export const ReviewItem: Item<'review'> = ({ item, f, d }) => {
  const cur = d.ticket.current;
  const stale = !cur || cur.number !== item.patchset || cur.revision !== item.revision;
  return (
    <EventRow icon={item.score > 0 ? 'check' : 'closed'} verdict={verdictOf(d, item)}>
      <span class="review-event">
        <Person who={item.author} f={f} /> <Said says={says(item, d.ticket)} f={f} d={d} links={{ stale }} />{' '}
        <Time iso={item.time} />
      </span>
    </EventRow>
  );
};
