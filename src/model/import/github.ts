// GitHub's REST JSON (issues, pull requests, comments, events) turned into dit entries, keeping authors and times.
// Over 300 lines: one file per source, as model/import/ is: GitHub's issues, pull requests, comments and events are
// one mapping, read together.
import * as v from 'valibot';
import { entryId, serialize } from '../entry-file.js';
import { doneStatus, type Status, type TicketType } from '../fields.js';
import { normalizeTime } from '../plain.js';
import { type Author, FORMAT_VERSION, MAX_TEXT, MAX_TITLE } from '../schema.js';
import type { Attribution } from './attribution.js';
import { rewriteRefs } from './references.js';
import { SourceProblem } from './source.js';

const str = v.string();
const optStr = v.optional(v.nullable(str));
const int = v.pipe(v.number(), v.integer());
const user = v.optional(v.nullable(v.looseObject({ login: str })));
const time = v.pipe(
  str,
  v.check((t) => !Number.isNaN(Date.parse(t)), 'must be a time'),
);
const optTime = v.optional(v.nullable(time));
const label = v.union([str, v.looseObject({ name: str, color: optStr, description: optStr })]);
const milestone = v.optional(
  v.nullable(
    v.looseObject({
      title: str,
      description: optStr,
      due_on: optTime,
      state: v.optional(v.nullable(v.picklist(['open', 'closed']))),
      created_at: optTime,
      closed_at: optTime,
      creator: user,
    }),
  ),
);
const ref = v.optional(v.nullable(v.looseObject({ ref: str, sha: str, label: optStr })));

const issueSchema = v.looseObject({
  html_url: optStr,
  number: int,
  title: str,
  body: optStr,
  user,
  labels: v.optional(v.nullable(v.array(label))),
  milestone,
  assignee: user,
  assignees: v.optional(v.nullable(v.array(v.looseObject({ login: str })))),
  state: v.picklist(['open', 'closed']),
  state_reason: optStr,
  created_at: time,
  updated_at: optTime,
  closed_at: optTime,
  closed_by: user,
  reactions: v.optional(v.nullable(v.looseObject({ '+1': v.optional(v.nullable(int)) }))),
  pull_request: v.optional(v.nullable(v.looseObject({ merged_at: optTime }))),
  type: v.optional(v.nullable(v.union([str, v.looseObject({ name: str })]))),
  // the shape of .../pulls records, also accepted here
  head: ref,
  base: ref,
  merged_at: optTime,
  merge_commit_sha: optStr,
  commits: v.optional(v.nullable(int)),
  draft: v.optional(v.nullable(v.boolean())),
});
export type GitHubIssue = v.InferOutput<typeof issueSchema>;

const commentSchema = v.looseObject({
  id: v.union([int, str]),
  user,
  body: optStr,
  created_at: time,
  updated_at: optTime,
  issue_url: str,
  html_url: optStr,
});
export type GitHubComment = v.InferOutput<typeof commentSchema> & { number: number };

const eventSchema = v.looseObject({
  id: v.optional(v.nullable(v.union([int, str]))),
  event: str,
  actor: user,
  created_at: time,
  issue: v.optional(v.nullable(v.looseObject({ number: int }))),
  issue_url: optStr,
  label: v.optional(v.nullable(v.looseObject({ name: str }))),
  milestone: v.optional(v.nullable(v.looseObject({ title: str }))),
  rename: v.optional(v.nullable(v.looseObject({ from: str, to: str }))),
  assignee: user,
  commit_id: optStr,
  state_reason: optStr,
});
export type GitHubEvent = v.InferOutput<typeof eventSchema> & { number: number };

function check<S extends v.GenericSchema>(schema: S, value: unknown, what: string): v.InferOutput<S> {
  const r = v.safeParse(schema, value);
  if (r.success) return r.output;
  const issue = r.issues[0];
  const path = issue.path?.map((p: { key: unknown }) => String(p.key)).join('.') ?? '';
  throw new SourceProblem(what, `${path ? `\`${path}\`` : 'the record'}: ${issue.message}`);
}

export const readIssue = (x: unknown): GitHubIssue => check(issueSchema, x, 'the issue');

const numberFromUrl = (url: string | null | undefined): number | null => {
  const m = /\/(?:issues|pulls)\/(\d+)(?:[/?#]|$)/.exec(url ?? '');
  return m ? Number(m[1]) : null;
};

export function readComment(x: unknown): GitHubComment {
  const c = check(commentSchema, x, 'the comment');
  const number = numberFromUrl(c.issue_url);
  if (number === null) throw new SourceProblem('the comment', `\`issue_url\` "${c.issue_url}" names no issue`);
  return { ...c, number };
}

