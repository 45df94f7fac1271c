// The ticket list: query box, Open/Closed tabs with counts, sort menu, rows, pagination.
import type { FC } from 'hono/jsx';
import type { LabelDef } from '../../model/label-def.js';
import type { Summary } from '../../model/ticket.js';
import type { Listing } from '../../store/read/list.js';
import { Layout } from '../layout.js';
import { capital, type Frame, href, Icon, Label, Person, shortId, stateIcon, Time } from '../ui.js';
import { type FilterData, FilterMenus, SavedQueries } from './list-filters.js';
import { ProposalMeta } from './proposal-row.js';

export const PAGE_SIZE = 25;

const SORTS: [string, string][] = [
  ['created-desc', 'Newest'],
  ['created-asc', 'Oldest'],
  ['updated-desc', 'Recently updated'],
  ['updated-asc', 'Least recently updated'],
  ['comments-desc', 'Most commented'],
  ['priority-desc', 'Priority'],
  ['severity-desc', 'Severity'],
  ['votes-desc', 'Most votes'],
  ['relevance', 'Best match'],
];

/** The query text with its state and sort terms replaced: what the tabs and the sort menu link to. */
export function withTerm(q: string, re: RegExp, term: string): string {
  const rest = q.replace(re, ' ').replace(/\s+/g, ' ').trim();
  return term ? `${term} ${rest}`.trim() : rest;
}
const STATE_TERM = /(^|\s)(is|state):(open|closed)(?=\s|$)/gi;
const SORT_TERM = /(^|\s)sort:\S+(?=\s|$)/gi;

