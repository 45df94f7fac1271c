// A comment's actions as a page, for when there is no script (with it, app.js shows them as a menu):
// quote reply, copy link, reactions, ticking its tasks, edit, and delete with a confirmation.
import type { FC } from 'hono/jsx';
import { REACTION_EMOJI, REACTIONS } from '../../model/entries/react.js';
import { taskItems } from '../../model/tasks.js';
import type { Comment, Ticket } from '../../model/ticket.js';
import { Layout } from '../layout.js';
import { type Frame, href, mayChange, PostForm, SharedChoice, shortId } from '../ui.js';

export const CommentActionsPage: FC<{ f: Frame; ticket: Ticket; comment: Comment | null; me: string | null }> = ({
  f,
  ticket,
  comment,
  me,
}) => {
  const base = `/tickets/${ticket.id}`;
  const key = comment?.id ?? '';
  const anchor = comment ? `comment-${comment.id}` : 'description';
  const mine = new Set(
    Object.entries(ticket.reactions[key] ?? {})
      .filter(([, people]) => me !== null && people.includes(me))
      .map(([r]) => r),
  );
  // ticking tasks and editing are for who may change the text: write access, or their own words
  const changes = mayChange(f, comment ? comment.author : ticket.author);
  const tasks = changes ? taskItems(comment ? comment.body : ticket.body, ticket.tasks[key]) : [];
  const back = { ...f, here: href(f, `${base}#${anchor}`) };
  const link = `${href(f, base)}#${anchor}`;
  return (
    <Layout f={f} title={`A comment on #${shortId(ticket.id)}`}>
      <h1 class="f3 text-normal mb-3">
        {comment ? 'A comment' : 'The description'} of{' '}
        <a href={link}>
          <bdi>{ticket.title}</bdi> #{shortId(ticket.id)}
        </a>
      </h1>
      <div class="Box mb-3">
        <div class="Box-row">
          <a
            class="btn btn-sm mr-2"
            href={`${href(f, base, { quote: comment?.id ?? 'description' })}#comment-box`}
            id="quote-reply"
          >
            Quote reply
          </a>
          <label class="text-small color-fg-muted">
            Link:{' '}
            <input class="form-control input-sm" readonly value={link} aria-label="Link to this comment" size={48} />
          </label>
        </div>
        <div class={`Box-row${f.part === false ? ' d-none' : ''}`}>
          <PostForm action={`${base}/reactions`} f={back} class="d-flex flex-wrap flex-items-center">
            <span class="mr-2">React:</span>
            {REACTIONS.map((r) => (
              <button
                class={`btn btn-sm mr-1 reaction${mine.has(r) ? ' reacted' : ''}`}
                type="submit"
                name="react"
                value={`${key}:${r}`}
                aria-label={`${mine.has(r) ? 'Take back' : 'React with'} ${r}`}
                aria-pressed={mine.has(r) ? 'true' : 'false'}
              >
                {REACTION_EMOJI[r]} {ticket.reactions[key]?.[r]?.length ?? ''}
              </button>
            ))}
            <SharedChoice f={f} />
          </PostForm>
        </div>
        {tasks.length ? (
          <div class="Box-row">
            <PostForm action={`${base}/tasks`} f={back} id="tasks-form">
              {comment ? <input type="hidden" name="comment" value={comment.id} /> : null}
              <fieldset>
                <legend class="text-bold mb-1">Tasks</legend>
                {tasks.map((t) => (
                  <label class="d-block text-normal">
                    <input type="checkbox" name="done" value={String(t.index)} checked={t.done} class="mr-2" />
                    {t.text}
                  </label>
                ))}
              </fieldset>
              <button class="btn btn-sm btn-primary mt-2" type="submit">
                Save ticks
              </button>
            </PostForm>
          </div>
        ) : null}
        {comment && changes ? (
          <div class="Box-row d-flex flex-items-center">
            <a class="btn btn-sm mr-2" href={href(f, `${base}/comments/${comment.id}/edit`)}>
              Edit
            </a>
            <details class="details-reset">
              <summary class="btn btn-sm btn-danger">Delete…</summary>
              <div class="mt-2">
                <p>Delete this comment? Its text is hidden from the page; the journal keeps that it was written.</p>
                <PostForm action={`${base}/comments/${comment.id}/delete`} f={back}>
                  <button class="btn btn-sm btn-danger" type="submit" id="confirm-delete">
                    Yes, delete it
                  </button>
                </PostForm>
              </div>
            </details>
          </div>
        ) : null}
      </div>
    </Layout>
  );
};
