// Ticket commands: new, ls, show, comment, edit, label, close, reopen, watch, vote, branches.
import { readFileSync } from 'node:fs';
import { usage } from '../../errors.js';
import { PRIORITIES, SEVERITIES, TYPES } from '../../model/fields.js';
import { shortId } from '../../model/ids.js';
import { withVerification } from '../../store/trust/verdicts.js';
import { many, one, type Parsed } from '../args.js';
import {
  BRANCH,
  JSON_OPT,
  WRITE_OPTS,
  lostNote,
  needArgs,
  printChanged,
  printWarnings,
  target,
  uniqueWarnings,
  type Command,
  type Context,
  WRITE_JSON,
} from '../context.js';
import {
  type LabelColors,
  plainLine,
  renderList,
  renderMatrix,
  renderNotes,
  renderReleases,
  renderTicket,
} from '../format.js';
import { defaultColor } from '../../model/label-def.js';
import {
  addComment,
  changeLabels,
  changeStatus,
  closeTicket,
  createTicket,
  deleteComment,
  editComment,
  setWatchers,
  toggle,
  updateFields,
} from '../../store/ops/tickets.js';
import { readPerson } from '../../model/people.js';
import * as input from '../../store/ops/input.js';
import { branchMatrix } from '../../store/read/branches.js';
import { releaseNotes, releasesOf } from '../../store/read/releases.js';
import type { View } from '../../store/view/view.js';
import { parseQuery, queryHelp } from '../../query/parse.js';
import { type Listing, listLines, listTickets } from '../../store/read/list.js';
import { lostCount } from '../../store/write/lost-entries.js';
import { pickTemplate, ticketTemplates } from '../../store/read/templates.js';
import { splitTitle } from '../../model/edit-message.js';
import { editText } from '../editor.js';

/** Text from an option, from a file (`--body-file F`, `-` for standard input), or nothing. */
function textFrom(p: Parsed, opt: string, fileOpt: string): string | undefined {
  const file = one(p, fileOpt);
  if (file !== undefined && one(p, opt) !== undefined) throw usage(`give --${opt} or --${fileOpt}, not both`);
  if (file === undefined) return one(p, opt);
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (err) {
    throw usage(`cannot read ${file}: ${(err as Error).message}`);
  }
}

async function emitView<T>(ctx: Context, p: Parsed, view: View, json: () => T, text: () => string): Promise<void> {
  if (p.flags.has('json')) {
    ctx.out(`${JSON.stringify({ ...json(), warnings: uniqueWarnings(view.warnings) }, null, 2)}\n`);
  } else {
    printWarnings(ctx, view.warnings);
    ctx.out(text());
  }
}

async function noteUndefinedMilestone(ctx: Context, view: View, name: string | null | undefined): Promise<void> {
  if (!name) return;
  if (!(await view.milestones()).some((m) => m.name === name))
    ctx.err(
      `note: milestone "${name}" is not defined yet; create it with \`dit milestone new ${JSON.stringify(name)}\`\n`,
    );
}

const BODY_OPTS = [
  { name: 'message', short: 'm', value: 'TEXT', help: 'the description (Markdown)' },
  { name: 'body-file', value: 'FILE', help: 'read the description from a file (- for standard input)' },
];
const FIELD_OPTS = [
  { name: 'type', short: 't', value: 'TYPE', help: `ticket type: ${TYPES.join(', ')}` },
  { name: 'priority', value: 'P', help: `${PRIORITIES.join(', ')}` },
  { name: 'severity', value: 'S', help: `${SEVERITIES.join(', ')}` },
  { name: 'responsible', value: 'WHO', help: 'who is responsible (a name or email; "" to clear)' },
  { name: 'milestone', value: 'NAME', help: 'milestone name ("" to clear)' },
  { name: 'topic', value: 'TOPIC', help: 'a topic or component ("" to clear)' },
];

