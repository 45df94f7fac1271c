// A view: every ticket, milestone and label as seen from one branch, commit, or the working tree.
// Where it reads from is sources.ts; what it folds is ticket-folds.ts and definitions.ts; this class
// joins them and places what commits decide: evidence where its commit is, merged where a tip is.

import { DitError } from '../../errors.js';
import type { TicketEntry } from '../../model/entries/index.js';
import type { Loaded } from '../../model/entry-file.js';
import { MIN_PREFIX, prefixMatches, shortId } from '../../model/ids.js';
import type { LabelDef, LabelDefEntry } from '../../model/label-def.js';
import { readRef, type TicketRef } from '../../model/mentions.js';
import type { Milestone, MilestoneEntry } from '../../model/milestone.js';
import { settleRef } from '../../model/origins.js';
import { mergedOnBranch } from '../../model/patchsets.js';
import type { Summary, Ticket } from '../../model/ticket.js';
import { definitionEntries, definitions, LABELS, MILESTONES } from './definitions.js';
import { withOriginHint } from './id-hints.js';
import { resolvePrefix } from './id-resolution.js';
import { containsTip, type MergedTips, mergedTips } from './merged.js';
import { ViewSources } from './sources.js';
import * as folds from './ticket-folds.js';
import { type Plan, planView, syncView } from './view-index.js';

export { type Resolution, type ViewDeps, ViewSources, type ViewSpec } from './sources.js';

/** What a typed id says when it is more than a hex prefix: a number (and maybe a prefix), a habit, a URL. */
function typedRef(typed: string): TicketRef | null {
  const body = typed.replace(/^#/, '');
  if (/^\d{1,9}$/.test(body)) return { number: Number(body), ...(body.length >= MIN_PREFIX ? { prefix: body } : {}) };
  if (/^(?:ticket|issue|gh)-\d{1,9}$/i.test(typed) || /^https?:\/\//i.test(typed)) return readRef(typed);
  return null;
}

/** How an imported ticket's original number is written: `gitblit#42`. */
const ORIGIN = /^[a-z][a-z0-9-]*#(?:\d+|[0-9a-f]{4,64})$/i;

/** Each view's plan, by what the view and its forks share (sources.ts' Found). */
const plans = new WeakMap<object, Promise<Plan>>();

export class View extends ViewSources {
  private mergedP: Promise<MergedTips> | null = null;

  /**
   * The same view with its own warnings: what it has read is shared, what it warns about is not.
   * A server hands each request a fork, so a request's answer carries the warnings it met, once.
   */
  fork(): View {
    return new View(this.deps, this.spec, this.headCommit, this.found);
  }

  protected originPairs(): Promise<[string, string][]> {
    return folds.originPairs(this);
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
          `no imported ticket had the number ${ref.number}${ref.system ? ` in ${ref.system}` : ''} ` +
            `in ${this.label}; \`dit ls --all\` lists tickets with their origins`,
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
      `${typed} names ${candidates.length} tickets: ${shown.join(', ')}; give more characters of a dit id, or ` +
        `name an imported ticket as system#number (\`dit show ${[...originOf.values()][0] ?? `gitblit#${n}`}\`) or ticket-${n}`,
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

  // ---- evidence placed ----------------------------------------------------------------------------

  /** The commits a ticket's closing statuses name (its evidence), wherever they are. */
  async evidenceOf(id: string): Promise<string[]> {
    return (await folds.stateById(this, id))?.evidence ?? [];
  }

  /**
   * What the view's rows in the derived store are to hold: its key, the evidence commits it lacks and the
   * tickets merged in it, worked out from the tickets that changed since the store last saw it
   * (view-index.ts). Made once per view object.
   */
  plan(): Promise<Plan> {
    let plan = plans.get(this.found);
    if (!plan) {
      plan = this.deps.derived.guard((index) => planView(this, index));
      plans.set(this.found, plan);
    }
    return plan;
  }

  /** The evidence commits of the view's tickets that its history lacks. */
  private async absent(): Promise<Set<string>> {
    return (await this.plan()).absent;
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

  /**
   * Every ticket's summary, newest first, from the derived store: only tickets that changed since the
   * store last saw this view are folded (view-index.ts).
   */
  summaries(): Promise<Summary[]> {
    return this.deps.derived.guard(() =>
      syncView(this, this.deps.derived, (index, name) => {
        this.note(index.warnings(name));
        return index.summaries(name);
      }),
    );
  }

  /** Kept patchset tips and which of them the view's commit contains (see merged.ts). */
  merged(): Promise<MergedTips> {
    this.mergedP ??= mergedTips(this);
    return this.mergedP;
  }

  /** The tickets merged in this view by their kept tips (for index keys and releases). */
  async mergedIds(): Promise<Set<string>> {
    return (await this.plan()).merged;
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
    return (await this.plan()).key;
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
