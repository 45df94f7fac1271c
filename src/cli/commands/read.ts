import { usage } from '../../errors.js';
import { one } from '../args.js';
import { withVerification } from '../../store/trust/verdicts.js';
import { BRANCH, JSON_OPT, lostNote, needArgs, printView, printWarnings, type Command } from '../context.js';
import { type LabelColors, plainLine, renderList, renderTicket } from '../format.js';
import { defaultColor } from '../../model/label-def.js';
import type { View } from '../../store/view/view.js';
import { parseQuery, queryHelp } from '../../query/parse.js';
import { type Listing, listLines, listTickets } from '../../store/read/list.js';
import { lostCount } from '../../store/write/lost-entries.js';

const ls: Command = {
  spec: {
    name: 'ls',
    summary:
      'List tickets as seen from the working tree (or --branch): open ones, newest first, or those a query finds.',
    usage: 'dit ls [QUERY...] [--closed | --all] [--branch BRANCH] [--json]',
    more: queryHelp(),
    options: [
      { name: 'closed', help: 'list closed tickets instead' },
      { name: 'all', short: 'a', help: 'list open and closed tickets' },
      { name: 'sort', value: 'KEY', help: 'created (default) or updated, newest first' },
      { name: 'limit', short: 'n', value: 'N', help: 'show at most N tickets' },
      BRANCH,
      JSON_OPT,
    ],
  },
  pager: true,
  async run(p, ctx) {
    const store = await ctx.store();
    const sort = one(p, 'sort');
    if (sort !== undefined && sort !== 'created' && sort !== 'updated')
      throw usage(`unknown sort "${sort}"; use created or updated (or sort: in a query)`);
    const limit = one(p, 'limit') === undefined ? Infinity : Number(one(p, 'limit'));
    if (!(limit >= 0)) throw usage('--limit needs a number');
    const text = p.positionals.join(' ').trim();
    const q = text || sort ? parseQuery(sort ? `${text} sort:${sort}-desc` : text) : null;
    if (q?.branch && one(p, 'branch') && q.branch !== one(p, 'branch'))
      throw usage(`branch:${q.branch} and --branch ${one(p, 'branch')} disagree; give one`);
    const view = await store.view(q?.branch ?? one(p, 'branch'));
    const state = p.flags.has('all') ? 'all' : p.flags.has('closed') ? 'closed' : undefined;
    const json = p.flags.has('json');
    const paint = json ? null : await ctx.paint();
    if (!json && !paint?.on) {
      // plain text: the derived store writes the lines (thousands of summaries cost more than the query)
      const found = await listLines(store, view, q, state, Number.isFinite(limit) ? limit : null);
      const lost = await lostCount(store);
      printWarnings(ctx, view.warnings);
      if (found.lines.length) ctx.out(`${found.lines.map(plainLine).join('\n')}\n`);
      else ctx.err(`${nothingListed(found, view.label, text)}\n`);
      if (lost) ctx.err(lostNote(lost));
      return;
    }
    const found = await listTickets(store, view, q, state);
    const items = found.tickets.slice(0, limit);
    const lost = await lostCount(store);
    const colors = paint?.on ? await labelColors(view) : undefined;
    await printView(
      ctx,
      p,
      view,
      () => ({
        view: view.label,
        ...(text ? { query: text } : {}),
        tickets: items,
        ...(lost ? { recoverable: lost } : {}),
      }),
      () => renderList(items, paint ?? undefined, colors),
    );
    if (!json && !items.length) ctx.err(`${nothingListed(found, view.label, text)}\n`);
    if (lost && !json) ctx.err(lostNote(lost));
  },
};

/** What an empty list says instead of nothing: what there is besides, and the command that lists it. */
export function nothingListed(found: Pick<Listing, 'state' | 'open' | 'closed'>, where: string, query: string): string {
  const { state, open, closed } = found;
  if (query) {
    const others = state === 'open' ? closed : state === 'closed' ? open : 0;
    const hint = others ? ` (${others} ${state === 'open' ? 'closed' : 'open'}; add --all)` : '';
    return `No ${state === 'all' ? '' : `${state} `}tickets match ${JSON.stringify(query)} in ${where}${hint}`;
  }
  if (!open && !closed) return `No tickets in ${where} yet; open one with \`dit new TITLE\``;
  if (state === 'open') return `No open tickets in ${where} (${closed} closed; dit ls --all)`;
  return `No closed tickets in ${where} (${open} open; dit ls)`;
}

/** Each label's colour: its definition's, or the one derived from its name (as the web pages show it). */
async function labelColors(view: View): Promise<LabelColors> {
  const defs = new Map((await view.labelDefs()).map((d) => [d.name, d.color]));
  return (name) => defs.get(name) ?? defaultColor(name);
}

const show: Command = {
  spec: {
    name: 'show',
    summary: 'Show a ticket: fields, description, comments and timeline.',
    usage: 'dit show ID [--branch BRANCH] [--json]',
    options: [BRANCH, JSON_OPT],
  },
  pager: true,
  async run(p, ctx) {
    needArgs(p, show.spec, 1, 'a ticket id');
    const store = await ctx.store();
    const view = await store.view(one(p, 'branch'));
    const ticket = await view.ticket(p.positionals[0]!);
    const verdicts = await store.verdicts(await view.ticketEntries(ticket.id));
    const paint = p.flags.has('json') ? null : await ctx.paint();
    const colors = paint?.on ? await labelColors(view) : undefined;
    await printView(
      ctx,
      p,
      view,
      () => ({ ticket: withVerification(ticket, verdicts) }),
      () => renderTicket(ticket, paint ?? undefined, colors, verdicts),
    );
  },
};

export const commands: Record<string, Command> = { ls, show };
