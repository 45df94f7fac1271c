// The Markdown editor: a textarea with Write/Preview tabs, for comments, descriptions and reviews.
import type { FC } from 'hono/jsx';

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
      {/* toggle buttons (aria-pressed), not tabs: aria-selected belongs to role=tab, which buttons are not */}
      <button type="button" class="btn-link tabnav-tab selected js-write" aria-pressed="true">
        Write
      </button>
      <button type="button" class="btn-link tabnav-tab js-preview" aria-pressed="false">
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
