// One file's diff as GitHub draws it (unified or split, numbered, highlighted), or the summary that
// stands in for it. Built as escaped HTML strings: a 2,000-line diff is too many JSX nodes to be quick.
import { createHash } from 'node:crypto';
import { type DiffLine, type Hunk, splitRows } from '../../model/diff.js';
import type { FileDiff, FilesChanged } from '../../patchsets/diffs.js';
import { esc, highlightLines, languageOf } from '../highlight.js';

export type Side = 'old' | 'new';

export interface DiffOptions {
  split: boolean;
  /** Where a line's number links to open a comment form there (null: no commenting). */
  commentHref?: ((path: string, side: Side, line: number) => string) | null;
  /** HTML shown under a line (its comments, the open form). */
  below?: (path: string, side: Side, line: number) => string;
  /** HTML shown above a file's diff (its outdated comments). */
  top?: (path: string) => string;
  /** Where one file's own page is, for summarised files. */
  fileHref?: (path: string) => string;
  /** Characters a page may still highlight; past it, diffs are plain (highlighting is the costly part). */
  budget?: { chars: number };
}

/** How much text one page highlights at most (highlight.js reads about 2 MB a second). */
export const HIGHLIGHT_CHARS = 1_000_000;

/** A stable, harmless anchor for a file (its path may hold anything). */
export const fileAnchor = (path: string): string =>
  `diff-${createHash('sha1').update(path).digest('hex').slice(0, 16)}`;

/** The highlighted HTML of each line of a hunk, by the line object (both sides highlighted as texts of their own). */
function highlighted(h: Hunk, lang: string | null): Map<DiffLine, string> {
  const out = new Map<DiffLine, string>();
  const oldSide = h.lines.filter((l) => l.kind !== 'add');
  const newSide = h.lines.filter((l) => l.kind !== 'del');
  const a = highlightLines(
    oldSide.map((l) => l.text),
    lang,
  );
  const b = highlightLines(
    newSide.map((l) => l.text),
    lang,
  );
  for (let i = 0; i < oldSide.length; i++) out.set(oldSide[i]!, a[i]!);
  for (let i = 0; i < newSide.length; i++) if (newSide[i]!.kind === 'add') out.set(newSide[i]!, b[i]!);
  return out;
}

const MARK: Record<DiffLine['kind'], string> = { context: ' ', add: '+', del: '-' };
const CLS: Record<DiffLine['kind'], string> = { context: '', add: ' blob-addition', del: ' blob-deletion' };

/** One file's rows are drawn with these: its path, its anchor (GitHub's `#diff-…L12` / `R12` line ids), the options. */
interface Ctx {
  path: string;
  anchor: string;
  o: DiffOptions;
}

/** A line number cell; `link` makes it open a comment form (only the line's own side does). */
function num(c: Ctx, n: number | null, side: Side, kind: DiffLine['kind'], link: boolean): string {
  if (n === null) return `<td class="blob-num blob-num-empty${CLS[kind]}"></td>`;
  const id = `${c.anchor}${side === 'old' ? 'L' : 'R'}${n}`;
  const inner =
    link && c.o.commentHref
      ? `<a href="${esc(c.o.commentHref(c.path, side, n))}" aria-label="Comment on line ${n}">${n}</a>`
      : String(n);
  return `<td class="blob-num${CLS[kind]}" id="${id}">${inner}</td>`;
}

/** The code cell; its +/- marker is drawn by CSS from data-m, so copying code leaves it out (as on GitHub). */
const code = (l: DiffLine | null, html: string | undefined): string =>
  l
    ? `<td class="blob-code${CLS[l.kind]}" data-m="${MARK[l.kind]}">${html ?? esc(l.text)}</td>`
    : '<td class="blob-code blob-code-empty"></td>';

function belowRow(html: string, cols: number): string {
  return html ? `<tr class="inline-comments"><td colspan="${cols}">${html}</td></tr>` : '';
}

function unifiedRows(c: Ctx, h: Hunk, hl: Map<DiffLine, string>): string {
  let s = '';
  const below = c.o.below;
  for (const l of h.lines) {
    s += `<tr>${num(c, l.old, 'old', l.kind, l.kind === 'del')}${num(c, l.new, 'new', l.kind, true)}${code(l, hl.get(l))}</tr>`;
    if (below) s += belowRow(l.kind === 'del' ? below(c.path, 'old', l.old!) : below(c.path, 'new', l.new!), 3);
  }
  return s;
}

function splitRowsHtml(c: Ctx, h: Hunk, hl: Map<DiffLine, string>): string {
  let s = '';
  const below = c.o.below;
  for (const { left, right } of splitRows(h.lines)) {
    const empty = '<td class="blob-num blob-num-empty"></td>';
    const leftNum = left ? num(c, left.old, 'old', left.kind, left.kind === 'del') : empty;
    const rightNum = right ? num(c, right.new, 'new', right.kind, true) : empty;
    s += `<tr>${leftNum}${code(left, left ? hl.get(left) : undefined)}${rightNum}${code(right, right ? hl.get(right) : undefined)}</tr>`;
    if (below)
      s += belowRow(
        (left && left.kind === 'del' ? below(c.path, 'old', left.old!) : '') +
          (right ? below(c.path, 'new', right.new!) : ''),
        4,
      );
  }
  return s;
}

const SUMMARY: Record<NonNullable<FileDiff['summarised']>, string> = {
  binary: 'Binary file not shown.',
  large: 'Large diff not rendered by default.',
  generated: 'Generated file not rendered by default.',
  budget: 'Not shown: this page already holds as many diffs as it shows at once.',
  truncated: 'The diff was cut here: it is larger than a page reads from git.',
};

const STATUS: Record<string, string> = { A: 'added', D: 'deleted', R: 'renamed', C: 'copied', T: 'type changed' };