export function readEvent(x: unknown): GitHubEvent {
  const e = check(eventSchema, x, 'the event');
  const number = e.issue?.number ?? numberFromUrl(e.issue_url);
  if (number == null) throw new SourceProblem('the event', 'it names no issue (`issue.number`)');
  return { ...e, number };
}

/** GitHub's people as dit authors: the login, with the no-reply address GitHub itself uses. */
export const ghPerson = (login: string | undefined | null): Author => {
  const l = login || 'ghost';
  return { name: l, email: `${l}@users.noreply.github.com` };
};
const key = (login: string) => ghPerson(login).email;
const labelName = (l: string | { name: string }) =>
  (typeof l === 'string' ? l : l.name)
    .replace(/,/g, ' ')
    .replace(/^[\s+-]+/, '')
    .slice(0, 50);
const title = (t: string) => {
  const one = t.replace(/\s*[\r\n]+\s*/g, ' ').trim() || '(no title)';
  return one.length > MAX_TITLE ? `${one.slice(0, MAX_TITLE - 1)}…` : one;
};

/** GitHub's closing reasons as dit statuses, by the ticket's type. */
export function closedStatus(type: TicketType, reason: string | null | undefined, merged: boolean): Status {
  if (type === 'proposal') return merged ? 'merged' : 'declined';
  if (reason === 'not_planned') return 'wontfix';
  if (reason === 'duplicate') return 'duplicate';
  return type === 'bug' ? 'fixed' : doneStatus(type) === 'fixed' ? 'fixed' : 'resolved';
}

/** A type from GitHub's issue type, else from well-known labels, else task; pull requests are proposals. */
export function ticketType(i: GitHubIssue): TicketType {
  if (i.pull_request || i.head) return 'proposal';
  const named = [typeof i.type === 'string' ? i.type : i.type?.name, ...(i.labels ?? []).map(labelName)].map((n) =>
    (n ?? '').toLowerCase(),
  );
  if (named.some((n) => n === 'bug' || n === 'type: bug' || n === 'kind/bug')) return 'bug';
  if (named.some((n) => ['enhancement', 'feature', 'feature request', 'type: feature', 'kind/feature'].includes(n)))
    return 'enhancement';
  if (named.some((n) => n === 'question')) return 'question';
  return 'task';
}

export interface PullInfo {
  head: string | null;
  headSha: string | null;
  base: string | null;
  baseSha: string | null;
  mergeCommit: string | null;
  commits: number | null;
  draft: boolean;
}

/** A pull request's commits in this repository (refs/pull/N/head): tip, merge base with the target, count. */
export interface LocalCommits {
  tip: string;
  base: string;
  commits: number;
}

export interface GitHubContext {
  idOf: (n: number) => string | null;
  defaultTarget: string;
  warn: (where: string, problem: string) => void;
  /** Who imports (every entry's author) and the GitHub user kept as each entry's origin. */
  by: Attribution;
}

export interface GitHubStats {
  comments: number;
  events: number;
  proposals: number;
  patchsets: number;
  votes: number;
  ignoredEvents: Map<string, number>;
}
export const emptyGitHubStats = (): GitHubStats => ({
  comments: 0,
  events: 0,
  proposals: 0,
  patchsets: 0,
  votes: 0,
  ignoredEvents: new Map(),
});

function text(s: string, ctx: GitHubContext, where: string, what: string): string {
  if (s.length <= MAX_TEXT) return s;
  ctx.warn(where, `${what} is ${s.length} characters; dit keeps the first ${MAX_TEXT}`);
  return s.slice(0, MAX_TEXT);
}

interface State {
  title: string;
  labels: string[];
  milestone: string | null;
  assignees: string[];
}

const TRACKED = new Set([
  'labeled',
  'unlabeled',
  'milestoned',
  'demilestoned',
  'renamed',
  'assigned',
  'unassigned',
  'closed',
  'reopened',
  'merged',
]);

