// Milestones (open and closed, due dates, progress) and labels (colours, descriptions, counts).
import type { FC } from 'hono/jsx';
import { MAX_LABEL, MAX_LABEL_DESCRIPTION, MAX_NAME } from '../../model/schema.js';
import type { LabelRow, MilestoneRow } from '../../store/ops/milestones.js';
import { Layout } from '../layout.js';
import { type Frame, href, Icon, Label, PopoverForm, PostForm, quoteValue, Time } from '../ui.js';

export const MilestonesPage: FC<{
  f: Frame;
  rows: MilestoneRow[];
  state: 'open' | 'closed';
  flash?: string | null;
}> = ({ f, rows, state, flash }) => {
  const shown = rows.filter((m) => m.state === state);
  const open = rows.filter((m) => m.state === 'open').length;
  return (
    <Layout f={f} title="Milestones" flash={flash}>
      <PageHead f={f} title="Milestones" what="milestone" action="/milestones">
        <MilestoneFields />
      </PageHead>
      <div class="Box">
        <div class="Box-header">
          <a
            class={`btn-link mr-3 ${state === 'open' ? 'color-fg-default text-bold' : 'color-fg-muted'}`}
            href={href(f, '/milestones')}
          >
            <Icon name="milestone" class="mr-1" />
            {open} Open
          </a>
          <a
            class={`btn-link ${state === 'closed' ? 'color-fg-default text-bold' : 'color-fg-muted'}`}
            href={href(f, '/milestones', { state: 'closed' })}
          >
            <Icon name="closed" class="mr-1" />
            {rows.length - open} Closed
          </a>
        </div>
        {shown.length === 0 ? (
          <div class="blankslate">
            <Icon name="milestone" class="blankslate-icon" />
            <h3 class="blankslate-heading">No {state} milestones</h3>
            <p>
              Milestones group tickets into a release; create one above or with <code>dit milestone new 2.4</code>.
            </p>
          </div>
        ) : (
          shown.map((m) => {
            const pct = m.tickets ? Math.round((100 * m.closed) / m.tickets) : 0;
            const overdue = m.state === 'open' && m.due !== null && m.due < new Date().toISOString().slice(0, 10);
            return (
              <div class="Box-row d-flex flex-column flex-md-row milestone" data-name={m.name}>
                <div class="flex-auto mr-md-4">
                  <h2 class="h3">
                    <a class="Link--primary" href={href(f, '/', { q: `milestone:${quoteValue(m.name)}` })}>
                      {m.name}
                    </a>
                  </h2>
                  <div class={`text-small ${overdue ? 'color-fg-danger' : 'color-fg-muted'}`}>
                    {m.due ? (
                      <>
                        {overdue ? 'Past due by' : 'Due'} {m.due}
                      </>
                    ) : (
                      'No due date'
                    )}{' '}
                    · updated <Time iso={m.updated} />
                  </div>
                  {m.description ? <p class="mt-2 mb-0">{m.description}</p> : null}
                </div>
                <div class="col-12 col-md-4 mt-2 mt-md-0">
                  <span class="Progress mb-2" role="img" aria-label={`${pct}% complete`}>
                    <span class="Progress-item color-bg-success-emphasis" style={`width:${pct}%`}></span>
                  </span>
                  <div class="text-small color-fg-muted d-flex">
                    <span class="mr-3">
                      <strong class="color-fg-default">{pct}%</strong> complete
                    </span>
                    <a class="Link--muted mr-3" href={href(f, '/', { q: `is:open milestone:${quoteValue(m.name)}` })}>
                      <strong>{m.open}</strong> open
                    </a>
                    <a class="Link--muted" href={href(f, '/', { q: `is:closed milestone:${quoteValue(m.name)}` })}>
                      <strong>{m.closed}</strong> closed
                    </a>
                  </div>
                  <div class="d-flex mt-2 text-small">
                    <PopoverForm
                      f={f}
                      action={`/milestones/${encodeURIComponent(m.name)}/edit`}
                      summary="Edit"
                      summaryClass="btn-link"
                      detailsClass="details-reset details-overlay position-relative mr-3"
                      popoverClass="Popover position-absolute edit-popover"
                      submit="Save"
                      submitClass="btn btn-primary mt-2"
                    >
                      <MilestoneFields m={m} />
                    </PopoverForm>
                    <PostForm action={`/milestones/${encodeURIComponent(m.name)}/edit`} f={f}>
                      <input type="hidden" name="state" value={m.state === 'open' ? 'closed' : 'open'} />
                      <button class="btn-link" type="submit">
                        {m.state === 'open' ? 'Close' : 'Reopen'}
                      </button>
                    </PostForm>
                  </div>
                </div>
              </div>
            );
          })
        )}
      </div>
    </Layout>
  );
};

