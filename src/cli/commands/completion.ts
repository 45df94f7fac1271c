// `dit completion bash|zsh` prints a completion script; `dit __complete WORDS...` is what the script asks.
import { usage } from '../../errors.js';
import { BASH_SCRIPT, type CommandTable, complete, ZSH_SCRIPT } from '../completion.js';
import type { Command, Context } from '../context.js';

const completion: Command = {
  spec: {
    name: 'completion',
    summary:
      'Print a shell completion script: commands, options, ticket ids with titles, labels, milestones, branches.',
    usage: 'dit completion bash|zsh',
    options: [],
    more:
      'bash:  eval "$(dit completion bash)"        (add the line to ~/.bashrc)\n' +
      'zsh:   source <(dit completion zsh)         (in ~/.zshrc, after compinit; or save it as _dit on $fpath)',
  },
  async run(p, ctx) {
    const shell = p.positionals[0];
    if (shell === 'bash') return void ctx.out(BASH_SCRIPT);
    if (shell === 'zsh') return void ctx.out(ZSH_SCRIPT);
    throw usage(`name the shell: dit completion bash, or dit completion zsh${shell ? ` (not "${shell}")` : ''}`);
  },
};

/** One candidate a line, `value<TAB>description`; never an error (a shell has nowhere to show it). */
export async function runComplete(words: readonly string[], ctx: Context, table: CommandTable): Promise<number> {
  // notes (what was left out) only for a script that shows them without inserting them: zsh's
  const notes = ctx.env.DIT_COMPLETE_NOTES === '1';
  const found = (await complete(words.length ? words : [''], ctx, table).catch(() => [])).filter(
    (c) => notes || c.value !== '',
  );
  const clean = (s: string) => s.replace(/[\t\r\n\x00-\x1f\x7f]+/g, ' ').slice(0, 100);
  ctx.out(
    found.map((c) => (c.description ? `${c.value}\t${clean(c.description)}` : c.value)).join('\n') +
      (found.length ? '\n' : ''),
  );
  return 0;
}

export const commands: Record<string, Command> = { completion };