/** What the ticket looked like before its events: the current state with the events undone, newest first. */
function initialState(i: GitHubIssue, events: readonly GitHubEvent[]): State {
  const s: State = {
    title: i.title,
    labels: (i.labels ?? []).map(labelName),
    milestone: i.milestone?.title ?? null,
    assignees: (i.assignees?.length ? i.assignees : i.assignee ? [i.assignee] : []).map((a) => a.login),
  };
  for (const e of [...events].reverse()) {
    if (e.event === 'labeled' && e.label) s.labels = s.labels.filter((l) => l !== labelName(e.label!));
    if (e.event === 'unlabeled' && e.label && !s.labels.includes(labelName(e.label))) s.labels.push(labelName(e.label));
    if (e.event === 'milestoned') s.milestone = null;
    if (e.event === 'demilestoned' && e.milestone) s.milestone = e.milestone.title;
    if (e.event === 'renamed' && e.rename) s.title = e.rename.from;
    if (e.event === 'assigned' && e.assignee) s.assignees = s.assignees.filter((a) => a !== e.assignee!.login);
    if (e.event === 'unassigned' && e.assignee && !s.assignees.includes(e.assignee.login))
      s.assignees.push(e.assignee.login);
  }
  return s;
}

/** The creating entry; deterministic, so the same issue always gives the same ticket id. */
export function githubCreate(
  i: GitHubIssue,
  events: readonly GitHubEvent[],
  ctx: GitHubContext,
): Record<string, unknown> {
  const s = initialState(i, events);
  const e: Record<string, unknown> = {
    v: FORMAT_VERSION,
    kind: 'create',
    clock: 1,
    time: normalizeTime(i.created_at),
    ...ctx.by(ghPerson(i.user?.login), i.html_url),
    title: title(s.title),
    body: text(rewriteRefs(i.body ?? '', ctx.idOf).text, ctx, 'the issue', 'the description'),
    type: ticketType(i),
  };
  const labels = [...new Set(s.labels.filter(Boolean))];
  if (labels.length) e.labels = labels;
  if (s.milestone) e.milestone = title(s.milestone);
  if (s.assignees[0]) e.responsible = s.assignees[0];
  e.imported = `github#${i.number}`;
  return e;
}

/**
 * Every entry of one issue or pull request after its create: assignees beyond the first as watchers,
 * comments and events in time order, the closing (or merge) with its reason, +1 reactions as votes,
 * and a pull request's patchset. The end state is the issue's current one even when events are missing.
 */
