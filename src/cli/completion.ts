// Shell completion: what may come next on a dit command line (commands, options, ids with titles, names).
// Over 300 lines: completion for every shell and every kind of word comes from one walk over the command table.
import { resolve } from 'node:path';
import { isOpen, PRIORITIES, SEVERITIES, STATUSES, TYPES } from '../model/fields.js';
import { STRATEGIES } from '../patchsets/merge.js';
import { QUALIFIER_NAMES } from '../query/qualifiers.js';
import { SORT_KEYS } from '../query/types.js';
import type { View } from '../store/view/view.js';
import type { CommandSpec, OptionSpec } from './args.js';
import type { Command, Context } from './context.js';
import { COMMON_OPTS } from './global-options.js';

export interface Candidate {
  value: string;
  description?: string;
}

/** The commands as main.ts lists them: name, summary, and how to load the module that holds it. */
export type CommandTable = readonly (readonly [string, string, () => Promise<Record<string, Command>>])[];

/** Commands whose first argument is a ticket id, and which tickets fit best there. */
const TICKET_FIRST: Record<string, 'open' | 'closed' | 'all'> = {
  show: 'all',
  comment: 'all',
  edit: 'all',
  label: 'all',
  close: 'open',
  reopen: 'closed',
  watch: 'all',
  unwatch: 'all',
  vote: 'all',
  unvote: 'all',
  branches: 'all',
  patchsets: 'all',
  review: 'open',
  merge: 'open',
  checkout: 'all',
};

const GLOBALS: Candidate[] = [
  { value: '-C', description: 'run as if dit was started in this directory' },
  { value: '--no-pager', description: 'never page the output' },
  { value: '--paginate', description: 'page the output on a terminal' },
  { value: '--color=', description: 'auto, always or never' },
  { value: '--no-color', description: 'no colour' },
  { value: '--quiet', description: 'no progress lines' },
];

const IS_VALUES = ['open', 'closed', ...STATUSES, ...TYPES, 'proposal', 'merged'];

/** What the data of the repository offers: read lazily, and only the part a completion needs. */
interface Data {
  view: () => Promise<View | null>;
  branches: () => Promise<string[]>;
  remotes: () => Promise<string[]>;
  tags: () => Promise<string[]>;
}

function dataFor(ctx: Context): Data {
  let view: Promise<View | null> | null = null;
  const vcs = async () => (await ctx.store()).vcs;
  return {
    view: () =>
      (view ??= ctx.store().then(
        (s) => s.view().catch(() => null),
        () => null,
      )),
    branches: async () => (await (await vcs()).branches()).map((b) => b.name),
    remotes: async () => (await vcs()).remotes(),
    tags: async () => (await (await vcs()).tags()).map((t) => t.name),
  };
}

/** At most this many ticket ids are offered: a shell lists them all, and 10,000 would bury the answer. */
export const MAX_IDS = 200;

async function tickets(data: Data, which: 'open' | 'closed' | 'all', typed: string): Promise<Candidate[]> {
  const view = await data.view();
  if (!view) return [];
  const prefix = typed.toLowerCase();
  // filtered by what is typed before the bound, so the ticket asked for is never cut off
  const all = (await view.summaries()).filter((s) => s.id.startsWith(prefix));
  // the fitting ones first (open tickets to close, closed ones to reopen; open first for the rest), newest first
  const rank = (s: (typeof all)[number]) => {
    const open = isOpen(s.status);
    return which === 'all' ? (open ? 0 : 1) : (which === 'open') === open ? 0 : 1;
  };
  const sorted = all
    .map((s) => ({ s, r: rank(s) }))
    .sort((a, b) => a.r - b.r || (a.s.updated < b.s.updated ? 1 : a.s.updated > b.s.updated ? -1 : 0));
  const offered: Candidate[] = sorted
    .slice(0, MAX_IDS)
    .map(({ s }) => ({ value: s.id.slice(0, 7), description: `${s.status}: ${s.title}` }));
  // what was left out, as a note (an empty value) that a shell can show but never inserts
  const left = sorted.length - offered.length;
  if (left > 0)
    offered.push({ value: '', description: `${left} more ticket${left === 1 ? '' : 's'}: type more of the id` });
  return offered;
}

