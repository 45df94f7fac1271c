// Writing tickets: new, comment, edit, label, close, reopen, watch and vote (and their undoing).
// Over 300 lines: the write commands share their flags and their shape (resolve, write, print); one group per file,
// as read.ts.
import { readFileSync } from 'node:fs';
import { usage } from '../../errors.js';
import { splitTitle } from '../../model/edit-message.js';
import { SIDES } from '../../model/entries/line-comment.js';
import { choicesOf, TICKET_FIELD_NAMES, TICKET_FIELDS, type TicketField } from '../../model/fields.js';
import { shortId } from '../../model/ids.js';
import { readPerson } from '../../model/people.js';
import type { TicketTemplate } from '../../model/template.js';
import type { Ticket } from '../../model/ticket.js';
import { pickRevision } from '../../patchsets/diffs.js';
import { addLineComment, type LineTarget } from '../../patchsets/line-comments.js';
import * as input from '../../store/ops/input.js';
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
import { pickTemplate, ticketTemplates } from '../../store/read/templates.js';
import type { View } from '../../store/view/view.js';
import { many, one, type Parsed } from '../args.js';
import {
  type Command,
  type Context,
  JSON_OPT,
  needArgs,
  printChanged,
  printView,
  printWarnings,
  target,
  WRITE_JSON,
  WRITE_OPTS,
} from '../context.js';
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
/** A flag per field of the model's table: `--priority P`, with the values a choice takes. */
const FIELD_OPTS = TICKET_FIELD_NAMES.map((name) => {
  const spec: { flag: string; short?: string; help: string } = TICKET_FIELDS[name];
  const values = choicesOf(name);
  return { name, short: spec.short, value: spec.flag, help: values ? `${spec.help}: ${values.join(', ')}` : spec.help };
});
/** A flag wins over the template; an empty name flag leaves the template's name. */
function fromTemplate(flags: Partial<Record<TicketField, string>>, tpl: TicketTemplate | null) {
  const given = (f: TicketField) =>
    (tpl as unknown as Record<string, string | null | undefined> | null)?.[f] ?? undefined;
  return Object.fromEntries(
    TICKET_FIELD_NAMES.map((f) => [f, choicesOf(f) ? (flags[f] ?? given(f)) : flags[f] || given(f)]),
  );
}

