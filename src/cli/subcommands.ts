// Commands with subcommands (`dit server user add`, `dit milestone new`): one table per command names
// each subcommand (one or two words) with its usage, summary and what runs it; dispatch, help and the
// error for an unknown one all come from that table.
import { usage } from '../errors.js';
import type { Parsed } from './args.js';
import type { Context } from './context.js';

export interface Subcommand {
  usage: string;
  summary: string;
  // biome-ignore lint/suspicious/noConfusingVoidType: a command returns an exit code or nothing at all
  run: (p: Parsed, ctx: Context) => Promise<number | void>;
}

/** Keys are the subcommand's words (`init`, `user add`); `''` is the command with no subcommand. */
export type Subcommands = Record<string, Subcommand>;

/** The name the positionals give: two words where the table has them (`user add`), else one. */
function nameOf(table: Subcommands, p: Parsed): string {
  const [a, b] = p.positionals;
  if (a === undefined) return '';
  if (b !== undefined && table[`${a} ${b}`]) return `${a} ${b}`;
  if (table[a]) return a;
  // a group named alone (`dit server user`) lists, as `ls` does
  if (b === undefined && table[`${a} ls`]) return `${a} ls`;
  return b === undefined || !isGroup(table, a) ? a : `${a} ${b}`;
}

const isGroup = (table: Subcommands, word: string): boolean => Object.keys(table).some((k) => k.startsWith(`${word} `));

/** Runs the subcommand the positionals name, or says which ones there are. */
export async function dispatch(
  command: string,
  table: Subcommands,
  p: Parsed,
  ctx: Context,
): ReturnType<Subcommand['run']> {
  const name = nameOf(table, p);
  const sub = table[name];
  if (sub) return sub.run(p, ctx);
  const group = name.includes(' ') ? name.split(' ')[0]! : null;
  const keys = Object.keys(table).filter((k) => k && (!group || k.startsWith(`${group} `)));
  const choices = [...new Set(keys.map((k) => (group ? k.slice(group.length + 1) : k.split(' ')[0]!)))];
  const list = choices.length > 1 ? `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}` : (choices[0] ?? '');
  const none = !group && table[''] ? ' (or none)' : '';
  if (!name) throw usage(`\`dit ${command}\` needs a subcommand: ${list}; see \`dit ${command} --help\``);
  throw usage(`unknown subcommand "${name}"; use ${list}${none}: see \`dit ${command} --help\``);
}

/** `dit COMMAND SUB --help`: the one subcommand's usage and summary; '' when none is named. */
export function subcommandHelp(command: string, table: Subcommands, p: Parsed): string {
  if (!p.positionals.length) return '';
  const sub = table[nameOf(table, p)];
  return sub ? `usage: ${sub.usage}\n\n${sub.summary}\n\nSee \`dit ${command} --help\` for every option.\n` : '';
}

/**
 * The command's usage line from its table: `dit server [init|user|...|ssh-shell] ... TAIL`, every first
 * word once in table order, so a subcommand added to the table is in the line too.
 */
export function subcommandUsage(command: string, table: Subcommands, tail = ''): string {
  const words = [
    ...new Set(
      Object.keys(table)
        .filter(Boolean)
        .map((k) => k.split(' ')[0]!),
    ),
  ];
  const optional = table[''] !== undefined;
  const list = words.join('|');
  return `dit ${command} ${optional ? `[${list}]` : `${words.length > 1 ? `(${list})` : list}`} ...${tail ? ` ${tail}` : ''}`;
}

/** Every subcommand's usage line, for the command's own help. */
export function subcommandList(command: string, table: Subcommands): string {
  return `Subcommands:\n${Object.values(table)
    .map((s) => `  ${s.usage}`)
    .join('\n')}\n\nRun \`dit ${command} SUBCOMMAND --help\` for one of them.`;
}
