// Proposals from the command line: propose, review, merge, checkout, and the list of a ticket's patchsets.
import { invalid, usage } from '../../errors.js';
import { SCORE_NAMES, type Score } from '../../model/entries/review.js';
import { shortId } from '../../model/ids.js';
import { mergeTicket, STRATEGIES, type Strategy } from '../../patchsets/merge.js';
import { checkoutTicket, patchsetList, propose } from '../../patchsets/propose.js';
import { describeRecorded } from '../../patchsets/record.js';
import { reviewTicket } from '../../patchsets/review.js';
import { one } from '../args.js';
import {
  type Command,
  JSON_OPT,
  needArgs,
  printChanged,
  printJson,
  printWarnings,
  SHARED_ALWAYS,
  uniqueWarnings,
  WRITE_JSON,
} from '../context.js';

const oneLine = (s: string): string => s.replace(/[\x00-\x1f\x7f]/g, ' ');

const proposeCommand: Command = {
  spec: {
    name: 'propose',
    summary:
      'Turn the checked-out branch into a proposal ticket targeting an integration branch (or, on ticket/<id>, add a patchset). ' +
      'Records the patchset in the shared journal and makes ticket/<shortid>; `dit sync` publishes both.',
    usage: 'dit propose [--target BRANCH] [--title TITLE] [--json]',
    options: [
      {
        name: 'target',
        short: 't',
        value: 'BRANCH',
        help: "the branch to merge into (default: origin's HEAD, main or master)",
      },
      { name: 'title', value: 'TITLE', help: "the title (default: the commit message, or the oldest commit's)" },
      WRITE_JSON,
    ],
  },
  async run(p, ctx) {
    const store = await ctx.store();
    const view = await store.view();
    const r = await propose(store, view, { target: one(p, 'target'), title: one(p, 'title') });
    if (p.flags.has('json'))
      return printChanged(
        ctx,
        store,
        view,
        { id: r.id, entry: r.entries.at(-1) ?? null, changed: true },
        {
          id: r.id,
          created: r.created,
          patchset: r.classified,
          branch: r.branch.ref,
          target: r.target,
          entries: r.entries,
        },
      );
    ctx.out(
      describeRecorded(r, undefined)[0] +
        `\n  branch ${r.branch.ref.replace('refs/heads/', '')}; publish with \`dit sync\`\n`,
    );
  },
};

const SCORE_FLAGS: [string, Score][] = [
  ['approve', 2],
  ['looks-good', 1],
  ['needs-work', -1],
  ['veto', -2],
];

const review: Command = {
  spec: {
    name: 'review',
    summary:
      "Review the current revision of a ticket's patchset: approve (+2), looks good (+1), needs work (-1) or veto (-2). " +
      'Your latest review counts; a new revision makes earlier scores stale. Reviews go to the shared journal, ' +
      'next to the patchsets they judge (nothing is staged); `dit sync` publishes them.',
    usage: 'dit review ID --approve|--looks-good|--needs-work|--veto [-m TEXT] [--json]',
    options: [
      ...SCORE_FLAGS.map(([name, s]) => ({ name, help: `score ${s > 0 ? '+' : ''}${s} (${SCORE_NAMES[s]})` })),
      { name: 'message', short: 'm', value: 'TEXT', help: 'a comment with the review' },
      SHARED_ALWAYS,
      WRITE_JSON,
    ],
  },
  async run(p, ctx) {
    needArgs(p, review.spec, 1, 'a ticket id');
    const chosen = SCORE_FLAGS.filter(([name]) => p.flags.has(name));
    if (chosen.length !== 1) throw usage('give exactly one of --approve, --looks-good, --needs-work, --veto');
    const store = await ctx.store();
    const view = await store.view();
    const r = await reviewTicket(
      store,
      view,
      p.positionals[0]!,
      chosen[0]![1],
      one(p, 'message'),
      store.target({ shared: true }),
    );
    const score = chosen[0]![1];
    if (p.flags.has('json'))
      return printChanged(ctx, store, view, r, { id: r.id, patchset: r.patchset, revision: r.revision, score });
    ctx.out(
      `#${shortId(r.id)}: ${SCORE_NAMES[chosen[0]![1]]} patchset ${r.patchset} revision ${r.revision}` +
        ' (in the shared journal; `dit sync` publishes it)\n',
    );
  },
};