const newTicket: Command = {
  spec: {
    name: 'new',
    summary: 'Open a ticket. Prints its id (or the ticket with --json).',
    usage: 'dit new [TITLE] [-m TEXT] [--template NAME] [--type TYPE] [--label NAME]... [options]',
    options: [
      ...BODY_OPTS,
      ...FIELD_OPTS,
      {
        name: 'template',
        short: 'T',
        value: 'NAME',
        help: 'start from .dit/templates/NAME.md (its type, labels and text)',
      },
      { name: 'label', short: 'l', value: 'NAME', repeat: true, help: 'a label' },
      { name: 'status', value: 'STATUS', help: 'initial status (default: new)' },
      JSON_OPT,
      ...WRITE_OPTS,
    ],
    more:
      'Without a TITLE, the editor opens (GIT_EDITOR, core.editor, VISUAL, EDITOR): the first line is the title,\n' +
      'the rest the description; lines starting with # are dropped, and an empty text opens nothing.\n' +
      'Examples:\n  dit new "Crash when saving an empty file" -m "Steps: ..." --type bug --label bug --label editor\n  dit new --template bug',
  },
  async run(p, ctx) {
    const store = await ctx.store();
    const wanted = one(p, 'template');
    const tpl = wanted === undefined ? null : pickTemplate(await ticketTemplates(store, await store.view()), wanted);
    let title = p.positionals.join(' ');
    let body = textFrom(p, 'message', 'body-file') ?? tpl?.body ?? '';
    if (!title) {
      // no title: write title and description in the editor, on the template if one was asked for
      const help = ['Write the title on the first line and the description below it, after a blank line.'];
      if (tpl)
        help.push(
          `Template "${tpl.key}"${tpl.type ? `, type ${tpl.type}` : ''}${tpl.labels.length ? `, labels ${tpl.labels.join(', ')}` : ''}.`,
        );
      const text = await editText(store, `${tpl?.title ?? ''}\n\n${body}`, help);
      ({ title, body } = splitTitle(text));
      if (!title) throw usage('aborted: no title was written, so no ticket was opened');
    }
    // flags read with the model's schemas (store/input.ts), as the forms and the API read theirs
    const draft = input.newTicket({
      title,
      body,
      type: one(p, 'type') ?? tpl?.type ?? undefined,
      status: one(p, 'status'),
      priority: one(p, 'priority') ?? tpl?.priority ?? undefined,
      severity: one(p, 'severity') ?? tpl?.severity ?? undefined,
      labels: [...(tpl?.labels ?? []), ...many(p, 'label').flatMap((l) => l.split(','))]
        .map((l) => l.trim())
        .filter(Boolean),
      milestone: one(p, 'milestone') || tpl?.milestone || undefined,
      responsible: one(p, 'responsible') || tpl?.responsible || undefined,
      topic: one(p, 'topic') || undefined,
    });
    const id = await createTicket(store, draft, target(p, store));
    const view = await store.view();
    await noteUndefinedMilestone(ctx, view, draft.milestone);
    if (!p.flags.has('json')) return void ctx.out(`${shortId(id)}\n`);
    const ticket = await view.ticket(id);
    await emitView(
      ctx,
      p,
      view,
      () => ({ ticket }),
      () => '',
    );
  },
};

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
    await emitView(
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
    const paint = p.flags.has('json') ? null : await ctx.paint();
    const colors = paint?.on ? await labelColors(view) : undefined;
    const verdicts = await store.verdicts(await view.ticketEntries(ticket.id));
    await emitView(
      ctx,
      p,
      view,
      () => ({ ticket: withVerification(ticket, verdicts) }),
      () => renderTicket(ticket, paint ?? undefined, colors, verdicts),
    );
  },
};

/** The shape of every write command: resolve in the working tree view, write, say what happened. */
function writer(
  spec: Command['spec'],
  act: (p: Parsed, ctx: Context, view: View) => Promise<{ id: string; entry: string | null }>,
): Command {
  return {
    spec: { ...spec, options: [...spec.options, WRITE_JSON] },
    async run(p, ctx) {
      const store = await ctx.store();
      const view = await store.view();
      const r = await act(p, ctx, view);
      // the ticket as it is now, seen where the entry went (the working tree, or the shared journal)
      if (p.flags.has('json')) return printChanged(ctx, store, view, r);
      printWarnings(ctx, view.warnings);
      if (!r.entry) ctx.err(`nothing changed on ${shortId(r.id)}\n`);
      else ctx.out(`${shortId(r.id)}\n`);
    },
  };
}

const comment = writer(
  {
    name: 'comment',
    summary: 'Comment on a ticket, or edit or delete one of your comments.',
    usage:
      'dit comment ID [TEXT] | dit comment ID --edit COMMENT [TEXT] | dit comment ID --delete COMMENT   (no TEXT: your editor opens)',
    options: [
      { name: 'message', short: 'm', value: 'TEXT', help: 'the comment (instead of the TEXT argument)' },
      { name: 'body-file', value: 'FILE', help: 'read the comment from a file (- for standard input)' },
      { name: 'edit', value: 'COMMENT', help: 'replace the text of this comment (id prefix from `dit show`)' },
      { name: 'delete', value: 'COMMENT', help: 'delete this comment (its history stays)' },
      ...WRITE_OPTS,
    ],
  },
  async (p, ctx, view) => {
    needArgs(p, comment.spec, 1, 'a ticket id');
    const store = await ctx.store();
    const [id, ...words] = p.positionals;
    let text = textFrom(p, 'message', 'body-file') ?? (words.length ? words.join(' ') : undefined);
    const del = one(p, 'delete');
    if (del !== undefined) return deleteComment(store, view, id!, del, target(p, store));
    const edit = one(p, 'edit');
    if (text === undefined) {
      const t = await view.ticket(id!);
      const old = edit === undefined ? '' : (t.comments.find((c) => c.id.startsWith(edit.toLowerCase()))?.body ?? '');
      text = await editText(store, old, [
        `${edit === undefined ? 'Commenting on' : 'Editing a comment on'} #${shortId(t.id)} ${t.title.replace(/[\x00-\x1f]/g, ' ')}`,
      ]);
      if (!text) throw usage('aborted: the comment is empty, so nothing was written');
    }
    if (!text.trim()) throw usage('give the comment text: dit comment ID "text" (or -m, --body-file)');
    if (edit !== undefined) return editComment(store, view, id!, edit, text, target(p, store));
    return addComment(store, view, id!, text, target(p, store));
  },
);

