// A thread of line comments (in the diff and in the timeline, with the code it is about), and the forms to start or answer one.

import { raw } from 'hono/html';
import type { FC } from 'hono/jsx';
import type { Comment, Ticket } from '../../model/ticket.js';
import type { Picked } from '../../patchsets/diffs.js';
import { type Frame, href, mayChange, Person, PostForm, Time } from '../ui.js';

/** The quoted diff lines a comment is about, the last one being its line. */
const Context: FC<{ lines: string[] }> = ({ lines }) => (
  <table class="diff-table thread-context text-mono">
    <tbody>
      {lines.map((l) => (
        <tr>
          <td class={`blob-code${l[0] === '+' ? ' blob-addition' : l[0] === '-' ? ' blob-deletion' : ''}`}>
            <span class="blob-marker" aria-hidden="true">
              {l[0] === '+' || l[0] === '-' ? l[0] : ' '}
            </span>
            {l.slice(1)}
          </td>
        </tr>
      ))}
    </tbody>
  </table>
);

const One: FC<{ f: Frame; t: Ticket; c: Comment; html: Map<string, string>; write: boolean }> = ({
  f,
  t,
  c,
  html,
  write,
}) => (
  <div class="line-comment py-2" id={`comment-${c.id}`}>
    <div class="text-small mb-1">
      <Person who={c.author} f={f} />{' '}
      <a class="Link--secondary" href={`#comment-${c.id}`}>
        <Time iso={c.time} />
      </a>
      {c.edited ? <span class="color-fg-muted"> · edited</span> : null}
      {c.deleted || !write || !mayChange(f, c.author) ? null : (
        <a
          class="Link--muted ml-2"
          href={href(f, `/tickets/${t.id}/comments/${c.id}/edit`)}
          aria-label="Edit or delete this comment"
        >
          Edit
        </a>
      )}
    </div>
    {c.deleted ? (
      <p class="color-fg-muted text-small">
        <em>This comment was deleted.</em>
      </p>
    ) : (
      <div class="markdown-body comment-body text-small">{raw(html.get(c.id) ?? '')}</div>
    )}
  </div>
);

/**
 * A thread: where it is (file and line, on which revision), marked outdated when that is not the
 * revision shown; in the timeline with its code context; its replies and a reply box.
 */
export const Thread: FC<{
  f: Frame;
  t: Ticket;
  root: Comment;
  replies: Comment[];
  html: Map<string, string>;
  outdated: boolean;
  /** On a later revision: the line the comment's line moved to there, or null when it is gone. */
  now?: number | null | undefined;
  write: boolean;
  where: 'diff' | 'timeline';
}> = ({ f, t, root, replies, html, outdated, now, write, where }) => {
  const a = root.anchor!;
  const filesHref = href(f, `/tickets/${t.id}/files`, { at: `${a.patchset}.${a.revision}` });
  return (
    <div class={`Box line-thread mb-2${outdated ? ' outdated' : ''}`} id={`thread-${root.id}`} data-path={a.path}>
      <div class="Box-header py-1 px-2 d-flex flex-items-center text-small">
        <span class="flex-auto min-width-0 text-mono">
          {where === 'timeline' ? (
            <a class="Link--primary" href={filesHref}>
              <bdi>{a.path}</bdi>
            </a>
          ) : (
            <bdi>{a.path}</bdi>
          )}
          <span class="color-fg-muted">
            {' '}
            line {a.line}
            {a.side === 'old' ? ' (old)' : ''}
            {now === undefined ? '' : now === null ? ' · its line is gone' : now === a.line ? '' : ` · now line ${now}`}
          </span>
        </span>
        <span class="color-fg-muted ml-2">
          patchset {a.patchset} revision {a.revision}
        </span>
        {outdated ? (
          <span class="Label Label--attention ml-2 outdated-label" title="commented on an earlier (or other) revision">
            Outdated
          </span>
        ) : null}
      </div>
      {where === 'timeline' || outdated ? <Context lines={a.context} /> : null}
      <div class="px-3">
        <One f={f} t={t} c={root} html={html} write={write} />
        {replies.map((r) => (
          <div class="border-top">
            <One f={f} t={t} c={r} html={html} write={write} />
          </div>
        ))}
      </div>
      {write ? (
        <div class="Box-footer p-2">
          <PostForm action={`/tickets/${t.id}/line-comments`} f={f}>
            <input type="hidden" name="reply" value={root.id} />
            <label class="sr-only" for={`reply-${root.id}`}>
              Reply
            </label>
            <textarea
              class="form-control input-sm width-full reply-body"
              id={`reply-${root.id}`}
              name="body"
              rows={1}
              placeholder="Reply…"
              required
            ></textarea>
            <div class="d-flex flex-items-center flex-justify-end mt-1">
              <input type="hidden" name="shared" value="1" />
              <button class="btn btn-sm ml-2 reply-button" type="submit">
                Reply
              </button>
            </div>
          </PostForm>
        </div>
      ) : null}
    </div>
  );
};

/** The form a line number's link opens under its line. */
export const NewLineComment: FC<{
  f: Frame;
  t: Ticket;
  picked: Picked;
  path: string;
  side: 'old' | 'new';
  line: number;
  cancel: string;
}> = ({ f, t, picked, path, side, line, cancel }) => (
  <div class="Box p-2 mb-2 new-line-comment" id="new-comment">
    <PostForm action={`/tickets/${t.id}/line-comments`} f={f}>
      <input type="hidden" name="at" value={`${picked.number}.${picked.revision}`} />
      <input type="hidden" name="path" value={path} />
      <input type="hidden" name="side" value={side} />
      <input type="hidden" name="line" value={String(line)} />
      <label class="d-block text-small text-bold mb-1" for="line-comment-body">
        Comment on line {line}
        {side === 'old' ? ' (old)' : ''}
      </label>
      <textarea
        class="form-control width-full"
        id="line-comment-body"
        name="body"
        rows={4}
        required
        placeholder="Leave a comment (Markdown)"
        autofocus
      ></textarea>
      <div class="d-flex flex-items-center flex-justify-end mt-2">
        <input type="hidden" name="shared" value="1" />
        <a class="btn btn-sm ml-2" href={cancel}>
          Cancel
        </a>
        <button class="btn btn-sm btn-primary ml-2" type="submit" id="line-comment-button">
          Add comment
        </button>
      </div>
    </PostForm>
  </div>
);
