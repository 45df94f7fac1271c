// A view: every ticket, milestone and label as seen from one branch, commit, or the working tree.
// This file holds where a view reads from (roots, journals, ids, history); what it folds lives in
// ticket-folds.ts and definitions.ts, which the methods below call.
import { createHash } from 'node:crypto';
import type { Git } from '../../git/repo.js';
import type { TicketEntry } from '../../model/entries/index.js';
import type { Loaded } from '../../model/entry-file.js';
import type { CommitEvent } from '../../model/fold.js';
import type { LabelDef, LabelDefEntry } from '../../model/label-def.js';
import type { Milestone, MilestoneEntry } from '../../model/milestone.js';
import { shortId } from '../../model/ids.js';
import type { Summary, Ticket } from '../../model/ticket.js';
import { DitError } from '../../errors.js';
import { definitionEntries, definitions, LABELS, MILESTONES } from './definitions.js';
import type { FoldCache } from '../cache/fold-cache.js';
import { eventsByTicket, type History, type Reversal, type TicketEvents } from '../cache/history.js';
import { prefixMatches, resolvePrefix } from './id-resolution.js';
import { withOriginHint } from './id-hints.js';
import {
  type Collection,
  type JournalParts,
  type JournalRef,
  journalParts,
  listJournals,
  type Roots,
  resolveRoots,
  type Warning,
} from './journals.js';
import type { Memo } from '../cache/memo.js';
import { type KeyedMemo, treeIds } from '../cache/file-memo.js';
import * as folds from './ticket-folds.js';
import { containsTip, mergedKey, mergedTips, type MergedTips } from './merged.js';
import { mergedOnBranch } from '../../model/patchsets.js';
import { NO_ORIGINS, originIndex, type OriginIndex, resolveRef, settleRef } from '../../model/origins.js';
import { readRef, type TicketRef } from '../../model/mentions.js';
import { MIN_PREFIX } from '../../model/ids.js';
import type { Reach } from '../cache/reach.js';