export const ListPage: FC<{
  f: Frame;
  q: string;
  listing: Listing;
  page: number;
  labels: Map<string, LabelDef>;
  filters: FilterData;
  error?: string | null;
  /** Patchset counts of the proposals on this page, by ticket id. */
  patchsets?: Map<string, number>;
}> = ({ f, q, listing, page, labels, filters, error, patchsets }) => {
  const pages = Math.max(1, Math.ceil(listing.tickets.length / PAGE_SIZE));
  page = Math.min(page, pages); // past the end shows the last page, as GitHub does
  const rows = listing.tickets.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const sort = listing.query?.sort ?? 'created-desc';
  const filtered = q.trim() !== '' && q.trim() !== 'is:open';
  return (
    <Layout f={f} title="Tickets">
      <div class={filters.saved.length ? 'd-md-flex' : ''}>
        {filters.saved.length ? (
          <div class="col-md-3 pr-md-4 mb-3 flex-shrink-0">
            <SavedQueries f={f} q={q} saved={filters.saved} />
          </div>
        ) : null}
        <div class="flex-auto min-width-0">
          <div class="d-flex flex-wrap flex-items-center mb-3 gap-2">
            {/* biome-ignore lint/a11y/useSemanticElements: a search landmark on the form itself; <search> is too new for some readers */}
            <form method="get" action="/" class="flex-auto d-flex" role="search">
              {f.branch ? <input type="hidden" name="branch" value={f.branch} /> : null}
              <input
                class={`form-control flex-auto ${error ? 'color-border-danger' : ''}`}
                type="search"
                name="q"
                value={q}
                id="query"
                aria-label="Search tickets"
                placeholder="is:open label:bug crash"
                autocomplete="off"
                spellcheck={false}
              />
              <button class="btn ml-2" type="submit">
                Search
              </button>
            </form>
            <a class="btn" href={href(f, '/labels')}>
              <Icon name="tag" class="mr-1" />
              Labels
            </a>
            <a class="btn" href={href(f, '/milestones')}>
              <Icon name="milestone" class="mr-1" />
              Milestones
            </a>
            {f.part === false ? null : (
              <a class="btn btn-primary" href={href(f, '/tickets/new')} id="new-ticket">
                New ticket
              </a>
            )}
          </div>
          {filtered ? (
            <div class="mb-3">
              <a class="Link--secondary text-bold clear-filters" id="clear-filters" href={href(f, '/')}>
                <span class="clear-filters-x" aria-hidden="true">
                  ×
                </span>
                Clear current search query, filters, and sorts
              </a>
            </div>
          ) : null}
          {error ? (
            <div class="flash flash-error mb-3" role="alert" id="query-error">
              <pre class="query-error">{error}</pre>
              <a href="/help">How to write a query</a>
            </div>
          ) : null}
          <div class="Box">
            <div class="Box-header d-flex flex-items-center flex-wrap">
              {/* links to two lists, so a nav with the current one marked (a tablist holds tabs, not links) */}
              <nav class="flex-auto d-flex" aria-label="Open or closed tickets">
                <a
                  class={`btn-link mr-3 ${listing.state === 'closed' ? 'color-fg-muted' : 'color-fg-default text-bold'}`}
                  href={href(f, '/', { q: withTerm(q, STATE_TERM, 'is:open') })}
                  id="tab-open"
                  aria-current={listing.state === 'closed' ? undefined : 'page'}
                >
                  <Icon name="open" class="mr-1" />
                  {listing.open.toLocaleString('en')} Open
                </a>
                <a
                  class={`btn-link ${listing.state === 'closed' ? 'color-fg-default text-bold' : 'color-fg-muted'}`}
                  href={href(f, '/', { q: withTerm(q, STATE_TERM, 'is:closed') })}
                  id="tab-closed"
                  aria-current={listing.state === 'closed' ? 'page' : undefined}
                >
                  <Icon name="closed" class="mr-1" />
                  {listing.closed.toLocaleString('en')} Closed
                </a>
              </nav>
              <FilterMenus f={f} q={q} d={filters} />
              <details class="details-reset details-overlay position-relative filter-menu" id="sort-menu">
                <summary class="btn-link color-fg-muted px-2" aria-haspopup="menu">
                  Sort: {SORTS.find(([k]) => k === sort)?.[1] ?? sort} <span class="dropdown-caret"></span>
                </summary>
                <div class="SelectMenu right-0">
                  <div class="SelectMenu-modal">
                    <div class="SelectMenu-list">
                      {SORTS.map(([k, label]) => (
                        <a
                          class="SelectMenu-item"
                          role="menuitemradio"
                          aria-checked={k === sort ? 'true' : 'false'}
                          href={href(f, '/', { q: `${withTerm(q, SORT_TERM, '')} sort:${k}` })}
                        >
                          <Icon name="check" class="SelectMenu-icon SelectMenu-icon--check" />
                          {label}
                        </a>
                      ))}
                    </div>
                  </div>
                </div>
              </details>
            </div>
            {rows.length === 0 ? (
              <div class="blankslate">
                <Icon name="open" class="blankslate-icon" />
                <h3 class="blankslate-heading">
                  {listing.open + listing.closed === 0 && !q.replace(STATE_TERM, '').trim()
                    ? 'No tickets yet'
                    : 'No tickets match this query'}
                </h3>
                <p>
                  {listing.open + listing.closed === 0 && !q.replace(STATE_TERM, '').trim() ? (
                    <>
                      Open the first one with <a href={href(f, '/tickets/new')}>New ticket</a>, or{' '}
                      <code>dit new "title"</code>.
                    </>
                  ) : (
                    <>
                      Try fewer terms, or see <a href="/help">how to write a query</a>.
                    </>
                  )}
                </p>
              </div>
            ) : (
              rows.map((s) => <Row s={s} f={f} labels={labels} patchsets={patchsets?.get(s.id)} />)
            )}
          </div>
          {pages > 1 ? <Pagination f={f} q={q} page={page} pages={pages} /> : null}
        </div>
      </div>
    </Layout>
  );
};

/** Labels a row shows before "N more" (the ticket page shows them all). */
const ROW_LABELS = 10;

