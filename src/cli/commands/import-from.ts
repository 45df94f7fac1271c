// `dit import --gitblit | --github | --git-bug`: other trackers' data in one commit, with progress and a summary.

import { usage } from '../../errors.js';
import type { ImportReport } from '../../store/import/batch.js';
import { importGitBug } from '../../store/import/git-bug.js';
import { importGitblit } from '../../store/import/gitblit.js';
import { importGitHub } from '../../store/import/github.js';
import type { OptionSpec, Parsed } from '../args.js';
import { one } from '../args.js';
import { type Context, printJson, printWarnings, signFlag, target } from '../context.js';

export const FOREIGN_OPTS: OptionSpec[] = [
  {
    name: 'gitblit',
    value: 'PATH',
    help: 'Gitblit tickets: a ticket folder (id/NN/N), a folder holding id/, or a repository with refs/meta/gitblit/tickets',
  },
  {
    name: 'github',
    value: 'ISSUES.json',
    help: 'GitHub issues and pull requests as `gh api --paginate repos/OWNER/REPO/issues?state=all` saves them',
  },
  { name: 'comments', value: 'FILE', help: 'with --github: comments from .../issues/comments' },
  {
    name: 'events',
    value: 'FILE',
    help: 'with --github: events from .../issues/events (closes, reopens, labels, renames)',
  },
  {
    name: 'pulls',
    value: 'FILE',
    help: 'with --github: pull requests from .../pulls?state=all (head and base branches)',
  },
  { name: 'git-bug', help: "git-bug's bugs of this repository (refs/bugs/*)" },
  { name: 'skip-bad', help: 'leave out records dit cannot read (and say which) instead of stopping' },
  { name: 'json', help: 'print what was imported as JSON' },
];

/** Whether the command line names another tracker. */
export const isForeign = (p: Parsed): boolean =>
  p.values.has('gitblit') || p.values.has('github') || p.flags.has('git-bug');

export async function runForeignImport(p: Parsed, ctx: Context): Promise<void> {
  const sources = [p.values.has('gitblit'), p.values.has('github'), p.flags.has('git-bug')].filter(Boolean).length;
  if (sources > 1) throw usage('import from one tracker at a time: --gitblit, --github or --git-bug');
  if (p.positionals.length)
    throw usage(
      `--gitblit, --github and --git-bug take no FILE (got ${p.positionals[0]}); run \`dit import FILE\` on its own for JSON lines`,
    );
  for (const o of ['comments', 'events', 'pulls'])
    if (p.values.has(o) && !p.values.has('github')) throw usage(`--${o} goes with --github`);
  const store = await ctx.store();
  const to = p.flags.has('shared') ? { store: 'shared' as const, sign: signFlag(p) } : target(p, store);
  const opts = { skipBad: p.flags.has('skip-bad') };
  let report: ImportReport;
  const gitblit = one(p, 'gitblit');
  if (gitblit !== undefined) report = await importGitblit(store, gitblit, to, opts);
  else {
    const github = one(p, 'github');
    report =
      github === undefined
        ? await importGitBug(store, to, opts)
        : await importGitHub(
            store,
            { issues: github, comments: one(p, 'comments'), events: one(p, 'events'), pulls: one(p, 'pulls') },
            to,
            opts,
          );
  }
  printWarnings(ctx, report.warnings);
  for (const s of report.skipped) ctx.err(`skipped: ${s.where}: ${s.problem}\n`);
  if (p.flags.has('json')) {
    printJson(ctx, { ...report, commit: report.commit });
    return;
  }
  ctx.out(`${summaryLine(report)}\n`);
}

/** `259 tickets, 66 comments, 472 patchset changes, 6 reviews, 11 milestones; 1,935 new entries in commit abc1234` */
export function summaryLine(r: ImportReport): string {
  const what = Object.entries(r.counts)
    .map(([k, n]) => `${n} ${n === 1 ? singular(k) : k}`)
    .join(', ');
  const skipped = r.skipped.length ? `; ${r.skipped.length} skipped` : '';
  if (!r.commit) return `${what}${skipped}; nothing new: all of it was imported before`;
  return `${what}${skipped}; ${r.added} new entries in commit ${r.commit.slice(0, 7)}`;
}

const singular = (k: string) =>
  k
    .replace(/ies$/, 'y')
    .replace(/(?<=[^s])s$/, '')
    .replace(/ changes$/, ' change');