export function githubEntries(
  i: GitHubIssue,
  id: string,
  create: Record<string, unknown>,
  comments: readonly GitHubComment[],
  events: readonly GitHubEvent[],
  pull: PullInfo | null,
  local: LocalCommits | null,
  ctx: GitHubContext,
  stats: GitHubStats,
): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [create];
  let clock = 1;
  const add = (kind: string, at: string, author: Author, rest: Record<string, unknown>, url = i.html_url) => {
    const time = normalizeTime(at);
    out.push({ v: FORMAT_VERSION, kind, ticket: id, clock: ++clock, time, ...ctx.by(author, url), ...rest });
  };
  const type = create.type as TicketType;
  const author = ghPerson(i.user?.login);
  const s = initialState(i, events);
  const merged = !!(i.pull_request?.merged_at ?? i.merged_at ?? pull?.mergeCommit);
  const state = { ...s, status: 'new' as Status, responsible: s.assignees[0] ?? null, watchers: new Set<string>() };

  const body = rewriteRefs(i.body ?? '', ctx.idOf).text;
  if (body !== create.body && body.length <= MAX_TEXT) add('set', i.created_at, author, { fields: { body } }); // links to later tickets
  const watch = (at: string, who: Author, login: string, on: boolean) => {
    if (state.watchers.has(login) === on) return;
    if (on) state.watchers.add(login);
    else state.watchers.delete(login);
    add('watch', at, who, who.name === login ? { on } : { on, person: key(login) });
  };
  for (const a of s.assignees.slice(1)) watch(i.created_at, author, a, true);
  // +1 reactions: GitHub's issue listing gives their number, not who; each becomes an anonymous vote
  const plusOnes = i.reactions?.['+1'] ?? 0;
  for (let k = 1; k <= plusOnes; k++)
    add('vote', i.created_at, author, { on: true, person: `+1 reaction ${k} (GitHub)` });
  stats.votes += plusOnes;
  if (pull || local) patchset();

  type Step = { at: string; order: string; run: () => void };
  const steps: Step[] = [];
  for (const c of comments) {
    steps.push({
      at: c.created_at,
      order: `c${String(c.id)}`,
      run: () => {
        const b = text(rewriteRefs(c.body ?? '', ctx.idOf).text, ctx, `comment ${String(c.id)}`, 'a comment');
        if (!b.trim()) return;
        add('comment', c.created_at, ghPerson(c.user?.login), { body: b }, c.html_url ?? i.html_url);
        stats.comments++;
      },
    });
  }
  for (const e of events) {
    if (!TRACKED.has(e.event)) {
      stats.ignoredEvents.set(e.event, (stats.ignoredEvents.get(e.event) ?? 0) + 1);
      continue;
    }
    steps.push({
      at: e.created_at,
      order: `e${String(e.id ?? '')}`,
      run: () => {
        event(e);
        stats.events++;
      },
    });
  }
  steps.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
  for (const st of steps) st.run();

  // whatever the events did not say, the issue's current state does
  const last = i.closed_at ?? i.updated_at ?? i.created_at;
  const now = initialState(i, []);
  if (state.title !== now.title) {
    add('set', last, author, { fields: { title: title(now.title) } });
    state.title = now.title;
  }
  const want = [...new Set(now.labels.filter(Boolean))];
  const plus = want.filter((l) => !state.labels.includes(l));
  const minus = state.labels.filter((l) => !want.includes(l));
  if (plus.length || minus.length) add('label', last, author, { add: plus, remove: minus });
  if (state.milestone !== now.milestone)
    add('set', last, author, { fields: { milestone: now.milestone ? title(now.milestone) : null } });
  if (state.responsible !== (now.assignees[0] ?? null))
    add('set', last, author, { fields: { responsible: now.assignees[0] ?? null } });
  for (const a of now.assignees.slice(1)) watch(last, author, a, true);
  const final: Status =
    i.state === 'closed' ? closedStatus(type, i.state_reason, merged) : state.status === 'new' ? 'new' : 'open';
  if (final !== state.status) {
    const at = merged ? (i.pull_request?.merged_at ?? i.merged_at ?? last) : (i.closed_at ?? last);
    add('status', at, ghPerson(i.closed_by?.login ?? i.user?.login), statusFields(final));
  }
  return out;

  function statusFields(status: Status): Record<string, unknown> {
    const r: Record<string, unknown> = { status };
    const sha = pull?.mergeCommit;
    if (status === 'merged' && sha && /^[0-9a-f]{40}$/.test(sha)) r.commit = sha;
    if (status === 'merged' && pull?.base) r.target = pull.base;
    return r;
  }

  function event(e: GitHubEvent): void {
    const who = ghPerson(e.actor?.login);
    const at = e.created_at;
    switch (e.event) {
      case 'labeled':
      case 'unlabeled': {
        const l = labelName(e.label!);
        const on = e.event === 'labeled';
        if (!l || state.labels.includes(l) === on) return;
        state.labels = on ? [...state.labels, l] : state.labels.filter((x) => x !== l);
        add('label', at, who, on ? { add: [l], remove: [] } : { add: [], remove: [l] });
        return;
      }
      case 'milestoned':
      case 'demilestoned': {
        const m = e.event === 'milestoned' ? (e.milestone?.title ?? null) : null;
        if (m === state.milestone) return;
        state.milestone = m;
        add('set', at, who, { fields: { milestone: m ? title(m) : null } });
        return;
      }
      case 'renamed':
        if (!e.rename || e.rename.to === state.title) return;
        state.title = e.rename.to;
        add('set', at, who, { fields: { title: title(e.rename.to) } });
        return;
      case 'assigned':
      case 'unassigned': {
        const login = e.assignee?.login;
        if (!login) return;
        const on = e.event === 'assigned';
        state.assignees = on
          ? [...state.assignees.filter((a) => a !== login), login]
          : state.assignees.filter((a) => a !== login);
        const first = state.assignees[0] ?? null;
        if (first !== state.responsible) {
          state.responsible = first;
          add('set', at, who, { fields: { responsible: first } });
        }
        if (on && login !== first) watch(at, who, login, true);
        return;
      }
      case 'closed':
      case 'merged': {
        const status = e.event === 'merged' ? 'merged' : closedStatus(type, e.state_reason ?? i.state_reason, merged);
        if (status === state.status || (e.event === 'closed' && state.status === 'merged')) return;
        state.status = status;
        const r = statusFields(status);
        // "merged as abc1234", or "closed this in abc1234": the status holds where that commit is
        const byCommit = status === 'merged' || status === 'fixed' || status === 'resolved' || status === 'closed';
        if (e.commit_id && /^[0-9a-f]{40}$/.test(e.commit_id) && byCommit) r.commit = e.commit_id;
        add('status', at, who, r);
        return;
      }
      case 'reopened':
        if (state.status === 'open' || state.status === 'new') return;
        state.status = 'open';
        add('status', at, who, { status: 'open' });
        return;
    }
  }

  function patchset(): void {
    const target = pull?.base ?? ctx.defaultTarget;
    const tip = local?.tip ?? pull?.headSha;
    const base = local?.base ?? pull?.baseSha ?? tip;
    if (!tip || !base || !/^[0-9a-f]{40}$/.test(tip) || !/^[0-9a-f]{40}$/.test(base)) return;
    const e: Record<string, unknown> = {
      number: 1,
      revision: 1,
      type: 'proposal',
      base,
      tip,
      target,
      commits: local?.commits ?? pull?.commits ?? 0,
      added: local?.commits ?? pull?.commits ?? 0,
    };
    if (pull?.head) e.head = pull.head;
    if (pull?.draft) e.draft = true;
    add('patchset', i.created_at, author, e);
    stats.patchsets++;
  }
}

