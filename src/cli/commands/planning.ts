// Planning commands: milestones and label definitions.
import { usage } from '../../errors.js';
import { one, type Parsed } from '../args.js';
import {
  BRANCH,
  JSON_OPT,
  WRITE_OPTS,
  needArgs,
  printWarnings,
  target,
  uniqueWarnings,
  type Command,
  type Context,
} from '../context.js';
import { createMilestone, defineLabel, editMilestone, labelRows, milestoneRows } from '../../store/ops/milestones.js';
import type { MilestoneFields } from '../../model/milestone.js';
import { renderLabels, renderMilestones } from '../format-planning.js';

const MILESTONE_FIELDS = [
  { name: 'due', value: 'DATE', help: 'due date, YYYY-MM-DD ("" to clear)' },
  { name: 'description', short: 'd', value: 'TEXT', help: 'what the milestone is for' },
];

function fieldsFrom(p: Parsed): MilestoneFields {
  const due = one(p, 'due');
  return { description: one(p, 'description'), due: due === undefined ? undefined : due === '' ? null : due };
}

async function milestoneLs(p: Parsed, ctx: Context): Promise<void> {
  const view = await (await ctx.store()).view(one(p, 'branch'));
  const rows = (await milestoneRows(view)).filter(
    (m) => p.flags.has('all') || (p.flags.has('closed') ? m.state === 'closed' : m.state === 'open'),
  );
  if (p.flags.has('json'))
    return void ctx.out(
      `${JSON.stringify({ view: view.label, milestones: rows, warnings: uniqueWarnings(view.warnings) }, null, 2)}\n`,
    );
  printWarnings(ctx, view.warnings);
  ctx.out(renderMilestones(rows, await ctx.paint()));
}

const milestone: Command = {
  spec: {
    name: 'milestone',
    summary: 'Milestones: plan tickets into releases. Subcommands: new, ls, edit, close, reopen.',
    usage:
      'dit milestone new NAME [--due DATE] [-d TEXT] | ls [--all|--closed] | edit NAME [--name NEW] [--due DATE] [-d TEXT] | close NAME | reopen NAME   [--json]',
    options: [
      ...MILESTONE_FIELDS,
      { name: 'name', value: 'NEW', help: 'rename (with edit)' },
      { name: 'all', short: 'a', help: 'ls: open and closed milestones' },
      { name: 'closed', help: 'ls: closed milestones only' },
      BRANCH,
      JSON_OPT,
      ...WRITE_OPTS,
    ],
    more: 'Examples:\n  dit milestone new 2.4 --due 2027-01-15\n  dit milestone ls\n  dit milestone close 2.4',
  },
  pager: (p) => p.positionals[0] === undefined || p.positionals[0] === 'ls',
  async run(p, ctx) {
    const [sub, name] = p.positionals;
    if (sub === 'ls' || sub === undefined) return milestoneLs(p, ctx);
    if (!['new', 'edit', 'close', 'reopen'].includes(sub))
      throw usage(`unknown subcommand "${sub}"; use new, ls, edit, close or reopen`);
    needArgs(p, milestone.spec, 2, 'a milestone name');
    const store = await ctx.store();
    const view = await store.view();
    const t = target(p, store);
    // with --json: the milestone as it is now, with its progress, as `milestone ls --json` lists it
    const emit = async (wanted: string, changed: boolean) => {
      const rows = await milestoneRows(await store.view());
      const milestone = rows.find((m) => m.name === wanted) ?? null;
      ctx.out(`${JSON.stringify({ milestone, changed, warnings: uniqueWarnings(view.warnings) }, null, 2)}\n`);
    };
    if (sub === 'new') {
      const m = await createMilestone(store, view, { ...fieldsFrom(p), name: name! }, t);
      if (p.flags.has('json')) return emit(m.name, true);
      ctx.out(`${m.name}\n`);
      return;
    }
    const fields: MilestoneFields =
      sub === 'edit' ? { ...fieldsFrom(p), name: one(p, 'name') } : { state: sub === 'close' ? 'closed' : 'open' };
    if (sub === 'edit' && Object.values(fields).every((f) => f === undefined))
      throw usage('say what to change: --name, --due or --description');
    const changed = await editMilestone(store, view, name!, fields, t);
    if (p.flags.has('json')) return emit(fields.name ?? name!, !!changed);
    printWarnings(ctx, view.warnings);
    if (changed) ctx.out(`${fields.name ?? name}\n`);
    else ctx.err(`nothing changed on milestone ${name}\n`);
  },
};

const labelDef: Command = {
  spec: {
    name: 'label-def',
    summary: 'Define a label: its colour and description (creates or updates the definition).',
    usage: 'dit label-def NAME [--color HEX] [--description TEXT]',
    options: [
      { name: 'color', short: 'c', value: 'HEX', help: 'six hex digits, like d73a4a' },
      { name: 'description', short: 'd', value: 'TEXT', help: 'what the label means' },
      { name: 'json', help: 'print the definition as JSON ({ label })' },
      ...WRITE_OPTS,
    ],
    more: 'Example:\n  dit label-def bug --color d73a4a --description "Something is broken"',
  },
  async run(p, ctx) {
    needArgs(p, labelDef.spec, 1, 'a label name');
    const store = await ctx.store();
    const view = await store.view();
    const d = await defineLabel(
      store,
      view,
      p.positionals[0]!,
      { color: one(p, 'color'), description: one(p, 'description') },
      target(p, store),
    );
    if (p.flags.has('json')) return void ctx.out(`${JSON.stringify({ label: d }, null, 2)}\n`);
    ctx.out(`${d.name}  #${d.color}${d.description ? `  ${d.description}` : ''}\n`);
  },
};

const labels: Command = {
  spec: {
    name: 'labels',
    summary: 'List labels: defined ones and those tickets use, with counts of open tickets.',
    usage: 'dit labels [--branch BRANCH] [--json]',
    options: [BRANCH, JSON_OPT],
  },
  pager: true,
  async run(p, ctx) {
    const view = await (await ctx.store()).view(one(p, 'branch'));
    const rows = await labelRows(view);
    if (p.flags.has('json'))
      return void ctx.out(
        `${JSON.stringify({ view: view.label, labels: rows, warnings: uniqueWarnings(view.warnings) }, null, 2)}\n`,
      );
    printWarnings(ctx, view.warnings);
    ctx.out(renderLabels(rows, await ctx.paint()));
  },
};

export const commands: Record<string, Command> = { milestone, 'label-def': labelDef, labels };
