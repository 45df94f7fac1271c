// The CLI entry point: finds the command, parses its arguments, maps errors to exit codes.
import { DitError, ERRORS, isDitError } from '../errors.js';
import { parseArgs, renderHelp, distance } from './args.js';
import type { Command, Context } from './context.js';
import type { Store } from '../store/store.js';

type Loader = () => Promise<Record<string, Command>>;
const tickets: Loader = () => import('./commands/tickets.js').then((m) => m.commands);
const planning: Loader = () => import('./commands/planning.js').then((m) => m.commands);
const transfer: Loader = () => import('./commands/transfer.js').then((m) => m.commands);
const patchsets: Loader = () => import('./commands/patchsets.js').then((m) => m.commands);
const hooks: Loader = () => import('./commands/hooks.js').then((m) => m.commands);
const serve: Loader = () => import('./commands/serve.js').then((m) => m.commands);
const server: Loader = () => import('./commands/server.js').then((m) => m.commands);
const doctor: Loader = () => import('./commands/doctor.js').then((m) => m.commands);
const recover: Loader = () => import('./commands/recover.js').then((m) => m.commands);
const gc: Loader = () => import('./commands/gc.js').then((m) => m.commands);

/** Command names, one-line summaries for `dit help`, and where each lives (loaded only when used). */
const COMMANDS: [string, string, Loader][] = [
  ['serve', 'serve the web UI at http://127.0.0.1:4920', serve],
  ['server', 'host many repositories over HTTP with accounts (init, user, repo, grant, token)', server],
  ['new', 'open a ticket', tickets],
  ['ls', 'list tickets as seen from the working tree or a branch', tickets],
  ['show', 'show one ticket with its timeline', tickets],
  ['comment', 'comment on a ticket (or edit or delete a comment)', tickets],
  ['edit', 'change title, description, type, priority, severity, responsible, milestone, topic', tickets],
  ['label', 'add (+name) and remove (-name) labels', tickets],
  ['close', 'close a ticket with a status its type allows', tickets],
  ['reopen', 'reopen a closed ticket', tickets],
  ['watch', 'watch a ticket (unwatch to stop)', tickets],
  ['unwatch', 'stop watching a ticket', tickets],
  ['vote', 'vote for a ticket (unvote to take it back)', tickets],
  ['unvote', 'take back your vote', tickets],
  [
    'branches',
    "the branch matrix: a ticket's state on every branch (--remotes, --all), or in every release (--tags)",
    tickets,
  ],
  ['release-notes', 'tickets fixed between two revisions, grouped by type (Markdown or --json)', tickets],
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
  ['hooks', "install dit's git hooks: refs/for/ pushes (bare), a commit-msg check (working copy)", hooks],
  ['import', 'read tickets from JSON lines into one commit', transfer],
  ['recover', 'list and restore entries a reset or stash dropped', recover],
  ['doctor', 'check for closing keywords that close nothing and malformed entries', doctor],
  ['gc', "pack each ticket's entry files into one entry pack (faster git)", gc],
];

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map(([n]) => n.length)) + 2;
  return `${[
    'usage: dit <command> [options]',
    '',
    'dit keeps tickets in the git repository they track. Commands:',
    '',
    ...COMMANDS.map(([n, s]) => `  ${n.padEnd(width)}${s}`),
    '',
    "Run `dit <command> --help` for a command's options.",
    'Writes are staged in .dit/ to go with your next commit; --commit commits them now, --shared writes to the shared journal.',
  ].join('\n')}\n`;
}

export async function main(argv: string[], io: Partial<Context> = {}): Promise<number> {
  let store: Promise<Store> | null = null;
  const ctx: Context = {
    cwd: io.cwd ?? process.cwd(),
    out: io.out ?? ((t) => process.stdout.write(t)),
    err: io.err ?? ((t) => process.stderr.write(t)),
    store: () => (store ??= import('../store/store.js').then((m) => m.Store.open(ctx.cwd))),
  };
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    ctx.out(mainHelp());
    return 0;
  }
  if (name === '--version' || name === 'version') {
    ctx.out('dit 0.1.0\n');
    return 0;
  }
  const entry = COMMANDS.find(([n]) => n === name);
  try {
    if (!entry) {
      const close = COMMANDS.map(([n]) => n).filter((n) => distance(n, name) <= 2);
      throw new DitError(
        'usage',
        `"${name}" is not a dit command${close.length ? ` (did you mean ${close.join(' or ')}?)` : ''}; see \`dit --help\``,
      );
    }
    const command = (await entry[2]())[name]!;
    // --help is an option like any other, so `-m -h` is a message, not a request for help
    const spec = command.specFor?.(rest) ?? command.spec;
    const withHelp = { ...spec, options: [...spec.options, { name: 'help', short: 'h', help: 'show this help' }] };
    const parsed = parseArgs(withHelp, rest);
    if (parsed.flags.has('help')) {
      ctx.out(command.help?.(parsed) || renderHelp(spec));
      return 0;
    }
    return (await command.run(parsed, ctx)) ?? 0;
  } catch (err) {
    // with --json, scripts get the error as JSON on stdout too: { "error": { code, message, data } }
    const json = rest.includes('--json');
    if (isDitError(err)) {
      ctx.err(`dit: ${err.message}\n`);
      if (json) ctx.out(`${JSON.stringify({ error: err.toJSON() }, null, 2)}\n`);
      return ERRORS[err.code].exit;
    }
    ctx.err(`dit: unexpected error: ${(err as Error).stack ?? String(err)}\n`);
    if (json)
      ctx.out(`${JSON.stringify({ error: new DitError('internal', 'unexpected error; see stderr').toJSON() })}\n`);
    return ERRORS.internal.exit;
  } finally {
    const opened = store ? await (store as Promise<Store>).catch(() => null) : null;
    for (const note of opened?.notes ?? []) ctx.err(`dit: note: ${note}\n`);
    await opened?.close();
  }
}
