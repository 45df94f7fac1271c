// What every command gets: where it runs, where it prints, and a lazily opened store.

import { usage } from '../errors.js';
import type { Progress } from '../store/progress.js';
import type { Store } from '../store/store.js';
import type { Warning } from '../store/view/journals.js';
import type { View } from '../store/view/view.js';
import type { Target } from '../store/write/write.js';
import type { CommandSpec, OptionSpec, Parsed } from './args.js';
import type { Paint } from './paint.js';

export interface Context {
  cwd: string;
  out: (text: string) => void;
  err: (text: string) => void;
  store: () => Promise<Store>;
  env: NodeJS.ProcessEnv;
  /** Colours for this command's output, decided once (--color, FORCE_COLOR, NO_COLOR, color.ui, a terminal). */
  paint: () => Promise<Paint>;
  /** Progress lines for long steps: on a terminal's stderr unless --quiet, silent otherwise. */
  progress: Progress;
  quiet: boolean;
}

export interface Command {
  spec: CommandSpec;
  // biome-ignore lint/suspicious/noConfusingVoidType: a command returns an exit code or nothing at all
  run: (p: Parsed, ctx: Context) => Promise<number | void>;
  /** A spec that depends on the subcommand (an option that takes a value for one, a flag for another). */
  specFor?: (argv: readonly string[]) => CommandSpec;
  /** Help for a subcommand (`dit server user add --help`); empty means the command's own help. */
  help?: (p: Parsed) => string;
  /** Long text output goes through the pager on a terminal (`ls`, `show`, `branches`), as git's does; for some subcommands only. */
  pager?: boolean | ((p: Parsed) => boolean);
}

export const BRANCH: OptionSpec = {
  name: 'branch',
  short: 'b',
  value: 'BRANCH',
  help: 'show the view from this branch (default: the working tree)',
};
export const JSON_OPT: OptionSpec = {
  name: 'json',
  help: 'print JSON for scripts (warnings go in a "warnings" field)',
};
export const SIGN_OPTS: OptionSpec[] = [
  {
    name: 'sign',
    help: "sign the entries with git's signing key (user.signingKey, gpg.format), even when dit.sign / commit.gpgSign is off",
  },
  { name: 'no-sign', help: 'write the entries unsigned, even when dit.sign or commit.gpgSign is on' },
];

/** `--sign` / `--no-sign`, or undefined when neither (git's configuration decides). */
export function signFlag(p: Parsed): boolean | undefined {
  if (p.flags.has('sign') && p.flags.has('no-sign')) throw usage('--sign and --no-sign do not go together');
  return p.flags.has('sign') ? true : p.flags.has('no-sign') ? false : undefined;
}

export const WRITE_OPTS: OptionSpec[] = [
  { name: 'commit', help: 'commit the .dit/ changes now (other staged changes stay staged)' },
  { name: 'shared', help: 'write to the shared journal (refs/dit/journal) instead of this branch' },
  ...SIGN_OPTS,
];

/**
 * Reviews and line comments are facts about a proposal, not about the code of the branch checked out:
 * they go to the shared journal, where pushes record the patchsets they judge (and where the web
 * writes them), so nothing is staged that could hold up `dit merge`. `--shared` is kept for scripts.
 */
export const SHARED_ALWAYS: OptionSpec = {
  name: 'shared',
  help: 'accepted for scripts: this always writes to the shared journal (refs/dit/journal); `dit sync` publishes it',
};

/** Where a write goes, from --commit / --shared (decided by the store: see Store.target), signed or not. */
export function target(p: Parsed, store: Store): Target {
  return store.target({ shared: p.flags.has('shared'), commit: p.flags.has('commit'), sign: signFlag(p) });
}

const MAX_WARNINGS = 20;

/** Warnings on stderr, the first few in full: a broken import should not bury the answer. */
export function printWarnings(ctx: Context, warnings: readonly Warning[]): void {
  const unique = uniqueWarnings(warnings);
  for (const w of unique.slice(0, MAX_WARNINGS)) ctx.err(`warning: ${w.path}: ${w.problem}\n`);
  if (unique.length > MAX_WARNINGS)
    ctx.err(`warning: ... and ${unique.length - MAX_WARNINGS} more (--json lists them all)\n`);
}

export function uniqueWarnings(warnings: readonly Warning[]): Warning[] {
  const seen = new Set<string>();
  return warnings.filter((w) => {
    const k = `${w.path}\0${w.problem}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The JSON option of a command that writes: what it prints. */
export const WRITE_JSON: OptionSpec = {
  name: 'json',
  help: 'print the changed ticket as JSON ({ ticket, entry, changed, warnings }); errors as { error }',
};

/**
 * What every command that writes prints with --json: the ticket as it is now (seen from the working tree,
 * or from `branch`), the entry written (null when none), whether anything changed, the warnings of both
 * views, and what the command adds (`extra`, printed after those).
 */
export async function printChanged(
  ctx: Context,
  store: Store,
  before: View,
  r: { id: string; entry: string | null; changed?: boolean },
  extra: Record<string, unknown> = {},
  branch?: string,
): Promise<void> {
  const after = await store.view(branch);
  const ticket = await after.ticket(r.id);
  const warnings = uniqueWarnings([...before.warnings, ...after.warnings]);
  const changed = r.changed ?? r.entry !== null;
  printJson(ctx, { ticket, entry: r.entry, changed, ...extra, warnings });
}

export function needArgs(p: Parsed, spec: CommandSpec, n: number, what: string): void {
  if (p.positionals.length < n) throw usage(`\`dit ${spec.name}\` needs ${what}; usage: ${spec.usage}`);
}

/** Told after a list and when serving: entries dit wrote that a reset or stash dropped. */
export const lostNote = (n: number): string =>
  `note: ${n} entr${n === 1 ? 'y' : 'ies'} dit wrote ${n === 1 ? 'is' : 'are'} in no ` +
  `branch, index or journal any more (a reset or stash?); \`dit recover\` lists them\n`;

/** The one place a command prints JSON: two-space indented, one document, a newline. */
export function printJson(ctx: Pick<Context, 'out'>, value: unknown): void {
  ctx.out(`${JSON.stringify(value, null, 2)}\n`);
}

/** A view's answer: JSON with the view's warnings in it, or the warnings on stderr and the text. */
export function printView<T>(ctx: Context, p: Parsed, view: View, json: () => T, text: () => string): void {
  if (p.flags.has('json')) return printJson(ctx, { ...json(), warnings: uniqueWarnings(view.warnings) });
  printWarnings(ctx, view.warnings);
  ctx.out(text());
}
