// `dit doctor`: what in this repository looks right to a user but means nothing (or something else) to dit.

import { shortId } from '../../model/ids.js';
import { closingProblemsInHistory } from '../../store/read/closing-check.js';
import { missingEvidence, unresolvedReferences } from '../../store/read/references.js';
import { describeUnverified, unverifiedEntries } from '../../store/trust/unverified.js';
import { one } from '../args.js';
import { BRANCH, type Command, JSON_OPT, printJson, uniqueWarnings } from '../context.js';

const MAX_SHOWN = 20;

const doctor: Command = {
  spec: {
    name: 'doctor',
    summary:
      'Check the repository: closing keywords that close nothing, references to tickets that resolve to nothing, ' +
      'commits imported statuses name that the repository lacks, malformed entries, entries whose signature does not verify.',
    usage: 'dit doctor [--branch BRANCH] [--json]',
    options: [BRANCH, JSON_OPT],
    more:
      'A commit message closes a ticket when `fixes #id` (or closes, resolves) names exactly one ticket of that\n' +
      "branch: a dit id of at least 7 characters, or an imported ticket's original number (#54, ticket-54,\n" +
      "issue-54, GH-54, the source tracker's URL). doctor lists the references that name no ticket or several,\n" +
      'and the merge commits imported statuses name that this repository lacks; it exits 1 when it found any.',
  },
  async run(p, ctx) {
    const store = await ctx.store();
    const view = await store.view(one(p, 'branch'));
    const closing = await closingProblemsInHistory(store, view);
    const said = new Set(closing.map((c) => `${c.commit} #${c.token}`));
    const references = (await unresolvedReferences(view)).filter((r) => !said.has(`${r.commit} ${r.ref}`));
    const evidence = await missingEvidence(store, view);
    const unverified = await unverifiedEntries(store, view);
    const warnings = uniqueWarnings(view.warnings);
    const signing = (await store.signing()).problems;
    const found = closing.length + references.length + evidence.length + warnings.length + unverified.length;
    if (p.flags.has('json')) {
      printJson(ctx, { view: view.label, closing, references, evidence, warnings, unverified, signing });
      return found ? 1 : 0;
    }
    const section = <T>(title: string, items: T[], line: (item: T) => string) => {
      if (!items.length) return;
      ctx.out(`${title} (${items.length}):\n`);
      for (const item of items.slice(0, MAX_SHOWN)) ctx.out(line(item));
      if (items.length > MAX_SHOWN) ctx.out(`  ... and ${items.length - MAX_SHOWN} more (--json lists them all)\n`);
    };
    section(
      `Closing keywords that close nothing in the history of ${view.label}`,
      closing,
      (c) => `  ${shortId(c.commit!)} ${JSON.stringify(c.summary)}\n    ${c.message}\n`,
    );
    section(
      `References that name no ticket, or several, in the history of ${view.label}`,
      references,
      (r) => `  ${shortId(r.commit)} ${JSON.stringify(r.summary)}\n    ${r.message}\n`,
    );
    section('Statuses naming commits this repository does not have', evidence, (e) => `  ${e.message}\n`);
    section('Entries dit skips', warnings, (w) => `  ${w.path}: ${w.problem}\n`);
    section('Signed entries that do not verify', unverified, (u) => `  ${describeUnverified(u)}\n`);
    for (const s of signing) ctx.out(`Signing configuration: ${s}\n`);
    if (!found) ctx.out(`No problems found in ${view.label}.\n`);
    return found ? 1 : 0;
  },
};

export const commands: Record<string, Command> = { doctor };
