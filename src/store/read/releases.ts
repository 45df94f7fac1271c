// Releases from tags: which tags contain a ticket's fix (the earliest on each release line), which tickets a
// revision fixes (`fixed-in:`), and what changed between two revisions (release notes). All derived from git.
import { DitError } from '../../errors.js';
import { DONE_STATUSES, type Status, type TicketType, TYPES } from '../../model/fields.js';
import { prefixMatches } from '../../model/ids.js';
import type { MessageRef } from '../../model/mentions.js';
import { NO_ORIGINS, resolveRef } from '../../model/origins.js';
import type { Decider, Summary } from '../../model/ticket.js';
import { OTHER_LINE, parseVersion, sortTags, tagLine } from '../../model/versions.js';
import { type Mention, type Reversal, undoneBy } from '../cache/history.js';
import type { Store } from '../store.js';
import type { View } from '../view/view.js';
import { matrixResolution } from './branches.js';

/** Statuses that mean the work was done (not declined, not a duplicate): what "fixed in" counts. */
export const DONE: ReadonlySet<Status> = new Set(DONE_STATUSES);

/** One tag's view of a ticket. `fixed`: in a done status, and the fix is in the tag's code (see `isFixedIn`). */
export interface TagState {
  tag: string;
  commit: string;
  line: string;
  status: Status | null;
  fixed: boolean;
  decidedBy: Decider | null;
  reverted: Reversal[];
}

export interface ReleaseLine {
  line: string;
  tags: number;
  fixedIn: string | null;
}
export interface Releases {
  id: string;
  title: string | null;
  tags: TagState[];
  lines: ReleaseLine[];
  fixedIn: string[];
}

/**
 * Which releases contain a ticket's fix: its state in every tag, and per release line the earliest tag (in
 * version order) that has it. Tags whose tree and history say the same about the ticket fold once.
 */
export async function releasesOf(store: Store, prefix: string): Promise<Releases> {
  const base = await store.view();
  const id = await findTicket(store, base, prefix);
  const resolution = matrixResolution(base, id);
  const [{ ids, origins }, { mentions, cache, tags }, own] = await Promise.all([
    resolution(),
    store.tags.mentions(),
    base.stateById(id),
  ]);
  const starting = (p: string) => prefixMatches(ids, p);
  const index = mentions.some((m) =>
    m.refs.some((r) => r.number !== undefined || (r.prefix && !starting(r.prefix).length)),
  )
    ? await origins()
    : NO_ORIGINS;
  const resolve = (r: MessageRef) => resolveRef(r, starting, index);

  // the mentions that can matter: the ones naming the ticket, and reverts of those (and of those reverts)
  const relevant = new Set(mentions.filter((m) => m.reverts === null && m.refs.some((r) => resolve(r) === id)));
  const undone = undoneBy(mentions);
  for (let grew = true; grew; ) {
    grew = false;
    for (const r of mentions) {
      if (r.reverts === null || relevant.has(r)) continue;
      for (const t of undone(r))
        if (relevant.has(t)) {
          relevant.add(r);
          grew = true;
          break;
        }
    }
  }
  const list = mentions.filter((m) => relevant.has(m));
  const containing = await store.tags.containing(
    cache,
    list.map((m) => m.commit),
  );

  const ordered = sortTags(tags);
  // the commits its closing statuses name and its patchset's tip: which tags have them, for all tags at once
  const placed = [...(own?.evidence ?? []), ...(own?.tip ? [own.tip] : [])];
  await store.reach.prefill(
    placed,
    ordered.map((t) => t.commit),
  );
  const groups = new Map<
    string,
    { commit: string; mentions: Mention[]; state: Promise<Omit<TagState, 'tag' | 'commit' | 'line'>> }
  >();
  const trees = new Map<string, Promise<string | null>>();
  const keys = await Promise.all(
    ordered.map(async (t) => {
      const tickets = await store.tags.ticketsTree(t.commit);
      let tree = tickets ? trees.get(tickets) : Promise.resolve(null);
      if (!tree) trees.set(tickets!, (tree = store.vcs.lookup(tickets!, id).then((e) => (e?.dir ? e.key : null))));
      const inside = list.filter((m) => containing.get(m.commit)?.has(t.commit));
      const lacking = [...(await store.reach.absent(t.commit, placed))].sort();
      return { key: `${await tree}|${inside.map((m) => m.commit).join(',')}|${lacking.join(',')}`, inside };
    }),
  );
  const states = await Promise.all(
    ordered.map(async (t, i) => {
      const { key, inside } = keys[i]!;
      let g = groups.get(key);
      if (!g) {
        const history = { mentions: async () => inside };
        groups.set(
          key,
          (g = { commit: t.commit, mentions: inside, state: stateIn(store, t.commit, id, { history, resolution }) }),
        );
      }
      return { tag: t.name, commit: t.commit, line: tagLine(t.name), ...(await g.state) };
    }),
  );

  const lines: ReleaseLine[] = [];
  for (const s of states) {
    let line = lines.find((l) => l.line === s.line);
    if (!line) lines.push((line = { line: s.line, tags: 0, fixedIn: null }));
    line.tags++;
    if (s.fixed && line.fixedIn === null) line.fixedIn = s.tag;
  }
  const title = own?.title ?? null;
  return { id, title, tags: states, lines, fixedIn: lines.filter((l) => l.fixedIn).map((l) => l.fixedIn!) };
}

