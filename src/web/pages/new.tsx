// The new-ticket form: title, type, description with preview, labels, milestone, responsible, priority, severity.
import type { FC } from 'hono/jsx';
import { TICKET_FIELD_NAMES, type TicketField } from '../../model/fields.js';
import type { LabelDef } from '../../model/label-def.js';
import type { Milestone } from '../../model/milestone.js';
import { MAX_TITLE } from '../../model/schema.js';
import type { TicketTemplate } from '../../model/template.js';
import { Layout } from '../layout.js';
import { type Frame, href, PostForm, Select, SharedChoice } from '../ui.js';
import { Editor } from './editor.js';
import { FieldInput } from './field-input.js';
import { LabelChoices } from './pickers.js';

export type NewValues = { title?: string; body?: string; labels?: string[] } & Partial<Record<TicketField, string>>;

export const NewPage: FC<{
  f: Frame;
  labels: LabelDef[];
  milestones: Milestone[];
  values?: NewValues;
  flash?: string | null;
  templates?: TicketTemplate[];
  template?: string;
}> = ({ f, labels, milestones, values = {}, flash, templates = [], template }) => (
  <Layout f={f} title="New ticket" flash={flash}>
    <h1 class="h2 mb-3">New ticket</h1>
    {templates.length ? (
      <nav class="mb-3 ticket-templates" aria-label="Templates">
        <span class="text-bold mr-2">Start from a template:</span>
        {templates.map((t) => (
          <a
            class={`btn btn-sm mr-2${t.key === template ? ' selected' : ''}`}
            href={href(f, '/tickets/new', { template: t.key })}
            title={t.about}
            aria-current={t.key === template ? 'true' : undefined}
          >
            {t.name}
          </a>
        ))}
        {template ? (
          <a class="btn-link ml-1" href={href(f, '/tickets/new')}>
            Blank
          </a>
        ) : null}
      </nav>
    ) : null}
    <PostForm action="/tickets" f={f} class="d-flex flex-column flex-md-row new-ticket">
      <div class="flex-auto mr-md-4">
        <label class="sr-only" for="new-title">
          Title
        </label>
        <input
          class="form-control input-lg width-full mb-3"
          id="new-title"
          name="title"
          placeholder="Title"
          required
          maxlength={MAX_TITLE}
          value={values.title ?? ''}
          autofocus
        />
        <Editor
          name="body"
          label="Description"
          placeholder="Describe the problem or the idea (Markdown)"
          value={values.body}
        />
        <div class="d-flex flex-items-center flex-justify-end mt-3">
          <SharedChoice f={f} />
          <button class="btn btn-primary ml-3" type="submit" id="submit-new">
            Submit new ticket
          </button>
        </div>
      </div>
      <div class="col-12 col-md-3 flex-shrink-0 mt-3 mt-md-0 fields-form">
        {/* a reader on `dit server` chooses the type; labels, milestone and the other fields take write access */}
        {TICKET_FIELD_NAMES.filter((field) => f.write !== false || field === 'type').map((field) =>
          // a milestone is chosen from the open ones; every other field draws as the table says
          field === 'milestone' ? (
            <label>
              Milestone{' '}
              <Select
                name="milestone"
                values={milestones.filter((m) => m.state === 'open').map((m) => m.name)}
                selected={values.milestone}
                empty="None"
              />
            </label>
          ) : (
            <FieldInput
              field={field}
              value={values[field]}
              placeholder={field === 'responsible' ? 'name or email' : undefined}
            />
          ),
        )}
        {f.write === false ? null : (
          <fieldset class="mt-2">
            <legend class="text-bold">Labels</legend>
            <LabelChoices labels={labels} checked={values.labels ?? []} />
            <input
              class="form-control input-sm width-full mt-1"
              name="new"
              value={(values.labels ?? []).filter((n) => !labels.some((l) => l.name === n)).join(', ')}
              placeholder="other labels, comma separated"
              aria-label="Other labels"
            />
          </fieldset>
        )}
      </div>
    </PostForm>
  </Layout>
);
