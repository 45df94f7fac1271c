import { usage } from '../../errors.js';
import { shortId } from '../../model/ids.js';
import { defaultColor } from '../../model/label-def.js';
import type { Comment, Ticket } from '../../model/ticket.js';
import { pickRevision } from '../../patchsets/diffs.js';
import { lineCommentsByFile } from '../../patchsets/line-comments.js';
import { parseQuery, queryHelp } from '../../query/parse.js';
import { type Listing, listLines, listTickets } from '../../store/read/list.js';
import { withVerification } from '../../store/trust/verdicts.js';
import type { View } from '../../store/view/view.js';
import { lostCount } from '../../store/write/lost-entries.js';
import { one, type Parsed } from '../args.js';
import {
  BRANCH,
  type Command,
  type Context,
  JSON_OPT,
  lostNote,
  needArgs,
  printView,
  printWarnings,
} from '../context.js';
import { type LabelColors, plainLine, renderList, renderTicket } from '../format.js';
import { renderLineComments } from '../format-lines.js';

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
    summary:
      "Show a ticket: fields, description, comments and timeline; or, with --lines, a proposal's line comments by file.",
    usage: 'dit show ID [--branch BRANCH] [--json] | dit show ID --lines [--revision N] [--json]',
    options: [
      BRANCH,
      {
        name: 'lines',
        help:
          'the line comments by file, each at its line on the current revision ' +
          '(outdated ones where their line moved, above the file when it is gone)',
      },
      { name: 'revision', value: 'N', help: 'with --lines: as patchset N (N.M: its revision M) has them' },
      JSON_OPT,
    ],
  },
  pager: true,
  async run(p, ctx) {
    needArgs(p, show.spec, 1, 'a ticket id');
    const store = await ctx.store();
    const view = await store.view(one(p, 'branch'));
    const ticket = await view.ticket(p.positionals[0]!);
    if (p.flags.has('lines')) return showLines(ctx, p, view, ticket);
    if (one(p, 'revision') !== undefined) throw usage('--revision goes with --lines');
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

/** `dit show ID --lines`: the line comments by file, placed on the revision asked for (the current one). */
async function showLines(ctx: Context, p: Parsed, view: View, t: Ticket): Promise<void> {
  const revision = one(p, 'revision');
  const r = revision === undefined ? null : /^([1-9]\d{0,8})(?:\.([1-9]\d{0,8}))?$/.exec(revision);
  if (revision !== undefined && !r)
    throw usage('--revision needs a patchset number, or N.M for revision M of patchset N (see `dit patchsets ID`)');
  const at = pickRevision(t, r ? Number(r[1]) : null, r?.[2] ? Number(r[2]) : null);
  const files = await lineCommentsByFile(await ctx.store(), t, at);
  const paint = p.flags.has('json') ? null : await ctx.paint();
  const text = (c: Comment) => ({ id: c.id, author: c.author, time: c.time, body: c.deleted ? null : c.body });
  await printView(
    ctx,
    p,
    view,
    () => ({
      id: t.id,
      patchset: at.number,
      revision: at.revision,
      files: files.map((f) => ({
        path: f.path,
        threads: f.threads.map((th) => ({
          id: th.root.id,
          line: th.at.line,
          side: th.at.side,
          outdated: th.at.outdated,
          anchor: { ...th.root.anchor! },
          comments: [th.root, ...th.replies].map(text),
        })),
      })),
    }),
    () => renderLineComments(`#${shortId(t.id)} ${t.title}`, at, files, paint ?? undefined),
  );
}

export const commands: Record<string, Command> = { ls, show };