const merge: Command = {
  spec: {
    name: 'merge',
    summary:
      "Merge a ticket's current patchset into its target branch without touching the work tree (unless the target is checked out). " +
      'Refused when vetoed, when git config dit.requireApproval is true and nobody approved, or on conflicts (listed).',
    usage: `dit merge ID [--strategy ${STRATEGIES.join('|')}] [--json]`,
    options: [
      {
        name: 'strategy',
        short: 's',
        value: 'STRATEGY',
        help: `${STRATEGIES.join(', ')} (default always: a merge commit "Merge #id: title")`,
      },
      {
        name: 'json',
        help: 'print the ticket as the target branch now has it, and the merge ({ ticket, entry, changed, commit, target, ... })',
      },
    ],
  },
  async run(p, ctx) {
    needArgs(p, merge.spec, 1, 'a ticket id');
    const strategy = (one(p, 'strategy') ?? 'always') as Strategy;
    if (!STRATEGIES.includes(strategy))
      throw invalid(`unknown strategy "${strategy}"; use one of ${STRATEGIES.join(', ')}`);
    const store = await ctx.store();
    const view = await store.view();
    const r = await mergeTicket(store, view, p.positionals[0]!, strategy);
    // merged is what changed, and the target branch is where it shows
    if (p.flags.has('json'))
      return printChanged(
        ctx,
        store,
        view,
        { ...r, changed: true },
        {
          id: r.id,
          target: r.target,
          commit: r.commit,
          strategy: r.strategy,
          fastForward: r.fastForward,
          patchset: r.patchset,
        },
        r.target,
      );
    ctx.out(
      `#${shortId(r.id)}: merged into ${r.target} (${r.fastForward ? 'fast-forward' : strategy}) at ${r.commit.slice(0, 7)}` +
        `${r.patchset ? `, recorded as patchset ${r.patchset}; push ${r.target} and \`dit sync\` to publish` : `; push ${r.target} to publish`}\n`,
    );
  },
};

const checkout: Command = {
  spec: {
    name: 'checkout',
    summary:
      "Fetch a ticket's patchset (from origin when it is not here) and check out its branch ticket/<shortid> (ticket/<shortid>-<n> for an older patchset).",
    usage: 'dit checkout ID [--patchset N] [--remote REMOTE] [--force] [--json]',
    options: [
      { name: 'patchset', short: 'p', value: 'N', help: 'an older patchset (default: the current one)' },
      { name: 'remote', value: 'REMOTE', help: 'where to fetch from (default: origin)' },
      { name: 'force', short: 'f', help: 'reset the branch to the patchset even if it has other commits' },
      { name: 'json', help: 'print the ticket and what was checked out ({ ticket, branch, tip, patchset, warnings })' },
    ],
  },
  async run(p, ctx) {
    needArgs(p, checkout.spec, 1, 'a ticket id');
    const n = one(p, 'patchset');
    if (n !== undefined && !/^[1-9]\d*$/.test(n)) throw usage('--patchset needs a number (see `dit patchsets ID`)');
    const store = await ctx.store();
    const view = await store.view();
    const r = await checkoutTicket(store, view, p.positionals[0]!, {
      patchset: n ? Number(n) : undefined,
      remote: one(p, 'remote'),
      force: p.flags.has('force'),
    });
    if (p.flags.has('json')) {
      // the ticket as the branch just checked out has it
      const after = await store.view();
      const ticket = await after.ticket(r.id);
      const warnings = uniqueWarnings([...view.warnings, ...after.warnings]);
      return void printJson(ctx, { ticket, branch: r.branch, tip: r.tip, patchset: r.patchset, warnings });
    }
    ctx.out(`switched to ${r.branch} (patchset ${r.patchset}, ${r.tip.slice(0, 7)})\n`);
  },
};

const patchsets: Command = {
  spec: {
    name: 'patchsets',
    summary: "List a ticket's patchsets and revisions: type, commits, diffstat, and the reviews of each.",
    usage: 'dit patchsets ID [--json]',
    options: [JSON_OPT],
  },
  async run(p, ctx) {
    needArgs(p, patchsets.spec, 1, 'a ticket id');
    const store = await ctx.store();
    const view = await store.view();
    const list = await patchsetList(store, view, p.positionals[0]!);
    if (p.flags.has('json')) return void ctx.out(`${JSON.stringify({ ...list, warnings: view.warnings })}\n`);
    let out = `#${shortId(list.id)} ${oneLine(list.title)} · review: ${list.review}\n`;
    if (!list.patchsets.length) out += '  no patchsets\n';
    for (const ps of list.patchsets) {
      out += `\npatchset ${ps.number}${ps.current ? ' (current)' : ''}\n`;
      for (const r of ps.revisions) {
        const stat = r.diffstat
          ? `${r.diffstat.files} file${r.diffstat.files === 1 ? '' : 's'} +${r.diffstat.added} -${r.diffstat.removed}`
          : 'commits not here';
        out +=
          `  rev ${r.revision}  ${r.type.padEnd(13)}  ${r.tip.slice(0, 7)}  ${r.commits} ` +
          `commit${r.commits === 1 ? '' : 's'} (+${r.added}) onto ${oneLine(r.target)}  ${stat}  ` +
          `${oneLine(r.pusher.name)}  ${r.time.slice(0, 16).replace('T', ' ')}${r.draft ? '  draft' : ''}\n`;
      }
      for (const rv of ps.reviews) {
        out +=
          `  review  ${rv.score > 0 ? '+' : ''}${rv.score} ${SCORE_NAMES[rv.score]} by ${oneLine(rv.author.name)} ` +
          `on revision ${rv.revision}${rv.stale ? ' (stale)' : ''}${rv.comment ? `: ${oneLine(rv.comment).slice(0, 80)}` : ''}\n`;
      }
    }
    ctx.out(out);
    printWarnings(ctx, view.warnings);
  },
};

export const commands = { propose: proposeCommand, review, merge, checkout, patchsets };
