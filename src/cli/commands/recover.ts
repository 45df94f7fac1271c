// `dit recover`: lists and restores entries dit wrote that a reset, a stash or a forced ref update dropped.

import { usage } from '../../errors.js';
import { shortId } from '../../model/ids.js';
import { lostEntries, restoreEntries } from '../../store/write/lost-entries.js';
import { type Command, JSON_OPT, printJson } from '../context.js';

const recover: Command = {
  spec: {
    name: 'recover',
    summary:
      'List entries dit wrote that no branch, index or shared journal holds any more; --restore brings them back.',
    usage: 'dit recover [--restore] [ID...] [--json]',
    options: [
      {
        name: 'restore',
        help: 'stage them again (tree-store entries) or add them to the shared journal (shared ones)',
      },
      JSON_OPT,
    ],
    more:
      'dit logs every entry it writes in .git/dit/written-v1.jsonl. After `git reset --hard` or `git stash`\n' +
      'drops staged .dit/ files, the entries are still git objects: `dit recover` finds them until git prunes\n' +
      "unreachable objects (two weeks by default). Give ticket ids to restore only those tickets' entries.",
  },
  async run(p, ctx) {
    const store = await ctx.store();
    const only = p.positionals.map((x) => x.replace(/^#/, '').toLowerCase());
    if (only.some((x) => !/^[0-9a-f]{4,64}$/.test(x))) throw usage('give ticket ids of at least 4 hex characters');
    const lost = (await lostEntries(store)).filter((l) => !only.length || only.some((x) => l.journal.startsWith(x)));
    if (p.flags.has('restore')) {
      const done = lost.length ? await restoreEntries(store, lost) : { staged: 0, shared: 0 };
      if (p.flags.has('json')) return void printJson(ctx, { restored: lost, ...done });
      if (!lost.length) return void ctx.out('Nothing to recover.\n');
      const parts = [
        done.staged ? `${done.staged} staged in .dit/ (commit them as usual)` : '',
        done.shared ? `${done.shared} added to the shared journal` : '',
      ];
      ctx.out(`Restored ${lost.length} entr${lost.length === 1 ? 'y' : 'ies'}: ${parts.filter(Boolean).join(', ')}.\n`);
      return;
    }
    if (p.flags.has('json')) return void printJson(ctx, { lost });
    if (!lost.length)
      return void ctx.out('Nothing to recover: every entry dit wrote is in a branch, the index or a journal.\n');
    ctx.out(
      `${lost.length} entr${lost.length === 1 ? 'y' : 'ies'} dit wrote ${lost.length === 1 ? 'is' : 'are'} in no branch, index or journal any more:\n`,
    );
    for (const l of lost)
      ctx.out(
        `  ${l.t.slice(0, 16).replace('T', ' ')}  ${l.path.split('/')[0]!.replace(/s$/, '')} ` +
          `${shortId(l.journal)}  ${l.summary}${l.store === 'shared' ? '  (shared journal)' : ''}\n`,
      );
    ctx.out('Restore them with `dit recover --restore` (or `dit recover --restore ID` for one ticket).\n');
  },
};

export const commands: Record<string, Command> = { recover };
