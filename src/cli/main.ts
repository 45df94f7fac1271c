// The CLI entry point: finds the command, parses its arguments, maps errors to exit codes.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { DitError, ERRORS, isDitError, usage } from '../errors.js';
import { SILENT } from '../store/progress.js';
import type { Store } from '../store/store.js';
import { distance, parseArgs, renderHelp } from './args.js';
import { type Command, type Context, printJson } from './context.js';
import { COMMON_HELP, COMMON_OPTS, colorOf, parseGlobals } from './global-options.js';
import { type Pager, startPager } from './pager.js';
import { ansiPaint, type ColorWhen, type Paint, PLAIN, truecolor, wantColor } from './paint.js';
import { progressFor } from './progress.js';

type Loader = () => Promise<Record<string, Command>>;
const read: Loader = () => import('./commands/read.js').then((m) => m.commands);
const write: Loader = () => import('./commands/write.js').then((m) => m.commands);
const branches: Loader = () => import('./commands/branches.js').then((m) => m.commands);
const planning: Loader = () => import('./commands/planning.js').then((m) => m.commands);
const transfer: Loader = () => import('./commands/transfer.js').then((m) => m.commands);
const patchsets: Loader = () => import('./commands/patchsets.js').then((m) => m.commands);
const hooks: Loader = () => import('./commands/hooks.js').then((m) => m.commands);
const serve: Loader = () => import('./commands/serve.js').then((m) => m.commands);
const server: Loader = () => import('./commands/server.js').then((m) => m.commands);
const doctor: Loader = () => import('./commands/doctor.js').then((m) => m.commands);
const recover: Loader = () => import('./commands/recover.js').then((m) => m.commands);
const gc: Loader = () => import('./commands/gc.js').then((m) => m.commands);
const checks: Loader = () => import('./commands/checks.js').then((m) => m.commands);
const completion: Loader = () => import('./commands/completion.js').then((m) => m.commands);

/** Command names, one-line summaries for `dit help`, and where each lives (loaded only when used). */
const COMMANDS: [string, string, Loader][] = [
  ['serve', 'serve the web UI at http://127.0.0.1:4920', serve],
  ['server', 'host many repositories over HTTP and SSH with accounts (init, user, repo, grant, token, key)', server],
  ['new', 'open a ticket', write],
  ['ls', 'list tickets as seen from the working tree or a branch', read],
  ['show', 'show one ticket with its timeline', read],
  ['comment', 'comment on a ticket (or edit or delete a comment)', write],
  ['edit', 'change title, description, type, priority, severity, responsible, milestone, topic', write],
  ['label', 'add (+name) and remove (-name) labels', write],
  ['close', 'close a ticket with a status its type allows', write],
  ['reopen', 'reopen a closed ticket', write],
  ['watch', 'watch a ticket (unwatch to stop)', write],
  ['unwatch', 'stop watching a ticket', write],
  ['vote', 'vote for a ticket (unvote to take it back)', write],
  ['unvote', 'take back your vote', write],
  [
    'branches',
    "the branch matrix: a ticket's state on every branch (--remotes, --all), or in every release (--tags)",
    branches,
  ],
  ['release-notes', 'tickets fixed between two revisions, grouped by type (Markdown or --json)', branches],
  ['milestone', 'milestones: new, ls, edit, close, reopen', planning],
  ['label-def', "define a label's colour and description", planning],
  ['labels', 'list label definitions and how many tickets use each', planning],
  ['sync', 'exchange the shared journal with a remote', transfer],
  ['export', 'write every ticket as JSON lines', transfer],
  ['propose', 'turn the current branch into a proposal (a ticket with commits)', patchsets],
  ['patchsets', "list a ticket's patchsets, revisions and reviews", patchsets],
  ['review', "approve, looks good, needs work or veto a ticket's current revision", patchsets],
  ['merge', "merge a ticket's current patchset into its target branch", patchsets],
  ['checkout', "fetch and check out a ticket's patchset branch", patchsets],
  ['checks', "list the CI checks of a ticket's revisions", checks],
  ['check', 'report a CI check on a revision (pending, success, failure, error)', checks],
  ['hooks', "install dit's git hooks: refs/for/ pushes (bare), a commit-msg check (working copy)", hooks],
  ['import', 'read tickets from JSON lines into one commit', transfer],
  ['recover', 'list and restore entries a reset or stash dropped', recover],
  ['doctor', 'check for closing keywords that close nothing and malformed entries', doctor],
  ['gc', "pack each ticket's entry files into one entry pack (faster git)", gc],
  ['completion', 'print a bash or zsh completion script (dit completion bash)', completion],
];

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map(([n]) => n.length)) + 2;
  return `${[
    'usage: dit [-C DIR] [--no-pager] [--color[=WHEN]] <command> [options]',
    '',
    'dit keeps tickets in the git repository they track. Commands:',
    '',
    ...COMMANDS.map(([n, s]) => `  ${n.padEnd(width)}${s}`),
    '',
    "Run `dit <command> --help` for a command's options.",
    'Writes are staged in .dit/ to go with your next commit; --commit commits them now, --shared writes to the shared journal.',
  ].join('\n')}\n`;
}

