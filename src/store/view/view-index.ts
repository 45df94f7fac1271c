// Keeps a view's tickets in the derived store current (cache/derived.ts): after a write, a commit or a
// fetch only the tickets that changed are looked at, found by comparing folders (git diff-tree) with what
// the store last saw, never by listing every ticket. A first build, or a view never indexed, folds all.
// Over 300 lines: bringing a view up to date is one algorithm (compare folders, fold what changed, write rows) read
// top to bottom.
import { createHash } from 'node:crypto';
import { isOpen } from '../../model/fields.js';
import type { CommitEvent } from '../../model/fold.js';
import { mergedOnBranch } from '../../model/patchsets.js';
import type { Ticket } from '../../model/ticket.js';
import { docFromTicket } from '../../query/doc.js';
import { indexDoc } from '../../query/sql.js';
import type { IndexDoc, NullDoc, SearchIndex } from '../../query/sqlite-index.js';
import { type Derived, packTicket } from '../cache/derived.js';
import { treeIds } from '../cache/file-cache.js';
import { mapLimit } from '../limit.js';
import { DIT_DIR, type JournalParts } from './journals.js';
import { containsTip, type MergedTips, mergedKey } from './merged.js';
import type { ViewSources } from './sources.js';
import { type Folded, foldJournals, foldKey, viewKey as foldsViewKey } from './ticket-folds.js';

/** What the derived store reads of a view (view.ts' View; named here so the two files do not import each other). */
export interface IndexedView extends ViewSources {
  viewKey(): Promise<string>;
  merged(): Promise<MergedTips>;
  /** The view's plan, made once per view object (see planView). */
  plan(): Promise<Plan>;
}

/**
 * The name a view's membership is kept under: one per branch (and one for the working tree), and apart
 * for a view that reads less than its revision sees (`scope`: releases' code-only views), whose rows for
 * the same tickets differ.
 */
export const viewName = (view: Pick<ViewSources, 'spec' | 'deps'>): string =>
  (view.spec.kind === 'worktree' ? 'worktree' : `rev:${view.spec.rev}`) +
  (view.deps.scope ? `@${view.deps.scope}` : '');

/**
 * What the store knows of a ticket that has evidence or a patchset: every commit its closing statuses
 * name (a fold keeps them all, whatever the view lacks), its current patchset's tip, and whether its
 * status, evidence placed and before any merge, is open. Kept in the view's state so that the evidence
 * a view lacks, and what is merged in it, are worked out from the tickets that changed alone.
 */
type Facts = [evidence: string, tip: string | null, open: 0 | 1];

/** What a view's key was made of, per ticket where it matters: compared with the next key's to find what changed. */
interface ViewState {
  v: 1;
  /** The `tickets` tree of each source: `.dit` for the branch, a ref for each shared journal (null: none). */
  trees: Record<string, string | null>;
  /** Staged files per ticket, as names and blob ids. */
  overlay: Record<string, string>;
  /** Commits naming each ticket, as its fold key lists them. */
  events: Record<string, string>;
  /** Tickets merged in the view (their fold keys say so). */
  merged: string[];
  /** Per ticket, the evidence commits the view lacks (their fold keys say so). */
  absent?: Record<string, string>;
  /** Per ticket with evidence or a patchset tip (states written before it are read from the rows). */
  facts?: Record<string, Facts>;
}

/**
 * What a view's rows are to hold, worked out from the last state the store saw of the view (or of
 * another view, for one never indexed) and the tickets that changed since: never by folding every ticket.
 */
export interface Plan {
  key: string;
  state: ViewState;
  /** The view's own stored state this was worked out against (its rows hold it); null: none. */
  ownText: string | null;
  /** Tickets whose rows may differ from the view's own rows; null: any (a view never indexed, or many changed). */
  targets: Set<string> | null;
  /** Every ticket's journal, when it was listed (many changed). */
  journals: Map<string, JournalParts> | null;
  /** Folds of changed tickets without the view's lacking evidence, kept for the rows that lack none. */
  fresh: Map<string, Folded>;
  events: Map<string, CommitEvent[]>;
  /** The view's evidence commits that its history lacks, all and per ticket; tickets merged in it. */
  absent: Set<string>;
  lacking: Map<string, Set<string>>;
  merged: Set<string>;
}

const HEX40 = /^[0-9a-f]{40}$/;
/** More changed tickets than this are found by one listing of the view instead of a lookup each. */
const LOOKUP_LIMIT = 2000;
const NONE: ReadonlyMap<string, ReadonlySet<string>> = new Map();

