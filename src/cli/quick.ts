// The quick path of `dit ls` and `dit show`: bin/dit.js loads this small bundle first and asks it;
// null means "not sure" (a terminal, an option it does not take, git's state not the one the derived
// store last answered in, a warning to print) and the whole CLI answers instead, as it always could.
import { quickList, quickShow } from '../store/read/quick.js';
import { plainLine, renderTicket } from './format.js';

type Out = { out: (text: string) => void; err: (text: string) => void };

/** Answers `argv` (what follows `dit`) if it can: the exit status, or null. */
export function quick(argv: readonly string[], io: Out, cwd = process.cwd(), env = process.env): number | null {
  // colour and the pager belong to a terminal; forced colour, faults and tests' switches to the whole CLI
  if (process.stdout.isTTY || env.DIT_NO_QUICK || env.FORCE_COLOR !== undefined || env.DIT_FAULT) return null;
  const [command, ...args] = argv;
  const words: string[] = [];
  const flags = new Set<string>();
  let limit: number | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-n' || a === '--limit') {
      limit = Number(args[++i]);
      if (!(limit >= 0)) return null;
    } else if (a === '--all' || a === '-a' || a === '--closed') flags.add(a === '-a' ? '--all' : a);
    else if (a.startsWith('-')) return null;
    else words.push(a);
  }
  if (command === 'ls') {
    if (flags.size > 1) return null;
    const state = flags.has('--all') ? 'all' : flags.has('--closed') ? 'closed' : undefined;
    const lines = quickList(cwd, env, { query: words.join(' ').trim(), state, limit });
    if (!lines) return null;
    trace(env, io);
    io.out(`${lines.map(plainLine).join('\n')}\n`);
    return 0;
  }
  if (command === 'show' && words.length === 1 && !flags.size && limit === null) {
    const shown = quickShow(cwd, env, words[0]!);
    if (!shown) return null;
    trace(env, io);
    io.out(renderTicket(shown.ticket, undefined, undefined, shown.verdicts));
    return 0;
  }
  return null;
}

/** DIT_TRACE_QUICK=1: says on stderr that the quick path answered (tests check it did). */
function trace(env: NodeJS.ProcessEnv, io: Out): void {
  if (env.DIT_TRACE_QUICK) io.err('dit: answered from the derived store\n');
}
