// `dit doctor`: what in this repository looks right to a user but means nothing (or something else) to dit.
import { one } from '../args.js';
import { BRANCH, JSON_OPT, uniqueWarnings, type Command } from '../context.js';
import { closingProblemsInHistory } from '../../store/read/closing-check.js';
import { shortId } from '../../model/ids.js';

const MAX_SHOWN = 20;

const doctor: Command = {
  spec: {
    name: 'doctor',
    summary: 'Check the repository: closing keywords in commit messages that close nothing, malformed entries.',
    usage: 'dit doctor [--branch BRANCH] [--json]',
    options: [BRANCH, JSON_OPT],
    more: 'A commit message closes a ticket only when `fixes #id` (or closes, resolves) names exactly one\nticket of that branch with at least 7 characters. doctor lists the ones that do not; it exits 1 when it found any.',
  },
  async run(p, ctx) {
    const store = await ctx.store();
    const view = await store.view(one(p, 'branch'));
    const closing = await closingProblemsInHistory(store, view);
    await view.summaries();
    const warnings = uniqueWarnings(view.warnings);
    if (p.flags.has('json')) {
      ctx.out(`${JSON.stringify({ view: view.label, closing, warnings }, null, 2)}\n`);
      return closing.length || warnings.length ? 1 : 0;
    }
    if (closing.length) {
      ctx.out(`Closing keywords that close nothing in the history of ${view.label} (${closing.length}):\n`);
      for (const c of closing.slice(0, MAX_SHOWN))
        ctx.out(`  ${shortId(c.commit!)} ${JSON.stringify(c.summary)}\n    ${c.message}\n`);
      if (closing.length > MAX_SHOWN) ctx.out(`  ... and ${closing.length - MAX_SHOWN} more (--json lists them all)\n`);
    }
    if (warnings.length) {
      ctx.out(`Entries dit skips (${warnings.length}):\n`);
      for (const w of warnings.slice(0, MAX_SHOWN)) ctx.out(`  ${w.path}: ${w.problem}\n`);
      if (warnings.length > MAX_SHOWN)
        ctx.out(`  ... and ${warnings.length - MAX_SHOWN} more (--json lists them all)\n`);
    }
    if (!closing.length && !warnings.length) ctx.out(`No problems found in ${view.label}.\n`);
    return closing.length || warnings.length ? 1 : 0;
  },
};

export const commands: Record<string, Command> = { doctor };
