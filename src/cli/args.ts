// A small argument parser driven by each command's spec, which also renders that command's --help.
import { usage } from '../errors.js';

export interface OptionSpec {
  name: string;
  short?: string;
  /** A value name (`--due DATE`) means the option takes a value; none means a flag. */
  value?: string;
  repeat?: boolean;
  /** The value is optional and comes only after `=` (`--color` or `--color=never`, as git's). */
  optional?: boolean;
  help: string;
}

export interface CommandSpec {
  name: string;
  summary: string;
  usage: string;
  options: OptionSpec[];
  /** Free text printed after the options (examples, notes). */
  more?: string;
}

export interface Parsed {
  positionals: string[];
  flags: Set<string>;
  values: Map<string, string[]>;
}

export function parseArgs(spec: CommandSpec, argv: readonly string[]): Parsed {
  const out: Parsed = { positionals: [], flags: new Set(), values: new Map() };
  const byName = new Map(spec.options.map((o) => [o.name, o]));
  const byShort = new Map(spec.options.filter((o) => o.short).map((o) => [o.short!, o]));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    let opt: OptionSpec | undefined;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      inline = eq < 0 ? undefined : arg.slice(eq + 1);
      opt = byName.get(name);
      if (!opt)
        throw usage(
          `unknown option --${name} for \`dit ${spec.name}\`${suggest(name, [...byName.keys()])}; see \`dit ${spec.name} --help\``,
        );
    } else if (/^-[A-Za-z]$/.test(arg)) {
      opt = byShort.get(arg.slice(1));
      if (!opt) throw usage(`unknown option ${arg} for \`dit ${spec.name}\`; see \`dit ${spec.name} --help\``);
    } else {
      out.positionals.push(arg); // includes label edits such as `-editor` and a lone `-`
      continue;
    }
    if (!opt.value) {
      if (inline !== undefined) throw usage(`--${opt.name} takes no value`);
      out.flags.add(opt.name);
      continue;
    }
    const value = inline ?? (opt.optional ? '' : argv[++i]);
    if (value === undefined) throw usage(`--${opt.name} needs a value (${opt.value})`);
    const list = out.values.get(opt.name) ?? [];
    if (list.length && !opt.repeat) throw usage(`--${opt.name} given twice`);
    list.push(value);
    out.values.set(opt.name, list);
  }
  return out;
}

export const one = (p: Parsed, name: string): string | undefined => p.values.get(name)?.[0];
export const many = (p: Parsed, name: string): string[] => p.values.get(name) ?? [];

function suggest(name: string, known: string[]): string {
  const close = known.find((k) => distance(k, name) <= 2);
  return close ? ` (did you mean --${close}?)` : '';
}

/** Levenshtein distance, for "did you mean" hints. */
export function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

export function renderHelp(spec: CommandSpec): string {
  const lines = [`usage: ${spec.usage}`, '', spec.summary, ''];
  const opts = [...spec.options, { name: 'help', short: 'h', help: 'show this help' } as OptionSpec];
  const left = opts.map(
    (o) =>
      `${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.value ? (o.optional ? `[=${o.value}]` : ` ${o.value}`) : ''}`,
  );
  const width = Math.max(...left.map((l) => l.length)) + 2;
  lines.push('options:');
  for (const [i, o] of opts.entries())
    lines.push(`  ${left[i]!.padEnd(width)}${o.help}${o.repeat ? ' (repeatable)' : ''}`);
  if (spec.more) lines.push('', spec.more.trim());
  return `${lines.join('\n')}\n`;
}