/**
 * Commands that do not read a clone's tickets, or fetch dit's refs themselves: no first-use step
 * (a clone's first command fetches the shared journal and patchset tips from origin; see first-use.ts).
 */
const NO_FIRST_USE = new Set(['sync', 'hooks', 'server', 'completion', 'export', 'import', 'recover', 'gc']);

export interface MainIo {
  cwd: string;
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Whether stdout and stderr are terminals (colour, pager, progress); process.stdout's and stderr's by default. */
  tty: { out: boolean; err: boolean };
}

export async function main(argv: string[], io: Partial<MainIo> = {}): Promise<number> {
  let store: Promise<Store> | null = null;
  /** Whether opening the store runs a clone's first-use step (commands that read tickets; see first-use.ts). */
  let firstUse = false;
  let pager: Pager | null = null;
  const env = io.env ?? process.env;
  const tty = io.tty ?? { out: process.stdout.isTTY === true, err: process.stderr.isTTY === true };
  const write = io.out ?? ((t: string) => void process.stdout.write(t));
  const err = io.err ?? ((t: string) => void process.stderr.write(t));
  let rest = argv;
  let colorWhen: ColorWhen | undefined;
  let paint: Promise<Paint> | null = null;
  const ctx: Context = {
    cwd: io.cwd ?? process.cwd(),
    out: (t) => (pager ? pager.write(t) : write(t)),
    err,
    env,
    store: () =>
      (store ??= import('../store/store.js').then(async (m) => {
        const s = await m.Store.open(ctx.cwd, { quickNotes: true });
        s.progress = ctx.progress;
        if (firstUse) {
          const { firstUse: step } = await import('../store/sync/first-use.js');
          await step(s, (line) => (ctx.quiet ? undefined : err(`${line}\n`)));
        }
        return s;
      })),
    paint: () =>
      (paint ??= wantColor(colorWhen, env, tty.out, (t) =>
        ctx
          .store()
          .then((s) => s.vcs.terminal.color(t))
          .catch(() => t),
      ).then((on) => (on ? ansiPaint(truecolor(env)) : PLAIN))),
    progress: SILENT,
    quiet: false,
  };
  try {
    const g = parseGlobals(argv);
    rest = g.rest;
    colorWhen = g.color;
    ctx.quiet = g.quiet;
    if (g.dirs.length) {
      ctx.cwd = resolve(ctx.cwd, ...g.dirs);
      if (!statSync(ctx.cwd, { throwIfNoEntry: false })?.isDirectory())
        throw usage(`cannot change to ${JSON.stringify(g.dirs.join('/'))}: no such directory (dit -C DIR)`);
    }
    const [name, ...args] = rest;
    if (!name || name === 'help' || name === '--help' || name === '-h') {
      ctx.out(mainHelp());
      return 0;
    }
    if (name === '--version' || name === 'version') {
      ctx.out('dit 0.1.0\n');
      return 0;
    }
    if (name === '__complete') {
      // what the completion scripts ask: the words as typed, never parsed as options
      const { runComplete } = await import('./commands/completion.js');
      return await runComplete(args, ctx, COMMANDS);
    }
    const entry = COMMANDS.find(([n]) => n === name);
    if (!entry) {
      const close = COMMANDS.map(([n]) => n).filter((n) => distance(n, name) <= 2);
      throw new DitError(
        'usage',
        `"${name}" is not a dit command${close.length ? ` (did you mean ${close.join(' or ')}?)` : ''}; see \`dit --help\``,
      );
    }
    const command = (await entry[2]())[name]!;
    firstUse = !NO_FIRST_USE.has(name);
    // --help is an option like any other, so `-m -h` is a message, not a request for help
    const spec = command.specFor?.(args) ?? command.spec;
    const own = new Set(spec.options.map((o) => o.name));
    const shorts = new Set(spec.options.map((o) => o.short).filter(Boolean));
    const common = COMMON_OPTS.filter((o) => !own.has(o.name)).map((o) =>
      o.short && shorts.has(o.short) ? { ...o, short: undefined } : o,
    );
    const withHelp = {
      ...spec,
      options: [...spec.options, ...common, { name: 'help', short: 'h', help: 'show this help' }],
    };
    const parsed = parseArgs(withHelp, args);
    if (parsed.flags.has('help')) {
      ctx.out(command.help?.(parsed) || `${renderHelp(spec)}\n${COMMON_HELP}\n`);
      return 0;
    }
    colorWhen = colorOf(parsed, colorWhen, own.has('color'));
    if (parsed.flags.has('quiet')) ctx.quiet = true;
    ctx.progress = progressFor({ tty: tty.err, quiet: ctx.quiet, env, write: err });
    // as git: a pager only for a terminal, never for JSON; -p / --no-pager, else git's pager.<cmd>, else long output
    const forced = g.pager ?? (parsed.flags.has('no-pager') ? false : undefined);
    if (forced !== false && tty.out && !parsed.flags.has('json')) {
      const s = await ctx.store().catch(() => null);
      const setting = s && forced === undefined ? await s.vcs.terminal.pagerFor(name) : null;
      const long = typeof command.pager === 'function' ? command.pager(parsed) : command.pager === true;
      const wanted = forced ?? (setting === null ? long : setting !== false);
      if (s && wanted) {
        // git's order: GIT_PAGER, then a pager.<cmd> command, then core.pager, PAGER, less
        const cmd = await s.vcs.terminal.pager(typeof setting === 'string' ? setting : null);
        let started = false;
        ctx.out = (t) => {
          if (!started) {
            started = true;
            pager = startPager(cmd, env, ctx.cwd);
          }
          if (pager) pager.write(t);
          else write(t);
        };
      }
    }
    return (await command.run(parsed, ctx)) ?? 0;
  } catch (e) {
    // with --json, scripts get the error as JSON on stdout too: { "error": { code, message, data } }
    const json = rest.includes('--json');
    if (isDitError(e)) {
      err(`dit: ${e.message}\n`);
      if (json) printJson(ctx, { error: e.toJSON() });
      return ERRORS[e.code].exit;
    }
    err(`dit: unexpected error: ${(e as Error).stack ?? String(e)}\n`);
    if (json) printJson(ctx, { error: new DitError('internal', 'unexpected error; see stderr').toJSON() });
    return ERRORS.internal.exit;
  } finally {
    const opened = store ? await (store as Promise<Store>).catch(() => null) : null;
    if (opened?.wrote) await (await import('../store/write/settle.js')).settleAfterWrite(opened);
    for (const note of opened?.notes ?? []) err(`dit: note: ${note}\n`);
    await (pager as Pager | null)?.close();
    await opened?.close();
  }
}
