// Plain-text rendering of tickets, lists and the branch matrix for the terminal.

import { describeItem, told } from '../model/entries/describe.js';
import { isOpen } from '../model/fields.js';
import { shortId } from '../model/ids.js';
import { type Phrase, partText, type Told } from '../model/phrase.js';
import type { Author, ImportMark } from '../model/schema.js';
import type { Decider, Summary, Ticket, TimelineItem } from '../model/ticket.js';
import type { Verdict } from '../model/trust/verdict.js';
import type { Reversal } from '../store/cache/history.js';
import type { Matrix } from '../store/read/branches.js';
import { type Releases, renderNotes } from '../store/read/releases.js';
import { type Paint, PLAIN } from './paint.js';

export { renderNotes };

/** A label's colour (its definition's, or the one dit derives from its name). */
export type LabelColors = (name: string) => string | undefined;

/** A person; one an import names says so, and who imported: "ann (imported from Gitblit, by james)". */
const who = (a: Author): string =>
  `${a.name || a.email || 'someone'}${a.imported ? ` (${importMark(a.imported)})` : ''}`;
const importMark = (m: ImportMark): string => `imported from ${m.source}, by ${m.by.name || m.by.email || 'someone'}`;
const day = (iso: string): string => iso.slice(0, 16).replace('T', ' ');
const CONTROL = /[\x00-\x1f\x7f]/;
const oneLine = (s: string): string => s.replace(/[\x00-\x1f\x7f]/g, ' ');
/** A list line as printed: control characters (a title's newline, an escape) become spaces. */
export const plainLine = (line: string): string => (CONTROL.test(line) ? oneLine(line) : line);

/** One line a ticket. Hot: a list of thousands is printed by every `dit ls`, so the plain path stays plain. */
export function renderList(items: readonly Summary[], paint: Paint = PLAIN, colors?: LabelColors): string {
  if (!items.length) return '';
  if (paint.on) return renderListPainted(items, paint, colors ?? (() => undefined));
  let statusW = 0;
  let typeW = 0;
  for (const s of items) {
    if (s.status.length > statusW) statusW = s.status.length;
    if (s.type.length > typeW) typeW = s.type.length;
  }
  let out = '';
  for (const s of items) {
    let line = `${s.id.slice(0, 7)}  ${s.status.padEnd(statusW)}  ${s.type.padEnd(typeW)}  ${s.title}`;
    if (s.labels.length) line += `  [${s.labels.join(', ')}]`;
    if (s.milestone) line += `  @${s.milestone}`;
    if (s.comments) line += s.comments === 1 ? '  1 comment' : `  ${s.comments} comments`;
    out += `${plainLine(line)}\n`;
  }
  return out;
}

function renderListPainted(items: readonly Summary[], paint: Paint, colors: LabelColors): string {
  const statusW = Math.max(...items.map((s) => s.status.length));
  const typeW = Math.max(...items.map((s) => s.type.length));
  let out = '';
  for (const s of items) {
    let line = `${paint.id(s.id.slice(0, 7))}  ${paint.status(s.status, s.status.padEnd(statusW))}  ${s.type.padEnd(typeW)}  ${oneLine(s.title)}`;
    if (s.labels.length) line += `  [${s.labels.map((l) => paint.label(oneLine(l), colors(l))).join(', ')}]`;
    if (s.milestone) line += `  ${paint.dim(`@${oneLine(s.milestone)}`)}`;
    if (s.comments) line += paint.dim(s.comments === 1 ? '  1 comment' : `  ${s.comments} comments`);
    out += `${line}\n`;
  }
  return out;
}

export function describeDecider(d: Decider | null): string {
  if (!d) return '';
  if (d.kind === 'commit')
    return `commit ${shortId(d.commit)} "${oneLine(d.summary)}" (${who(d.author)}, ${day(d.time)})`;
  return `entry ${shortId(d.id)} by ${who(d.author)}, ${day(d.time)}`;
}

const MAX_VALUE = 80;

