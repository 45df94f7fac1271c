// A view: every ticket, milestone and label as seen from one branch, commit, or the working tree.
import type * as v from 'valibot';
import { DitError } from '../errors.js';
import type { Git } from '../git/repo.js';
import { parseEntry, type Loaded } from '../model/entry-file.js';
import { ticketEntrySchema, type TicketEntry } from '../model/entries/index.js';
import { fold, FOLD_VERSION, type CommitEvent } from '../model/fold.js';
import { summarize, type Decider, type Summary, type Ticket } from '../model/ticket.js';
import { foldMilestone, milestoneEntrySchema, type Milestone, type MilestoneEntry } from '../model/milestone.js';
import { foldLabelDef, labelDefEntrySchema, type LabelDef, type LabelDefEntry } from '../model/label-def.js';
import { prefixProblem, shortId } from '../model/ids.js';
import { badPrefix } from './id-hints.js';
import { eventsByTicket, type History } from './history.js';
import { journalParts, listJournals, partsKey, readJournal, resolveRoots, type Collection, type JournalParts, type JournalRef, type Roots, type Warning } from './journals.js';
import type { FoldCache } from './fold-cache.js';
import type { Memo } from './memo.js';
import { createHash } from 'node:crypto';
import { mapLimit } from './limit.js';

export type ViewSpec = { kind: 'worktree' } | { kind: 'rev'; rev: string; commit: string | null };

export interface ViewDeps {
  git: Git;
  history: History;
  folds: FoldCache;
  /** Folds done in this process, by journal key, shared by the views of one store. */
  memo: Map<string, Promise<{ ticket: Ticket | null; warnings: Warning[] }>>;
  journalRefs: () => Promise<JournalRef[]>;
  /** Commits likely to be ancestors of this view's commit, so history is scanned incrementally. */
  hints: () => Promise<string[]>;
  /** Remembered facts about immutable trees: entries by path, and the ticket ids a set of trees holds. */
  lookups: Memo<string | null>;
  idLists: Memo<string[]>;
  /** Ids against which `fixes #prefix` is resolved; by default the view's own tickets. */
  resolutionIds?: () => Promise<string[]>;
}

export class View {
  private rootsP: Promise<Roots> | null = null;
  private readonly journals = new Map<Collection, Promise<Map<string, JournalParts>>>();
  private eventsP: Promise<Map<string, CommitEvent[]>> | null = null;
  private idsP: Promise<string[]> | null = null;
  readonly warnings: Warning[] = [];

  constructor(private readonly deps: ViewDeps, readonly spec: ViewSpec, private readonly headCommit: () => Promise<string | null>) {}

  /** What the view is called in messages: a branch name or "the working tree". */
  get label(): string {
    return this.spec.kind === 'worktree' ? 'the working tree' : this.spec.rev;
  }

  roots(): Promise<Roots> {
    this.rootsP ??= (async () => {
      const commit = this.spec.kind === 'worktree' ? await this.headCommit() : this.spec.commit;
      const roots = await resolveRoots(this.deps.git, commit, this.spec.kind === 'worktree', this.deps.journalRefs());
      this.warnings.push(...roots.warnings);
      return roots;
    })();
    return this.rootsP;
  }

  journalsOf(collection: Collection): Promise<Map<string, JournalParts>> {
    let p = this.journals.get(collection);
    if (!p) this.journals.set(collection, (p = this.roots().then((r) => listJournals(this.deps.git, r, collection))));
    return p;
  }

  /** Ticket ids in the view, sorted (for prefix lookups). */
  ids(): Promise<string[]> {
    this.idsP ??= (async () => {
      // the ids depend only on which trees the view reads (and staged tickets), so a listing is remembered
      const roots = await this.roots();
      const trees = [roots.code.tickets ?? '-', ...roots.journals.map((j) => j.trees.tickets ?? '-')].join(',');
      const staged = [...(roots.overlay.get('tickets')?.keys() ?? [])].sort().join(',');
      const key = staged ? createHash('sha1').update(`${trees}|${staged}`).digest('hex') : trees;
      const known = await this.deps.idLists.get(key);
      if (known) return known;
      const ids = [...(await this.journalsOf('tickets')).keys()].sort();
      await this.deps.idLists.set(key, ids);
      return ids;
    })();
    return this.idsP;
  }

