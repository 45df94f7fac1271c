// `dit gc`: packs journals' entry files into entry packs, on this branch and in the shared journal.
import { usage } from '../../errors.js';
import { one } from '../args.js';
import { type Command, JSON_OPT } from '../context.js';

const gcCommand: Command = {
  spec: {
    name: 'gc',
    summary:
      "Pack each ticket's entry files into one entry pack (answers stay the same; git's index, status and checkout get faster). " +
      "Commits the packing of this branch's .dit/ at once (with any other staged .dit/ files, as --commit does) and packs the shared journal.",
    usage: 'dit gc [--min FILES] [--json]',
    options: [{ name: 'min', value: 'FILES', help: 'pack journals of at least this many files (default 2)' }, JSON_OPT],
  },
  async run(p, ctx) {
    const min = Number(one(p, 'min') ?? 2);
    if (!Number.isInteger(min) || min < 2)
      throw usage(`--min needs a whole number of at least 2, not "${one(p, 'min')}"`);
    const { gc } = await import('../../store/write/compact.js');
    const tty = process.stderr.isTTY;
    if (tty) ctx.err('packing entries...\n');
    const r = await gc(await ctx.store(), { min });
    const side = (x: typeof r.branch) =>
      x ? { journals: x.journals, filesBefore: x.filesBefore, filesAfter: x.filesAfter } : null;
    if (p.flags.has('json')) {
      return void ctx.out(
        `${JSON.stringify(
          { branch: side(r.branch), shared: side(r.shared), commit: r.commit, journalCommit: r.journalCommit },
          null,
          2,
        )}\n`,
      );
    }
    const say = (where: string, x: typeof r.branch, commit: string | null) => {
      if (!x) return;
      ctx.out(
        x.journals
          ? `${where}: packed ${x.journals} journals, ${x.filesBefore} files into ${x.filesAfter}${commit ? ` (commit ${commit.slice(0, 7)})` : ''}\n`
          : `${where}: nothing to pack\n`,
      );
    };
    say('this branch', r.branch, r.commit);
    say('shared journal', r.shared, r.journalCommit);
  },
};

export const commands: Record<string, Command> = { gc: gcCommand };