/** One file: its header (counts, path, rename, mode) and its diff or the summary in its place. */
export function fileHtml(f: FileDiff, o: DiffOptions): string {
  const counts =
    f.added === null
      ? '<span class="Label mr-2">binary</span>'
      : `<span class="diffstat mr-2 text-mono text-small"><span class="color-fg-success">+${f.added}</span> ` +
        `<span class="color-fg-danger">−${f.removed}</span></span>`;
  const renamed = f.oldPath ? `<bdi class="color-fg-muted text-mono">${esc(f.oldPath)}</bdi> → ` : '';
  const status = STATUS[f.status] ? `<span class="Label ml-2">${STATUS[f.status]}</span>` : '';
  const mode =
    f.oldMode !== f.newMode && f.oldMode !== '000000' && f.newMode !== '000000'
      ? `<span class="color-fg-muted text-small ml-2">mode ${esc(f.oldMode)} → ${esc(f.newMode)}</span>`
      : '';
  let body = '';
  if (f.patch?.hunks.length) {
    const size = f.patch.hunks.reduce((n, h) => n + h.lines.reduce((m, l) => m + l.text.length + 1, 0), 0);
    const lang = o.budget && o.budget.chars < size ? null : languageOf(f.path);
    if (o.budget && lang) o.budget.chars -= size;
    const cols = o.split ? 4 : 3;
    const ctx: Ctx = { path: f.path, anchor: fileAnchor(f.path), o };
    let rows = '';
    for (const h of f.patch.hunks) {
      const hl = highlighted(h, lang);
      rows +=
        `<tr class="diff-hunk"><td class="blob-num blob-num-hunk" colspan="${o.split ? 1 : 2}"></td><td ` +
        `class="blob-code blob-code-hunk" colspan="${cols - (o.split ? 1 : 2)}">${esc(h.header)}</td></tr>`;
      rows += o.split ? splitRowsHtml(ctx, h, hl) : unifiedRows(ctx, h, hl);
    }
    body = `<div class="diff-scroll"><table class="diff-table${o.split ? ' diff-split' : ''}"><tbody>${rows}</tbody></table></div>`;
  } else if (f.summarised || (f.patch && !f.patch.hunks.length)) {
    const why = f.summarised
      ? SUMMARY[f.summarised]
      : f.oldPath
        ? 'File renamed without changes.'
        : 'No changes to the text.';
    const load =
      o.fileHref && (f.summarised === 'large' || f.summarised === 'generated' || f.summarised === 'budget')
        ? ` <a href="${esc(o.fileHref(f.path))}">Load the diff</a>`
        : '';
    body = `<div class="Box-body color-fg-muted text-small file-summary">${why}${load}</div>`;
  }
  const cut = f.patch?.cut
    ? '<div class="Box-footer text-small color-fg-muted py-1">Some long lines are cut.</div>'
    : '';
  return (
    `<div class="Box mb-3 diff-file" id="${fileAnchor(f.path)}" data-path="${esc(f.path)}"><div class="Box-header ` +
    `py-2 px-3 d-flex flex-items-center file-header">${counts}<span class="flex-auto min-width-0 text-mono ` +
    `text-small file-name">${renamed}<bdi>${esc(f.path)}</bdi>${status}${mode}</span></div>${o.top ? o.top(f.path) : ''}${body}${cut}</div>`
  );
}

/** At most this many files get a box of their own on a page; the rest are in the file list only. */
export const MAX_FILE_BOXES = 300;

/** The boxes of the files a page shows, and a note for those it leaves to the list. */
export function filesHtml(fc: FilesChanged, o: DiffOptions, only?: string): string {
  const files = fc.files.filter((x) => only === undefined || x.path === only);
  const page = { ...o, budget: o.budget ?? { chars: HIGHLIGHT_CHARS } };
  const boxes = files.slice(0, MAX_FILE_BOXES).map((x) => fileHtml(x, page));
  if (files.length > MAX_FILE_BOXES)
    boxes.push(
      `<div class="flash flash-warn mb-3" id="more-files">${(files.length - MAX_FILE_BOXES).toLocaleString('en')} ` +
        `more files changed; a page shows the first ${MAX_FILE_BOXES}. Open one by its ` +
        `name with <code>?file=</code>, or read the rest with <code>git diff</code>.</div>`,
    );
  return boxes.join('');
}

/** The file list above the diffs (GitHub's file tree, as a plain list): each file with its counts. */
export function fileListHtml(fc: FilesChanged): string {
  const MAX = 1000;
  const more =
    fc.files.length > MAX
      ? `<li class="py-1 color-fg-muted text-small">and ${(fc.files.length - MAX).toLocaleString('en')} more files</li>`
      : '';
  const items =
    fc.files
      .slice(0, MAX)
      .map(
        (f) =>
          `<li class="d-flex flex-items-center py-1"><a class="flex-auto text-mono text-small Link--primary ` +
          `file-link" href="#${fileAnchor(f.path)}"><bdi>${esc(f.path)}</bdi></a>` +
          (f.added === null
            ? '<span class="color-fg-muted text-small">binary</span>'
            : `<span class="text-mono text-small"><span class="color-fg-success">+${f.added}</span> ` +
              `<span class="color-fg-danger">−${f.removed}</span></span>`) +
          '</li>',
      )
      .join('') + more;
  return (
    `<details class="Box mb-3 details-reset file-list"${fc.files.length <= 30 ? ' open' : ''}><summary ` +
    `class="Box-header py-2 px-3 text-small text-bold">${fc.files.length.toLocaleString('en')} ` +
    `file${fc.files.length === 1 ? '' : 's'} changed</summary><ul class="list-style-none px-3 py-2">${items}</ul></details>`
  );
}
