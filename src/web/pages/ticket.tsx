// The ticket page: header with state, the timeline (description, comments, changes, commits), the
// comment box, and the sidebar (ticket-sidebar.tsx). Timeline items are in timeline/, one per kind.
// Over 300 lines: the page's layout in one place; its parts (timeline/, sidebar, editor, review box) are their own
// files already.
import type { FC } from 'hono/jsx';
import { isOpen, statusesFor } from '../../model/fields.js';
import { MAX_TITLE } from '../../model/schema.js';
import type { Comment, Ticket } from '../../model/ticket.js';
import { humanSize } from '../../store/ops/attachments.js';
import type { Releases } from '../../store/read/releases.js';
import { Layout } from '../layout.js';
import type { Fold } from '../timeline.js';
import {
  capital,
  type Frame,
  href,
  Icon,
  mayChange,
  Person,
  PopoverForm,
  PostForm,
  SharedChoice,
  StateBadge,
  shortId,
  Time,
} from '../ui.js';
import { CommentBox } from './comment-box.js';
import { Editor } from './editor.js';
import { MergeBox, MergedEvents, ReviewBox } from './review-box.js';
import type { TicketData } from './ticket-data.js';
import { Sidebar } from './ticket-sidebar.js';
import { ReviewTabs } from './ticket-tabs.js';
import { Event } from './timeline/event.js';

export type { TicketData } from './ticket-data.js';