/**
 * Brings the view's rows up to date and answers `read` from them. One bring-up-to-date runs per name at a
 * time, and `read` runs in the same turn as the check that the rows are this view's: two views sharing a
 * name with different keys (a server's requests before and after a write) each read their own rows,
 * never the other's. `progress` hears about long rebuilds (the first build folds every ticket).
 */
export async function syncView<T>(
  view: IndexedView,
  derived: Derived,
  read: (index: SearchIndex, name: string) => T,
  progress: (done: number, total: number) => void = () => {},
): Promise<T> {
  const name = viewName(view);
  const key = await view.viewKey();
  for (;;) {
    const running = derived.syncing.get(name);
    if (running) {
      await running.catch(() => {}); // its error is its caller's; this view asks afresh
      continue;
    }
    const index = derived.open();
    if (index.viewRow(name)?.key === key) {
      noteQuickState(view, index, name, key);
      return read(index, name);
    }
    const mine = view
      .plan()
      .then((plan) => bringUpToDate(view, index, name, plan, progress))
      .finally(() => derived.syncing.delete(name));
    derived.syncing.set(name, mine);
    await mine;
  }
}

/**
 * Notes git's state beside the working tree's view when it was answered with nothing to warn about,
 * so the next `dit ls` or `dit show` in that state can be answered from the rows alone (cli/quick.ts).
 * The state is the one read when the store opened, and must still be it: a change meanwhile (or one too
 * recent to tell, a null stamp) notes nothing.
 */
function noteQuickState(view: IndexedView, index: SearchIndex, name: string, key: string): void {
  const opened = view.deps.stamp?.();
  if (view.spec.kind !== 'worktree' || !opened || view.warnings.length) return;
  if (index.warnings(name).length || view.deps.stamp?.(true) !== opened) return;
  index.setStamp(name, opened, key);
}

async function bringUpToDate(
  view: IndexedView,
  index: SearchIndex,
  name: string,
  plan: Plan,
  progress: (done: number, total: number) => void,
): Promise<void> {
  // another process (or request) brought the rows on since the plan was made: plan again from them
  if ((index.viewRow(name)?.state ?? null) !== plan.ownText) plan = await planView(view, index);
  const { targets, events, merged, lacking } = plan;
  let keys: Map<string, string>;
  let parts: Map<string, JournalParts>;
  let current: Map<string, string | null>;
  let removed: string[];
  if (targets && targets.size <= LOOKUP_LIMIT) {
    // a few tickets changed: look each up by path
    const found = await mapLimit(
      [...targets],
      64,
      async (id) => plan.journals?.get(id) ?? (await view.partsOf('tickets', id)),
    );
    parts = new Map(found.filter((p): p is JournalParts => !!p).map((p) => [p.id, p]));
    keys = new Map([...parts.values()].map((p) => [p.id, keyOf(p, events, merged, lacking)]));
    current = index.memberKeys(name, [...targets]);
    removed = [...targets].filter((id) => !parts.has(id) && current.get(id));
  } else {
    parts = plan.journals ?? (await view.journalsOf('tickets'));
    keys = new Map([...parts.values()].map((p) => [p.id, keyOf(p, events, merged, lacking)]));
    current = index.members(name);
    removed = [...current.keys()].filter((id) => !keys.has(id));
  }
  const changed = [...keys].filter(([id, k]) => current.get(id) !== k);
  const missing = index.missing(changed.map(([, k]) => k));
  const need = changed.filter(([id, k]) => missing.has(k) && !(plan.fresh.has(id) && !lacking.has(id)));
  // the first build folds every ticket: worth a progress line on a terminal
  const step = need.length >= 500 ? view.deps.progress?.('building the search index', 'tickets') : null;
  step?.update(0, need.length);
  const folded = await foldJournals(
    view,
    need.map(([id]) => parts.get(id)!),
    lacking,
    (done) => {
      progress(done, need.length);
      step?.update(done, need.length);
    },
  );
  step?.end();
  const m = await view.merged();
  const docs: IndexDoc[] = [];
  const nulls: NullDoc[] = [];
  for (const [id, k] of changed) {
    if (!missing.has(k)) continue; // its fold is in the index already
    const f = folded.get(id) ?? plan.fresh.get(id);
    if (!f) continue;
    let t: Ticket | null = f.ticket;
    if (t?.current && containsTip(m, t.current.tip, t.status)) t = mergedOnBranch(t, t.current);
    // a signed ticket's entries are named beside it: the quick path prints their verdicts when it has them all
    if (t)
      docs.push({ ...indexDoc(k, docFromTicket(t)), warnings: f.warnings, ticket: packTicket(t), signed: f.signed });
    else nulls.push({ key: k, warnings: f.warnings });
  }
  index.update(name, plan.key, new Map(changed), removed, docs, nulls, JSON.stringify(plan.state));
  plan.fresh.clear(); // the folds were for these rows; a long-lived view need not hold them
}

