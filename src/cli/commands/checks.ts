// CI checks on proposals from the command line: `dit checks ID` lists them per revision, `dit check ID
// NAME --state S` reports one. With DIT_TOKEN set (CI in a clone), both talk to the dit server the
// remote names; otherwise they read and write the local shared journal.
import { usage } from '../../errors.js';
import { CHECK_STATES, type CheckState } from '../../model/entries/check.js';
import { shortId } from '../../model/ids.js';
import {
  allRevisionChecks,
  type Report,
  type RevisionChecks,
  reportCheck,
  requiredChecks,
  revisionChecks,
  revisionFor,
  type Which,
} from '../../patchsets/checks.js';
import { one } from '../args.js';
import { type Command, JSON_OPT, needArgs, printJson, printWarnings } from '../context.js';
import type { Paint } from '../paint.js';
import { callApi, serverOf, TOKEN_ENV } from '../server-api.js';

const REMOTE = {
  name: 'remote',
  value: 'REMOTE',
  help: `the dit server's remote (default origin; used when ${TOKEN_ENV} is set or --remote is given)`,
};
const WHICH = [
  {
    name: 'commit',
    value: 'COMMIT',
    help: 'the revision whose tip is this commit (dit check: default HEAD when it is one)',
  },
  { name: 'revision', value: 'P.R', help: 'patchset P revision R (2.1), or R of the current patchset' },
];

const MARK: Record<CheckState | 'expected', string> = {
  success: '✓',
  failure: '✗',
  error: '!',
  pending: '•',
  expected: '•',
};

function which(commit: string | undefined, revision: string | undefined): Which {
  if (commit) return { commit };
  if (!revision) return {};
  const m = /^(\d{1,6})(?:\.(\d{1,6}))?$/.exec(revision);
  if (!m) throw usage(`--revision takes P.R (2.1) or R, not "${revision}"`);
  return m[2] ? { patchset: Number(m[1]), revision: Number(m[2]) } : { revision: Number(m[1]) };
}

function render(paint: Paint, id: string, required: string[], revisions: RevisionChecks[]): string {
  let out = `#${shortId(id)} checks${required.length ? ` (required: ${required.join(', ')})` : ''}\n`;
  if (!revisions.length) return `${out}  no patchset yet\n`;
  revisions.forEach((r, i) => {
    out += `\npatchset ${r.patchset} revision ${r.revision} (${r.commit.slice(0, 7)})${i === 0 ? ' · current' : ''}: ${r.state ?? 'none reported'}\n`;
    const width = Math.max(...[...r.checks.map((c) => c.name), ...r.missing].map((n) => n.length), 4);
    for (const c of r.checks) {
      const mark = MARK[c.state];
      const line = `  ${mark} ${c.name.padEnd(width)}  ${c.state.padEnd(7)}  ${c.description ?? ''}${c.url ? `  ${c.url}` : ''}`;
      const state = c.state === 'success' ? paint.added(line) : c.state === 'pending' ? line : paint.removed(line);
      out += `${state}  ${paint.dim(`${c.author.name}, ${c.time.slice(0, 16).replace('T', ' ')}`)}\n`;
    }
    for (const m of r.missing)
      out += paint.dim(`  ${MARK.expected} ${m.padEnd(width)}  expected (required, not reported yet)\n`);
  });
  return out;
}

const checks: Command = {
  spec: {
    name: 'checks',
    summary:
      "List the CI checks of a ticket's revisions (the current one first): the latest state of each name, and required checks not reported yet.",
    usage: 'dit checks ID [--commit COMMIT | --revision P.R] [--remote REMOTE] [--json]',
    options: [...WHICH, REMOTE, JSON_OPT],
  },
  async run(p, ctx) {
    needArgs(p, checks.spec, 1, 'a ticket id');
    const id = p.positionals[0]!;
    const store = await ctx.store();
    const server = await serverOf(store, ctx.env, one(p, 'remote'));
    const w = which(one(p, 'commit'), one(p, 'revision'));
    let answer: { ticket: string; required: string[]; revisions: RevisionChecks[] };
    let warnings: { path: string; problem: string }[] = [];
    if (server) {
      const q = new URLSearchParams();
      if (w.commit) q.set('commit', w.commit);
      else if (w.revision !== undefined) q.set('at', w.patchset ? `${w.patchset}.${w.revision}` : String(w.revision));
      answer = await callApi(server, 'GET', `tickets/${encodeURIComponent(id)}/checks${q.size ? `?${q}` : ''}`);
    } else {
      const view = await store.view();
      const t = await view.ticket(id);
      const required = await requiredChecks(store);
      const picked = w.commit || w.revision !== undefined;
      const revisions = !t.current
        ? []
        : picked
          ? [revisionChecks(t, revisionFor(t, { ...w, patchset: w.patchset ?? t.current.number }), required)]
          : allRevisionChecks(t, required);
      answer = { ticket: t.id, required, revisions };
      warnings = view.warnings;
    }
    if (p.flags.has('json')) return void ctx.out(`${JSON.stringify({ ...answer, warnings }, null, 2)}\n`);
    ctx.out(render(await ctx.paint(), answer.ticket, answer.required, answer.revisions));
    printWarnings(ctx, warnings);
  },
};

