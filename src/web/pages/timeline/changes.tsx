// Timeline items that change a ticket: fields, labels, status (with its closing comment), commits naming it.
import { isOpen } from '../../../model/fields.js';
import { Person, Time } from '../../ui.js';
import { CommentBox } from '../comment-box.js';
import { EventRow, type Item, verdictOf } from './row.js';
import { Said, says } from './said.js';

/** Fields changed: each from and to. */
export const FieldsItem: Item<'fields'> = ({ item, f, d }) => (
  <EventRow icon="pencil" verdict={verdictOf(d, item)}>
    <Person who={item.author} f={f} /> <Said says={says(item, d.ticket)} f={f} d={d} /> <Time iso={item.time} />
  </EventRow>
);

/** Labels added and removed, as chips (the first few of a long list, then how many more). */
export const LabelsItem: Item<'labels'> = ({ item, f, d }) => (
  <EventRow icon="tag" verdict={verdictOf(d, item)}>
    <Person who={item.author} f={f} /> <Said says={says(item, d.ticket)} f={f} d={d} /> <Time iso={item.time} />
  </EventRow>
);

/** A status change: closed, reopened, or set; with its comment and merge commit. */
export const StatusItem: Item<'status'> = ({ item, f, d, base }) => (
  <>
    {item.comment ? (
      <CommentBox
        f={f}
        id={`s${item.entry.slice(0, 12)}`}
        author={item.author}
        time={item.time}
        html={d.html.get(`status:${item.entry}`) ?? ''}
        base={base}
        verdict={verdictOf(d, item)}
      />
    ) : null}
    <EventRow icon={isOpen(item.to) ? 'open' : 'closed'} verdict={verdictOf(d, item)}>
      <Person who={item.author} f={f} /> <Said says={says(item, d.ticket)} f={f} d={d} /> <Time iso={item.time} />
    </EventRow>
  </>
);

/** A commit that fixes or references the ticket. */
export const CommitItem: Item<'commit'> = ({ item, f, d }) => (
  <EventRow icon="commit" verdict={verdictOf(d, item)}>
    <Person who={item.author} f={f} /> <Said says={says(item, d.ticket)} f={f} d={d} /> <Time iso={item.time} />
  </EventRow>
);