// merged on this branch, and evidence it lacks, are part of what the store holds for the ticket
const keyOf = (
  p: JournalParts,
  events: ReadonlyMap<string, CommitEvent[]>,
  merged: ReadonlySet<string>,
  lacking: ReadonlyMap<string, ReadonlySet<string>>,
) => foldKey(p, events.get(p.id) ?? [], lacking.get(p.id)) + (merged.has(p.id) ? '|merged' : '');

/** What the view reads (trees, staged files, commits naming tickets), before evidence and merges are placed. */
async function baseState(view: IndexedView) {
  const [roots, events] = await Promise.all([view.roots(), view.events()]);
  const trees: Record<string, string | null> = { [DIT_DIR]: roots.code.tickets ?? null };
  for (const j of roots.journals) trees[j.ref] = j.trees.tickets ?? null;
  const overlay: Record<string, string> = {};
  for (const [id, files] of roots.overlay.get('tickets') ?? []) {
    const h = createHash('sha1');
    for (const [file, f] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) h.update(`${file}=${f.key ?? '-'}|`);
    overlay[id] = h.digest('hex');
  }
  const named: Record<string, string> = {};
  for (const [id, list] of events) if (list.length) named[id] = list.map((e) => e.commit).join(',');
  return { trees, overlay, events: named, eventMap: events };
}

/** Folds tickets for a plan; many (a first build) are worth a progress line on a terminal. */
async function foldShowing(view: IndexedView, parts: JournalParts[]): Promise<Map<string, Folded>> {
  const step = parts.length >= 500 ? view.deps.progress?.('building the search index', 'tickets') : null;
  step?.update(0, parts.length);
  const folded = await foldJournals(view, parts, NONE, (done) => step?.update(done, parts.length));
  step?.end();
  return folded;
}

/**
 * Works out the view's key and what its rows are to hold. The evidence of the tickets that did not
 * change since the store last saw the view (or, for a view never indexed, another view) comes from
 * that state; only changed tickets are folded, once without the evidence the view lacks (their facts)
 * and again with it where they lack some.
 */