const Row: FC<{ s: Summary; f: Frame; labels: Map<string, LabelDef>; patchsets?: number | undefined }> = ({
  s,
  f,
  labels,
  patchsets,
}) => {
  const icon = stateIcon(s.status);
  return (
    <div class="Box-row Box-row--hover-gray d-flex flex-items-start ticket-row" data-id={s.id}>
      <span
        class={`mr-2 mt-1 ${icon === 'open' ? 'color-fg-open' : icon === 'closed' ? 'color-fg-done' : 'color-fg-muted'}`}
        title={capital(s.status)}
      >
        <Icon name={icon} />
      </span>
      <div class="flex-auto min-width-0">
        <a class="Link--primary v-align-middle no-underline h4 ticket-title" href={href(f, `/tickets/${s.id}`)}>
          {s.title}
        </a>
        <span class="labels ml-1">
          {s.labels.slice(0, ROW_LABELS).map((l) => (
            <Label name={l} color={labels.get(l)?.color} f={f} title={labels.get(l)?.description} />
          ))}
          {s.labels.length > ROW_LABELS ? (
            <a class="Link--muted text-small more-labels" href={href(f, `/tickets/${s.id}`)}>
              {(s.labels.length - ROW_LABELS).toLocaleString('en')} more
            </a>
          ) : null}
        </span>
        <ProposalMeta s={s} f={f} patchsets={patchsets} />
        <div class="text-small color-fg-muted mt-1">
          #{shortId(s.id)} opened <Time iso={s.created} /> by <Person who={s.author} f={f} /> · {s.type}
          {s.status !== 'new' && s.status !== 'open' ? <> · {s.status}</> : null}
          {s.priority !== 'normal' ? <> · {s.priority} priority</> : null}
          {s.milestone ? (
            <>
              {' '}
              ·{' '}
              <a class="Link--muted" href={href(f, '/', { q: `milestone:"${s.milestone.replace(/"/g, '')}"` })}>
                <Icon name="milestone" class="mr-1" />
                {s.milestone}
              </a>
            </>
          ) : null}
          {s.updated !== s.created ? (
            <>
              {' '}
              · updated <Time iso={s.updated} />
            </>
          ) : null}
        </div>
      </div>
      <div class="flex-shrink-0 text-small color-fg-muted d-flex flex-items-center ml-3 ticket-meta">
        <span class="ticket-responsible d-none d-md-inline-block">
          {s.responsible ? (
            <Person
              who={s.responsible}
              f={f}
              avatar
              query="responsible"
              class="Link--muted d-inline-flex flex-items-center"
            />
          ) : null}
        </span>
        <span class="ticket-comments">
          {s.comments > 0 ? (
            <a class="Link--muted" href={href(f, `/tickets/${s.id}`)} title={`${s.comments} comments`}>
              <Icon name="comment" class="mr-1" />
              {s.comments}
            </a>
          ) : null}
        </span>
      </div>
    </div>
  );
};

const Pagination: FC<{ f: Frame; q: string; page: number; pages: number }> = ({ f, q, page, pages }) => {
  const near = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pages])]
    .filter((p) => p >= 1 && p <= pages)
    .sort((a, b) => a - b);
  const link = (p: number) => href(f, '/', { q, page: p === 1 ? undefined : p });
  return (
    <nav class="paginate-container" aria-label="Pagination">
      <div class="pagination">
        {page > 1 ? (
          <a class="previous_page" rel="prev" href={link(page - 1)}>
            Previous
          </a>
        ) : (
          <span class="previous_page disabled">Previous</span>
        )}
        {near.map((p, i) => (
          <>
            {i > 0 && p - near[i - 1]! > 1 ? <span class="gap">…</span> : null}
            {p === page ? <em aria-current="page">{p}</em> : <a href={link(p)}>{p}</a>}
          </>
        ))}
        {page < pages ? (
          <a class="next_page" rel="next" href={link(page + 1)}>
            Next
          </a>
        ) : (
          <span class="next_page disabled">Next</span>
        )}
      </div>
    </nav>
  );
};
