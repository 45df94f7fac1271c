// A view: every ticket, milestone and label as seen from one branch, commit, or the working tree.
// This file holds where a view reads from (roots, journals, ids, history); what it folds lives in
// ticket-folds.ts and definitions.ts, which the methods below call.
import { createHash } from 'node:crypto';
import type { Vcs } from '../../vcs/port.js';
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

/** How an imported ticket's original number is written: `gitblit#42`. */
const ORIGIN = /^[a-z][a-z0-9-]*#(?:\d+|[0-9a-f]{4,64})$/i;

export type ViewSpec = { kind: 'worktree' } | { kind: 'rev'; rev: string; commit: string | null };

export interface ViewDeps {
  vcs: Vcs;
  /** Where the view's mention commits come from (the incremental scan; releases pass one of their own). */
  history: Pick<History, 'mentions'>;
  folds: FoldCache;
  /** Ticket states folded in this process, by fold key, shared by the views of one store; bounded. */
  memo: folds.StateMemo;
  journalRefs: () => Promise<JournalRef[]>;
  /** Commits likely to be ancestors of this view's commit, so history is scanned incrementally. */
  hints: () => Promise<string[]>;
  /** Remembered facts about immutable trees: entries by path, and the ticket ids a set of trees holds. */
  lookups: Memo<string | null>;
  idLists: KeyedMemo<string[]>;
  /** The collection trees of each commit a view reads (commits never change). */
  roots?: Memo<string | null>;
  /** Ids against which `fixes #prefix` is resolved; by default the view's own tickets. */
  resolutionIds?: () => Promise<string[]>;
}

/** What a view has worked out about where it reads from; shared by the view and its forks. */
interface Found {
  roots: Promise<Roots> | null;
  journals: Map<Collection, Promise<Map<string, JournalParts>>>;
  events: Promise<TicketEvents> | null;
  ids: Promise<string[]> | null;
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
      return resolveRoots(this.deps.vcs, commit, worktree, this.deps.journalRefs(), this.deps.roots);
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
      p = this.roots().then((r) => listJournals(this.deps.vcs, r, collection));
      this.found.journals.set(collection, p);
    }
    return p;
  }

  /** One journal's parts, by path lookups rather than a listing of the whole collection. */
  async partsOf(collection: Collection, id: string): Promise<JournalParts | null> {
    return journalParts(this.deps.vcs, await this.roots(), collection, id, this.deps.lookups);
  }

  /** Ticket ids in the view, sorted (for prefix lookups). */
  ids(): Promise<string[]> {
    this.found.ids ??= (async () => {
      // the ids depend only on which trees the view reads (and staged tickets), so a listing is remembered
      const roots = await this.roots();
      const trees = [roots.code.tickets ?? '-', ...roots.journals.map((j) => j.trees.tickets ?? '-')].join(',');
      const staged = [...(roots.overlay.get('tickets')?.keys() ?? [])].sort().join(',');
      const key = staged ? createHash('sha1').update(`${trees}|${staged}`).digest('hex') : trees;
      const known = await this.deps.idLists.get(key);
      if (known) return known;
      // each tree's ids are remembered by its oid: a journal that moved costs one listing (or none,
      // when the writer left its ids behind: see treeIds), not a listing of every journal's parts
      const lists = await Promise.all(
        [roots.code.tickets, ...roots.journals.map((j) => j.trees.tickets)].map((t) =>
          t ? treeIds(this.deps.vcs, this.deps.idLists, t) : [],
        ),
      );
      const ids = [...new Set([...lists.flat(), ...(roots.overlay.get('tickets')?.keys() ?? [])])].sort();
      await this.deps.idLists.set(key, ids);
      return ids;
    })();
    return this.found.ids;
  }

  /** Resolves a unique id prefix (with or without `#`); errors list the candidates. */
  async resolve(prefix: string): Promise<string> {
    if (ORIGIN.test(prefix)) return this.byOrigin(prefix);
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

  /** An imported ticket by its original number (`gitblit#42`, `github#7`). */
  async byOrigin(origin: string): Promise<string> {
    const o = origin.replace(/^#/, '').toLowerCase();
    const all = await this.summaries();
    let found = all.filter((s) => s.origin?.toLowerCase() === o);
    if (!found.length && /#[0-9a-f]{4,63}$/.test(o)) found = all.filter((s) => s.origin?.toLowerCase().startsWith(o)); // git-bug ids, abbreviated
    if (found.length === 1) return found[0]!.id;
    if (!found.length)
      throw new DitError(
        'unknown-ticket',
        `no ticket imported as ${o} in ${this.label}; \`dit ls origin:${o.split('#')[1]}\` looks in every system`,
        { origin: o },
      );
    throw new DitError(
      'ambiguous-id',
      `${found.length} tickets were imported as ${o}: ${found.map((s) => shortId(s.id)).join(', ')}; use an id`,
      { id: o, candidates: found.map((s) => s.id) },
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
      const ids = await (this.deps.resolutionIds ?? (() => this.ids()))();
      const mentions = await this.mentions(commit);
      return eventsByTicket(mentions, (prefix) => {
        const m = prefixMatches(ids, prefix);
        return m.length === 1 ? m[0]! : null;
      });
    })();
    return this.found.events;
  }

  /** The name whose previous tip is the best base for an incremental history scan. */
  private historyRef(): string {
    return this.spec.kind === 'worktree' ? 'HEAD' : this.spec.rev;
  }

  // ---- tickets (ticket-folds.ts) ------------------------------------------------------------------

  /** One ticket's summary and what decided its status, looked up by path; equal journals fold once. */
  async stateById(id: string): Promise<folds.TicketState | null> {
    const [state, m] = await Promise.all([folds.stateById(this, id), this.merged()]);
    return state && containsTip(m, state.tip, state.status)
      ? mergedOnBranch(state, { tip: state.tip!, time: state.updated, author: state.author })
      : state;
  }

  /** Every ticket's summary, newest first (see ticket-folds.ts for what is cached). */
  async summaries(): Promise<Summary[]> {
    const [list, m] = await Promise.all([folds.summaries(this), this.merged()]);
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

  /** The tickets merged in this view among those with kept tips (for index keys). */
  async mergedIds(): Promise<Set<string>> {
    const m = await this.merged();
    const out = new Set<string>();
    if (!m.reachable.size) return out;
    await Promise.all(
      [...m.tickets].map(async (id) => {
        const s = await folds.stateById(this, id);
        if (s && containsTip(m, s.tip, s.status)) out.add(id);
      }),
    );
    return out;
  }

  /** Every ticket journal in the view with the key of its fold (what the fold depends on). */
  foldKeys(): Promise<Map<string, string>> {
    return folds.foldKeys(this);
  }

  /** Full folds of these tickets (null where the view holds no creating entry), a few hundred at a time. */
  async foldTickets(ids: readonly string[], progress?: (done: number) => void): Promise<Map<string, Ticket | null>> {
    const [found, m] = await Promise.all([folds.foldTickets(this, ids, progress), this.merged()]);
    if (!m.reachable.size) return found;
    for (const [id, t] of found)
      if (t && containsTip(m, t.current?.tip ?? null, t.status)) found.set(id, mergedOnBranch(t, t.current!));
    return found;
  }

  /** Names everything a list of this view depends on: the trees it reads and the history it scans. */
  async viewKey(): Promise<string> {
    const [key, m] = await Promise.all([folds.viewKey(this), this.merged()]);
    const merged = mergedKey(m);
    return merged ? `${key}-${merged.slice(0, 16)}` : key;
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
    const [t, m] = await Promise.all([folds.ticketById(this, id), this.merged()]);
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