export const TicketPage: FC<{ f: Frame; d: TicketData; flash?: string | null; draft?: string }> = ({
  f,
  d,
  flash,
  draft,
}) => {
  const t = d.ticket;
  const base = `/tickets/${t.id}`;
  const comments = new Map(t.comments.map((c) => [c.id, c]));
  const visible = t.comments.filter((c) => !c.deleted).length;
  return (
    <Layout f={f} title={`${t.title} #${shortId(t.id)}`} flash={flash}>
      <div class="gh-header mb-3 pb-3 border-bottom">
        <div class="d-flex flex-items-start">
          <h1 class="gh-header-title flex-auto f1 text-normal mb-1 ticket-heading">
            <bdi class="js-title">{t.title}</bdi> <span class="color-fg-muted text-light">#{shortId(t.id)}</span>
          </h1>
          {mayChange(f, t.author) ? (
            <PopoverForm
              f={f}
              action={`${base}/edit`}
              summary="Edit"
              summaryClass="btn btn-sm"
              detailsClass="details-reset details-overlay ml-2 mt-2"
              popoverClass="Popover right-0 mt-2 position-absolute edit-popover"
              id="edit-title"
              submit="Save"
            >
              <label class="d-block text-bold mb-1" for="title-input">
                Title
              </label>
              <input
                class="form-control width-full mb-2"
                id="title-input"
                name="title"
                value={t.title}
                required
                maxlength={MAX_TITLE}
              />
              <label class="d-block text-bold mb-1" for="body-input">
                Description
              </label>
              <textarea class="form-control width-full mb-2 js-markdown" id="body-input" name="body" rows={8}>
                {t.body}
              </textarea>
            </PopoverForm>
          ) : null}
          {f.part === false ? null : (
            <a class="btn btn-sm btn-primary ml-2 mt-2" href={href(f, '/tickets/new')}>
              New ticket
            </a>
          )}
        </div>
        <div class="d-flex flex-items-center flex-wrap color-fg-muted">
          <StateBadge status={t.status} />
          <span class="ml-2">
            <Person who={t.author} f={f} /> opened this {t.type} <Time iso={t.created} /> · {visible}{' '}
            {visible === 1 ? 'comment' : 'comments'}
          </span>
          {t.decidedBy && !isOpen(t.status) ? (
            <span class="ml-1">
              ·{' '}
              {t.decidedBy.kind === 'commit' ? (
                <>
                  {t.status} by commit{' '}
                  <a class="commit-link" href={`/commits/${t.decidedBy.commit}`}>
                    <code>{t.decidedBy.commit.slice(0, 7)}</code>
                  </a>
                </>
              ) : (
                <>
                  {t.status} by <Person who={t.decidedBy.author} f={f} class="Link--secondary" />{' '}
                  <Time iso={t.decidedBy.time} />
                </>
              )}
            </span>
          ) : null}
        </div>
        {d.releases?.tags.length ? <FixedIn f={f} r={d.releases} /> : null}
      </div>
      {t.current ? <ReviewTabs f={f} t={t} tab="conversation" /> : null}
      <div class="d-flex flex-column flex-md-row ticket-layout">
        <div class="flex-auto min-width-0 mr-md-4 ticket-main">
          <div class="timeline" id="timeline">
            <CommentBox
              f={f}
              id=""
              author={t.author}
              time={t.created}
              html={d.html.get('') ?? ''}
              empty="No description provided."
              base={base}
              reactions={t.reactions['']}
              me={d.me}
              verdict={d.verdicts?.get(t.id)}
            />
            {d.window.runs.map((run) => (
              <>
                {run.fold ? <HiddenItems fold={run.fold} f={f} base={base} /> : null}
                {run.items.map(({ item, at }) => (
                  <div id={`item-${at}`} class="timeline-entry">
                    <Event item={item} f={f} d={d} comments={comments} base={base} />
                  </div>
                ))}
              </>
            ))}
            <MergedEvents f={f} t={t} matrix={d.matrix} />
          </div>
          {t.current ? (
            <div class="mt-3 review-area">
              <MergeBox f={f} t={t} m={d.merge ?? null} />
              <ReviewBox f={f} t={t} />
            </div>
          ) : null}
          <div class="border-top pt-3 mt-3" id="comment-box">
            {f.part === false ? (
              <p class="color-fg-muted" id="sign-in-to-comment">
                Sign in to comment, react or vote.
              </p>
            ) : (
              <PostForm action={`${base}/comment`} f={f}>
                <Editor
                  name="body"
                  label="Add a comment"
                  placeholder="Leave a comment (Markdown)"
                  value={draft ?? quoteOf(t, d.quote)}
                />
                <div class="d-flex flex-items-center flex-justify-end flex-wrap mt-2">
                  <SharedChoice f={f} />
                  {!mayChange(f, t.author) ? null : isOpen(t.status) ? (
                    <span class="d-inline-flex flex-items-center ml-3">
                      <select name="close" class="form-select mr-1" aria-label="Close as">
                        {statusesFor(t.type)
                          .filter((s) => !isOpen(s))
                          .map((s) => (
                            <option value={s}>{capital(s)}</option>
                          ))}
                      </select>
                      <button class="btn" type="submit" name="action" value="close" id="close-button">
                        <Icon name="closed" class="mr-1 color-fg-done" />
                        Close
                      </button>
                    </span>
                  ) : (
                    <button class="btn ml-3" type="submit" name="action" value="reopen" id="reopen-button">
                      <Icon name="open" class="mr-1 color-fg-open" />
                      Reopen
                    </button>
                  )}
                  <button class="btn btn-primary ml-2" type="submit" name="action" value="comment" id="comment-button">
                    Comment
                  </button>
                </div>
              </PostForm>
            )}
            {f.part === false ? null : (
              <>
                <form
                  method="post"
                  action={`${base}/attachments`}
                  enctype="multipart/form-data"
                  class="attach-form d-flex flex-items-center flex-wrap mt-2 text-small color-fg-muted"
                  id="attach-form"
                >
                  <input type="hidden" name="_csrf" value={f.token} />
                  <input type="hidden" name="back" value={f.here} />
                  {f.branch ? <input type="hidden" name="branch" value={f.branch} /> : null}
                  <label class="mr-2" for="attach-file">
                    Attach a file (images, logs; up to {humanSize(d.attachmentLimit)}):
                  </label>
                  <input type="file" name="file" id="attach-file" class="mr-2" required />
                  <button class="btn btn-sm" type="submit" id="attach-button">
                    Upload
                  </button>
                  <SharedChoice f={f} />
                </form>
                <PostForm action={`${base}/reactions`} f={f} id="reactions-form" class="d-none">
                  {/* the reaction buttons of every comment submit this one form (their form= attribute) */}
                </PostForm>
              </>
            )}
          </div>
        </div>
        <Sidebar f={f} d={d} base={base} />
      </div>
    </Layout>
  );
};

