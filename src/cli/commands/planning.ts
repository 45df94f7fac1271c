// Planning commands: milestones and label definitions.
import { usage } from '../../errors.js';
import type { MilestoneFields } from '../../model/milestone.js';
import { createMilestone, defineLabel, editMilestone, labelRows, milestoneRows } from '../../store/ops/milestones.js';
import { one, type Parsed } from '../args.js';
import {
  BRANCH,
  type Command,
  type Context,
  JSON_OPT,
  needArgs,
  printJson,
  printWarnings,
  target,
  uniqueWarnings,
  WRITE_OPTS,
} from '../context.js';
import { renderLabels, renderMilestones } from '../format-planning.js';
import { dispatch, type Subcommands, subcommandHelp } from '../subcommands.js';

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
    return void printJson(ctx, { view: view.label, milestones: rows, warnings: uniqueWarnings(view.warnings) });
  printWarnings(ctx, view.warnings);
  ctx.out(renderMilestones(rows, await ctx.paint()));
}

const milestone: Command = {
  spec: {
    name: 'milestone',
    summary: 'Milestones: plan tickets into releases. Subcommands: new, ls, edit, close, reopen.',
    usage:
      'dit milestone new NAME [--due DATE] [-d TEXT] | ls [--all|--closed] | edit ' +
      'NAME [--name NEW] [--due DATE] [-d TEXT] | close NAME | reopen NAME   [--json]',
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
  help: (p) => subcommandHelp('milestone', MILESTONE_SUBCOMMANDS, p),
  run: (p, ctx) => dispatch('milestone', MILESTONE_SUBCOMMANDS, p, ctx),
};

/** `milestone new|edit|close|reopen NAME`: one write, then the milestone as it is now. */
async function milestoneChange(p: Parsed, ctx: Context): Promise<void> {
  const [sub, name] = p.positionals;
  needArgs(p, milestone.spec, 2, 'a milestone name');
  const store = await ctx.store();
  const view = await store.view();
  const t = target(p, store);
  // with --json: the milestone as it is now, with its progress, as `milestone ls --json` lists it
  const emit = async (wanted: string, changed: boolean) => {
    const rows = await milestoneRows(await store.view());
    const milestone = rows.find((m) => m.name === wanted) ?? null;
    printJson(ctx, { milestone, changed, warnings: uniqueWarnings(view.warnings) });
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
}

const MILESTONE_SUBCOMMANDS: Subcommands = {
  new: { usage: 'dit milestone new NAME [--due DATE] [-d TEXT]', summary: 'Define a milestone.', run: milestoneChange },
  ls: {
    usage: 'dit milestone ls [--all|--closed] [--json]',
    summary: 'List milestones with their progress (open ones unless --all or --closed).',
    run: milestoneLs,
  },
  edit: {
    usage: 'dit milestone edit NAME [--name NEW] [--due DATE] [-d TEXT]',
    summary: 'Rename a milestone or change its due date or description.',
    run: milestoneChange,
  },
  close: { usage: 'dit milestone close NAME', summary: 'Close a milestone.', run: milestoneChange },
  reopen: { usage: 'dit milestone reopen NAME', summary: 'Reopen a closed milestone.', run: milestoneChange },
  '': { usage: 'dit milestone', summary: 'List open milestones (as `dit milestone ls`).', run: milestoneLs },
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
    if (p.flags.has('json')) return void printJson(ctx, { label: d });
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
      return void printJson(ctx, { view: view.label, labels: rows, warnings: uniqueWarnings(view.warnings) });
    printWarnings(ctx, view.warnings);
    ctx.out(renderLabels(rows, await ctx.paint()));
  },
};

export const commands: Record<string, Command> = { milestone, 'label-def': labelDef, labels };
