// The ticket page: header with state, the timeline (description, comments, changes, commits), the
// comment box, and the sidebar of fields, each editable, with the branch matrix below.
import type { FC } from 'hono/jsx';
import { raw } from 'hono/html';
import { PRIORITIES, SEVERITIES, TYPES, isOpen, statusesFor } from '../../model/fields.js';
import type { Attachment, Comment, Ticket, TimelineItem } from '../../model/ticket.js';
import { REACTION_EMOJI, REACTIONS } from '../../model/entries/react.js';
import { humanSize } from '../../store/ops/attachments.js';
import type { LabelDef } from '../../model/label-def.js';
import type { Milestone } from '../../model/milestone.js';
import { SCORE_NAMES } from '../../model/entries/review.js';
import type { Matrix } from '../../store/read/branches.js';
import { BranchMatrix } from './branch-matrix.js';
import { LabelChoices, MilestoneChoices, PersonChoices, WatcherChoices } from './pickers.js';
import type { Fold, TimelineWindow } from '../timeline.js';
import type { Releases } from '../../store/read/releases.js';
import type { Mergeability } from '../../patchsets/mergeable.js';
import { MergeBox, MergedEvents, ReviewBox, Reviewers, ScoreBadge } from './review-box.js';
import { CheckStatus } from './checks.js';
import { Thread } from './line-thread.js';
import { ReviewTabs } from './ticket-tabs.js';
import {
  Icon,
  Label,
  Layout,
  Person,
  PopoverForm,
  PostForm,
  Select,
  SharedChoice,
  StateBadge,
  Time,
  capital,
  href,
  shortId,
  type Frame,
} from '../ui.js';

