// Where a view reads from: its roots (the branch's `.dit/` trees, the shared journals, the working
// tree's uncommitted files), its journals, ticket ids and original numbers, the commits of its history
// that name tickets, and which evidence commits that history holds. What a view folds from these is
// ticket-folds.ts and definitions.ts; view.ts joins them.
import { createHash } from 'node:crypto';
import type { BoundedMap } from '../../bounded-map.js';
import type { CommitEvent } from '../../model/fold.js';
import { prefixMatches } from '../../model/ids.js';
import { NO_ORIGINS, type OriginIndex, originIndex, resolveRef } from '../../model/origins.js';
import type { Decider, Summary } from '../../model/ticket.js';
import type { Vcs } from '../../vcs/port.js';
import type { Derived } from '../cache/derived.js';
import { type KeyedCache, treeIds } from '../cache/file-cache.js';
import type { FoldCache } from '../cache/fold-cache.js';
import { eventsByTicket, type History, type Reversal, type TicketEvents } from '../cache/history.js';
import type { JsonMapCache } from '../cache/json-map-cache.js';
import type { Reach } from '../cache/reach.js';
import type { Progress } from '../progress.js';
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

/** A ticket's summary and what decided its status: what a branch matrix row shows. */
export type TicketState = Summary & { decidedBy: Decider | null };

/** What the store remembers of a fold for branch matrices, by fold key (bounded: see Store). */
export type StateCache = BoundedMap<string, Promise<{ state: TicketState | null; warnings: Warning[] }>>;

export type ViewSpec = { kind: 'worktree' } | { kind: 'rev'; rev: string; commit: string | null };

export interface ViewDeps {
  vcs: Vcs;
  /** Where the view's mention commits come from (the incremental scan; releases pass one of their own). */
  history: Pick<History, 'mentions'>;
  folds: FoldCache;
  /** The derived store: every indexed view's tickets, kept current per ticket (view-index.ts). */
  derived: Derived;
  /** Where long steps (the first build of the derived store) report progress. */
  progress?: Progress;
  /** Git's state (Store.stamp) when the store opened, or `now` as it is now: null when too recent to tell; absent when the store notes no quick states. */
  stamp?: (now?: boolean) => string | null;
  /** Ticket states folded in this process, by fold key, shared by the views of one store; bounded. */
  states: StateCache;
  journalRefs: () => Promise<JournalRef[]>;
  /**
   * Set when the view reads less than its revision sees (`code`: its own tree and history, no shared
   * journal; see Store.codeView): its rows in the derived store are kept apart from the whole view's.
   */
  scope?: 'code';
  /** The kept patchset tips (refs/dit/patchsets/), listed once per store and git state, not per view. */
  keptTips: () => Promise<{ ref: string; oid: string }[]>;
  /** Commits likely to be ancestors of this view's commit, so history is scanned incrementally. */
  hints: () => Promise<string[]>;
  /** Remembered facts about immutable trees: entries by path, and the ticket ids a set of trees holds. */
  lookups: JsonMapCache<string | null>;
  idLists: KeyedCache<string[]>;
  /**
   * The ticket ids whose folders differ between two `tickets` trees, when this process wrote the one from
   * the other (Store.wroteTickets): a view after a write needs no git diff-tree to know. Null: not known.
   */
  written?: (from: string, to: string) => string[] | null;
  /** The collection trees of each commit a view reads (commits never change). */
  roots?: JsonMapCache<string | null>;
  /** The original numbers of imported tickets, by the trees a view reads (see ticket-folds originPairs). */
  originLists: KeyedCache<string[]>;
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
export interface Found {
  roots: Promise<Roots> | null;
  journals: Map<Collection, Promise<Map<string, JournalParts>>>;
  events: Promise<TicketEvents> | null;
  ids: Promise<string[]> | null;
  idsKey?: Promise<string>;
  origins?: Promise<OriginIndex>;
}

/** Where a view reads from; `View` (view.ts) adds what it folds. */
export abstract class ViewSources {
  /** Problems met while answering through this view object (not its forks): malformed entry files and the like. */
  readonly warnings: Warning[] = [];
  private rootsNoted = false;

  constructor(
    /** What the view reads with; for the fold modules (ticket-folds.ts, definitions.ts, merged.ts). */
    readonly deps: ViewDeps,
    readonly spec: ViewSpec,
    protected readonly headCommit: () => Promise<string | null>,
    protected readonly found: Found = { roots: null, journals: new Map(), events: null, ids: null },
  ) {}

  /** The imported tickets' original numbers as `[origin, id]` pairs, folded (view.ts). */
  protected abstract originPairs(): Promise<[string, string][]>;

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

  /** Names the ticket trees the view reads (and its staged tickets): what its ids and origins depend on. */
  protected idsKey(): Promise<string> {
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
          t ? treeIds(this.deps.vcs, this.deps.idLists, t) : [],
        ),
      );
      const staged = [...(roots.overlay.get('tickets')?.keys() ?? [])];
      const some = lists.filter((l) => l.length);
      // one tree's ids, nothing staged (a journal with no tickets in the branch): that list, sorted as its
      // tree is and remembered by it already; a copy under this key would be megabytes written per write
      if (!staged.length && some.length <= 1 && isSorted(some[0] ?? [])) return some[0] ?? [];
      const ids = [...new Set([...lists.flat(), ...staged])].sort();
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
      const lines = known ?? (await this.originPairs()).map(([o, id]) => `${o} ${id}`);
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
}

function isSorted(ids: readonly string[]): boolean {
  for (let i = 1; i < ids.length; i++) if (ids[i - 1]! >= ids[i]!) return false;
  return true;
}
