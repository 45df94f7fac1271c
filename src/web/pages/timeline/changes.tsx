// Timeline items that change a ticket: fields, labels, status (with its closing comment), commits naming it.
import { isOpen } from '../../../model/fields.js';
import { CommentBox } from '../comment-box.js';
import { Label, Person, Time, type Frame } from '../../ui.js';
import { EventRow, type Item } from './row.js';

/** A changed value as the timeline says it; a responsible person by name, as everywhere else. */
const who2 = (field: string, v: unknown, f: Frame): string =>
  field === 'responsible' && typeof v === 'string' && v ? f.people.display(v) : fmt(v);

const fmt = (v: unknown): string =>
  v === null || v === undefined || v === '' ? 'nothing' : Array.isArray(v) ? v.join(', ') : String(v);

/** Fields changed: each from and to. */
export const FieldsItem: Item<'fields'> = ({ item, f }) => {
  const who = <Person who={item.author} f={f} />;
  const when = <Time iso={item.time} />;
  return (
    <EventRow icon="pencil">
      {who}{' '}
      {Object.entries(item.changes).map(([k, [from, to]], i) => (
        <>
          {i > 0 ? ', ' : ''}
          {k === 'body' ? (
            'edited the description'
          ) : (
            <>
              changed {k} from <strong>{who2(k, from, f)}</strong> to <strong>{who2(k, to, f)}</strong>
            </>
          )}
        </>
      ))}{' '}
      {when}
    </EventRow>
  );
};

/** Labels added and removed, as chips. */
export const LabelsItem: Item<'labels'> = ({ item, f, d }) => {
  const who = <Person who={item.author} f={f} />;
  const when = <Time iso={item.time} />;
  return (
    <EventRow icon="tag">
      {who}{' '}
      {item.added.length ? (
        <>
          added{' '}
          {item.added.map((l) => (
            <Label name={l} color={d.labels.get(l)?.color} f={f} />
          ))}
        </>
      ) : null}
      {item.added.length && item.removed.length ? ' and ' : null}
      {item.removed.length ? (
        <>
          removed{' '}
          {item.removed.map((l) => (
            <Label name={l} color={d.labels.get(l)?.color} f={f} />
          ))}
        </>
      ) : null}{' '}
      {when}
    </EventRow>
  );
};

/** A status change: closed, reopened, or set; with its comment and merge commit. */
export const StatusItem: Item<'status'> = ({ item, f, d, base }) => {
  const who = <Person who={item.author} f={f} />;
  const when = <Time iso={item.time} />;
  return (
    <>
      {item.comment ? (
        <CommentBox
          f={f}
          id={`s${item.entry.slice(0, 12)}`}
          author={item.author}
          time={item.time}
          html={d.html.get(`status:${item.entry}`) ?? ''}
          base={base}
        />
      ) : null}
      <EventRow icon={isOpen(item.to) ? 'open' : 'closed'}>
        {who}{' '}
        {isOpen(item.to) ? (
          isOpen(item.from) ? (
            <>
              set the status to <strong>{item.to}</strong>
            </>
          ) : (
            'reopened this'
          )
        ) : (
          <>
            closed this as <strong>{item.to}</strong>
          </>
        )}
        {item.commit ? (
          <>
            {' '}
            in {item.to === 'merged' ? 'merge commit' : 'commit'}{' '}
            <a class="commit-link" href={`/commits/${item.commit}`}>
              <code>{item.commit.slice(0, 7)}</code>
            </a>
            {item.target ? (
              <>
                {' '}
                into <code>{item.target}</code>
              </>
            ) : null}
            {item.elsewhere ? <span class="color-fg-muted"> (not in this branch's history, so not here)</span> : null}
          </>
        ) : null}{' '}
        {when}
      </EventRow>
    </>
  );
};

/** A commit that fixes or references the ticket. */
export const CommitItem: Item<'commit'> = ({ item, f }) => {
  const who = <Person who={item.author} f={f} />;
  const when = <Time iso={item.time} />;
  return (
    <EventRow icon="commit">
      {who} {item.action === 'fixes' ? 'fixed this in' : 'referenced this in'} commit{' '}
      <a class="commit-link" href={`/commits/${item.commit}`}>
        <code>{item.commit.slice(0, 7)}</code>
      </a>
      <span class="color-fg-default"> {item.summary}</span> {when}
    </EventRow>
  );
};