/** GitHub's fold in a long timeline: how many items it hides, and a plain link that shows the next ones. */
const HiddenItems: FC<{ fold: Fold; f: Frame; base: string }> = ({ fold, f, base }) => {
  const target = fold.from === null ? href(f, base) : `${href(f, base, { from: fold.from })}#item-${fold.from}`;
  return (
    <div class="TimelineItem TimelineItem--condensed hidden-items border-top border-bottom py-3 my-2 text-center">
      <a class="btn-link text-bold" href={target}>
        {fold.count.toLocaleString('en')}{' '}
        {fold.from === null
          ? `earlier item${fold.count === 1 ? '' : 's'}: back to the start`
          : `hidden item${fold.count === 1 ? '' : 's'}: load more…`}
      </a>
    </div>
  );
};
/** How many release lines the header names before it says "and N more" (the rest are in the tooltip). */
const FIXED_IN_SHOWN = 8;

/** The earliest tag on each release line whose code has the fix; each links to what that release fixes. */
const FixedIn: FC<{ f: Frame; r: Releases }> = ({ f, r }) => {
  const shown = r.fixedIn.slice(0, FIXED_IN_SHOWN);
  const rest = r.fixedIn.slice(FIXED_IN_SHOWN);
  return (
    <div class="mt-2 text-small color-fg-muted" id="fixed-in">
      <Icon name="tag" class="mr-1" />
      {r.fixedIn.length ? (
        <>
          Fixed in{' '}
          {shown.map((tag, i) => (
            <>
              {i ? ', ' : ''}
              <a
                class="Link--primary text-bold release-tag"
                href={href(f, '/', { q: `fixed-in:"${tag.replace(/"/g, '')}"` })}
              >
                {tag}
              </a>
            </>
          ))}
          {rest.length ? (
            <span title={rest.join(', ')}>
              {' '}
              and {rest.length} later release {rest.length === 1 ? 'line' : 'lines'}
            </span>
          ) : null}
        </>
      ) : (
        <>
          Fixed in no release yet ({r.tags.length} {r.tags.length === 1 ? 'tag' : 'tags'} checked)
        </>
      )}
    </div>
  );
};

/** `?quote=` (Quote reply without script): the comment's text quoted, to start a reply from. */
function quoteOf(t: Ticket, quote: string | null | undefined): string | undefined {
  if (!quote) return undefined;
  const c = quote === 'description' ? { body: t.body } : t.comments.find((x) => !x.deleted && x.id.startsWith(quote));
  if (!c?.body.trim()) return undefined;
  return `${c.body
    .trim()
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n')}\n\n`;
}

/** Editing one comment (what the comment's Edit link opens): its text in a form, and a delete button. */
export const CommentEditPage: FC<{ f: Frame; ticket: Ticket; comment: Comment }> = ({ f, ticket, comment }) => {
  const base = `/tickets/${ticket.id}`;
  return (
    <Layout f={f} title={`Edit a comment on #${shortId(ticket.id)}`}>
      <h1 class="f3 text-normal mb-3">
        Edit a comment on{' '}
        <a href={href(f, base)}>
          <bdi>{ticket.title}</bdi> #{shortId(ticket.id)}
        </a>
      </h1>
      <PostForm action={`${base}/comments/${comment.id}/edit`} f={{ ...f, here: href(f, base) }}>
        <textarea class="form-control width-full mb-2" name="body" rows={10} aria-label="Comment text">
          {comment.body}
        </textarea>
        <button class="btn btn-primary" type="submit">
          Update comment
        </button>{' '}
        <a class="btn" href={href(f, `${base}#comment-${comment.id}`)}>
          Cancel
        </a>
      </PostForm>
      <PostForm action={`${base}/comments/${comment.id}/delete`} f={{ ...f, here: href(f, base) }} class="mt-4">
        <button class="btn btn-danger" type="submit">
          Delete comment
        </button>
      </PostForm>
    </Layout>
  );
};
