// The ticket page: header with state, the timeline (description, comments, changes, commits), the
// comment box, and the sidebar of fields, each editable, with the branch matrix below.
import type { FC } from 'hono/jsx';
import { raw } from 'hono/html';
import { PRIORITIES, SEVERITIES, TYPES, isOpen, statusesFor } from '../../model/fields.js';
import type { Comment, Ticket, TimelineItem } from '../../model/ticket.js';
import type { LabelDef } from '../../model/label-def.js';
import type { Milestone } from '../../model/milestone.js';
import { SCORE_NAMES } from '../../model/entries/review.js';
import type { Matrix } from '../../store/branches.js';
import type { Reversal } from '../../store/history.js';
import type { Fold, TimelineWindow } from '../timeline.js';
import type { Releases } from '../../store/releases.js';
import type { Mergeability } from '../../patchsets/mergeable.js';
import { MergeBox, MergedEvents, ReviewBox, Reviewers, ScoreBadge } from './review-box.js';
import { Thread } from './line-thread.js';
import { ReviewTabs } from './ticket-tabs.js';
import {
  Icon,
  Label,
  Layout,
  Person,
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
          <details class="details-reset details-overlay ml-2 mt-2" id="edit-title">
            <summary class="btn btn-sm">Edit</summary>
            <div class="Popover right-0 mt-2 position-absolute edit-popover">
              <div class="Popover-message Box p-3 text-left color-shadow-large">
                <PostForm action={`${base}/edit`} f={f}>
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
                  <button class="btn btn-primary" type="submit">
                    Save
                  </button>
                  <SharedChoice f={f} />
                </PostForm>
              </div>
            </div>
          </details>
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
            <span class="ml-2">
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
                  {t.status} by {t.decidedBy.author.name} <Time iso={t.decidedBy.time} />
                </>
              )}
            </span>
          ) : null}
        </div>
        {d.releases?.tags.length ? <FixedIn f={f} r={d.releases} /> : null}
      </div>
      {t.current ? <ReviewTabs f={f} t={t} tab="conversation" /> : null}
      <div class="d-flex flex-column flex-md-row">
        <div class="flex-auto min-width-0 mr-md-4">
          <div class="timeline" id="timeline">
            <CommentBox
              f={f}
              id=""
              author={t.author}
              time={t.created}
              html={d.html.get('') ?? ''}
              empty="No description provided."
              base={base}
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
              <Editor name="body" label="Add a comment" placeholder="Leave a comment (Markdown)" value={draft} />
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
}> = ({ f, id, author, time, html, empty, base, comment }) => (
  // compact markup: the page repeats this per comment, so one class (styled in app.css) stands where
  // Primer's utilities took six (a comment was 1.1 KB of markup around 0.1 KB of text)
  <div class="TimelineItem pt-0 comment" id={id ? `comment-${id}` : 'description'}>
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
    </div>
  </div>
);

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
                  changed {k} from <strong>{fmt(from)}</strong> to <strong>{fmt(to)}</strong>
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
  const defined = [...d.labels.keys()].sort();
  const choices = [...new Set([...defined, ...t.labels])].sort();
  const watching = d.me !== null && t.watchers.includes(d.me);
  const voted = d.me !== null && t.votes.includes(d.me);
  return (
    <aside class="sidebar col-12 col-md-3 flex-shrink-0 mt-4 mt-md-0" aria-label="Ticket fields">
      <Reviewers f={f} t={t} />
      <Section title="Labels" id="labels">
        <div class="mb-1">
          {t.labels.length ? (
            t.labels.map((l) => <Label name={l} color={d.labels.get(l)?.color} f={f} />)
          ) : (
            <span class="color-fg-muted">None yet</span>
          )}
        </div>
        <Edit summary="Edit labels">
          <PostForm action={`${base}/labels`} f={f}>
            <div class="label-choices">
              {choices.map((l) => (
                <label class="d-block">
                  <input type="checkbox" name="label" value={l} checked={t.labels.includes(l)} class="mr-1" />
                  {l}
                </label>
              ))}
            </div>
            <input
              class="form-control input-sm width-full mt-1"
              name="new"
              placeholder="new labels, comma separated"
              aria-label="New labels"
            />
            <button class="btn btn-sm btn-primary mt-2" type="submit">
              Apply
            </button>
            <SharedChoice f={f} />
          </PostForm>
        </Edit>
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
          <dt>Responsible</dt>
          <dd>{t.responsible ?? <span class="color-fg-muted">No one</span>}</dd>
          <dt>Milestone</dt>
          <dd>
            {t.milestone ? (
              <a href={href(f, '/', { q: `milestone:"${t.milestone.replace(/"/g, '')}"` })}>{t.milestone}</a>
            ) : (
              <span class="color-fg-muted">None</span>
            )}
          </dd>
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
              Responsible{' '}
              <input class="form-control input-sm width-full" name="responsible" value={t.responsible ?? ''} />
            </label>
            <label>
              Milestone{' '}
              <Select
                small
                name="milestone"
                values={[
                  ...new Set([
                    ...d.milestones.filter((m) => m.state === 'open').map((m) => m.name),
                    ...(t.milestone ? [t.milestone] : []),
                  ]),
                ]}
                selected={t.milestone}
                empty="None"
              />
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
          {t.participants.length} {t.participants.length === 1 ? 'participant' : 'participants'}:{' '}
          {t.participants.join(', ')}
        </p>
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

const Section: FC<{ title: string; id: string; children?: unknown }> = ({ title, id, children }) => (
  <div class="discussion-sidebar-item border-bottom pb-3 mb-3" id={`sidebar-${id}`}>
    <h2 class="text-small text-bold color-fg-muted mb-2">{title}</h2>
    {children as never}
  </div>
);

const Edit: FC<{ summary: string; children?: unknown }> = ({ summary, children }) => (
  <details class="details-reset mt-2 sidebar-edit">
    <summary class="btn-link text-small">{summary}</summary>
    <div class="mt-2">{children as never}</div>
  </details>
);

/** The point of dit: this ticket's state on every branch, and what decided it there. */
const BranchMatrix: FC<{ f: Frame; m: Matrix; id: string; remotes: boolean }> = ({ f, m, id, remotes }) => (
  <div class="discussion-sidebar-item" id="branch-matrix">
    <h2 class="text-small text-bold color-fg-muted mb-2 d-flex flex-items-center">
      <span class="flex-auto">
        <Icon name="branch" class="mr-1" />
        Branches
      </span>
      <a
        class="Link--muted text-normal"
        id="remotes-toggle"
        href={href(f, `/tickets/${id}`, { remotes: remotes ? undefined : 1 })}
      >
        {remotes ? 'Hide remote branches' : 'Show remote branches'}
      </a>
    </h2>
    <table class="branch-matrix text-small width-full">
      <tbody>
        {m.worktree !== undefined ? (
          <MatrixRow
            f={f}
            id={m.id}
            name="working tree"
            link={null}
            s={m.worktree}
            reverted={m.worktreeReverted ?? []}
          />
        ) : null}
        {m.rows.map((r) => (
          <MatrixRow
            f={f}
            id={m.id}
            name={r.branch}
            link={r.branch}
            s={r.summary}
            current={r.current}
            remote={r.remote}
            reverted={r.reverted}
          />
        ))}
      </tbody>
    </table>
    {remotes && !m.rows.some((r) => r.remote) ? (
      <p class="text-small color-fg-muted mt-1">
        No remote-tracking branches; they appear after <code>git fetch</code>.
      </p>
    ) : null}
  </div>
);

const MatrixRow: FC<{
  f: Frame;
  id: string;
  name: string;
  link: string | null;
  s: Matrix['worktree'];
  current?: boolean;
  remote?: boolean;
  reverted: Reversal[];
}> = ({ f, id, name, link, s, current, remote, reverted }) => {
  const undone = s && isOpen(s.status) ? reverted.find((r) => r.action === 'fixes') : undefined;
  return (
    <tr
      class={`${f.branch === link || (link === null && !f.branch) ? 'selected' : ''}${remote ? ' remote-branch' : ''}`}
    >
      <td class="pr-2">
        {s ? (
          <a class="branch-name" href={`/tickets/${id}${link ? `?branch=${encodeURIComponent(link)}` : ''}`}>
            {name}
          </a>
        ) : (
          <span class="branch-name">{name}</span>
        )}
        {current ? <span class="color-fg-muted"> (HEAD)</span> : null}
      </td>
      <td>
        {s ? (
          <span class={isOpen(s.status) ? 'color-fg-open' : 'color-fg-done'}>{s.status}</span>
        ) : (
          <span class="color-fg-muted">absent</span>
        )}
      </td>
      <td class="color-fg-muted">
        {undone ? (
          <span class="reverted" title={`undoes ${undone.commit.slice(0, 7)} ${undone.summary}`}>
            {undone.revert.merge ? 'reopened by revert ' : 'reverted by '}
            <a href={`/commits/${undone.revert.commit}`}>
              <code>{undone.revert.commit.slice(0, 7)}</code>
            </a>
            {undone.revert.merge ? (
              <>
                {' '}
                of merge{' '}
                <a href={`/commits/${undone.revert.merge}`}>
                  <code>{undone.revert.merge.slice(0, 7)}</code>
                </a>
              </>
            ) : null}
          </span>
        ) : s?.decidedBy ? (
          s.decidedBy.kind === 'commit' ? (
            <a href={`/commits/${s.decidedBy.commit}`} title={s.decidedBy.summary}>
              <code>{s.decidedBy.commit.slice(0, 7)}</code>
            </a>
          ) : (
            <span title={`entry ${s.decidedBy.id}`}>{s.decidedBy.author.name}</span>
          )
        ) : null}
      </td>
    </tr>
  );
};

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
