// The timeline: each entry kind's item, one component per kind in the files of this folder (as
// src/model/entries/ is one file per kind). A new kind fails to compile here until it has its item.
import type { FC } from 'hono/jsx';
import type { Comment, TimelineItem } from '../../../model/ticket.js';
import type { Frame } from '../../ui.js';
import type { TicketData } from '../ticket-data.js';
import { CommitItem, FieldsItem, LabelsItem, StatusItem } from './changes.js';
import { AttachmentEvent, CommentDeletedItem, CommentItem } from './comments.js';
import { PatchsetItem, ReviewItem } from './patchsets.js';
import type { Item } from './row.js';

/** Every kind's item; null for kinds the timeline does not show (they show elsewhere on the page). */
const ITEMS: { [K in TimelineItem['kind']]: Item<K> | null } = {
  created: null,
  'comment-edited': null,
  watch: null,
  vote: null,
  reaction: null,
  task: null,
  // checks show as marks on their revision (checks.tsx), as GitHub does
  check: null,
  comment: CommentItem,
  'comment-deleted': CommentDeletedItem,
  fields: FieldsItem,
  labels: LabelsItem,
  status: StatusItem,
  commit: CommitItem,
  patchset: PatchsetItem,
  attachment: AttachmentEvent,
  review: ReviewItem,
};

export const Event: FC<{
  item: TimelineItem;
  f: Frame;
  d: TicketData;
  comments: Map<string, Comment>;
  base: string;
}> = (props) => {
  const Render = ITEMS[props.item.kind] as Item<TimelineItem['kind']> | null;
  return Render ? <Render {...props} /> : null;
};