/** The fields' flags as given: absent ones stay absent. */
const fieldFlags = (p: Parsed): Partial<Record<TicketField, string>> =>
  Object.fromEntries(TICKET_FIELD_NAMES.map((f) => [f, one(p, f)]));

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
      status: one(p, 'status'),
      labels: [...(tpl?.labels ?? []), ...many(p, 'label').flatMap((l) => l.split(','))]
        .map((l) => l.trim())
        .filter(Boolean),
      ...fromTemplate(fieldFlags(p), tpl),
    });
    const id = await createTicket(store, draft, target(p, store));
    const view = await store.view();
    await noteUndefinedMilestone(ctx, view, draft.milestone);
    if (!p.flags.has('json')) return void ctx.out(`${shortId(id)}\n`);
    const ticket = await view.ticket(id);
    await printView(
      ctx,
      p,
      view,
      () => ({ ticket }),
      () => '',
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
    summary:
      "Comment on a ticket, or edit or delete one of your comments; or comment on a line of a proposal's diff " +
      '(--line; those go to the shared journal with the patchset, as reviews do, and `dit show ID --lines` lists them).',
    usage:
      'dit comment ID [TEXT] | dit comment ID --edit COMMENT [TEXT] | dit comment ID --delete COMMENT   (no TEXT: your editor opens)\n' +
      '       dit comment ID --line PATH:LINE [--revision N] [--side old|new] [TEXT] | dit comment ID --reply COMMENT [TEXT]',
    options: [
      { name: 'message', short: 'm', value: 'TEXT', help: 'the comment (instead of the TEXT argument)' },
      { name: 'body-file', value: 'FILE', help: 'read the comment from a file (- for standard input)' },
      { name: 'edit', value: 'COMMENT', help: 'replace the text of this comment (id prefix from `dit show`)' },
      { name: 'delete', value: 'COMMENT', help: 'delete this comment (its history stays)' },
      {
        name: 'line',
        value: 'PATH:LINE',
        help: "comment on this line of a proposal's diff (the new side's numbering unless --side old)",
      },
      {
        name: 'revision',
        value: 'N',
        help: 'with --line: the diff of patchset N (N.M: its revision M); default the current one',
      },
      { name: 'side', value: 'old|new', help: "with --line: the diff's old side (the base) or new side (default)" },
      {
        name: 'reply',
        value: 'COMMENT',
        help: 'reply in the thread of this line comment (id prefix from `dit show --lines`)',
      },
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
    const onLine = await lineTarget(p, () => view.ticket(id!));
    if (onLine) {
      if (p.flags.has('commit'))
        throw usage('line comments go to the shared journal with the patchset they are about; leave out --commit');
      if (text === undefined) {
        const t = await view.ticket(id!);
        text = await editText(store, '', [`Commenting on #${shortId(t.id)} ${onLine.where}`]);
        if (!text) throw usage('aborted: the comment is empty, so nothing was written');
      }
      const at = 'reply' in onLine ? null : onLine;
      const reply = 'reply' in onLine ? onLine.reply : undefined;
      const entry = await addLineComment(store, view, id!, at, text, store.target({ shared: true }), reply);
      return { id: (await view.ticket(id!)).id, entry };
    }
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

/** `--line PATH:LINE [--revision N[.M]] [--side old|new]` or `--reply COMMENT`, checked; null for a plain comment. */
async function lineTarget(
  p: Parsed,
  ticket: () => Promise<Ticket>,
): Promise<(LineTarget & { where: string }) | { reply: string; where: string } | null> {
  const line = one(p, 'line');
  const reply = one(p, 'reply');
  const revision = one(p, 'revision');
  const side = one(p, 'side');
  if (line === undefined) {
    if (revision !== undefined || side !== undefined) throw usage('--revision and --side go with --line PATH:LINE');
    return reply === undefined ? null : { reply, where: `in the thread of ${reply}` };
  }
  if (reply !== undefined) throw usage('give --line PATH:LINE for a new thread, or --reply COMMENT to join one');
  const m = /^(.+):([1-9]\d{0,8})$/.exec(line);
  if (!m) throw usage(`--line needs PATH:LINE, a file of the diff and a line number (src/buf.c:12), not "${line}"`);
  const r = revision === undefined ? null : /^([1-9]\d{0,8})(?:\.([1-9]\d{0,8}))?$/.exec(revision);
  if (revision !== undefined && !r)
    throw usage(`--revision needs a patchset number, or N.M for revision M of patchset N (see \`dit patchsets ID\`)`);
  const picked = pickRevision(await ticket(), r ? Number(r[1]) : null, r?.[2] ? Number(r[2]) : null);
  const chosen = input.optional(input.choice(SIDES, 'side'), side, 'side') ?? 'new';
  return {
    patchset: picked.number,
    revision: picked.revision,
    path: m[1]!,
    side: chosen,
    line: Number(m[2]),
    where: `${m[1]}:${m[2]} (patchset ${picked.number} revision ${picked.revision})`,
  };
}

const edit = writer(
  {
    name: 'edit',
    summary: "Change a ticket's fields. Only the options given change.",
    usage: `dit edit ID [--title T] [-m TEXT] ${FIELD_OPTS.map((o) => `[--${o.name} ${o.value}]`).join(' ')}`,
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
    const fields = input.fields({ title: one(p, 'title'), body, ...fieldFlags(p) });
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

export const commands: Record<string, Command> = {
  new: newTicket,
  comment,
  edit,
  label,
  close,
  reopen,
  watch: toggleCommand('watch', 'watch', true, 'Watch a ticket.'),
  unwatch: toggleCommand('unwatch', 'watch', false, 'Stop watching a ticket.'),
  vote: toggleCommand('vote', 'vote', true, 'Vote for a ticket.'),
  unvote: toggleCommand('unvote', 'vote', false, 'Take back your vote.'),
};