export interface TicketData {
  ticket: Ticket;
  labels: Map<string, LabelDef>;
  milestones: Milestone[];
  matrix: Matrix | null;
  /** Whether the matrix includes remote-tracking branches (`?remotes=1`). */
  remotes: boolean;
  /** Which tags contain the fix (null when they could not be read). */
  releases: Releases | null;
  /** Markdown rendered and sanitised, by comment id ('' is the description). */
  html: Map<string, string>;
  me: string | null;
  /** The part of the timeline this page shows (a long one is folded). */
  window: TimelineWindow;
  /** How large an attachment may be (git config dit.attachmentLimit). */
  attachmentLimit: number;
  /** `?quote=`: the comment (or "description") the comment box starts by quoting. */
  quote?: string | null;
  /** Whether the current patchset merges into its target (null without a patchset). */
  merge?: Mergeability | null;
}

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
              maxlength={500}
            />
            <label class="d-block text-bold mb-1" for="body-input">
              Description
            </label>
            <textarea class="form-control width-full mb-2 js-markdown" id="body-input" name="body" rows={8}>
              {t.body}
            </textarea>
          </PopoverForm>
          <a class="btn btn-sm btn-primary ml-2 mt-2" href={href(f, '/tickets/new')}>
            New ticket
          </a>
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
            <PostForm action={`${base}/comment`} f={f}>
              <Editor
                name="body"
                label="Add a comment"
                placeholder="Leave a comment (Markdown)"
                value={draft ?? quoteOf(t, d.quote)}
              />
              <div class="d-flex flex-items-center flex-justify-end flex-wrap mt-2">
                <SharedChoice f={f} />
                {isOpen(t.status) ? (
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
            {f.write === false ? null : (
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

/** An attached file in the timeline: images shown (from this server only), everything else as a download. */
const AttachmentItem: FC<{ f: Frame; a: Attachment; base: string }> = ({ f, a, base }) => {
  const url = href(f, `${base}/attachments/${a.blob}/${encodeURIComponent(a.name)}`);
  const image = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'].includes(a.type);
  return (
    <div class="TimelineItem TimelineItem--condensed event attachment-item" id={`attachment-${a.entry.slice(0, 12)}`}>
      <div class="TimelineItem-badge">
        <Icon name="paperclip" />
      </div>
      <div class="TimelineItem-body">
        <Person who={a.author} f={f} /> attached{' '}
        <a href={url} class="attachment-link" download={image ? undefined : a.name}>
          {a.name}
        </a>{' '}
        <span class="color-fg-muted">({size(a.size)})</span> <Time iso={a.time} />
        {image ? (
          <a href={url} class="d-block mt-2">
            <img src={url} alt={a.name} class="attachment-image" loading="lazy" />
          </a>
        ) : null}
      </div>
    </div>
  );
};

const size = (n: number): string =>
  n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;

/** A Markdown textarea with Write/Preview tabs (the preview needs script; writing does not). */
export const Editor: FC<{ name: string; label: string; placeholder?: string; value?: string; required?: boolean }> = ({
  name,
  label,
  placeholder,
  value,
  required,
}) => (
  <div class="markdown-editor Box">
    <div class="Box-header p-1 d-flex tabnav-tabs js-editor-tabs" hidden>
      {/* biome-ignore lint/a11y/useAriaPropsSupportedByRole: Primer tab styling; app.js switches the panes */}
      <button type="button" class="btn-link tabnav-tab selected js-write" aria-selected="true">
        Write
      </button>
      <button type="button" class="btn-link tabnav-tab js-preview">
        Preview
      </button>
    </div>
    <label class="sr-only" for={`editor-${name}`}>
      {label}
    </label>
    <textarea
      class="form-control width-full border-0 js-markdown"
      id={`editor-${name}`}
      name={name}
      rows={6}
      placeholder={placeholder}
      required={required}
    >
      {value ?? ''}
    </textarea>
    <div class="markdown-body p-3 js-preview-pane" hidden></div>
  </div>
);

const CommentBox: FC<{
  f: Frame;
  id: string;
  author: Comment['author'];
  time: string;
  html: string;
  empty?: string;
  base: string;
  comment?: Comment;
  reactions?: Record<string, string[]>;
  me?: string | null;
}> = ({ f, id, author, time, html, empty, base, comment, reactions, me }) => (
  // compact markup: the page repeats this per comment, so one class (styled in app.css) stands where
  // Primer's utilities took six (a comment was 1.1 KB of markup around 0.1 KB of text)
  <div class="TimelineItem pt-0 comment" id={id ? `comment-${id}` : 'description'} data-comment={comment?.id}>
    <div class="Box">
      <div class="Box-header comment-head">
        <span>
          <Person who={author} f={f} /> commented{' '}
          <a href={`#${id ? `comment-${id}` : 'description'}`}>
            <Time iso={time} />
          </a>
          {comment?.edited ? <span title={`edited by ${comment.edited.author.name}`}> · edited</span> : null}
        </span>
        {comment ? (
          // a link, not an inline form: a form per comment repeated its text, token and buttons on every page
          <a
            class="comment-edit"
            href={href(f, `/tickets/${shortId(base.slice('/tickets/'.length))}/comments/${comment.id}/edit`)}
            aria-label="Edit or delete this comment"
          >
            Edit
          </a>
        ) : null}
        {comment || !id ? (
          // GitHub's "..." menu: a page of the comment's actions; app.js opens it as a menu in place
          <a
            class="comment-menu"
            href={href(
              f,
              `/tickets/${shortId(base.slice('/tickets/'.length))}/comments/${comment?.id ?? 'description'}/actions`,
            )}
            aria-label="Comment actions: quote reply, copy link, react"
          >
            ···
          </a>
        ) : null}
      </div>
      <div class="Box-body markdown-body comment-body">
        {html ? (
          raw(html)
        ) : (
          <p class="color-fg-muted">
            <em>{empty}</em>
          </p>
        )}
      </div>
      {reactions && Object.keys(reactions).length ? (
        <Reactions f={f} on={comment?.id ?? ''} r={reactions} me={me ?? null} />
      ) : null}
    </div>
  </div>
);

/** The reactions a comment has, each a button (in the page's one reactions form) that toggles yours. */
const Reactions: FC<{ f: Frame; on: string; r: Record<string, string[]>; me: string | null }> = ({ f, on, r, me }) => (
  <div class="comment-reactions">
    {REACTIONS.filter((x) => r[x]?.length).map((x) => (
      <button
        type="submit"
        form="reactions-form"
        name="react"
        value={`${on}:${x}`}
        class={`reaction${me && r[x]!.includes(me) ? ' reacted' : ''}`}
        title={`${r[x]!.map((p) => f.people.display(p)).join(', ')} reacted with ${x}`}
        aria-pressed={me && r[x]!.includes(me) ? 'true' : 'false'}
      >
        {REACTION_EMOJI[x]} {r[x]!.length}
      </button>
    ))}
  </div>
);

/** A changed value as the timeline says it; a responsible person by name, as everywhere else. */
const who2 = (field: string, v: unknown, f: Frame): string =>
  field === 'responsible' && typeof v === 'string' && v ? f.people.display(v) : fmt(v);

const fmt = (v: unknown): string =>
  v === null || v === undefined || v === '' ? 'nothing' : Array.isArray(v) ? v.join(', ') : String(v);

const Event: FC<{ item: TimelineItem; f: Frame; d: TicketData; comments: Map<string, Comment>; base: string }> = ({
  item,
  f,
  d,
  comments,
  base,
}) => {
  const who = 'author' in item ? <Person who={item.author} f={f} /> : null;
  const when = <Time iso={item.time} />;
  switch (item.kind) {
    case 'created':
    case 'comment-edited':
    case 'watch':
    case 'vote':
      return null;
    case 'comment': {
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
              write={f.write !== false}
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
        />
      );
    }
    case 'comment-deleted':
      return (
        <EventRow icon="comment">
          {who} deleted a comment {when}
        </EventRow>
      );
    case 'fields':
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
    case 'labels':
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
    case 'status':
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
                in merge commit{' '}
                <a class="commit-link" href={`/commits/${item.commit}`}>
                  <code>{item.commit.slice(0, 7)}</code>
                </a>
                {item.target ? (
                  <>
                    {' '}
                    into <code>{item.target}</code>
                  </>
                ) : null}
              </>
            ) : null}{' '}
            {when}
          </EventRow>
        </>
      );
    case 'commit':
      return (
        <EventRow icon="commit">
          {who} {item.action === 'fixes' ? 'fixed this in' : 'referenced this in'} commit{' '}
          <a class="commit-link" href={`/commits/${item.commit}`}>
            <code>{item.commit.slice(0, 7)}</code>
          </a>
          <span class="color-fg-default"> {item.summary}</span> {when}
        </EventRow>
      );
    case 'patchset': {
      const rewrite = item.type !== 'proposal' && item.type !== 'fast-forward';
      return (
        <EventRow icon="commit">
          <span class="patchset-event">
            {who}{' '}
            {rewrite ? (
              <>
                rewrote this as patchset {item.number} ({item.type}): {item.commits} commit
                {item.commits === 1 ? '' : 's'}
              </>
            ) : (
              <>
                pushed {item.added} commit{item.added === 1 ? '' : 's'} — patchset {item.number} revision{' '}
                {item.revision}
                {item.type === 'fast-forward' ? ', fast-forward' : ''}
              </>
            )}{' '}
            onto <code>{item.target}</code>, tip{' '}
            <a class="commit-link" href={`/commits/${item.tip}`}>
              <code>{item.tip.slice(0, 7)}</code>
            </a>{' '}
            <CheckStatus f={f} checks={d.ticket.checks} commit={item.tip} />{' '}
            <a
              class="Link--muted text-small"
              href={href(f, `${base}/files`, { at: `${item.number}.${item.revision}` })}
            >
              files
            </a>{' '}
            {when}
          </span>
        </EventRow>
      );
    }
    case 'attachment':
      return <AttachmentItem f={f} a={item} base={base} />;
    case 'review': {
      const cur = d.ticket.current;
      const stale = !cur || cur.number !== item.patchset || cur.revision !== item.revision;
      return (
        <EventRow icon={item.score > 0 ? 'check' : 'closed'}>
          <span class="review-event">
            {who} reviewed patchset {item.patchset} revision {item.revision}{' '}
            <ScoreBadge score={item.score} stale={stale} /> <span class="sr-only">{SCORE_NAMES[item.score]}</span>{' '}
            {when}
          </span>
        </EventRow>
      );
    }
  }
};