const check: Command = {
  spec: {
    name: 'check',
    summary:
      "Report a CI check on a ticket's revision (GitHub's commit status): pending, success, failure or error; " +
      'the latest report of a name on a revision counts. ' +
      `In CI, with ${TOKEN_ENV} set to a token (scope checks), it is posted to the dit server the remote names; otherwise written to the local shared journal.`,
    usage:
      'dit check ID NAME --state pending|success|failure|error [--url URL] [--description TEXT] [--commit COMMIT | --revision P.R] [--remote REMOTE] [--json]',
    options: [
      { name: 'state', short: 's', value: 'STATE', help: CHECK_STATES.join(', ') },
      { name: 'url', value: 'URL', help: "where the details are (the CI job's page), http or https" },
      { name: 'description', short: 'd', value: 'TEXT', help: 'one line: what happened ("3 tests failed")' },
      ...WHICH,
      REMOTE,
      { name: 'json', help: 'print the check as recorded ({ ticket, entry, check })' },
    ],
  },
  async run(p, ctx) {
    needArgs(p, check.spec, 2, 'a ticket id and a check name');
    const [id, name] = p.positionals as [string, string];
    const state = one(p, 'state');
    if (!state) throw usage(`say the check's state with --state ${CHECK_STATES.join('|')}`);
    if (!(CHECK_STATES as readonly string[]).includes(state))
      throw usage(`"${state}" is not a check state; use ${CHECK_STATES.join(', ')}`);
    const store = await ctx.store();
    const report: Report = { name, state: state as CheckState, url: one(p, 'url'), description: one(p, 'description') };
    let w = which(one(p, 'commit'), one(p, 'revision'));
    // CI checks out what it builds: HEAD, when it is a revision's tip, is the revision meant
    if (!w.commit && w.revision === undefined) {
      const head = await store.git.oid('HEAD^{commit}');
      if (head) w = { commit: head };
    }
    const server = await serverOf(store, ctx.env, one(p, 'remote'));
    type Done = { ticket: string; entry: string; check: { state: string; patchset: number; revision: number } };
    let r: Done;
    if (server) {
      const body = {
        ...report,
        ...(w.commit ? { commit: w.commit } : {}),
        ...(w.revision !== undefined ? { revision: w.patchset ? `${w.patchset}.${w.revision}` : w.revision } : {}),
      };
      r = await callApi<Done>(server, 'POST', `tickets/${encodeURIComponent(id)}/checks`, body).catch(async (err) => {
        // HEAD was a guess: when it is no revision's tip, report on the current revision instead
        if (one(p, 'commit') || !w.commit || !/has no revision/.test((err as Error).message)) throw err;
        return callApi<Done>(server, 'POST', `tickets/${encodeURIComponent(id)}/checks`, report);
      });
    } else {
      const view = await store.view();
      const t = await view.ticket(id);
      const guessed =
        !one(p, 'commit') &&
        w.commit !== undefined &&
        !t.patchsets.some((ps) => ps.revisions.some((x) => x.tip === w.commit));
      const at = guessed
        ? {}
        : { ...w, patchset: w.patchset ?? (w.revision !== undefined ? t.current?.number : undefined) };
      const done = await reportCheck(store, view, t.id, at, report, store.target({ shared: true }));
      r = { ticket: done.id, entry: done.entry, check: done.check };
    }
    if (p.flags.has('json')) return void printJson(ctx, r);
    ctx.out(
      `#${shortId(r.ticket)}: ${name} ${r.check.state} on patchset ${r.check.patchset} revision ${r.check.revision}` +
        `${server ? '' : ' (in the shared journal; `dit sync` publishes it)'}\n`,
    );
  },
};

export const commands = { checks, check };