/** Head and base of a pull request, from its own record or one of .../pulls. */
export function pullInfo(i: GitHubIssue, pull: GitHubIssue | undefined): PullInfo | null {
  const p = pull ?? (i.head ? i : undefined);
  if (!p && !i.pull_request) return null;
  return {
    head: p?.head?.ref ?? null,
    headSha: p?.head?.sha ?? null,
    base: p?.base?.ref ?? null,
    baseSha: p?.base?.sha ?? null,
    mergeCommit: p?.merged_at || i.pull_request?.merged_at ? (p?.merge_commit_sha ?? null) : null,
    commits: p?.commits ?? null,
    draft: !!p?.draft,
  };
}

export interface MilestoneDef {
  name: string;
  description: string;
  due: string | null;
  state: 'open' | 'closed';
  time: string;
  author: Author;
}
export interface LabelDefSource {
  name: string;
  color: string | null;
  description: string | null;
}

/** Milestones and labels as the issues describe them (the latest record wins for each name). */
export function definitionsOf(issues: readonly GitHubIssue[]): {
  milestones: Map<string, MilestoneDef>;
  labels: Map<string, LabelDefSource>;
} {
  const milestones = new Map<string, MilestoneDef>();
  const labels = new Map<string, LabelDefSource>();
  for (const i of issues) {
    const m = i.milestone;
    if (m) {
      const name = title(m.title);
      const prev = milestones.get(name);
      const at = normalizeTime(m.created_at ?? i.created_at);
      milestones.set(name, {
        name,
        description: m.description ?? '',
        due: m.due_on ? new Date(Date.parse(m.due_on)).toISOString().slice(0, 10) : null,
        state: m.state === 'closed' ? 'closed' : 'open',
        time: prev && prev.time < at ? prev.time : at,
        author: ghPerson(m.creator?.login ?? i.user?.login),
      });
    }
    for (const l of i.labels ?? []) {
      const name = labelName(l);
      if (!name) continue;
      const o = typeof l === 'string' ? { color: null, description: null } : l;
      labels.set(name, {
        name,
        color: o.color && /^[0-9a-f]{6}$/i.test(o.color) ? o.color.toLowerCase() : null,
        description: o.description ? o.description.slice(0, 512) : null,
      });
    }
  }
  return { milestones, labels };
}

/** The entry id of a create, which is the ticket's id. */
export const createId = (create: Record<string, unknown>): string => entryId(serialize(create));