async function labels(data: Data): Promise<Candidate[]> {
  const view = await data.view();
  if (!view) return [];
  const [defs, all] = await Promise.all([view.labelDefs(), view.summaries()]);
  const names = new Map(defs.map((d) => [d.name, d.description]));
  for (const s of all) for (const l of s.labels) if (!names.has(l)) names.set(l, '');
  return [...names].sort(([a], [b]) => (a < b ? -1 : 1)).map(([value, d]) => ({ value, description: d || undefined }));
}

async function milestones(data: Data): Promise<Candidate[]> {
  const view = await data.view();
  if (!view) return [];
  return (await view.milestones()).map((m) => ({
    value: m.name,
    description: `${m.state}${m.due ? `, due ${m.due}` : ''}${m.description ? `: ${m.description.split('\n')[0]}` : ''}`,
  }));
}

const words = (list: readonly string[]): Candidate[] => list.map((value) => ({ value }));
const named = async (p: Promise<string[]>): Promise<Candidate[]> => words(await p.catch(() => []));

/** Values an option takes, by the option's name; null when any text goes (a message, a file). */
async function optionValues(name: string, data: Data): Promise<Candidate[] | null> {
  switch (name) {
    case 'label':
      return labels(data);
    case 'milestone':
      return milestones(data);
    case 'branch':
    case 'target':
      return named(data.branches());
    case 'remote':
      return named(data.remotes());
    case 'type':
      return words(TYPES);
    case 'priority':
      return words(PRIORITIES);
    case 'severity':
      return words(SEVERITIES);
    case 'status':
      return words(STATUSES);
    case 'color':
      return words(['auto', 'always', 'never']);
    case 'sort':
      return words(['created', 'updated']);
    case 'strategy':
      return words(STRATEGIES);
    default:
      return null;
  }
}