async function findTicket(store: Store, base: View, prefix: string): Promise<string> {
  try {
    return await base.resolve(prefix);
  } catch (err) {
    if (!(err instanceof DitError) || err.code !== 'unknown-ticket') throw err;
    // a ticket the working tree does not have may still be in a release (or on a branch)
    for (const t of sortTags(await store.tags.tags()).reverse()) {
      try {
        return await (await store.view(t.commit)).resolve(prefix);
      } catch (e) {
        if (!(e instanceof DitError) || e.code !== 'unknown-ticket') throw e;
      }
    }
    throw err;
  }
}

/**
 * The ticket in one revision, and whether that revision contains its fix: it is in a done status there, and
 * either an (unreverted) `fixes` commit of its history says so or its own tree closes it without the shared
 * journal's help. A close written only to the shared journal belongs to no release.
 */
async function stateIn(
  store: Store,
  commit: string,
  id: string,
  extra: Parameters<Store['view']>[1],
): Promise<Omit<TagState, 'tag' | 'commit' | 'line'>> {
  const [full, code] = await Promise.all([store.view(commit, extra), store.codeView(commit, extra)]);
  const [s, reverted, events, c] = await Promise.all([
    full.stateById(id),
    full.reversals(id),
    full.events(),
    code.stateById(id),
  ]);
  // a status naming a commit counts when the revision has that commit (not when the repository lacks it)
  const by = s?.decidedBy;
  const evidence = by?.kind === 'entry' && by.commit ? (await full.containsOf([by.commit])).has(by.commit) : false;
  // derived from the revision's history (a commit, a merged patchset, a status naming a commit the
  // revision has), or closed by its own tree
  const fromHistory =
    (events.get(id) ?? []).some((e) => e.action === 'fixes') || (!!by && by.kind !== 'entry') || evidence;
  const fixed = !!s && DONE.has(s.status) && (fromHistory || (!!c && DONE.has(c.status)));
  return { status: s?.status ?? null, fixed, decidedBy: s?.decidedBy ?? null, reverted };
}

/** The tickets a revision contains the fix of (see `stateIn`), with their summaries there. */
export async function fixedIn(store: Store, rev: string): Promise<Map<string, Summary>> {
  const full = await store.view(rev);
  const code = await store.codeView(rev);
  const [all, codeAll, events, merged] = await Promise.all([
    full.summaries(),
    code.summaries(),
    full.events(),
    full.mergedIds(),
  ]);
  const codeDone = new Set(codeAll.filter((s) => DONE.has(s.status)).map((s) => s.id));
  const present = await full.containsOf([...new Set(all.flatMap((s) => s.evidence))]);
  const out = new Map<string, Summary>();
  for (const s of all) {
    if (!DONE.has(s.status)) continue;
    // closed by its tree, by a `fixes` commit, by its patchset's tip, or by a status naming a commit here
    if (
      codeDone.has(s.id) ||
      (events.get(s.id) ?? []).some((e) => e.action === 'fixes') ||
      merged.has(s.id) ||
      s.evidence.some((c) => present.has(c))
    )
      out.set(s.id, s);
  }
  return out;
}

