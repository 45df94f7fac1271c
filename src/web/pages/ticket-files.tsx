// The Files changed tab: one revision's diff against its base, file by file, unified or split, with line comments.

import { raw } from 'hono/html';
import type { FC } from 'hono/jsx';
import type { Ticket } from '../../model/ticket.js';
import type { FilesChanged, Picked } from '../../patchsets/diffs.js';
import { type Frame, href } from '../ui.js';
import { type DiffOptions, fileListHtml, filesHtml } from './diff-view.js';
import { ReviewBox } from './review-box.js';
import { RevisionPicker, TabPage } from './ticket-tabs.js';

export interface FilesView {
  split: boolean;
  /** One file asked for (`?file=`): shown whatever its size. */
  only?: string;
}

/** The counts, the view switch and the notices above a diff (shared with Compare). */
export const DiffToolbar: FC<{
  f: Frame;
  fc: FilesChanged;
  split: boolean;
  path: string;
  params: Record<string, string | undefined>;
}> = ({ f, fc, split, path, params }) => (
  <>
    <div class="d-flex flex-items-center flex-wrap mb-2 diff-toolbar">
      <span class="flex-auto text-small" id="diffstat">
        <strong>{fc.files.length.toLocaleString('en')}</strong> file{fc.files.length === 1 ? '' : 's'} changed,{' '}
        <span class="color-fg-success">+{fc.added.toLocaleString('en')}</span>{' '}
        <span class="color-fg-danger">−{fc.removed.toLocaleString('en')}</span>
      </span>
      <nav class="BtnGroup" aria-label="Diff view">
        <a
          class={`btn btn-sm BtnGroup-item${split ? '' : ' selected'}`}
          href={href(f, path, { ...params, view: 'unified' })}
          aria-current={split ? undefined : 'true'}
          id="view-unified"
        >
          Unified
        </a>
        <a
          class={`btn btn-sm BtnGroup-item${split ? ' selected' : ''}`}
          href={href(f, path, { ...params, view: 'split' })}
          aria-current={split ? 'true' : undefined}
          id="view-split"
        >
          Split
        </a>
      </nav>
    </div>
    {fc.listTruncated ? (
      <div class="flash flash-warn mb-2">
        The list of files is cut: this change touches more files than a page reads.
      </div>
    ) : null}
    {fc.truncated ? (
      <div class="flash flash-warn mb-2">
        The diff is larger than a page reads from git; the files after the cut are listed but not shown.
      </div>
    ) : null}
  </>
);

export const FilesPage: FC<{
  f: Frame;
  t: Ticket;
  picked: Picked;
  fc: FilesChanged;
  view: FilesView;
  diff: Omit<DiffOptions, 'split' | 'fileHref'>;
  flash?: string | null;
}> = ({ f, t, picked, fc, view, diff, flash }) => {
  const path = `/tickets/${t.id}/files`;
  const at = `${picked.number}.${picked.revision}`;
  const params = { at, file: view.only };
  const opts: DiffOptions = {
    ...diff,
    split: view.split,
    fileHref: (p) => href(f, path, { at, view: view.split ? 'split' : undefined, file: p }),
  };
  return (
    <TabPage
      f={f}
      t={t}
      tab="files"
      files={view.only ? undefined : fc.files.length}
      title="Files changed"
      flash={flash}
    >
      <div class="d-flex flex-items-center flex-wrap mb-3">
        <span class="flex-auto color-fg-muted">
          Patchset {picked.number} revision {picked.revision} against its base <code>{picked.base.slice(0, 7)}</code> on{' '}
          <span class="branch-name">{picked.target}</span>
        </span>
        <RevisionPicker f={f} t={t} action={path} picked={picked} keep={view.split ? { view: 'split' } : {}} />
      </div>
      {view.only !== undefined ? (
        <p class="mb-2">
          <a href={href(f, path, { at, view: view.split ? 'split' : undefined })}>← All files</a>
        </p>
      ) : null}
      {t.current && t.current.number === picked.number && t.current.revision === picked.revision ? (
        <ReviewBox f={f} t={t} />
      ) : null}
      <DiffToolbar f={f} fc={fc} split={view.split} path={path} params={params} />
      {view.only === undefined ? raw(fileListHtml(fc)) : null}
      <div id="files" class="diff-view">
        {raw(filesHtml(fc, opts, view.only))}
      </div>
    </TabPage>
  );
};
