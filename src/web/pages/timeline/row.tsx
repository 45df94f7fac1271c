// What every timeline item gets, and the condensed row most of them are (GitHub's TimelineItem).
import type { FC } from 'hono/jsx';
import type { Comment, TimelineItem } from '../../../model/ticket.js';
import type { Verdict } from '../../../model/trust/verdict.js';
import { type Frame, Icon } from '../../ui.js';
import type { TicketData } from '../ticket-data.js';
import { VerdictBadge } from '../verdict-badge.js';

/** One timeline item of kind K, with what the page knows. */
export type Item<K extends TimelineItem['kind']> = FC<{
  item: Extract<TimelineItem, { kind: K }>;
  f: Frame;
  d: TicketData;
  comments: Map<string, Comment>;
  base: string;
}>;

/** The verdict on an item's entry (items from git commits have none). */
export const verdictOf = (d: TicketData, item: TimelineItem): Verdict | undefined =>
  'entry' in item ? d.verdicts?.get(item.entry) : undefined;

export const EventRow: FC<{
  icon: 'open' | 'closed' | 'tag' | 'pencil' | 'commit' | 'comment' | 'check';
  /** The verdict on the item's entry: a Verified / Unverified badge after the text. */
  verdict?: Verdict | undefined;
  children?: unknown;
}> = ({ icon, verdict, children }) => (
  <div class="TimelineItem TimelineItem--condensed event">
    <div class="TimelineItem-badge">
      <Icon name={icon} />
    </div>
    <div class="TimelineItem-body">
      {children as never}
      <VerdictBadge v={verdict} />
    </div>
  </div>
);