/** A page title with a "New ..." button that opens its creation form. */
const PageHead: FC<{ f: Frame; title: string; what: string; action: string; children?: unknown }> = ({
  f,
  title,
  what,
  action,
  children,
}) => (
  <div class="d-flex flex-items-center mb-3">
    <h1 class="h2 flex-auto">{title}</h1>
    <PopoverForm
      f={f}
      action={action}
      summary={`New ${what}`}
      summaryClass="btn btn-primary"
      detailsClass="details-reset details-overlay position-relative"
      popoverClass="Popover right-0 position-absolute edit-popover"
      id={`new-${what}`}
      submit={`Create ${what}`}
      submitClass="btn btn-primary mt-2"
    >
      {children as never}
    </PopoverForm>
  </div>
);

const MilestoneFields: FC<{ m?: MilestoneRow }> = ({ m }) => (
  <>
    <label class="d-block text-bold mb-1">
      Name <input class="form-control width-full" name="name" value={m?.name ?? ''} required maxlength={MAX_NAME} />
    </label>
    <label class="d-block text-bold mb-1">
      Due date <input class="form-control width-full" type="date" name="due" value={m?.due ?? ''} />
    </label>
    <label class="d-block text-bold">
      Description{' '}
      <textarea class="form-control width-full" name="description" rows={3}>
        {m?.description ?? ''}
      </textarea>
    </label>
  </>
);

/** Labels one page of /labels lists (each row carries its edit form). */
export const LABELS_PAGE = 100;

export const LabelsPage: FC<{ f: Frame; rows: LabelRow[]; page?: number; flash?: string | null }> = ({
  f,
  rows: all,
  page: asked = 1,
  flash,
}) => {
  const pages = Math.max(1, Math.ceil(all.length / LABELS_PAGE));
  const page = Math.min(Math.max(1, Math.floor(asked)), pages);
  const rows = all.slice((page - 1) * LABELS_PAGE, page * LABELS_PAGE);
  return (
    <Layout f={f} title="Labels" flash={flash}>
      <PageHead f={f} title="Labels" what="label" action="/labels">
        <LabelFields />
      </PageHead>
      <div class="Box">
        <div class="Box-header">
          <h2 class="Box-title">
            {all.length.toLocaleString('en')} {all.length === 1 ? 'label' : 'labels'}
            {pages > 1 ? ` · page ${page} of ${pages}` : ''}
          </h2>
        </div>
        {rows.length === 0 ? (
          <div class="blankslate">
            <Icon name="tag" class="blankslate-icon" />
            <h3 class="blankslate-heading">No labels yet</h3>
            <p>Create one above, or label a ticket and it shows up here.</p>
          </div>
        ) : null}
        {rows.map((l) => (
          <div class="Box-row d-flex flex-items-center flex-wrap label-row" data-name={l.name}>
            <div class="col-12 col-md-3">
              <Label name={l.name} color={l.color} f={f} />
            </div>
            <div class="flex-auto color-fg-muted text-small">{l.description}</div>
            <a class="Link--muted text-small mr-3" href={href(f, '/', { q: `is:open label:${quoteValue(l.name)}` })}>
              {l.open} open of {l.total}
            </a>
            <PopoverForm
              f={f}
              action="/labels"
              summary="Edit"
              summaryClass="btn-link"
              detailsClass="details-reset details-overlay position-relative text-small"
              popoverClass="Popover right-0 position-absolute edit-popover"
              submit="Save"
              submitClass="btn btn-primary mt-2"
            >
              <LabelFields l={l} />
            </PopoverForm>
          </div>
        ))}
      </div>
      {pages > 1 ? (
        <nav class="paginate-container" aria-label="Pages of labels">
          <div class="pagination">
            {page > 1 ? (
              <a
                class="previous_page"
                rel="prev"
                href={href(f, '/labels', { page: page - 1 === 1 ? undefined : page - 1 })}
              >
                Previous
              </a>
            ) : (
              <span class="previous_page disabled">Previous</span>
            )}
            <em aria-current="page">{page}</em>
            {page < pages ? (
              <a class="next_page" rel="next" href={href(f, '/labels', { page: page + 1 })}>
                Next
              </a>
            ) : (
              <span class="next_page disabled">Next</span>
            )}
          </div>
        </nav>
      ) : null}
    </Layout>
  );
};

const LabelFields: FC<{ l?: LabelRow }> = ({ l }) => (
  <>
    <label class="d-block text-bold mb-1">
      Name{' '}
      <input
        class="form-control width-full"
        name="name"
        value={l?.name ?? ''}
        required
        maxlength={MAX_LABEL}
        readonly={l !== undefined}
      />
    </label>
    <label class="d-block text-bold mb-1">
      Colour <input class="form-control width-full" type="color" name="color" value={`#${l?.color ?? 'ededed'}`} />
    </label>
    <label class="d-block text-bold">
      Description{' '}
      <input
        class="form-control width-full"
        name="description"
        value={l?.description ?? ''}
        maxlength={MAX_LABEL_DESCRIPTION}
      />
    </label>
  </>
);
