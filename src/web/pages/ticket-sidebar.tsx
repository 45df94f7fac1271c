// The ticket page's sidebar: reviewers, responsible, labels, milestone, fields, people, the branch
// matrix; each section editable in place (GitHub's gear menus), read-only for readers.
import type { FC } from 'hono/jsx';
import { TICKET_FIELD_NAMES, TICKET_FIELDS } from '../../model/fields.js';
import { type Frame, href, Icon, Label, Person, PostForm, SharedChoice } from '../ui.js';
import { BranchMatrix } from './branch-matrix.js';
import { FieldInput } from './field-input.js';
import { LabelChoices, MilestoneChoices, PersonChoices, WatcherChoices } from './pickers.js';
import { Reviewers } from './review-box.js';
import type { TicketData } from './ticket-data.js';

/** The fields shown and edited under "Fields": those without a section of their own above it. */
const PLAIN_FIELDS = TICKET_FIELD_NAMES.filter((f) => f !== 'responsible' && f !== 'milestone');

export const Sidebar: FC<{ f: Frame; d: TicketData; base: string }> = ({ f, d, base }) => {
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
            {t.watchers.slice(0, SHOWN_WATCHERS).map((p) => (
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
            {t.watchers.length > SHOWN_WATCHERS ? (
              <li class="color-fg-muted text-small more-watchers">
                and {(t.watchers.length - SHOWN_WATCHERS).toLocaleString('en')} more
              </li>
            ) : null}
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
          <dt>Status</dt>
          <dd>{t.status}</dd>
          {PLAIN_FIELDS.map((field) => (
            <>
              <dt>{TICKET_FIELDS[field].label}</dt>
              <dd>{t[field] ?? <span class="color-fg-muted">None</span>}</dd>
            </>
          ))}
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
            {PLAIN_FIELDS.map((field) => (
              <FieldInput small field={field} value={t[field]} />
            ))}
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
        {f.part === false ? null : (
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
        )}
      </Section>
      {d.matrix ? <BranchMatrix f={f} m={d.matrix} id={t.id} remotes={d.remotes} /> : null}
    </aside>
  );
};

/** How many known people the responsible picker lists; anyone else is typed in (or found by the filter's fetch). */
const PEOPLE_LISTED = 40;
/** Watchers the sidebar names before "and N more" (the picker under it keeps every one, checked). */
const SHOWN_WATCHERS = 50;

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
  'M8 0a8.2 8.2 0 0 1 .701.031C9.444.095 9.99.645 10.16 1.29l.288 ' +
  '1.107c.018.066.079.158.212.224.231.114.454.243.668.386.123.082.233.09.299.071l1.103-.303c.644-.176 1.392.021 ' +
  '1.82.63.27.385.506.792.704 1.218.315.675.111 1.422-.364 1.891l-.814.806c-.049.048-.098.147-.088.294.016.257.016.515 ' +
  '0 .772-.01.147.038.246.088.294l.814.806c.475.469.679 1.216.364 1.891a7.977 7.977 0 0 1-.704 ' +
  '1.217c-.428.61-1.176.807-1.82.63l-1.102-.302c-.067-.019-.177-.011-.3.071a5.909 5.909 0 0 ' +
  '1-.668.386c-.133.066-.194.158-.211.224l-.29 1.106c-.168.646-.715 1.196-1.458 1.26a8.006 8.006 0 0 ' +
  '1-1.402 0c-.743-.064-1.289-.614-1.458-1.26l-.289-1.106c-.018-.066-.079-.158-.212-.224a5.738 5.738 0 0 ' +
  '1-.668-.386c-.123-.082-.233-.09-.299-.071l-1.103.303c-.644.176-1.392-.021-1.82-.63a8.12 8.12 0 0 ' +
  '1-.704-1.218c-.315-.675-.111-1.422.363-1.891l.815-.806c.05-.048.098-.147.088-.294a6.214 6.214 0 0 1 ' +
  '0-.772c.01-.147-.038-.246-.088-.294l-.815-.806C.635 6.045.431 5.298.746 4.623a7.92 7.92 0 0 1 ' +
  '.704-1.217c.428-.61 1.176-.807 ' +
  '1.82-.63l1.102.302c.067.019.177.011.3-.071.214-.143.437-.272.668-.386.133-.066.194-.158.211-.224l.29-1.106C6.009.645 ' +
  '6.556.095 7.299.03 7.53.01 7.764 0 8 0Zm-.571 1.525c-.036.003-.108.036-.137.146l-.289 ' +
  '1.105c-.147.561-.549.967-.998 ' +
  '1.189-.173.086-.34.183-.5.29-.417.278-.97.423-1.529.27l-1.103-.303c-.109-.03-.175.016-.195.045-.22.312-.412.644' +
  '-.573.99-.014.031-.021.11.059.19l.815.806c.411.406.562.957.53 ' +
  '1.456a4.709 4.709 0 0 0 0 .582c.032.499-.119 1.05-.53 ' +
  '1.456l-.815.806c-.081.08-.073.159-.059.19.162.346.353.677.573.989.02.03.085.076.195.046l1.102-.303c.56-.153 ' +
  '1.113-.008 1.53.27.161.107.328.204.501.29.447.222.85.629.997 1.189l.289 ' +
  '1.105c.029.109.101.143.137.146a6.6 6.6 0 0 0 1.142 ' +
  '0c.036-.003.108-.036.137-.146l.289-1.105c.147-.561.549-.967.998-1.189.173-.086.34-.183.5-.29.417-.278.97-.423 ' +
  '1.529-.27l1.103.303c.109.029.175-.016.195-.045.22-.313.411-.644.573-.99.014-.031.021-.11-.059-.19l-.815-.806c-.411-.406-.562-.957-.53-1.456a4.709 ' +
  '4.709 0 0 0 0-.582c-.032-.499.119-1.05.53-1.456l.815-.806c.081-.08.073-.159.059-.19a6.464 ' +
  '6.464 0 0 0-.573-.989c-.02-.03-.085-.076-.195-.046l-1.102.303c-.56.153-1.113.008-1.53-.27a4.44 ' +
  '4.44 0 0 0-.501-.29c-.447-.222-.85-.629-.997-1.189l-.289-1.105c-.029-.11-.101-.143-.137-.146a6.6 ' +
  '6.6 0 0 0-1.142 0ZM11 8a3 3 0 1 1-6 0 3 3 0 0 1 6 0ZM9.5 8a1.5 1.5 0 1 0-3.001.001A1.5 1.5 0 0 0 9.5 8Z';

const Edit: FC<{ summary: string; children?: unknown }> = ({ summary, children }) => (
  <details class="details-reset mt-2 sidebar-edit">
    <summary class="btn-link text-small">{summary}</summary>
    <div class="mt-2">{children as never}</div>
  </details>
);