  /** Resolves a unique id prefix (with or without `#`); errors list the candidates. */
  async resolve(prefix: string): Promise<string> {
    const p = prefix.replace(/^#/, '').toLowerCase();
    const problem = prefixProblem(p);
    if (problem) throw await badPrefix(this, prefix, problem);
    const matches = prefixMatches(await this.ids(), p);
    if (matches.length === 1) return matches[0]!;
    if (matches.length === 0) throw new DitError('unknown-ticket', `no ticket ${p} in ${this.label}; list tickets with \`dit ls\`${this.spec.kind === 'worktree' ? ' or look at another branch with --branch' : ''}`, { id: p });
    throw new DitError('ambiguous-id', `${p} matches ${matches.length} tickets: ${matches.slice(0, 10).map(shortId).join(', ')}${matches.length > 10 ? ', …' : ''}; give more characters`, { id: p, candidates: matches.slice(0, 10) });
  }

  /** Commit events per ticket id, from the history of the view's commit. */
  events(): Promise<Map<string, CommitEvent[]>> {
    this.eventsP ??= (async () => {
      const { commit } = await this.roots();
      if (!commit) return new Map();
      const ids = await (this.deps.resolutionIds ?? (() => this.ids()))();
      const mentions = await this.deps.history.mentions(commit, await this.deps.hints(), this.historyRef());
      return eventsByTicket(mentions, (prefix) => {
        const m = prefixMatches(ids, prefix);
        return m.length === 1 ? m[0]! : null;
      });
    })();
    return this.eventsP;
  }

  /** One journal's parts, by path lookups rather than a listing of the whole collection. */
  async partsOf(collection: Collection, id: string): Promise<JournalParts | null> {
    return journalParts(this.deps.git, await this.roots(), collection, id, this.deps.lookups);
  }

  /** One ticket's summary and what decided its status, looked up by path; equal journals fold once. */
  async stateById(id: string): Promise<(Summary & { decidedBy: Decider | null }) | null> {
    const [p, events] = await Promise.all([this.partsOf('tickets', id), this.events()]);
    if (!p) return null;
    const ev = events.get(id) ?? [];
    const key = foldKey(p, ev);
    let folded = this.deps.memo.get(key);
    if (!folded) this.deps.memo.set(key, (folded = this.foldParts(p, ev)));
    const { ticket, warnings } = await folded;
    this.warnings.push(...warnings);
    return ticket ? { ...summarize(ticket), decidedBy: ticket.decidedBy } : null;
  }

  /**
   * Every ticket's summary. A view listed before (same trees, same history) is one cache read; otherwise
   * only journals whose trees changed since they were last folded are read and folded again.
   */
  async summaries(): Promise<Summary[]> {
    const key = await this.viewKey();
    const snap = await this.deps.folds.view(key);
    if (snap) {
      this.warnings.push(...snap.warnings);
      return snap.summaries;
    }
    const [journals, events] = await Promise.all([this.journalsOf('tickets'), this.events()]);
    const out: Summary[] = [];
    const warnings: Warning[] = [];
    await mapLimit([...journals.values()], 256, async (p) => {
      const ev = events.get(p.id) ?? [];
      const k = foldKey(p, ev);
      let hit = await this.deps.folds.get(k);
      if (!hit) {
        const { ticket, warnings: w } = await this.foldParts(p, ev);
        hit = { s: ticket ? summarize(ticket) : null, w };
        await this.deps.folds.set(k, hit);
      }
      warnings.push(...hit.w);
      if (hit.s) out.push(hit.s);
    });
    // newest first, the order lists show by default: sorting a list again is then nearly free
    out.sort((a, b) => (a.created > b.created ? -1 : a.created < b.created ? 1 : a.id < b.id ? -1 : 1));
    this.deps.folds.rememberView(key, out, warnings);
    this.warnings.push(...warnings);
    return out;
  }

  /** The name whose previous tip is the best base for an incremental history scan. */
  private historyRef(): string {
    return this.spec.kind === 'worktree' ? 'HEAD' : this.spec.rev;
  }

  /** Every ticket journal in the view with the key of its fold (what the fold depends on). */
  async foldKeys(): Promise<Map<string, string>> {
    const [journals, events] = await Promise.all([this.journalsOf('tickets'), this.events()]);
    return new Map([...journals.values()].map((p) => [p.id, foldKey(p, events.get(p.id) ?? [])]));
  }

  /** Full folds of these tickets (null where the view holds no creating entry), a few hundred at a time. */
  async foldTickets(ids: readonly string[], progress: (done: number) => void = () => {}): Promise<Map<string, Ticket | null>> {
    const [journals, events] = await Promise.all([this.journalsOf('tickets'), this.events()]);
    const out = new Map<string, Ticket | null>();
    await mapLimit(ids, 256, async (id) => {
      const p = journals.get(id);
      const { ticket, warnings } = p ? await this.foldParts(p, events.get(id) ?? []) : { ticket: null, warnings: [] };
      this.warnings.push(...warnings);
      out.set(id, ticket);
      if (out.size % 1000 === 0) progress(out.size);
    });
    return out;
  }

  /** Names everything a list of this view depends on: the trees it reads and the history it scans. */
  async viewKey(): Promise<string> {
    const roots = await this.roots();
    const mentions = roots.commit ? await this.deps.history.mentions(roots.commit, await this.deps.hints(), this.historyRef()) : [];
    const h = createHash('sha1').update(`v${FOLD_VERSION}|${roots.code.tickets ?? '-'}`);
    for (const j of roots.journals) h.update(`|${j.ref}=${j.trees.tickets ?? '-'}`);
    for (const [id, files] of roots.overlay.get('tickets') ?? []) for (const [name, f] of files) h.update(`|${id}/${name}=${f.oid ?? '-'}`);
    for (const m of mentions) h.update(`|${m.commit}`);
    return h.digest('hex');
  }

  /** One ticket, folded in full. */
  async ticket(prefix: string): Promise<Ticket> {
    const id = await this.resolve(prefix);
    const found = await this.ticketById(id);
    if (!found) throw new DitError('unknown-ticket', `ticket ${shortId(id)} has entries in ${this.label} but not the one that creates it; look at it from another branch with --branch`, { id });
    return found;
  }

  async ticketById(id: string): Promise<Ticket | null> {
    const [p, events] = await Promise.all([this.partsOf('tickets', id), this.events()]);
    if (!p) return null;
    const { ticket, warnings } = await this.foldParts(p, events.get(id) ?? []);
    this.warnings.push(...warnings);
    return ticket;
  }

  /** The validated entries of one ticket (writers use them to pick the next logical clock). */
  async ticketEntries(id: string): Promise<Loaded<TicketEntry>[]> {
    const p = await this.partsOf('tickets', id);
    return p ? (await this.load(p, ticketEntrySchema, 'ticket')).entries : [];
  }

  async milestones(): Promise<Milestone[]> {
    const out: Milestone[] = [];
    for (const p of (await this.journalsOf('milestones')).values()) {
      const { entries, warnings } = await this.load(p, milestoneEntrySchema, 'milestone');
      this.warnings.push(...warnings);
      const m = foldMilestone(p.id, entries as Loaded<MilestoneEntry>[]);
      if (m) out.push(m);
    }
    return out.sort((a, b) => compare(a.due ?? '9999', b.due ?? '9999') || compare(a.name, b.name));
  }

  async milestoneEntries(id: string): Promise<Loaded<MilestoneEntry>[]> {
    const p = (await this.journalsOf('milestones')).get(id);
    return p ? (await this.load(p, milestoneEntrySchema, 'milestone')).entries : [];
  }

  async labelDefs(): Promise<LabelDef[]> {
    const out: LabelDef[] = [];
    for (const p of (await this.journalsOf('labels')).values()) {
      const { entries, warnings } = await this.load(p, labelDefEntrySchema, 'label');
      this.warnings.push(...warnings);
      const d = foldLabelDef(p.id, entries as Loaded<LabelDefEntry>[]);
      if (d) out.push(d);
    }
    return out.sort((a, b) => compare(a.name, b.name));
  }

  async labelDefEntries(id: string): Promise<Loaded<LabelDefEntry>[]> {
    const p = (await this.journalsOf('labels')).get(id);
    return p ? (await this.load(p, labelDefEntrySchema, 'label')).entries : [];
  }

  private async foldParts(p: JournalParts, events: CommitEvent[]): Promise<{ ticket: Ticket | null; warnings: Warning[] }> {
    const { entries, warnings } = await this.load(p, ticketEntrySchema, 'ticket');
    const ticket = fold(p.id, entries, events);
    if (!ticket && entries.length) warnings.push({ path: `${p.collection}/${p.id}`, problem: 'has entries but no creating entry in this view; shown nowhere' });
    return { ticket, warnings };
  }

  /** Reads and validates a journal; a bad file becomes a warning and is skipped. */
  private async load<S extends v.GenericSchema>(p: JournalParts, schema: S, owner: 'ticket' | 'milestone' | 'label'): Promise<{ entries: Loaded<v.InferOutput<S>>[]; warnings: Warning[] }> {
    const files = await readJournal(this.deps.git, p, this.deps.git.oidBytes === 20);
    const entries: Loaded<v.InferOutput<S>>[] = [];
    const warnings: Warning[] = [];
    for (const f of files) {
      const r = parseEntry(schema, f.data);
      if (!r.ok) { warnings.push({ path: f.path, problem: r.problem }); continue; }
      const e = r.entry as Record<string, unknown>;
      const names = owner === 'ticket' ? (e.kind === 'create' ? f.id : e.ticket) : e[owner];
      if (names !== p.id) { warnings.push({ path: f.path, problem: `belongs to ${owner} ${String(names).slice(0, 12)}, not ${p.id.slice(0, 12)}; skipped` }); continue; }
      entries.push({ id: f.id, entry: r.entry });
    }
    return { entries, warnings };
  }
}

/** What a ticket's fold depends on: its journal's trees and files, and the commits naming it. */
export const foldKey = (p: JournalParts, events: readonly CommitEvent[]): string => `${partsKey(p)}|${events.map((e) => e.commit).join(',')}`;

/** Plain code-unit order: the same on every machine, unlike localeCompare. */
export const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Ids (sorted) that start with a prefix, by binary search. */
export function prefixMatches(sorted: readonly string[], prefix: string): string[] {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < prefix) lo = mid + 1; else hi = mid;
  }
  const out: string[] = [];
  for (let i = lo; i < sorted.length && sorted[i]!.startsWith(prefix); i++) out.push(sorted[i]!);
  return out;
}
