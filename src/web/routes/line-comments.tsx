// Line comments on the Files changed tab: threads under their lines, outdated ones above their file, the forms.
import type { Context } from 'hono';
import { DitError } from '../../errors.js';
import { contextOf } from '../../model/diff.js';
import { SIDES } from '../../model/entries/line-comment.js';
import type { Ticket } from '../../model/ticket.js';
import type { FilesChanged, Picked } from '../../patchsets/diffs.js';
import { addLineComment, lineThreads, placeThreads } from '../../patchsets/line-comments.js';
import * as input from '../../store/ops/input.js';
import type { View } from '../../store/view/view.js';
import { refsFor } from '../data.js';
import { type Form, pick, str } from '../form.js';
import { renderMarkdown } from '../markdown.js';
import { type DiffOptions, fileAnchor, type Side } from '../pages/diff-view.js';
import { NewLineComment, Thread } from '../pages/line-thread.js';
import { revisionParam } from '../pages/ticket-tabs.js';
import type { Scope } from '../site.js';
import { type Frame, href } from '../ui.js';

/** Markdown of every comment in these threads, by comment id. */
export async function threadHtml(
  site: Scope,
  view: View,
  threads: ReturnType<typeof lineThreads>,
): Promise<Map<string, string>> {
  const all = threads.flatMap((th) => [th.root, ...th.replies]).filter((c) => !c.deleted);
  const refs = await refsFor(
    site,
    view,
    all.map((c) => c.body),
  );
  return new Map(all.map((c) => [c.id, renderMarkdown(c.body, refs, { remoteImages: site.remoteImages })]));
}

/** What the Files changed page needs to show line comments: threads under lines, the form where asked. */
export async function lineCommentOptions(
  c: Context,
  site: Scope,
  view: View,
  t: Ticket,
  picked: Picked,
  fc: FilesChanged,
  f: Frame,
  v: { split: boolean; only?: string | undefined },
): Promise<Omit<DiffOptions, 'split' | 'fileHref'>> {
  const threads = lineThreads(t);
  const html = await threadHtml(site, view, threads);
  const here = (extra: Record<string, string | number | undefined> = {}) =>
    href(f, `/tickets/${t.id}/files`, {
      at: `${picked.number}.${picked.revision}`,
      view: v.split ? 'split' : undefined,
      file: v.only,
      ...extra,
    });
  const inline = new Map<string, typeof threads>();
  const outdated = new Map<string, typeof threads>();
  const key = (path: string, side: string, line: number) => `${path}\0${side}\0${line}`;
  const files = new Map(fc.files.map((x) => [x.path, x]));
  // a thread made on another revision goes to the line it moved to, when this diff shows that line
  const placed = await placeThreads(
    site.store,
    t,
    picked,
    threads.map((th) => th.root),
  );
  for (const th of threads) {
    const p = placed.get(th.root.id);
    if (!p) continue;
    const patch = files.get(p.path)?.patch;
    if (p.line !== null && (!p.outdated || (patch && contextOf(patch, p.side, p.line)))) {
      const k = key(p.path, p.side, p.line);
      inline.set(k, [...(inline.get(k) ?? []), th]);
    } else if (files.has(p.path)) outdated.set(p.path, [...(outdated.get(p.path) ?? []), th]);
  }
  const ask = {
    path: c.req.query('path'),
    side: pick(c.req.query('side'), SIDES),
    line: Number(c.req.query('line')),
  };
  const write = f.part !== false; // a reader on `dit server` may comment on lines too
  const back = (path: string) => `${here()}#${fileAnchor(path)}`;
  const threadBox = (th: (typeof threads)[number]) => {
    const p = placed.get(th.root.id);
    return String(
      <Thread
        f={{ ...f, here: back(p?.path ?? th.root.anchor!.path) }}
        t={t}
        root={th.root}
        replies={th.replies}
        html={html}
        outdated={!!p?.outdated}
        now={p?.outdated ? p.line : undefined}
        write={write}
        where="diff"
      />,
    );
  };
  return {
    // a link to this page with the form open under the line: query-only, so it stays short on every line
    commentHref: write ? (path, side, line) => `${here({ path, side, line }).replace(/^[^?]*/, '')}#new-comment` : null,
    below: (path: string, side: Side, line: number) => {
      let s = (inline.get(key(path, side, line)) ?? []).map((th) => threadBox(th)).join('');
      if (write && ask.path === path && ask.side === side && ask.line === line)
        s += String(
          <NewLineComment
            f={{ ...f, here: back(path) }}
            t={t}
            picked={picked}
            path={path}
            side={side}
            line={line}
            cancel={back(path)}
          />,
        );
      return s;
    },
    top: (path) => {
      const list = outdated.get(path);
      return list?.length
        ? `<div class="outdated-comments px-3 py-2 border-bottom">${list.map((th) => threadBox(th)).join('')}</div>`
        : '';
    },
  };
}

/** The form behind a new line comment or a reply. */
export async function postLineComment(form: Form, site: Scope, id: string): Promise<string> {
  const view = await site.view(str(form, 'branch') || undefined);
  const body = (str(form, 'body') ?? '').trim();
  const target = site.target({ shared: true }); // with the patchset, in the shared journal
  const reply = str(form, 'reply');
  if (reply) return addLineComment(site.store, view, id, null, body, target, reply);
  const at = revisionParam(str(form, 'at'));
  const side = input.optional(input.choice(SIDES, 'side'), str(form, 'side') || undefined, 'side');
  const line = Number(str(form, 'line'));
  const path = str(form, 'path') ?? '';
  if (at.ps === null || at.rev === null || !side || !Number.isInteger(line) || line < 1 || !path)
    throw new DitError('usage', 'a line comment needs a revision, a path, a side and a line; open it from the diff');
  return addLineComment(site.store, view, id, { patchset: at.ps, revision: at.rev, path, side, line }, body, target);
}
