// What every timeline item gets, and the condensed row most of them are (GitHub's TimelineItem).
import type { FC } from 'hono/jsx';
import type { Comment, TimelineItem } from '../../../model/ticket.js';
import type { TicketData } from '../ticket-data.js';
import { Icon, type Frame } from '../../ui.js';

/** One timeline item of kind K, with what the page knows. */
export type Item<K extends TimelineItem['kind']> = FC<{
  item: Extract<TimelineItem, { kind: K }>;
  f: Frame;
  d: TicketData;
  comments: Map<string, Comment>;
  base: string;
}>;

export const EventRow: FC<{
  icon: 'open' | 'closed' | 'tag' | 'pencil' | 'commit' | 'comment' | 'check';
  children?: unknown;
}> = ({ icon, children }) => (
  <div class="TimelineItem TimelineItem--condensed event">
    <div class="TimelineItem-badge">
      <Icon name={icon} />
    </div>
    <div class="TimelineItem-body">{children as never}</div>
  </div>
);
