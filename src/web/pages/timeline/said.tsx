// What happened, on the page: the description each entry kind gives (model/entries/describe.ts) in the
// same words `dit show`, mail and webhooks use, each value shown as the page shows it (chips, links).
import type { FC } from 'hono/jsx';
import { describeItem, told } from '../../../model/entries/describe.js';
import type { Part, Phrase, Told } from '../../../model/phrase.js';
import type { Ticket, TimelineItem } from '../../../model/ticket.js';
import { type Frame, Label } from '../../ui.js';
import type { TicketData } from '../ticket-data.js';

/** Where a part that links somewhere points; the rest of a part is shown by its kind alone. */
export interface SaidLinks {
  /** An attached file's address. */
  file?: string;
  /** Whether the file downloads rather than opens (all but images). */
  download?: boolean;
  /** Whether a review's score is stale (given on an earlier revision). */
  stale?: boolean;
}

const tolds = new WeakMap<Ticket, Told>();
/** The words for one item of the page's ticket (what its lookups need built once per ticket). */
export function says(item: TimelineItem, t: Ticket): Phrase {
  let about = tolds.get(t);
  if (!about) tolds.set(t, (about = told(t)));
  return describeItem(item, about).says;
}

export const Said: FC<{ says: Phrase; f: Frame; d: TicketData; links?: SaidLinks }> = ({ says, f, d, links = {} }) => (
  <>{says.map((p) => part(p, f, d, links))}</>
);

function part(p: Part, f: Frame, d: TicketData, links: SaidLinks): unknown {
  if (typeof p === 'string') return p;
  if ('value' in p) return <strong>{p.value}</strong>;
  if ('person' in p) return <strong>{f.people.display(p.person)}</strong>;
  if ('status' in p) return <strong>{p.status}</strong>;
  if ('label' in p) return <Label name={p.label} color={d.labels.get(p.label)?.color} f={f} />;
  if ('commit' in p)
    return (
      <a class="commit-link" href={`/commits/${p.commit}`}>
        <code>{p.commit.slice(0, 7)}</code>
      </a>
    );
  if ('quote' in p) return <span class="color-fg-default">"{p.quote}"</span>;
  if ('code' in p) return <code>{p.code}</code>;
  if ('file' in p)
    return links.file ? (
      <a href={links.file} class="attachment-link" download={links.download ? p.file : undefined}>
        {p.file}
      </a>
    ) : (
      p.file
    );
  const tone = links.stale
    ? 'secondary'
    : p.score === 2
      ? 'success'
      : p.score === -2
        ? 'danger'
        : p.score > 0
          ? 'accent'
          : 'attention';
  return (
    <span
      class={`Label review-score Label--${tone}`}
      title={links.stale ? 'stale: given on an earlier revision' : undefined}
    >
      {p.words}
    </span>
  );
}
