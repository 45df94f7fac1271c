// `dit import --github`: issues and pull requests from GitHub's REST JSON, with comments, events,
// labels and milestones, `#N` links rewritten, pull requests' commits attached when fetched.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { usage } from '../../errors.js';
import { nameId } from '../../model/ids.js';
import { attribution } from '../../model/import/attribution.js';
import {
  createId,
  definitionsOf,
  emptyGitHubStats,
  type GitHubComment,
  type GitHubContext,
  type GitHubEvent,
  type GitHubIssue,
  githubCreate,
  githubEntries,
  type LocalCommits,
  pullInfo,
  readComment,
  readEvent,
  readIssue,
} from '../../model/import/github.js';
import { jsonRecords, position, SourceProblem } from '../../model/import/source.js';
import { FORMAT_VERSION } from '../../model/schema.js';
import type { Store } from '../store.js';
import type { Target } from '../write/write.js';
import { ImportBatch, type ImportReport } from './batch.js';
import type { ImportOptions } from './gitblit.js';

export interface GitHubFiles {
  issues: string;
  comments?: string;
  events?: string;
  pulls?: string;
}

interface Rec {
  value: unknown;
  where: string;
}

async function records(file: string, batch: ImportBatch): Promise<{ text: string; recs: Rec[] }> {
  const text = await readFile(file, 'utf8').catch((e: Error) => {
    throw usage(`cannot read ${file}: ${e.message}`);
  });
  let recs: { value: unknown; offset: number }[] = [];
  batch.record(
    file,
    () => {
      recs = jsonRecords(text);
    },
    true,
  );
  // the line and column are worked out only for a record that has a problem
  return {
    text,
    recs: recs.map((r, k) => ({
      value: r.value,
      get where() {
        return `record ${k + 1} (${position(text, r.offset)})`;
      },
    })),
  };
}

/** Runs `fn` for a record, placing its problems at the record's position. */
function at<T>(where: string | (() => string), fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof SourceProblem)
      throw new SourceProblem(`${typeof where === 'string' ? where : where()}, ${err.where}`, err.message);
    throw err;
  }
}

