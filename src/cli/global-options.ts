// Options that go before the command, as git's do (`dit -C DIR --no-pager ls`), and those every command takes.
import { usage } from '../errors.js';
import type { OptionSpec, Parsed } from './args.js';
import { type ColorWhen, parseColorWhen } from './paint.js';

export interface Globals {
  dirs: string[];
  color: ColorWhen | undefined;
  pager: boolean | undefined;
  quiet: boolean;
  rest: string[];
}

/** Reads leading global options; the rest starts with the command name. */
export function parseGlobals(argv: readonly string[]): Globals {
  const g: Globals = { dirs: [], color: undefined, pager: undefined, quiet: false, rest: [] };
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-C') {
      const dir = argv[++i];
      if (dir === undefined) throw usage('-C needs a directory: dit -C DIR COMMAND ...');
      g.dirs.push(dir);
    } else if (a.startsWith('-C') && a.length > 2) g.dirs.push(a.slice(2));
    else if (a === '--color' || a.startsWith('--color=')) g.color = parseColorWhen(a.slice(8), '--color');
    else if (a === '--no-color') g.color = 'never';
    else if (a === '--no-pager' || a === '-P') g.pager = false;
    else if (a === '--paginate' || a === '-p') g.pager = true;
    else if (a === '--quiet' || a === '-q') g.quiet = true;
    else break;
  }
  g.rest = argv.slice(i);
  return g;
}

/** Options every command takes (unless it has its own option of that name, as `label-def --color HEX`). */
export const COMMON_OPTS: OptionSpec[] = [
  { name: 'color', value: 'WHEN', optional: true, help: 'colour: auto (on a terminal; the default), always, never' },
  { name: 'no-color', help: 'no colour (as --color=never)' },
  { name: 'no-pager', help: 'never page the output' },
  { name: 'quiet', short: 'q', help: 'no progress lines' },
];

export const COMMON_HELP =
  'Every command also takes --color[=auto|always|never], --no-color, --no-pager and -q/--quiet (no progress);\n' +
  'before the command: dit -C DIR (run as if started in DIR), --no-pager, --paginate, --color[=WHEN].';

/** A command's colour choice: its own --color / --no-color, else the global one. */
export function colorOf(p: Parsed, global: ColorWhen | undefined, owns: boolean): ColorWhen | undefined {
  if (p.flags.has('no-color')) return 'never';
  if (!owns && p.values.has('color')) return parseColorWhen(p.values.get('color')![0], '--color');
  return global;
}