/** What a typed id says when it is more than a hex prefix: a number (and maybe a prefix), a habit, a URL. */
function typedRef(typed: string): TicketRef | null {
  const body = typed.replace(/^#/, '');
  if (/^\d{1,9}$/.test(body)) return { number: Number(body), ...(body.length >= MIN_PREFIX ? { prefix: body } : {}) };
  if (/^(?:ticket|issue|gh)-\d{1,9}$/i.test(typed) || /^https?:\/\//i.test(typed)) return readRef(typed);
  return null;
}

/** How an imported ticket's original number is written: `gitblit#42`. */
const ORIGIN = /^[a-z][a-z0-9-]*#(?:\d+|[0-9a-f]{4,64})$/i;

export type ViewSpec = { kind: 'worktree' } | { kind: 'rev'; rev: string; commit: string | null };

export interface ViewDeps {
  git: Git;
  /** Where the view's mention commits come from (the incremental scan; releases pass one of their own). */
  history: Pick<History, 'mentions'>;
  folds: FoldCache;
  /** Ticket states folded in this process, by fold key, shared by the views of one store; bounded. */
  memo: folds.StateMemo;
  journalRefs: () => Promise<JournalRef[]>;
  /** The kept patchset tips (refs/dit/patchsets/), listed once per store and git state, not per view. */
  keptTips: () => Promise<{ ref: string; oid: string }[]>;
  /** Commits likely to be ancestors of this view's commit, so history is scanned incrementally. */
  hints: () => Promise<string[]>;
  /** Remembered facts about immutable trees: entries by path, and the ticket ids a set of trees holds. */
  lookups: Memo<string | null>;
  idLists: KeyedMemo<string[]>;
  /** The collection trees of each commit a view reads (commits never change). */
  roots?: Memo<string | null>;
  /** The original numbers of imported tickets, by the trees a view reads (see ticket-folds originPairs). */
  originLists: KeyedMemo<string[]>;
  /** Which evidence commits a commit's history contains. */
  reach: Pick<Reach, 'absent' | 'contained'>;
  /** What `fixes #prefix` and `fixes #54` are resolved against; by default the view's own tickets. */
  resolution?: () => Promise<Resolution>;
}

/** What references are settled against: ticket ids (sorted) and the original numbers of imported tickets. */
export interface Resolution {
  ids: string[];
  origins: () => Promise<OriginIndex>;
}

/** What a view has worked out about where it reads from; shared by the view and its forks. */
interface Found {
  roots: Promise<Roots> | null;
  journals: Map<Collection, Promise<Map<string, JournalParts>>>;
  events: Promise<TicketEvents> | null;
  ids: Promise<string[]> | null;
  idsKey?: Promise<string>;
  origins?: Promise<OriginIndex>;
  /** Every summary as stored (all evidence applied), with the warnings met folding them. */
  stored?: Promise<{ list: Summary[]; warnings: Warning[] }>;
  /** The evidence commits of the view's tickets that its history lacks. */
  absent?: Promise<Set<string>>;
}

export class View {
  /** Problems met while answering through this view object (not its forks): malformed entry files and the like. */
  readonly warnings: Warning[] = [];
  private rootsNoted = false;
  private mergedP: Promise<MergedTips> | null = null;

  constructor(
    /** What the view reads with; for the fold modules (ticket-folds.ts, definitions.ts). */
    readonly deps: ViewDeps,
    readonly spec: ViewSpec,
    private readonly headCommit: () => Promise<string | null>,
    private readonly found: Found = { roots: null, journals: new Map(), events: null, ids: null },
  ) {}

  /**
   * The same view with its own warnings: what it has read is shared, what it warns about is not.
   * A server hands each request a fork, so a request's answer carries the warnings it met, once.
   */
  fork(): View {
    return new View(this.deps, this.spec, this.headCommit, this.found);
  }

  /** What the view is called in messages: a branch name or "the working tree". */
  get label(): string {
    return this.spec.kind === 'worktree' ? 'the working tree' : this.spec.rev;
  }

  /** Records problems met while answering (malformed entry files and the like). */
  note(warnings: readonly Warning[]): void {
    this.warnings.push(...warnings);
  }

  // ---- where the view reads from ----------------------------------------------------------------

  roots(): Promise<Roots> {
    this.found.roots ??= (async () => {
      const commit = this.spec.kind === 'worktree' ? await this.headCommit() : this.spec.commit;
      const worktree = this.spec.kind === 'worktree';
      return resolveRoots(this.deps.git, commit, worktree, this.deps.journalRefs(), this.deps.roots);
    })();
    if (this.rootsNoted) return this.found.roots;
    this.rootsNoted = true;
    return this.found.roots.then((r) => {
      this.note(r.warnings);
      return r;
    });
  }

  journalsOf(collection: Collection): Promise<Map<string, JournalParts>> {
    let p = this.found.journals.get(collection);
    if (!p) {
      p = this.roots().then((r) => listJournals(this.deps.git, r, collection));
      this.found.journals.set(collection, p);
    }
    return p;
  }

  /** One journal's parts, by path lookups rather than a listing of the whole collection. */
  async partsOf(collection: Collection, id: string): Promise<JournalParts | null> {
    return journalParts(this.deps.git, await this.roots(), collection, id, this.deps.lookups);
  }

  /** Names the ticket trees the view reads (and its staged tickets): what its ids and origins depend on. */
  private idsKey(): Promise<string> {
    this.found.idsKey ??= this.roots().then((roots) => {
      const trees = [roots.code.tickets ?? '-', ...roots.journals.map((j) => j.trees.tickets ?? '-')].join(',');
      const staged = [...(roots.overlay.get('tickets')?.keys() ?? [])].sort().join(',');
      return staged ? createHash('sha1').update(`${trees}|${staged}`).digest('hex') : trees;
    });
    return this.found.idsKey;
  }

  /** Ticket ids in the view, sorted (for prefix lookups). */
  ids(): Promise<string[]> {
    this.found.ids ??= (async () => {
      // the ids depend only on which trees the view reads (and staged tickets), so a listing is remembered
      const roots = await this.roots();
      const key = await this.idsKey();
      const known = await this.deps.idLists.get(key);
      if (known) return known;
      // each tree's ids are remembered by its oid: a journal that moved costs one listing (or none,
      // when the writer left its ids behind: see treeIds), not a listing of every journal's parts
      const lists = await Promise.all(
        [roots.code.tickets, ...roots.journals.map((j) => j.trees.tickets)].map((t) =>
          t ? treeIds(this.deps.git, this.deps.idLists, t) : [],
        ),
      );
      const ids = [...new Set([...lists.flat(), ...(roots.overlay.get('tickets')?.keys() ?? [])])].sort();
      await this.deps.idLists.set(key, ids);
      return ids;
    })();
    return this.found.ids;
  }

  /** The original numbers of the view's imported tickets (`gitblit#54`), remembered by its trees. */
  origins(): Promise<OriginIndex> {
    this.found.origins ??= (async () => {
      const key = await this.idsKey();
      const known = await this.deps.originLists.get(key);
      const lines = known ?? (await folds.originPairs(this)).map(([o, id]) => `${o} ${id}`);
      if (!known) await this.deps.originLists.set(key, lines);
      return originIndex(lines.map((l) => l.split(' ') as [string, string]));
    })();
    return this.found.origins;
  }

  /** What references are settled against (a branch matrix passes one for all its rows). */
  async resolution(): Promise<Resolution> {
    if (this.deps.resolution) return this.deps.resolution();
    return { ids: await this.ids(), origins: () => this.origins() };
  }

  /**
   * Resolves what a person typed for a ticket: a unique id prefix (with or without `#`), an imported
   * ticket's original number (`gitblit#54`, `#54`, `54`, `ticket-54`, `issue-54`, `GH-54`, the source
   * tracker's URL). Digits that are both a number and a prefix of a dit id are ambiguous only when both
   * exist; the error says how to write either. Errors list the candidates.
   */
  async resolve(prefix: string): Promise<string> {
    const typed = prefix.trim();
    if (ORIGIN.test(typed)) return this.byOrigin(typed);
    const ref = typedRef(typed);
    if (ref) {
      const ids = await this.ids();
      const r = settleRef(ref, (p) => prefixMatches(ids, p), await this.origins());
      if ('id' in r) return r.id;
      if ('ambiguous' in r) throw await this.ambiguous(typed, r.ambiguous);
      if (ref.prefix === undefined && !/^#?\d+$/.test(typed))
        throw new DitError(
          'unknown-ticket',
          `no imported ticket had the number ${ref.number}${ref.system ? ` in ${ref.system}` : ''} in ${this.label}; \`dit ls --all\` lists tickets with their origins`,
          { id: typed },
        );
    }
    try {
      return resolvePrefix(await this.ids(), prefix, this.label, this.spec.kind === 'worktree');
    } catch (err) {
      // `dit show 42` from someone who knows the ticket by its number in the tracker it came from
      const n = prefix.replace(/^#/, '');
      if (!(err instanceof DitError) || err.code !== 'unknown-ticket' || !/^\d{1,9}$/.test(n)) throw err;
      const hits = (await this.summaries()).filter((s) => s.origin?.endsWith(`#${n}`)).slice(0, 5);
      throw hits.length
        ? withOriginHint(
            err,
            hits.map((s) => ({ id: s.id, origin: s.origin! })),
          )
        : err;
    }
  }

  /** The refusal for digits that name both a dit ticket (by prefix) and an imported one (by number). */
  private async ambiguous(typed: string, candidates: string[]): Promise<DitError> {
    const origins = await this.origins();
    const originOf = new Map<string, string>();
    for (const [k, ids] of origins.bySystem) for (const id of ids) originOf.set(id, k);
    const shown = candidates
      .slice(0, 10)
      .map((id) => (originOf.has(id) ? `${shortId(id)} (imported as ${originOf.get(id)})` : shortId(id)));
    const n = typed.replace(/^#/, '');
    return new DitError(
      'ambiguous-id',
      `${typed} names ${candidates.length} tickets: ${shown.join(', ')}; give more characters of a dit id, or name an imported ticket as system#number (\`dit show ${[...originOf.values()][0] ?? `gitblit#${n}`}\`) or ticket-${n}`,
      { id: typed, candidates: candidates.slice(0, 10) },
    );
  }

  /** An imported ticket by its original number (`gitblit#42`, `github#7`). */
  async byOrigin(origin: string): Promise<string> {
    const o = origin.replace(/^#/, '').toLowerCase();
    // the origins index, not every summary: `dit show gitblit#42` reads one small file when warm
    const { all } = await this.origins();
    let found = all.get(o) ?? [];
    if (!found.length && /#[0-9a-f]{4,63}$/.test(o))
      found = [...new Set([...all].filter(([k]) => k.startsWith(o)).flatMap(([, ids]) => ids))]; // git-bug ids, abbreviated
    if (found.length === 1) return found[0]!;
    if (!found.length)
      throw new DitError(
        'unknown-ticket',
        `no ticket imported as ${o} in ${this.label}; \`dit ls origin:${o.split('#')[1]}\` looks in every system`,
        { origin: o },
      );
    throw new DitError(
      'ambiguous-id',
      `${found.length} tickets were imported as ${o}: ${found.map(shortId).join(', ')}; use an id`,
      { id: o, candidates: found },
    );
  }

  /** The commits of the view's history that mention tickets, scanned incrementally. */
  async mentions(commit: string) {
    return this.deps.history.mentions(commit, await this.deps.hints(), this.historyRef());
  }

  /** Commit events per ticket id, from the history of the view's commit. */
  events(): Promise<Map<string, CommitEvent[]>> {
    return this.ticketEvents().then((e) => e.events);
  }

  /** Commits naming this ticket that a revert undid in this view, newest first. */
  async reversals(id: string): Promise<Reversal[]> {
    return (await this.ticketEvents()).reverted.get(id) ?? [];
  }

  private ticketEvents(): Promise<TicketEvents> {
    this.found.events ??= (async () => {
      const { commit } = await this.roots();
      if (!commit) return { events: new Map(), reverted: new Map() };
      const [{ ids, origins }, mentions] = await Promise.all([this.resolution(), this.mentions(commit)]);
      const starting = (p: string) => prefixMatches(ids, p);
      // the original numbers are read only when some reference could be one (or a git-bug id)
      const needed = mentions.some((m) =>
        m.refs.some((r) => r.number !== undefined || (r.prefix !== undefined && !starting(r.prefix).length)),
      );
      const index = needed ? await origins() : NO_ORIGINS;
      return eventsByTicket(mentions, (ref) => resolveRef(ref, starting, index));
    })();
    return this.found.events;
  }

  /** The name whose previous tip is the best base for an incremental history scan. */
  private historyRef(): string {
    return this.spec.kind === 'worktree' ? 'HEAD' : this.spec.rev;
  }

  // ---- evidence: a closing status naming a commit holds where that commit is (DESIGN §4) ----------

  /** Which of these commits the view's history contains (commits the repository lacks never are). */
  async containsOf(commits: readonly string[]): Promise<Set<string>> {
    if (!commits.length) return new Set();
    const { commit } = await this.roots();
    return this.deps.reach.contained(commit, commits);
  }

  /** Which of these evidence commits the view's history lacks (commits the repository lacks never are). */
  async absentOf(commits: readonly string[]): Promise<Set<string>> {
    if (!commits.length) return new Set();
    const { commit } = await this.roots();
    return this.deps.reach.absent(commit, commits);
  }

  /** The commits a ticket's closing statuses name (its evidence), wherever they are. */
  async evidenceOf(id: string): Promise<string[]> {
    return (await folds.stateById(this, id))?.evidence ?? [];
  }

  /** Every summary as the entries store it (each evidence status applied), folded once per view. */
  private stored(): Promise<{ list: Summary[]; warnings: Warning[] }> {
    this.found.stored ??= (async () => {
      const quiet = this.fork(); // its warnings go to whoever asks for summaries, not to this object
      const list = await folds.summaries(quiet);
      return { list, warnings: quiet.warnings };
    })();
    return this.found.stored;
  }

  /** The evidence commits of the view's tickets that its history lacks. */
  private absent(): Promise<Set<string>> {
    this.found.absent ??= this.stored().then(({ list }) => {
      const all = new Set<string>();
      for (const s of list) for (const c of s.evidence) all.add(c);
      return this.absentOf([...all]);
    });
    return this.found.absent;
  }

  /** One ticket's state with its evidence placed: folded again without the commits the view lacks. */
  private async placedState(id: string): Promise<folds.TicketState | null> {
    const state = await folds.stateById(this, id);
    if (!state?.evidence.length) return state;
    const absent = await this.absentOf(state.evidence);
    return absent.size ? folds.stateById(this, id, absent) : state;
  }

  // ---- tickets (ticket-folds.ts) ------------------------------------------------------------------

  /** One ticket's summary and what decided its status, looked up by path; equal journals fold once. */
  async stateById(id: string): Promise<folds.TicketState | null> {
    const [state, m] = await Promise.all([this.placedState(id), this.merged()]);
    return state && containsTip(m, state.tip, state.status)
      ? mergedOnBranch(state, { tip: state.tip!, time: state.updated, author: state.author })
      : state;
  }

  /** Every ticket's summary, newest first (see ticket-folds.ts for what is cached). */
  async summaries(): Promise<Summary[]> {
    const [{ list: stored, warnings }, absent, m] = await Promise.all([this.stored(), this.absent(), this.merged()]);
    this.note(warnings);
    const list = await folds.withoutAbsent(this, stored, absent);
    if (!m.reachable.size) return list;
    return list.map((s) =>
      containsTip(m, s.tip, s.status) ? mergedOnBranch(s, { tip: s.tip!, time: s.updated, author: s.author }) : s,
    );
  }

  /** Kept patchset tips and which of them the view's commit contains (see merged.ts). */
  merged(): Promise<MergedTips> {
    this.mergedP ??= mergedTips(this);
    return this.mergedP;
  }

  /** The tickets merged in this view by their kept tips (for index keys and releases), from its summaries. */
  async mergedIds(): Promise<Set<string>> {
    const m = await this.merged();
    if (!m.reachable.size) return new Set();
    const [{ list }, absent] = await Promise.all([this.stored(), this.absent()]);
    const placed = await folds.withoutAbsent(this.fork(), list, absent);
    return new Set(placed.filter((s) => m.tickets.has(s.id) && containsTip(m, s.tip, s.status)).map((s) => s.id));
  }

  /** Every ticket journal in the view with the key of its fold (what the fold depends on). */
  async foldKeys(): Promise<Map<string, string>> {
    const [{ list }, absent] = await Promise.all([this.stored(), this.absent()]);
    const lacking = new Map<string, Set<string>>();
    if (absent.size)
      for (const s of list) {
        const mine = s.evidence.filter((c) => absent.has(c));
        if (mine.length) lacking.set(s.id, new Set(mine));
      }
    return folds.foldKeys(this, lacking);
  }

  /** Full folds of these tickets (null where the view holds no creating entry), a few hundred at a time. */
  async foldTickets(ids: readonly string[], progress?: (done: number) => void): Promise<Map<string, Ticket | null>> {
    const absent = await this.absent();
    const [found, m] = await Promise.all([folds.foldTickets(this, ids, progress, absent), this.merged()]);
    if (!m.reachable.size) return found;
    for (const [id, t] of found)
      if (t && containsTip(m, t.current?.tip ?? null, t.status)) found.set(id, mergedOnBranch(t, t.current!));
    return found;
  }

  /**
   * Names everything a list of this view depends on: the trees it reads, the history it scans, the kept
   * tips its commit contains and the evidence commits it lacks.
   */
  async viewKey(): Promise<string> {
    const [key, m, absent] = await Promise.all([folds.viewKey(this), this.merged(), this.absent()]);
    const merged = mergedKey(m);
    const lacking = absent.size
      ? createHash('sha1')
          .update([...absent].sort().join(','))
          .digest('hex')
          .slice(0, 16)
      : '';
    return [key, merged.slice(0, 16), lacking].filter(Boolean).join('-');
  }

  /**
   * One ticket, folded in full, merged where the view contains its patchset; `asStored` leaves out what
   * the branch derives (the push hook judges a ticket by its entries).
   */
  async ticket(prefix: string, asStored = false): Promise<Ticket> {
    const id = await this.resolve(prefix);
    const found = asStored ? await folds.ticketById(this, id) : await this.ticketById(id);
    if (!found) {
      throw new DitError(
        'unknown-ticket',
        `ticket ${shortId(id)} has entries in ${this.label} but not the one that creates it; look at it from another branch with --branch`,
        { id },
      );
    }
    return found;
  }

  async ticketById(id: string): Promise<Ticket | null> {
    let [t, m] = await Promise.all([folds.ticketById(this, id), this.merged()]);
    if (t?.evidence.length) {
      const absent = await this.absentOf(t.evidence);
      if (absent.size) t = await folds.ticketById(this, id, absent);
    }
    return t?.current && containsTip(m, t.current.tip, t.status) ? mergedOnBranch(t, t.current) : t;
  }

  /** The validated entries of one ticket (writers use them to pick the next logical clock). */
  ticketEntries(id: string): Promise<Loaded<TicketEntry>[]> {
    return folds.ticketEntries(this, id);
  }

  // ---- milestones and labels (definitions.ts) -------------------------------------------------------

  milestones(): Promise<Milestone[]> {
    return definitions(this, MILESTONES);
  }

  milestoneEntries(id: string): Promise<Loaded<MilestoneEntry>[]> {
    return definitionEntries(this, MILESTONES, id);
  }

  labelDefs(): Promise<LabelDef[]> {
    return definitions(this, LABELS);
  }

  labelDefEntries(id: string): Promise<Loaded<LabelDefEntry>[]> {
    return definitionEntries(this, LABELS, id);
  }
}