export async function importGitHub(
  store: Store,
  files: GitHubFiles,
  target: Target,
  opts: ImportOptions = {},
): Promise<ImportReport> {
  const batch = new ImportBatch(!!opts.skipBad);
  const reading = store.progress('github: reading', 'issues');
  const issues = new Map<number, GitHubIssue>();
  const pulls = new Map<number, GitHubIssue>();
  for (const [file, isPulls] of [
    [files.issues, false],
    ...(files.pulls ? [[files.pulls, true] as const] : []),
  ] as const) {
    for (const r of (await records(file, batch)).recs) {
      batch.record(file, () =>
        at(
          () => r.where,
          () => {
            const i = readIssue(r.value);
            if (isPulls || (i.head && issues.has(i.number))) pulls.set(i.number, i);
            else if (issues.has(i.number)) throw new SourceProblem('the issue', `#${i.number} appears twice`);
            else issues.set(i.number, i);
          },
        ),
      );
    }
  }
  for (const [n, p] of pulls) if (!issues.has(n)) issues.set(n, p); // a pull request only in the pulls file
  if (!issues.size)
    throw usage(
      `${files.issues} holds no issues; save them with \`gh api --paginate 'repos/OWNER/REPO/issues?state=all' > issues.json\``,
    );
  const comments = new Map<number, GitHubComment[]>();
  if (files.comments) {
    for (const r of (await records(files.comments, batch)).recs) {
      batch.record(files.comments, () =>
        at(
          () => r.where,
          () => {
            const c = readComment(r.value);
            (comments.get(c.number) ?? comments.set(c.number, []).get(c.number)!).push(c);
          },
        ),
      );
    }
  }
  const events = new Map<number, GitHubEvent[]>();
  if (files.events) {
    for (const r of (await records(files.events, batch)).recs) {
      batch.record(files.events, () =>
        at(
          () => r.where,
          () => {
            const e = readEvent(r.value);
            (events.get(e.number) ?? events.set(e.number, []).get(e.number)!).push(e);
          },
        ),
      );
    }
  }
  const byTime = (a: { created_at: string; id?: unknown }, b: { created_at: string; id?: unknown }) =>
    Date.parse(a.created_at) - Date.parse(b.created_at) ||
    String(a.id ?? '').localeCompare(String(b.id ?? ''), 'en', { numeric: true });
  for (const list of events.values()) list.sort(byTime);

  const view = await store.view();
  const known = new Map<string, string>();
  for (const s of await view.summaries()) if (s.origin?.startsWith('github#')) known.set(s.origin, s.id);
  const head = await store.head();
  const ids = new Map<number, string>();
  const me = await store.identity();
  const ctx: GitHubContext = {
    by: attribution(me, 'GitHub'),
    idOf: (n) => ids.get(n) ?? known.get(`github#${n}`) ?? null,
    defaultTarget: head.ref?.replace(/^refs\/heads\//, '') ?? 'main',
    warn: (where, problem) => batch.warn(`${files.issues}: ${where}`, problem),
  };
  const numbers = [...issues.keys()].sort((a, b) => a - b);
  const creates = new Map<number, Record<string, unknown>>();
  for (const n of numbers) {
    batch.record(files.issues, () =>
      at(`#${n}`, () => {
        const create = githubCreate(issues.get(n)!, events.get(n) ?? [], ctx);
        ids.set(n, known.get(`github#${n}`) ?? createId(create));
        creates.set(n, create);
      }),
    );
  }
  const local = await localPulls(store, issues, pulls, ctx.defaultTarget);
  const stats = emptyGitHubStats();
  let tickets = 0;
  let proposals = 0;
  let done = 0;
  for (const n of numbers) {
    const create = creates.get(n);
    if (!create) continue;
    const i = issues.get(n)!;
    const ok = batch.record(files.issues, () =>
      at(`#${n}`, () => {
        const id = ids.get(n)!;
        const cs = (comments.get(n) ?? []).sort(byTime);
        const entries = githubEntries(
          i,
          id,
          create,
          cs,
          events.get(n) ?? [],
          pullInfo(i, pulls.get(n)),
          local.get(n) ?? null,
          ctx,
          stats,
        );
        const existing = known.has(`github#${n}`);
        for (const [k, e] of entries.entries())
          if (k > 0 || !existing) batch.add('tickets', id, e, `its ${String(e.kind)} entry (clock ${String(e.clock)})`);
        return true;
      }),
    );
    if (ok) {
      tickets++;
      if (create.type === 'proposal') proposals++;
    }
    if (++done % 100 === 0) reading.update(done, numbers.length);
  }
  for (const [n] of comments)
    if (!issues.has(n))
      batch.warn(files.comments ?? '', `comments on #${n}, which is not in ${files.issues}, are left out`);

  const defs = definitionsOf([...issues.values()]);
  const firstTime = numbers.length ? String(creates.get(numbers[0]!)?.time ?? '') : '';
  const haveMilestones = new Set((await view.milestones()).map((m) => m.name));
  const haveLabels = new Set((await view.labelDefs()).map((l) => l.name));
  for (const m of defs.milestones.values()) {
    if (haveMilestones.has(m.name)) continue;
    const id = nameId('milestone', m.name);
    const fields: Record<string, unknown> = { name: m.name, description: m.description, due: m.due, state: m.state };
    batch.record(files.issues, () =>
      batch.add(
        'milestones',
        id,
        { v: FORMAT_VERSION, kind: 'create', milestone: id, clock: 1, time: m.time, ...ctx.by(m.author), fields },
        `milestone "${m.name}"`,
      ),
    );
  }
  for (const l of defs.labels.values()) {
    if (haveLabels.has(l.name)) continue;
    const id = nameId('label', l.name);
    const e: Record<string, unknown> = {
      v: FORMAT_VERSION,
      kind: 'define',
      label: id,
      clock: 1,
      time: firstTime || '2008-01-01T00:00:00Z',
      author: me,
      name: l.name,
    };
    if (l.color) e.color = l.color;
    if (l.description) e.description = l.description;
    batch.record(files.issues, () => batch.add('labels', id, e, `label "${l.name}"`));
  }
  for (const [event, n] of stats.ignoredEvents)
    batch.warn(
      files.events ?? '',
      `${n} "${event}" events are not imported (dit derives references and such from git itself)`,
    );

  const counts: Record<string, number> = { tickets, 'pull requests': proposals, comments: stats.comments };
  if (files.events) counts.events = stats.events;
  counts.labels = defs.labels.size;
  counts.milestones = defs.milestones.size;
  if (local.size) counts['pull requests with commits'] = local.size;
  if (stats.votes) counts.votes = stats.votes;
  const entries = batch.size;
  reading.end();
  const { commit, added } = await batch.write(
    store,
    view,
    target,
    `dit: import ${tickets} GitHub issues from ${basename(files.issues)}`,
  );
  return { counts, entries, added, commit, warnings: batch.warnings, skipped: batch.skipped };
}

/**
 * Pull requests whose commits this repository has (`refs/pull/N/head`, as `git fetch origin
 * '+refs/pull/*:refs/pull/*'` brings them): tip, merge base with the target branch, commit count.
 */
async function localPulls(
  store: Store,
  issues: Map<number, GitHubIssue>,
  pulls: Map<number, GitHubIssue>,
  fallback: string,
): Promise<Map<number, LocalCommits>> {
  const out = new Map<number, LocalCommits>();
  const refs = await store.vcs.listRefs('refs/pull/');
  for (const r of refs) {
    const m = /^refs\/pull\/(\d+)\/head$/.exec(r.ref);
    if (!m) continue;
    const n = Number(m[1]);
    const i = issues.get(n);
    if (!i) continue;
    const tip = await store.vcs.resolve(r.ref);
    if (!tip) continue;
    const p = pulls.get(n) ?? (i.head ? i : undefined);
    const targetName = p?.base?.ref ?? fallback;
    const against =
      (await store.vcs.resolve(`refs/heads/${targetName}`)) ??
      (await store.vcs.resolve(`refs/remotes/origin/${targetName}`)) ??
      (p?.base?.sha ? await store.vcs.resolve(p.base.sha) : null);
    const base = against ? await store.vcs.mergeBase(tip, against) : null;
    out.set(n, { tip, base: base ?? tip, commits: base ? await store.vcs.countCommits(base, tip) : 0 });
  }
  return out;
}
