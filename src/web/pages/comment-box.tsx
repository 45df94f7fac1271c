// A comment as the ticket page shows it (the description too): header, Markdown, reactions.

import { raw } from 'hono/html';
import type { FC } from 'hono/jsx';
import { REACTION_EMOJI, REACTIONS } from '../../model/entries/react.js';
import { listed, phraseText } from '../../model/phrase.js';
import type { Comment } from '../../model/ticket.js';
import type { Verdict } from '../../model/trust/verdict.js';
import { type Frame, href, mayChange, Person, shortId, Time } from '../ui.js';
import { VerdictBadge } from './verdict-badge.js';

export const CommentBox: FC<{
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
  /** The verdict on the entry's signature: a Verified / Unverified badge in the header. */
  verdict?: Verdict | undefined;
}> = ({ f, id, author, time, html, empty, base, comment, reactions, me, verdict }) => (
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
          <VerdictBadge v={verdict} />
        </span>
        {comment && mayChange(f, comment.author) ? (
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
        title={`${phraseText(listed(r[x]!, (p) => f.people.display(p)))} reacted with ${x}`}
        aria-pressed={me && r[x]!.includes(me) ? 'true' : 'false'}
      >
        {REACTION_EMOJI[x]} {r[x]!.length}
      </button>
    ))}
  </div>
);