export async function planView(view: IndexedView, index: SearchIndex): Promise<Plan> {
  const name = viewName(view);
  const ownText = index.viewRow(name)?.state ?? null;
  const own = ownText ? readState(ownText) : null;
  const [base, m, viewKey] = await Promise.all([baseState(view), view.merged(), foldsViewKey(view)]);
  // a view never indexed starts from another view's state: a branch differs from main in a few tickets
  const from = own ? { name, state: own } : otherState(index, name);
  const fromFacts = from ? (from.state.facts ?? index.facts(from.name)) : null;
  let changed = from ? await changedIds(view, from.state, base) : null;
  let journals: Map<string, JournalParts> | null = null;
  let fresh: Map<string, Folded>;
  if (changed && changed.size <= LOOKUP_LIMIT) {
    const found = await mapLimit([...changed], 64, (id) => view.partsOf('tickets', id));
    fresh = await foldShowing(
      view,
      found.filter((p): p is JournalParts => !!p),
    );
  } else {
    journals = await view.journalsOf('tickets');
    const all = [...journals.values()];
    if (changed && fromFacts) {
      const ids = changed;
      fresh = await foldShowing(
        view,
        all.filter((p) => ids.has(p.id)),
      );
    } else {
      changed = null;
      fresh = await foldShowing(view, all);
    }
  }
  const facts: Record<string, Facts> = {};
  if (changed && fromFacts) for (const [id, f] of Object.entries(fromFacts)) if (!changed.has(id)) facts[id] = f;
  for (const [id, f] of fresh) {
    const t = f.ticket;
    if (t && (t.evidence.length || t.current?.tip))
      facts[id] = [t.evidence.join(','), t.current?.tip ?? null, isOpen(t.status) ? 1 : 0];
  }
  const all = new Set<string>();
  for (const [e] of Object.values(facts)) for (const c of e ? e.split(',') : []) all.add(c);
  const absent = await view.absentOf([...all]);
  const lacking = new Map<string, Set<string>>();
  const absentRec: Record<string, string> = {};
  if (absent.size)
    for (const [id, [e]] of Object.entries(facts)) {
      const mine = e.split(',').filter((c) => absent.has(c));
      if (!mine.length) continue;
      lacking.set(id, new Set(mine));
      absentRec[id] = mine.sort().join(',');
    }
  // where a ticket's lacking evidence changed, its status (open or not) is folded again with it
  const old = from?.state.absent ?? {};
  const placed = Object.keys(facts).filter(
    (id) => facts[id]![1] && (changed === null || changed.has(id) ? lacking.has(id) : old[id] !== absentRec[id]),
  );
  for (const [id, f] of await foldJournals(
    view,
    (await mapLimit(placed, 64, async (id) => journals?.get(id) ?? (await view.partsOf('tickets', id)))).filter(
      (p): p is JournalParts => !!p,
    ),
    lacking,
  ))
    if (f.ticket) facts[id] = [facts[id]![0], facts[id]![1], isOpen(f.ticket.status) ? 1 : 0];
  const merged = new Set<string>();
  if (m.reachable.size)
    for (const [id, [, tip, open]] of Object.entries(facts))
      if (m.tickets.has(id) && tip && open && m.commit && m.reachable.has(tip)) merged.add(id);
  const state: ViewState = {
    v: 1,
    trees: base.trees,
    overlay: base.overlay,
    events: base.events,
    merged: [...merged].sort(),
    absent: absentRec,
    facts,
  };
  // the rows to look at: changed tickets, and those whose lacking evidence or merged state changed
  let targets: Set<string> | null = null;
  if (own && changed) {
    targets = new Set(changed);
    const differ = (x: Record<string, string>, y: Record<string, string>) => {
      for (const id of new Set([...Object.keys(x), ...Object.keys(y)])) if (x[id] !== y[id]) targets!.add(id);
    };
    differ(own.absent ?? {}, absentRec);
    const was = new Set(own.merged);
    for (const id of was) if (!merged.has(id)) targets.add(id);
    for (const id of merged) if (!was.has(id)) targets.add(id);
  }
  const lackingKey = absent.size
    ? createHash('sha1')
        .update([...absent].sort().join(','))
        .digest('hex')
        .slice(0, 16)
    : '';
  const key = [viewKey, mergedKey(m).slice(0, 16), lackingKey].filter(Boolean).join('-');
  return {
    key,
    state,
    ownText,
    targets,
    journals,
    fresh,
    events: base.eventMap,
    absent,
    lacking,
    merged,
  };
}

/** The state of another indexed view to start a new one from: the working tree's, else the newest. */
function otherState(index: SearchIndex, name: string): { name: string; state: ViewState } | null {
  for (const [other, text] of index.states()) {
    if (other === name || !text) continue;
    const state = readState(text);
    if (state) return { name: other, state };
  }
  return null;
}

function readState(text: string): ViewState | null {
  try {
    const s = JSON.parse(text) as ViewState;
    return s?.v === 1 && typeof s.trees === 'object' && typeof s.overlay === 'object' && typeof s.events === 'object'
      ? s
      : null;
  } catch {
    return null;
  }
}

/**
 * The tickets whose journals, staged files or naming commits may differ between two states of a view;
 * null when an old folder can no longer be read (hg's folder listings under .hg/dit/ gone): then the
 * whole view is indexed again.
 */
async function changedIds(
  view: IndexedView,
  old: Pick<ViewState, 'trees' | 'overlay' | 'events'>,
  now: Pick<ViewState, 'trees' | 'overlay' | 'events'>,
): Promise<Set<string> | null> {
  const ids = new Set<string>();
  const { vcs, idLists } = view.deps;
  for (const src of new Set([...Object.keys(old.trees), ...Object.keys(now.trees)])) {
    const a = old.trees[src] ?? null;
    const b = now.trees[src] ?? null;
    if (a === b) continue;
    if (a && !(await vcs.knowsDir(a))) return null;
    const names =
      a && b ? (view.deps.written?.(a, b) ?? (await vcs.changedNames(a, b))) : await treeIds(vcs, idLists, (a ?? b)!);
    for (const n of names) ids.add(n);
  }
  const differ = (x: Record<string, string>, y: Record<string, string>) => {
    for (const id of new Set([...Object.keys(x), ...Object.keys(y)])) if (x[id] !== y[id]) ids.add(id);
  };
  differ(old.overlay, now.overlay);
  differ(old.events, now.events);
  return new Set([...ids].filter((id) => HEX40.test(id)));
}
