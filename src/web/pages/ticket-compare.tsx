// The Compare tab: patchset (or revision) N against M, as `git range-diff` shows it and as a tree diff of the two tips.

import { raw } from 'hono/html';
import type { FC } from 'hono/jsx';
import type { Ticket } from '../../model/ticket.js';
import type { Comparison, Picked } from '../../patchsets/diffs.js';
import { type Frame, href } from '../ui.js';
import { fileListHtml, filesHtml } from './diff-view.js';
import { DiffToolbar } from './ticket-files.js';
import { TabPage } from './ticket-tabs.js';

const label = (p: Picked) => `${p.number}.${p.revision}`;

/** Which class a range-diff line gets: a commit pair's header, or a line of the diff of diffs. */
function rangeClass(line: string): string {
  if (/^(\d+|-):\s+[0-9a-f-]+ [=!<>] /.test(line)) return line.includes(' = ') ? 'range-pair same' : 'range-pair';
  const outer = line[4];
  if (outer === '+') return 'blob-addition';
  if (outer === '-') return 'blob-deletion';
  if (/^ {4}@@/.test(line)) return 'blob-code-hunk';
  return '';
}

const Pick: FC<{ name: string; t: Ticket; picked: Picked }> = ({ name, t, picked }) => (
  <select
    name={name}
    class="form-select select-sm"
    aria-label={name === 'from' ? 'Compare from' : 'Compare to'}
    id={`compare-${name}`}
  >
    {t.patchsets
      .filter((p) => p.revisions.length)
      .flatMap((p) => p.revisions.map((r) => ({ n: p.number, r })))
      .map(({ n, r }) => (
        <option value={`${n}.${r.revision}`} selected={n === picked.number && r.revision === picked.revision}>
          Patchset {n} revision {r.revision} ({r.tip.slice(0, 7)})
        </option>
      ))}
  </select>
);

export const ComparePage: FC<{ f: Frame; t: Ticket; cmp: Comparison; split: boolean }> = ({ f, t, cmp, split }) => {
  const path = `/tickets/${t.id}/compare`;
  const params = { from: label(cmp.from), to: label(cmp.to) };
  const lines = cmp.range ? cmp.range.replace(/\n$/, '').split('\n') : [];
  return (
    <TabPage f={f} t={t} tab="compare" title="Compare">
      <form method="get" action={path} class="d-flex flex-items-center flex-wrap mb-3" id="compare-form">
        {f.branch ? <input type="hidden" name="branch" value={f.branch} /> : null}
        {split ? <input type="hidden" name="view" value="split" /> : null}
        <span class="mr-2">Compare</span>
        <Pick name="from" t={t} picked={cmp.from} />
        <span class="mx-2">with</span>
        <Pick name="to" t={t} picked={cmp.to} />
        <button class="btn btn-sm ml-2" type="submit">
          Compare
        </button>
      </form>
      <h2 class="f4 mb-2">Interdiff (git range-diff)</h2>
      <div class="Box mb-4" id="range-diff">
        {lines.length ? (
          <pre class="range-diff text-mono text-small p-0 m-0">
            {lines.map((l) => (
              <div class={`range-line ${rangeClass(l)}`}>{l || ' '}</div>
            ))}
          </pre>
        ) : (
          <div class="Box-body color-fg-muted">
            {cmp.from.tip === cmp.to.tip
              ? 'The two revisions are the same commits.'
              : 'git range-diff found no commits to pair.'}
          </div>
        )}
        {cmp.rangeTruncated ? (
          <div class="Box-footer text-small color-fg-muted">The range-diff is cut: it is larger than a page reads.</div>
        ) : null}
      </div>
      <h2 class="f4 mb-2">
        Changes from <code>{cmp.from.tip.slice(0, 7)}</code> to <code>{cmp.to.tip.slice(0, 7)}</code>
      </h2>
      <DiffToolbar f={f} fc={cmp.files} split={split} path={path} params={params} />
      {raw(fileListHtml(cmp.files))}
      <div id="files" class="diff-view">
        {raw(
          filesHtml(cmp.files, {
            split,
            fileHref: (p) => href(f, `/tickets/${t.id}/files`, { at: label(cmp.to), file: p }),
          }),
        )}
      </div>
    </TabPage>
  );
};