const EventRow: FC<{
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

const Sidebar: FC<{ f: Frame; d: TicketData; base: string }> = ({ f, d, base }) => {
  const t = d.ticket;
  const watching = d.me !== null && t.watchers.includes(d.me);
  const voted = d.me !== null && t.votes.includes(d.me);
  const milestones = [
    ...d.milestones.filter((m) => m.state === 'open' || m.name === t.milestone),
    ...(t.milestone && !d.milestones.some((m) => m.name === t.milestone)
      ? [{ name: t.milestone, state: 'open', due: null }]
      : []),
  ].map((m) => ({ name: m.name, due: m.due ?? null, closed: m.state === 'closed' }));
  const responsible = t.responsible ? f.people.resolve(t.responsible) : null;
  return (
    <aside class="sidebar col-12 col-md-3 flex-shrink-0 mt-4 mt-md-0" aria-label="Ticket fields">
      <Reviewers f={f} t={t} />
      <Section title="Responsible" id="responsible" edit="Edit responsible" shortcut="a" f={f}>
        {t.responsible ? (
          <Person
            who={t.responsible}
            f={f}
            avatar
            query="responsible"
            class="Link--primary d-inline-flex flex-items-center"
          />
        ) : (
          <span class="color-fg-muted">No one</span>
        )}
        <PostForm action={`${base}/fields`} f={f} class="picker-form">
          <PersonChoices
            name="responsible"
            people={f.people.top(PEOPLE_LISTED)}
            selected={t.responsible}
            current={responsible}
            gravatar={f.gravatar}
          />
          <PickerButtons f={f} />
        </PostForm>
      </Section>
      <Section title="Labels" id="labels" edit="Edit labels" shortcut="l" f={f}>
        <div class="mb-1">
          {t.labels.length ? (
            t.labels.map((l) => (
              <Label name={l} color={d.labels.get(l)?.color} f={f} title={d.labels.get(l)?.description} />
            ))
          ) : (
            <span class="color-fg-muted">None yet</span>
          )}
        </div>
        <PostForm action={`${base}/labels`} f={f} class="picker-form">
          <LabelChoices labels={[...d.labels.values()]} checked={t.labels} />
          <input
            class="form-control input-sm width-full mt-1"
            name="new"
            placeholder="new labels, comma separated"
            aria-label="New labels"
          />
          <PickerButtons f={f} />
        </PostForm>
      </Section>
      <Section title="Milestone" id="milestone" edit="Edit milestone" shortcut="m" f={f}>
        {t.milestone ? (
          <a class="Link--primary text-bold" href={href(f, '/', { q: `milestone:"${t.milestone.replace(/"/g, '')}"` })}>
            <Icon name="milestone" class="mr-1" />
            {t.milestone}
          </a>
        ) : (
          <span class="color-fg-muted">No milestone</span>
        )}
        <PostForm action={`${base}/fields`} f={f} class="picker-form">
          <MilestoneChoices names={milestones} selected={t.milestone} />
          <PickerButtons f={f} />
        </PostForm>
      </Section>
      <Section title="Watchers" id="watchers" edit="Edit watchers" f={f}>
        {t.watchers.length ? (
          <ul class="list-style-none participants" id="watchers">
            {t.watchers.map((p) => (
              <li>
                <Person
                  who={p}
                  f={f}
                  avatar
                  query="watched-by"
                  class="Link--primary d-inline-flex flex-items-center text-small"
                />
              </li>
            ))}
          </ul>
        ) : (
          <span class="color-fg-muted">No one</span>
        )}
        <PostForm action={`${base}/watchers`} f={f} class="picker-form">
          <WatcherChoices
            people={f.people.top(PEOPLE_LISTED)}
            watchers={t.watchers.map((w) => f.people.resolve(w))}
            gravatar={f.gravatar}
          />
          <PickerButtons f={f} />
        </PostForm>
      </Section>
      <Section title="Fields" id="fields">
        <dl class="fields text-small">
          <dt>Type</dt>
          <dd>{t.type}</dd>
          <dt>Status</dt>
          <dd>{t.status}</dd>
          <dt>Priority</dt>
          <dd>{t.priority}</dd>
          <dt>Severity</dt>
          <dd>{t.severity}</dd>
          <dt>Topic</dt>
          <dd>{t.topic ?? <span class="color-fg-muted">None</span>}</dd>
          {t.origin ? (
            <>
              <dt>Imported from</dt>
              <dd id="origin">
                <code>{t.origin}</code>
              </dd>
            </>
          ) : null}
        </dl>
        <Edit summary="Edit fields">
          <PostForm action={`${base}/fields`} f={f} class="fields-form">
            <label>
              Type <Select small name="type" values={TYPES} selected={t.type} />
            </label>
            <label>
              Priority <Select small name="priority" values={PRIORITIES} selected={t.priority} />
            </label>
            <label>
              Severity <Select small name="severity" values={SEVERITIES} selected={t.severity} />
            </label>
            <label>
              Topic <input class="form-control input-sm width-full" name="topic" value={t.topic ?? ''} />
            </label>
            <button class="btn btn-sm btn-primary mt-2" type="submit">
              Save
            </button>
            <SharedChoice f={f} />
          </PostForm>
        </Edit>
      </Section>
      <Section title="Participants" id="people">
        <p class="text-small mb-1">
          {t.participants.length} {t.participants.length === 1 ? 'participant' : 'participants'}
        </p>
        <ul class="list-style-none participants mb-2" id="participants">
          {t.participants.map((p) => (
            <li>
              <Person
                who={p}
                f={f}
                avatar
                query="involves"
                class="Link--primary d-inline-flex flex-items-center text-small"
              />
            </li>
          ))}
        </ul>
        {t.mentions.length ? (
          <p class="text-small mb-1">
            Mentions:{' '}
            {t.mentions.map((m) => (
              <span class="user-mention mr-1">@{m}</span>
            ))}
          </p>
        ) : null}
        <div class="d-flex flex-items-center">
          <PostForm action={`${base}/watch`} f={f} class="mr-2">
            <input type="hidden" name="on" value={watching ? '0' : '1'} />
            <button class="btn btn-sm" type="submit" id="watch-button">
              {watching ? 'Unwatch' : 'Watch'} · {t.watchers.length}
            </button>
          </PostForm>
          <PostForm action={`${base}/vote`} f={f}>
            <input type="hidden" name="on" value={voted ? '0' : '1'} />
            <button class="btn btn-sm" type="submit" id="vote-button">
              {voted ? 'Unvote' : '+1 Vote'} · {t.votes.length}
            </button>
          </PostForm>
        </div>
      </Section>
      {d.matrix ? <BranchMatrix f={f} m={d.matrix} id={t.id} remotes={d.remotes} /> : null}
    </aside>
  );
};

/** How many known people the responsible picker lists; anyone else is typed in (or found by the filter's fetch). */
const PEOPLE_LISTED = 40;

/**
 * A sidebar section. With `edit`, its heading is a GitHub-style gear: a <details> whose body (the
 * section's form, its last child) opens under it; without script it is a plain form in the page.
 */
const Section: FC<{ title: string; id: string; edit?: string; shortcut?: string; f?: Frame; children?: unknown }> = ({
  title,
  id,
  edit,
  shortcut,
  f,
  children,
}) => {
  const readOnly = !!edit && f?.write === false; // a reader on `dit server` sees the values, not the form
  if (!edit || readOnly) {
    const shown = readOnly ? ((Array.isArray(children) ? children : [children]) as never[]).slice(0, -1) : children;
    return (
      <div class="discussion-sidebar-item border-bottom pb-3 mb-3" id={`sidebar-${id}`}>
        <h2 class="text-small text-bold color-fg-muted mb-2">{title}</h2>
        {shown as never}
      </div>
    );
  }
  const parts = (Array.isArray(children) ? children : [children]) as never[];
  const form = parts[parts.length - 1];
  return (
    <div class="discussion-sidebar-item border-bottom pb-3 mb-3" id={`sidebar-${id}`}>
      <details class="details-reset details-overlay picker-menu" id={`picker-${id}`}>
        <summary
          class="text-small text-bold color-fg-muted mb-2 d-flex flex-items-center picker-summary"
          data-hotkey={shortcut}
        >
          <span class="flex-auto">
            {title}
            <span class="sr-only"> · {edit}</span>
          </span>
          <svg class="octicon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
            <path d={GEAR} />
          </svg>
        </summary>
        <div class="SelectMenu picker-popover">
          <div class="SelectMenu-modal">
            <header class="SelectMenu-header">
              <h3 class="SelectMenu-title">{edit}</h3>
            </header>
            <div class="p-2">{form}</div>
          </div>
        </div>
      </details>
      {parts.slice(0, -1)}
    </div>
  );
};

const PickerButtons: FC<{ f: Frame }> = ({ f }) => (
  <div class="d-flex flex-items-center mt-2">
    <button class="btn btn-sm btn-primary" type="submit">
      Apply
    </button>
    <SharedChoice f={f} />
  </div>
);

const GEAR =
  'M8 0a8.2 8.2 0 0 1 .701.031C9.444.095 9.99.645 10.16 1.29l.288 1.107c.018.066.079.158.212.224.231.114.454.243.668.386.123.082.233.09.299.071l1.103-.303c.644-.176 1.392.021 1.82.63.27.385.506.792.704 1.218.315.675.111 1.422-.364 1.891l-.814.806c-.049.048-.098.147-.088.294.016.257.016.515 0 .772-.01.147.038.246.088.294l.814.806c.475.469.679 1.216.364 1.891a7.977 7.977 0 0 1-.704 1.217c-.428.61-1.176.807-1.82.63l-1.102-.302c-.067-.019-.177-.011-.3.071a5.909 5.909 0 0 1-.668.386c-.133.066-.194.158-.211.224l-.29 1.106c-.168.646-.715 1.196-1.458 1.26a8.006 8.006 0 0 1-1.402 0c-.743-.064-1.289-.614-1.458-1.26l-.289-1.106c-.018-.066-.079-.158-.212-.224a5.738 5.738 0 0 1-.668-.386c-.123-.082-.233-.09-.299-.071l-1.103.303c-.644.176-1.392-.021-1.82-.63a8.12 8.12 0 0 1-.704-1.218c-.315-.675-.111-1.422.363-1.891l.815-.806c.05-.048.098-.147.088-.294a6.214 6.214 0 0 1 0-.772c.01-.147-.038-.246-.088-.294l-.815-.806C.635 6.045.431 5.298.746 4.623a7.92 7.92 0 0 1 .704-1.217c.428-.61 1.176-.807 1.82-.63l1.102.302c.067.019.177.011.3-.071.214-.143.437-.272.668-.386.133-.066.194-.158.211-.224l.29-1.106C6.009.645 6.556.095 7.299.03 7.53.01 7.764 0 8 0Zm-.571 1.525c-.036.003-.108.036-.137.146l-.289 1.105c-.147.561-.549.967-.998 1.189-.173.086-.34.183-.5.29-.417.278-.97.423-1.529.27l-1.103-.303c-.109-.03-.175.016-.195.045-.22.312-.412.644-.573.99-.014.031-.021.11.059.19l.815.806c.411.406.562.957.53 1.456a4.709 4.709 0 0 0 0 .582c.032.499-.119 1.05-.53 1.456l-.815.806c-.081.08-.073.159-.059.19.162.346.353.677.573.989.02.03.085.076.195.046l1.102-.303c.56-.153 1.113-.008 1.53.27.161.107.328.204.501.29.447.222.85.629.997 1.189l.289 1.105c.029.109.101.143.137.146a6.6 6.6 0 0 0 1.142 0c.036-.003.108-.036.137-.146l.289-1.105c.147-.561.549-.967.998-1.189.173-.086.34-.183.5-.29.417-.278.97-.423 1.529-.27l1.103.303c.109.029.175-.016.195-.045.22-.313.411-.644.573-.99.014-.031.021-.11-.059-.19l-.815-.806c-.411-.406-.562-.957-.53-1.456a4.709 4.709 0 0 0 0-.582c-.032-.499.119-1.05.53-1.456l.815-.806c.081-.08.073-.159.059-.19a6.464 6.464 0 0 0-.573-.989c-.02-.03-.085-.076-.195-.046l-1.102.303c-.56.153-1.113.008-1.53-.27a4.44 4.44 0 0 0-.501-.29c-.447-.222-.85-.629-.997-1.189l-.289-1.105c-.029-.11-.101-.143-.137-.146a6.6 6.6 0 0 0-1.142 0ZM11 8a3 3 0 1 1-6 0 3 3 0 0 1 6 0ZM9.5 8a1.5 1.5 0 1 0-3.001.001A1.5 1.5 0 0 0 9.5 8Z';

const Edit: FC<{ summary: string; children?: unknown }> = ({ summary, children }) => (
  <details class="details-reset mt-2 sidebar-edit">
    <summary class="btn-link text-small">{summary}</summary>
    <div class="mt-2">{children as never}</div>
  </details>
);

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