const edit = writer(
  {
    name: 'edit',
    summary: "Change a ticket's fields. Only the options given change.",
    usage:
      'dit edit ID [--title T] [-m TEXT] [--type T] [--priority P] [--severity S] [--responsible WHO] [--milestone M] [--topic T]',
    options: [
      { name: 'title', value: 'TITLE', help: 'new title' },
      { name: 'body', help: 'edit the description in your editor' },
      ...BODY_OPTS,
      ...FIELD_OPTS,
      ...WRITE_OPTS,
    ],
  },
  async (p, ctx, view) => {
    needArgs(p, edit.spec, 1, 'a ticket id');
    const store = await ctx.store();
    let body = textFrom(p, 'message', 'body-file');
    if (p.flags.has('body')) {
      if (body !== undefined) throw usage('give --body (the editor) or -m / --body-file, not both');
      const t = await view.ticket(p.positionals[0]!);
      body = await editText(store, t.body, [
        `The description of #${shortId(t.id)} ${t.title.replace(/[\x00-\x1f]/g, ' ')}`,
      ]);
      if (!body) throw usage('aborted: the description is empty, so nothing was written (to clear it, use -m "")');
    }
    const fields = input.fields({
      title: one(p, 'title'),
      body,
      type: one(p, 'type'),
      priority: one(p, 'priority'),
      severity: one(p, 'severity'),
      responsible: one(p, 'responsible'),
      milestone: one(p, 'milestone'),
      topic: one(p, 'topic'),
    });
    if (Object.values(fields).every((f) => f === undefined))
      throw usage('say what to change, e.g. --title or --priority; see `dit edit --help`');
    await noteUndefinedMilestone(ctx, view, fields.milestone);
    return updateFields(store, view, p.positionals[0]!, fields, target(p, store));
  },
);

const label = writer(
  {
    name: 'label',
    summary: 'Add and remove labels: +name (or just name) adds, -name removes.',
    usage: 'dit label ID [+]NAME... -NAME...',
    options: WRITE_OPTS,
    more: 'Example:\n  dit label 3f9a2c1 +regression -editor',
  },
  async (p, ctx, view) => {
    needArgs(p, label.spec, 2, 'a ticket id and labels');
    const store = await ctx.store();
    const [id, ...edits] = p.positionals;
    const add = edits.filter((e) => !e.startsWith('-')).map((e) => e.replace(/^\+/, ''));
    const remove = edits.filter((e) => e.startsWith('-')).map((e) => e.slice(1));
    if ([...add, ...remove].some((l) => !l)) throw usage('a label name is missing after + or -');
    return changeLabels(store, view, id!, add, remove, target(p, store));
  },
);

const close = writer(
  {
    name: 'close',
    summary: 'Close a ticket. Without --status a bug becomes fixed, a request resolved, a proposal declined.',
    usage: 'dit close ID [--status STATUS] [-m COMMENT]',
    options: [
      { name: 'status', short: 's', value: 'STATUS', help: "a closing status the ticket's type allows" },
      { name: 'message', short: 'm', value: 'TEXT', help: 'a closing comment' },
      ...WRITE_OPTS,
    ],
  },
  async (p, ctx, view) => {
    needArgs(p, close.spec, 1, 'a ticket id');
    const store = await ctx.store();
    return closeTicket(store, view, p.positionals[0]!, one(p, 'status'), one(p, 'message'), target(p, store));
  },
);

const reopen = writer(
  {
    name: 'reopen',
    summary: 'Reopen a closed ticket.',
    usage: 'dit reopen ID [-m COMMENT]',
    options: [{ name: 'message', short: 'm', value: 'TEXT', help: 'a comment saying why' }, ...WRITE_OPTS],
  },
  async (p, ctx, view) => {
    needArgs(p, reopen.spec, 1, 'a ticket id');
    const store = await ctx.store();
    return changeStatus(store, view, p.positionals[0]!, 'reopen', one(p, 'message'), target(p, store));
  },
);

