// Timeline items of the comment kinds: comments (and line comments, as threads), deletions, attachments.
import type { FC } from 'hono/jsx';
import type { ItemOf } from '../../../model/phrase.js';
import { type Frame, href, Icon, Person, Time } from '../../ui.js';
import { CommentBox } from '../comment-box.js';
import { Thread } from '../line-thread.js';
import type { TicketData } from '../ticket-data.js';
import { EventRow, type Item, verdictOf } from './row.js';
import { Said, says } from './said.js';

/** A comment, or a line comment with its thread. */
export const CommentItem: Item<'comment'> = ({ item, f, d, comments, base }) => {
  const c = comments.get(item.comment);
  if (!c || c.deleted) return null;
  if (c.anchor) {
    const a = c.anchor;
    const cur = d.ticket.current;
    return (
      <div class="TimelineItem pt-0 line-comment-item">
        <Thread
          f={f}
          t={d.ticket}
          root={c}
          replies={d.ticket.comments.filter((r) => r.reply === c.id)}
          html={d.html}
          outdated={!cur || cur.number !== a.patchset || cur.revision !== a.revision}
          write={f.part !== false}
          where="timeline"
        />
      </div>
    );
  }
  return (
    <CommentBox
      f={f}
      id={c.id}
      author={c.author}
      time={c.time}
      html={d.html.get(c.id) ?? ''}
      base={base}
      comment={c}
      reactions={d.ticket.reactions[c.id]}
      me={d.me}
      verdict={d.verdicts?.get(c.id)}
    />
  );
};

/** A deleted comment: who deleted it, never what it said. */
export const CommentDeletedItem: Item<'comment-deleted'> = ({ item, f, d }) => (
  <EventRow icon="comment" verdict={verdictOf(d, item)}>
    <Person who={item.author} f={f} /> <Said says={says(item, d.ticket)} f={f} d={d} /> <Time iso={item.time} />
  </EventRow>
);

/** An attachment. */
export const AttachmentEvent: Item<'attachment'> = ({ item, f, d, base }) => (
  <AttachmentItem f={f} d={d} a={item} base={base} />
);

/** An attached file in the timeline: images shown (from this server only), everything else as a download. */
const AttachmentItem: FC<{ f: Frame; d: TicketData; a: ItemOf<'attachment'>; base: string }> = ({ f, d, a, base }) => {
  const url = href(f, `${base}/attachments/${a.blob}/${encodeURIComponent(a.name)}`);
  const image = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'].includes(a.type);
  return (
    <div class="TimelineItem TimelineItem--condensed event attachment-item" id={`attachment-${a.entry.slice(0, 12)}`}>
      <div class="TimelineItem-badge">
        <Icon name="paperclip" />
      </div>
      <div class="TimelineItem-body">
        <Person who={a.author} f={f} />{' '}
        <Said says={says(a, d.ticket)} f={f} d={d} links={{ file: url, download: !image }} /> <Time iso={a.time} />
        {image ? (
          <a href={url} class="d-block mt-2">
            <img src={url} alt={a.name} class="attachment-image" loading="lazy" />
          </a>
        ) : null}
      </div>
    </div>
  );
};