/** A field's value in words: `none` for nothing, long text cut short, never JSON. */
export function fieldValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return 'none';
  const s = oneLine(typeof v === 'string' ? v : String(v)).trim();
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1)}…` : s;
}

/** A phrase of the model's (entries/describe.ts) for the terminal: values cut short, never a control character. */
function phraseLine(says: Phrase, paint: Paint, colors: LabelColors): string {
  return says
    .map((p) => {
      if (typeof p === 'string') return oneLine(p);
      if ('value' in p) return fieldValue(p.value);
      if ('status' in p) return paint.status(p.status);
      if ('label' in p) return paint.label(oneLine(p.label), colors(p.label));
      if ('commit' in p) return shortId(p.commit);
      if ('quote' in p) return `"${oneLine(p.quote)}"`;
      return oneLine(partText(p));
    })
    .join('');
}

/** The mark `dit show` puts on a line whose entry is signed: nothing for unsigned, as GitHub shows commits. */
export function verdictMark(v: Verdict | undefined, paint: Paint): string {
  if (!v || v.state === 'unsigned') return '';
  if (v.state === 'verified')
    return `  ${paint.added(v.server ? `✓ verified (written on ${v.server})` : '✓ verified')}`;
  return `  ${paint.removed('unverified')}${v.reason ? paint.dim(` (${v.reason})`) : ''}`;
}

/** A timeline line with its entry's verdict at the end of its first line. */
function markedLine(
  told: Told,
  item: TimelineItem,
  paint: Paint,
  colors: LabelColors,
  verdicts: ReadonlyMap<string, Verdict>,
): string | null {
  const line = timelineLine(told, item, paint, colors);
  if (line === null) return null;
  const mark = 'entry' in item ? verdictMark(verdicts.get(item.entry), paint) : '';
  const nl = line.indexOf('\n');
  return nl < 0 ? `${line}${mark}` : `${line.slice(0, nl)}${mark}${line.slice(nl)}`;
}

/** Items `dit show` leaves out: the ticket itself, and what only changes state (reactions, ticks, edits). */
const UNSHOWN = new Set<TimelineItem['kind']>([
  'created',
  'comment-edited',
  'comment-deleted',
  'reaction',
  'task',
  'check',
]);

function timelineLine(told: Told, item: TimelineItem, paint: Paint, colors: LabelColors): string | null {
  if (UNSHOWN.has(item.kind)) return null;
  const head = `${paint.dim(day(item.time))}  ${paint.bold(who(item.author))}`;
  const d = describeItem(item, told);
  const line = `--- ${head} ${phraseLine(d.says, paint, colors)}`;
  if (item.kind === 'comment') {
    const c = told.comment(item.comment);
    if (!c) return null;
    const note = c.deleted ? ' (deleted)' : c.edits.length ? ` (edited ${c.edits.length}×)` : '';
    return `${line} [${paint.id(shortId(c.id))}]${note}\n${c.deleted ? '(this comment was deleted)' : c.body}`;
  }
  // a review's text is its comment, which has its own item just before
  return d.text && item.kind !== 'review' ? `${line}\n${d.text}` : line;
}

export function renderTicket(
  t: Ticket,
  paint: Paint = PLAIN,
  colors: LabelColors = () => undefined,
  verdicts: ReadonlyMap<string, Verdict> = new Map(),
): string {
  const lines = [
    `${paint.id(`#${shortId(t.id)}`)} ${paint.bold(oneLine(t.title))}`,
    `${t.type} · ${paint.status(t.status)} · priority ${t.priority} · severity ${t.severity}`,
    `opened by ${who(t.author)} on ${day(t.created)}, updated ${day(t.updated)}${verdictMark(verdicts.get(t.id), paint)}`,
  ];
  if (t.decidedBy && !isOpen(t.status)) lines.push(`closed by ${describeDecider(t.decidedBy)}`);
  if (t.current) {
    const c = t.current;
    lines.push(
      `patchset ${c.number} revision ${c.revision} (${c.type}) onto ${oneLine(c.target)}: ` +
        `${c.commits} commit${c.commits === 1 ? '' : 's'}, tip ${shortId(c.tip)} · review: ${t.review}${c.draft ? ' · draft' : ''}`,
    );
  }
  if (t.merge?.commit) lines.push(`merged as ${t.merge.commit}${t.merge.target ? ` into ${t.merge.target}` : ''}`);
  if (t.origin) lines.push(`imported from ${t.origin}`);
  if (t.labels.length) lines.push(`labels: ${t.labels.map((l) => paint.label(oneLine(l), colors(l))).join(', ')}`);
  const fields: [string, string | null][] = [
    ['milestone', t.milestone],
    ['responsible', t.responsible],
    ['topic', t.topic],
    ['watchers', t.watchers.join(', ') || null],
    ['votes', t.votes.length ? String(t.votes.length) : null],
    ['mentions', t.mentions.map((m) => `@${m}`).join(', ') || null],
  ];
  for (const [k, val] of fields) if (val) lines.push(`${k}: ${oneLine(val)}`);
  lines.push('', t.body.trim() || '(no description)', '');
  const about = told(t);
  for (const item of t.timeline) {
    const line = markedLine(about, item, paint, colors, verdicts);
    if (line) lines.push(line, '');
  }
  return lines.join('\n');
}

/** Why a ticket is open again on a branch: the revert that undid its fix (of a merge, when it was one). */
export function describeReversal(r: Reversal): string {
  return r.revert.merge
    ? `reopened by revert ${shortId(r.revert.commit)} of merge ${shortId(r.revert.merge)}`
    : `reverted by ${shortId(r.revert.commit)} (undoes ${shortId(r.commit)} "${oneLine(r.summary)}")`;
}

/** What a matrix row says decided it: the revert when a revert reopened it, else the decider. */
function why(s: Matrix['worktree'], reverted: readonly Reversal[] | undefined): string {
  if (!s) return '';
  const undone = reverted?.find((r) => r.action === 'fixes');
  return undone && isOpen(s.status) ? describeReversal(undone) : describeDecider(s.decidedBy);
}

export function renderMatrix(m: Matrix, paint: Paint = PLAIN): string {
  const width = Math.max(14, ...m.rows.map((r) => r.branch.length)) + 2;
  const statusW = Math.max(6, ...m.rows.map((r) => r.summary?.status.length ?? 1)) + 2;
  const known = m.worktree ?? m.rows.find((r) => r.summary)?.summary;
  const lines = [`${paint.id(`#${shortId(m.id)}`)}${known ? ` ${paint.bold(oneLine(known.title))}` : ''}`, ''];
  lines.push(paint.dim(`  ${'BRANCH'.padEnd(width)}${'STATUS'.padEnd(statusW)}DECIDED BY`));
  const state = (status: string | undefined) =>
    status ? paint.status(status, status.padEnd(statusW)) : '-'.padEnd(statusW);
  if (m.worktree !== undefined) {
    const w = m.worktree;
    lines.push(
      `  ${'(working tree)'.padEnd(width)}${state(w?.status)}${w ? why(w, m.worktreeReverted) : '(not in the working tree)'}`,
    );
  }
  for (const r of m.rows) {
    const by = r.summary ? why(r.summary, r.reverted) : paint.dim('(the ticket does not exist on this branch)');
    const branch = oneLine(r.branch).padEnd(width);
    lines.push(`${r.current ? '*' : ' '} ${r.current ? paint.bold(branch) : branch}${state(r.summary?.status)}${by}`);
  }
  if (!m.rows.length) lines.push('  (no branches of this kind; remote-tracking branches appear after `git fetch`)');
  return `${lines.join('\n')}\n`;
}

/** `dit branches ID --tags`: per release line the earliest tag with the fix, then every tag's state. */
export function renderReleases(r: Releases): string {
  const lines = [`#${shortId(r.id)}${r.title ? ` ${oneLine(r.title)}` : ''}`, ''];
  if (!r.tags.length)
    return `${lines.concat('  (no tags in this repository; releases are read from tags like v2.4.0)').join('\n')}\n`;
  lines.push(r.fixedIn.length ? `Fixed in ${r.fixedIn.map(oneLine).join(', ')}` : 'Fixed in no release yet', '');
  const lw = Math.max(12, ...r.lines.map((l) => l.line.length)) + 2;
  lines.push(`  ${'RELEASE LINE'.padEnd(lw)}${'FIXED IN'.padEnd(16)}TAGS`);
  for (const l of r.lines)
    lines.push(`  ${oneLine(l.line).padEnd(lw)}${oneLine(l.fixedIn ?? '-').padEnd(16)}${l.tags}`);
  const tw = Math.max(6, ...r.tags.map((t) => t.tag.length)) + 2;
  lines.push('', `  ${'TAG'.padEnd(tw)}${'STATUS'.padEnd(12)}DECIDED BY`);
  for (const t of r.tags) {
    const status = t.status ?? '-';
    const by =
      t.status === null
        ? '(the ticket does not exist in this tag)'
        : t.reverted.length && !t.fixed && t.reverted.some((x) => x.action === 'fixes')
          ? describeReversal(t.reverted.find((x) => x.action === 'fixes')!)
          : `${describeDecider(t.decidedBy)}${!t.fixed && t.status && !isOpen(t.status) ? " (not a fix in this release's code)" : ''}`;
    lines.push(`  ${oneLine(t.tag).padEnd(tw)}${status.padEnd(12)}${by}`);
  }
  return `${lines.join('\n')}\n`;
}