function toggleCommand(name: string, kind: 'watch' | 'vote', on: boolean, summary: string): Command {
  // watchers may be other people too (GitHub's cc): `dit watch ID --person ann@example.com`
  const person = {
    name: 'person',
    value: 'WHO',
    repeat: true,
    help: `${on ? 'add' : 'remove'} someone else (an email, a name or "Name <email>") ${on ? 'to' : 'from'} the watchers`,
  };
  const options = kind === 'watch' ? [person, ...WRITE_OPTS] : WRITE_OPTS;
  const usageLine = `dit ${name} ID${kind === 'watch' ? ' [--person WHO]...' : ''}`;
  const c: Command = writer({ name, summary, usage: usageLine, options }, async (p, ctx, view) => {
    needArgs(p, c.spec, 1, 'a ticket id');
    const store = await ctx.store();
    const others = kind === 'watch' ? many(p, 'person') : [];
    if (!others.length) return toggle(store, view, p.positionals[0]!, kind, on, target(p, store));
    const key = (s: string) => {
      const who = readPerson(s);
      return (who.email || who.name).trim().toLowerCase();
    };
    const named = new Set(others.map(key));
    return setWatchers(
      store,
      view,
      p.positionals[0]!,
      (now) => (on ? [...now, ...others] : now.filter((w) => !named.has(key(w)))),
      target(p, store),
    );
  });
  return c;
}

const branches: Command = {
  spec: {
    name: 'branches',
    summary:
      "The branch matrix: the ticket's status on every local branch, and the commit, entry or revert that decided it. " +
      '--remotes shows remote-tracking branches (origin/4.x) instead, --all both.',
    usage: 'dit branches ID [--remotes | --all | --tags] [--json]',
    options: [
      { name: 'remotes', short: 'r', help: 'remote-tracking branches (refs/remotes/*) instead of local ones' },
      { name: 'all', short: 'a', help: 'local and remote-tracking branches' },
      {
        name: 'tags',
        short: 't',
        help: 'releases instead of branches: every tag, and per release line (v2.4 for v2.4.x) the earliest with the fix',
      },
      JSON_OPT,
    ],
  },
  pager: true,
  async run(p, ctx) {
    needArgs(p, branches.spec, 1, 'a ticket id');
    if (p.flags.has('remotes') && p.flags.has('all'))
      throw usage('give --remotes or --all, not both (--all already includes remote-tracking branches)');
    if (p.flags.has('tags')) {
      if (p.flags.has('remotes') || p.flags.has('all'))
        throw usage('--tags lists releases (tags), not branches; leave out --remotes and --all');
      const releases = await releasesOf(await ctx.store(), p.positionals[0]!);
      ctx.out(p.flags.has('json') ? `${JSON.stringify(releases, null, 2)}\n` : renderReleases(releases));
      return;
    }
    const set = p.flags.has('all') ? 'all' : p.flags.has('remotes') ? 'remotes' : 'local';
    const matrix = await branchMatrix(await ctx.store(), p.positionals[0]!, set);
    if (p.flags.has('json')) ctx.out(`${JSON.stringify(matrix, null, 2)}\n`);
    else ctx.out(renderMatrix(matrix, await ctx.paint()));
  },
};

const notes: Command = {
  spec: {
    name: 'release-notes',
    summary:
      'The tickets fixed (or merged) between two revisions, grouped by type, as Markdown. A ticket counts when TO ' +
      'contains its fix (a `fixes` commit or a close committed in the tree) and FROM does not; fixes reverted since FROM are listed too.',
    usage: 'dit release-notes FROM..TO [--json]    (e.g. v2.3.0..v2.4.0; TO defaults to HEAD)',
    options: [JSON_OPT],
  },
  async run(p, ctx) {
    needArgs(p, notes.spec, 1, 'a range FROM..TO');
    if (p.positionals.length > 1) throw usage(`give one range, like v2.3.0..v2.4.0; usage: ${notes.spec.usage}`);
    const n = await releaseNotes(await ctx.store(), p.positionals[0]!);
    ctx.out(p.flags.has('json') ? `${JSON.stringify(n, null, 2)}\n` : renderNotes(n));
  },
};

export const commands: Record<string, Command> = {
  new: newTicket,
  ls,
  show,
  comment,
  edit,
  label,
  close,
  reopen,
  branches,
  'release-notes': notes,
  watch: toggleCommand('watch', 'watch', true, 'Watch a ticket.'),
  unwatch: toggleCommand('unwatch', 'watch', false, 'Stop watching a ticket.'),
  vote: toggleCommand('vote', 'vote', true, 'Vote for a ticket.'),
  unvote: toggleCommand('unvote', 'vote', false, 'Take back your vote.'),
};