/** `label:ui`, `is:open`, `milestone:"2.4"`: a query word in `dit ls`. */
async function queryWord(cur: string, data: Data): Promise<Candidate[]> {
  const neg = cur.startsWith('-') ? '-' : '';
  const word = cur.slice(neg.length);
  const colon = word.indexOf(':');
  if (colon < 0) return QUALIFIER_NAMES.map((q) => ({ value: `${neg}${q}:` }));
  const q = word.slice(0, colon);
  const quote = (v: string) => (/[\s"]/.test(v) ? JSON.stringify(v) : v);
  const prefixed = (list: Candidate[]) => list.map((c) => ({ ...c, value: `${neg}${q}:${quote(c.value)}` }));
  switch (q) {
    case 'label':
      return prefixed(await labels(data));
    case 'milestone':
      return prefixed(await milestones(data));
    case 'branch':
      return prefixed(await named(data.branches()));
    case 'is':
      return prefixed(words([...new Set(IS_VALUES)]));
    case 'status':
      return prefixed(words(STATUSES));
    case 'type':
      return prefixed(words(TYPES));
    case 'priority':
      return prefixed(words(PRIORITIES));
    case 'severity':
      return prefixed(words(SEVERITIES));
    case 'sort':
      return prefixed(words(SORT_KEYS));
    case 'no':
      return prefixed(words(['label', 'milestone', 'topic', 'responsible']));
    case 'fixed-in':
      return prefixed(await named(data.tags()));
    default:
      return [];
  }
}

function optionCandidates(spec: CommandSpec): Candidate[] {
  const own = new Set(spec.options.map((o) => o.name));
  const all: OptionSpec[] = [
    ...spec.options,
    ...COMMON_OPTS.filter((o) => !own.has(o.name)),
    { name: 'help', help: 'show this help' },
  ];
  return all.map((o) => ({ value: `--${o.name}${o.optional ? '=' : ''}`, description: o.help }));
}

/**
 * What may replace the last of `words` (the words after `dit`, the last one being typed), filtered by what
 * is typed so far. Reads the repository only when the answer needs it (ids, labels, branches).
 */
export async function complete(typed: readonly string[], ctx: Context, table: CommandTable): Promise<Candidate[]> {
  // the shells pass the words as typed, quotes and backslashes included
  const words = typed.map(unquote);
  const all = await candidates(words, ctx, table);
  const cur = words.at(-1) ?? '';
  // a query's quotes do not count: label:go finds label:"good first issue"
  const bare = cur.replace(/"/g, '');
  return all.filter((c) => c.value === '' || c.value.startsWith(cur) || c.value.replace(/"/g, '').startsWith(bare));
}

async function candidates(input: readonly string[], ctx: Context, table: CommandTable): Promise<Candidate[]> {
  const args = [...input];
  const cur = args.pop() ?? '';
  // global options before the command; -C moves where the repository is looked for
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-C') {
      const dir = args[++i];
      if (dir !== undefined) ctx.cwd = resolve(ctx.cwd, dir);
    } else if (!a.startsWith('-')) break;
  }
  if (i === args.length && args.at(-1) === '-C') return []; // a directory: the shell's own completion
  const data = dataFor(ctx);
  if (i >= args.length) {
    if (cur.startsWith('-')) return GLOBALS;
    return table.map(([name, summary]) => ({ value: name, description: summary }));
  }
  const name = args[i]!;
  const rest = args.slice(i + 1);
  if (name === 'completion') return rest.length ? [] : words(['bash', 'zsh']);
  const entry = table.find(([n]) => n === name);
  if (!entry) return [];
  const command = (await entry[2]())[name];
  if (!command) return [];
  const spec = command.specFor?.(rest) ?? command.spec;
  const options = new Map(
    [...spec.options, ...COMMON_OPTS].flatMap((o) => [
      [`--${o.name}`, o],
      ...(o.short ? [[`-${o.short}`, o]] : []),
    ]) as [string, OptionSpec][],
  );
  // which positional is being typed, and whether the word before wants a value
  const positionals: string[] = [];
  for (let k = 0; k < rest.length; k++) {
    const w = rest[k]!;
    const o = options.get(w);
    if (o?.value && !o.optional) k++;
    else if (!o && !(w.startsWith('--') && options.has(w.split('=')[0]!))) positionals.push(w);
  }
  const prev = rest.at(-1);
  const wanting = prev === undefined ? undefined : options.get(prev);
  if (wanting?.value && !wanting.optional) return (await optionValues(wanting.name, data)) ?? [];
  const eq = cur.indexOf('=');
  if (cur.startsWith('--') && eq > 0) {
    const o = options.get(cur.slice(0, eq));
    const values = o?.value ? ((await optionValues(o.name, data)) ?? []) : [];
    return values.map((c) => ({ ...c, value: `${cur.slice(0, eq + 1)}${c.value}` }));
  }
  const n = positionals.length;
  if (name === 'label' && n >= 1 && (cur.startsWith('-') || cur.startsWith('+'))) {
    // -name removes a label the ticket has; +name adds any label
    if (cur.startsWith('+')) return (await labels(data)).map((c) => ({ ...c, value: `+${c.value}` }));
    const view = await data.view();
    const t = view ? await view.ticket(positionals[0]!).catch(() => null) : null;
    return (t?.labels ?? []).map((l) => ({ value: `-${l}` }));
  }
  if (name === 'ls' && !cur.startsWith('--')) return queryWord(cur, data);
  if (cur.startsWith('-')) return optionCandidates(spec);
  if (name in TICKET_FIRST && n === 0) return tickets(data, TICKET_FIRST[name]!, cur);
  if (name === 'label' && n >= 1) return labels(data);
  if (name === 'label-def' && n === 0) return labels(data);
  if (name === 'milestone') {
    if (n === 0) return words(['new', 'ls', 'edit', 'close', 'reopen']);
    if (n === 1 && positionals[0] !== 'new' && positionals[0] !== 'ls') return milestones(data);
    return [];
  }
  if (name === 'sync' && n === 0) return named(data.remotes());
  if (name === 'release-notes' && n === 0) return named(data.tags());
  if (name === 'hooks' && n === 0) return words(['install', 'run']);
  return [];
}

/** A word as the shell will pass it: quotes and backslashes taken off (an unfinished quote counts as closed). */
export function unquote(word: string): string {
  if (!/['"\\]/.test(word)) return word;
  let out = '';
  let quote: string | null = null;
  for (let i = 0; i < word.length; i++) {
    const c = word[i]!;
    if (quote === "'") {
      if (c === "'") quote = null;
      else out += c;
    } else if (c === '\\' && i + 1 < word.length && (quote === null || '"\\$`'.includes(word[i + 1]!)))
      out += word[++i];
    else if (quote === '"' && c === '"') quote = null;
    else if (quote === null && (c === "'" || c === '"')) quote = c;
    else out += c;
  }
  return out;
}

/** The bash script: `eval "$(dit completion bash)"`; asks `dit __complete` for each completion. */
export const BASH_SCRIPT = `# dit completion for bash; load it with: eval "$(dit completion bash)"   (e.g. in ~/.bashrc)
_dit() {
  local cur words cword
  if declare -F _get_comp_words_by_ref >/dev/null 2>&1; then
    _get_comp_words_by_ref -n =: cur words cword
  else
    cur=\${COMP_WORDS[COMP_CWORD]}; words=("\${COMP_WORDS[@]}"); cword=$COMP_CWORD
  fi
  local IFS=$'\\n' line v
  local -a lines
  lines=($(command dit __complete "\${words[@]:1:cword}" 2>/dev/null))
  COMPREPLY=()
  [ \${#lines[@]} -eq 0 ] && return 0
  # bash completes only the part after the last : or = of the word; drop what is typed already
  local typed=\${cur%"\${cur##*[:=]}"}
  for line in "\${lines[@]}"; do
    v=\${line%%$'\\t'*}
    v=\${v#"$typed"}
    [ -z "$v" ] && continue
    # after an opening quote bash inserts the text as it is; outside one, spaces and quotes need a backslash
    [[ $cur == [\\"\\']* ]] || printf -v v '%q' "$v"
    # several: show each with its description (bash inserts only what they have in common)
    if [ \${#lines[@]} -gt 1 ] && [[ $line == *$'\\t'* ]]; then v="$v  (\${line#*$'\\t'})"; fi
    COMPREPLY+=("$v")
  done
  if [ \${#COMPREPLY[@]} -eq 1 ] && [[ \${COMPREPLY[0]} == *[:=] ]]; then compopt -o nospace 2>/dev/null; fi
  return 0
}
complete -o default -F _dit dit
`;

/** The zsh script: `source <(dit completion zsh)`, or saved as _dit on $fpath. */
export const ZSH_SCRIPT = `#compdef dit
# dit completion for zsh; load it with: source <(dit completion zsh)   (or save it as _dit in a folder on $fpath)
_dit() {
  local -a lines values spaced
  local line value
  lines=("\${(@f)$(DIT_COMPLETE_NOTES=1 command dit __complete "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  for line in "\${lines[@]}"; do
    [[ -z $line ]] && continue
    # a note (no value, just text): shown, never inserted
    if [[ $line == $'\\t'* ]]; then _message -r "\${line#$'\\t'}"; continue; fi
    value=\${line%%$'\\t'*}
    value=\${value//:/\\\\:}
    if [[ $line == *$'\\t'* ]]; then value="$value:\${line#*$'\\t'}"; fi
    if [[ \${line%%$'\\t'*} == *[:=] ]]; then values+=("$value"); else spaced+=("$value"); fi
  done
  if (( \${#values} + \${#spaced} == 0 )); then _files; return; fi
  (( \${#spaced} )) && _describe -V dit spaced
  (( \${#values} )) && _describe -V dit values -S ''
  return 0
}
if [[ $funcstack[1] == _dit ]]; then _dit "$@"; elif (( $+functions[compdef] )); then compdef _dit dit; fi
`;
