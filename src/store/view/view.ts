// A view: every ticket, milestone and label as seen from one branch, commit, or the working tree.
// Where it reads from is sources.ts; what it folds is ticket-folds.ts and definitions.ts; this class
// joins them and adds what the branch derives (merged where its commit holds a patchset's tip).
import type { TicketEntry } from '../../model/entries/index.js';
import type { Loaded } from '../../model/entry-file.js';
import type { LabelDef, LabelDefEntry } from '../../model/label-def.js';
import type { Milestone, MilestoneEntry } from '../../model/milestone.js';
import { shortId } from '../../model/ids.js';
import { mergedOnBranch } from '../../model/patchsets.js';
import type { Summary, Ticket } from '../../model/ticket.js';
import { DitError } from '../../errors.js';
import { definitionEntries, definitions, LABELS, MILESTONES } from './definitions.js';
import { withOriginHint } from './id-hints.js';
import { resolvePrefix } from './id-resolution.js';
import { containsTip, mergedKey, mergedTips, type MergedTips } from './merged.js';
import { ViewSources } from './sources.js';
import * as folds from './ticket-folds.js';

export { type ViewDeps, ViewSources, type ViewSpec } from './sources.js';

/** How an imported ticket's original number is written: `gitblit#42`. */
const ORIGIN = /^[a-z][a-z0-9-]*#(?:\d+|[0-9a-f]{4,64})$/i;

export class View extends ViewSources {
  private mergedP: Promise<MergedTips> | null = null;

  /**
   * The same view with its own warnings: what it has read is shared, what it warns about is not.
   * A server hands each request a fork, so a request's answer carries the warnings it met, once.
   */
  fork(): View {
    return new View(this.deps, this.spec, this.headCommit, this.found);
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
  async foldKeys(): Promise<Map<string, string>> {
    const [journals, events, merged] = await Promise.all([this.journalsOf('tickets'), this.events(), this.mergedIds()]);
    // merged on this branch is part of what the index holds for the ticket, so it is part of its key
    return new Map(
      [...journals.values()].map((p) => [
        p.id,
        folds.foldKey(p, events.get(p.id) ?? []) + (merged.has(p.id) ? '|merged' : ''),
      ]),
    );
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