export interface NoteItem {
  id: string;
  title: string;
  type: TicketType;
  status: Status;
  labels: string[];
}
export interface ReleaseNotes {
  from: string;
  to: string;
  /** Tickets fixed (or merged) in `to` and not in `from`, by type in the order of TYPES. */
  groups: { type: TicketType; tickets: NoteItem[] }[];
  /** Tickets fixed in `from` whose fix `to` no longer has (reverted since). */
  reverted: NoteItem[];
}

/** Parses `A..B` (B defaults to HEAD). */
export function parseRange(range: string): { from: string; to: string } {
  const m = /^(.+?)\.\.(?!\.)(.*)$/.exec(range);
  if (!m || m[1]!.startsWith('-') || m[2]!.startsWith('-')) {
    throw new DitError(
      'usage',
      `"${range}" is not a range; write FROM..TO, like v2.3.0..v2.4.0 (TO defaults to HEAD: v2.3.0..)`,
    );
  }
  return { from: m[1]!, to: m[2] || 'HEAD' };
}

/** What changed between two revisions: tickets whose fix `to` has and `from` has not, grouped by type. */
export async function releaseNotes(store: Store, range: string): Promise<ReleaseNotes> {
  const { from, to } = parseRange(range);
  const [before, after] = await Promise.all([fixedIn(store, from), fixedIn(store, to)]);
  const item = (s: Summary): NoteItem => ({
    id: s.id,
    title: s.title,
    type: s.type,
    status: s.status,
    labels: s.labels,
  });
  const byTitle = (a: NoteItem, b: NoteItem) => (a.title < b.title ? -1 : a.title > b.title ? 1 : a.id < b.id ? -1 : 1);
  const added = [...after.values()].filter((s) => !before.has(s.id)).map(item);
  const groups = TYPES.map((type) => ({ type, tickets: added.filter((t) => t.type === type).sort(byTitle) })).filter(
    (g) => g.tickets.length,
  );
  const reverted = [...before.values()]
    .filter((s) => !after.has(s.id))
    .map(item)
    .sort(byTitle);
  return { from, to, groups, reverted };
}

const HEADINGS: Record<TicketType, string> = {
  bug: 'Bugs fixed',
  enhancement: 'Enhancements',
  task: 'Tasks',
  question: 'Questions answered',
  proposal: 'Merged proposals',
  maintenance: 'Maintenance',
};

/** Escapes what Markdown would read as markup in a title, and drops control characters. */
const md = (s: string): string => s.replace(/[\x00-\x1f\x7f]/g, ' ').replace(/([\\`*_{}[\]<>#|!~])/g, '\\$1');

export function renderNotes(n: ReleaseNotes): string {
  const count = n.groups.reduce((k, g) => k + g.tickets.length, 0);
  const lines = [`## ${md(n.to)}`, '', `Changes since ${md(n.from)}: ${count} ${count === 1 ? 'ticket' : 'tickets'}.`];
  for (const g of n.groups) {
    lines.push('', `### ${HEADINGS[g.type]}`, '');
    for (const t of g.tickets)
      lines.push(
        `- ${md(t.title)} (#${t.id.slice(0, 7)})${t.labels.length ? ` ${t.labels.map((l) => `\`${l.replace(/`/g, "'")}\``).join(' ')}` : ''}`,
      );
  }
  if (n.reverted.length) {
    lines.push(
      '',
      '### No longer fixed',
      '',
      `Fixed in ${md(n.from)}, but the fix is not in ${md(n.to)} (reverted):`,
      '',
    );
    for (const t of n.reverted) lines.push(`- ${md(t.title)} (#${t.id.slice(0, 7)})`);
  }
  return `${lines.join('\n')}\n`;
}

export { OTHER_LINE, parseVersion };
