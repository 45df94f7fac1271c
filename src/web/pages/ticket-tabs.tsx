// What every tab of a proposal shows: the header (title, state, "wants to merge"), the tabs, the revision picker.
import type { Child, FC } from 'hono/jsx';
import type { Ticket } from '../../model/ticket.js';
import type { Picked } from '../../patchsets/diffs.js';
import { Layout } from '../layout.js';
import { type Frame, href, Icon, Person, StateBadge, shortId } from '../ui.js';

export type Tab = 'conversation' | 'commits' | 'files' | 'compare';

/** GitHub's tabs under a pull request's title: Conversation, Commits, Files changed (and Compare). */
export const ReviewTabs: FC<{ f: Frame; t: Ticket; tab: Tab; files?: number }> = ({ f, t, tab, files }) => {
  const base = `/tickets/${t.id}`;
  const visible = t.comments.filter((c) => !c.deleted).length;
  const tabs: [Tab, string, string, number | undefined][] = [
    ['conversation', 'Conversation', base, visible],
    ['commits', 'Commits', `${base}/commits`, t.current?.commits],
    ['files', 'Files changed', `${base}/files`, files],
    ['compare', 'Compare', `${base}/compare`, t.patchsets.filter((p) => p.revisions.length).length],
  ];
  return (
    <nav class="tabnav mb-3 review-tabs" aria-label="Proposal">
      <div class="tabnav-tabs">
        {tabs.map(([key, label, path, count]) => (
          <a class="tabnav-tab" href={href(f, path)} aria-current={key === tab ? 'page' : undefined} id={`tab-${key}`}>
            {label}
            {count !== undefined ? <span class="Counter ml-1">{count}</span> : null}
          </a>
        ))}
      </div>
    </nav>
  );
};

/** "Ann wants to merge 3 commits into main from ticket/3f9a2c1": the line under a proposal's title. */
export const WantsToMerge: FC<{ f: Frame; t: Ticket }> = ({ f, t }) => {
  const c = t.current;
  if (!c) return null;
  const verb = t.status === 'merged' ? 'merged' : 'wants to merge';
  return (
    <span class="ml-2 color-fg-muted wants-to-merge">
      <Person who={c.author} f={f} /> {verb} {c.commits} commit{c.commits === 1 ? '' : 's'} into{' '}
      <span class="branch-name">{c.target}</span> from <span class="branch-name">ticket/{shortId(t.id)}</span>
    </span>
  );
};

/** The page frame of the Commits, Files changed and Compare tabs. */
export const TabPage: FC<{
  f: Frame;
  t: Ticket;
  tab: Tab;
  files?: number;
  title: string;
  children?: Child;
  flash?: string | null;
}> = ({ f, t, tab, files, title, children, flash }) => (
  <Layout f={f} title={`${title} · ${t.title} #${shortId(t.id)}`} flash={flash}>
    <div class="gh-header mb-3 pb-2">
      <h1 class="gh-header-title f1 text-normal mb-1 ticket-heading">
        <a class="Link--primary" href={href(f, `/tickets/${t.id}`)}>
          <bdi class="js-title">{t.title}</bdi>
        </a>{' '}
        <span class="color-fg-muted text-light">#{shortId(t.id)}</span>
      </h1>
      <div class="d-flex flex-items-center flex-wrap">
        <StateBadge status={t.status} />
        <WantsToMerge f={f} t={t} />
      </div>
    </div>
    <ReviewTabs f={f} t={t} tab={tab} files={files} />
    {children}
  </Layout>
);

/** A GET form choosing a patchset and revision (a select of every one, newest first), with a Show button. */
export const RevisionPicker: FC<{
  f: Frame;
  t: Ticket;
  action: string;
  picked: Picked;
  keep?: Record<string, string>;
}> = ({ f, t, action, picked, keep }) => {
  const options = t.patchsets
    .filter((p) => p.revisions.length)
    .flatMap((p) => p.revisions.map((r) => ({ number: p.number, r })))
    .reverse();
  return (
    <form method="get" action={action} class="d-inline-flex flex-items-center revision-picker">
      {f.branch ? <input type="hidden" name="branch" value={f.branch} /> : null}
      {Object.entries(keep ?? {}).map(([k, v]) => (
        <input type="hidden" name={k} value={v} />
      ))}
      <Icon name="commit" class="mr-1 color-fg-muted" />
      <select name="at" class="form-select select-sm" aria-label="Patchset and revision" id="revision-select">
        {options.map(({ number, r }) => (
          <option
            value={`${number}.${r.revision}`}
            selected={number === picked.number && r.revision === picked.revision}
          >
            Patchset {number} revision {r.revision} ({r.type}, {r.tip.slice(0, 7)})
            {t.current && number === t.current.number && r.revision === t.current.revision ? ' · current' : ''}
          </option>
        ))}
      </select>
      <button type="submit" class="btn btn-sm ml-1">
        Show
      </button>
    </form>
  );
};

/** `?at=2.3` (or `ps=2&rev=3`) as numbers; anything else is left out (the current revision). */
export function revisionParam(
  at: string | undefined,
  ps?: string,
  rev?: string,
): { ps: number | null; rev: number | null } {
  const m = /^(\d{1,6})(?:\.(\d{1,6}))?$/.exec(at ?? '');
  if (m) return { ps: Number(m[1]), rev: m[2] ? Number(m[2]) : null };
  const n = (s: string | undefined) => (/^\d{1,6}$/.test(s ?? '') ? Number(s) : null);
  return { ps: n(ps), rev: n(rev) };
}
