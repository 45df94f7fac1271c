// Keeps a view's tickets in the derived store current (cache/derived.ts): after a write, a commit or a
// fetch only the tickets that changed are looked at, found by comparing folders (git diff-tree) with what
// the store last saw, never by listing every ticket. A first build, or a view never indexed, folds all.
import { createHash } from 'node:crypto';
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
import { containsTip, type MergedTips } from './merged.js';
import { foldJournals, foldKey } from './ticket-folds.js';
import type { ViewSources } from './sources.js';

/** What the derived store reads of a view (view.ts' View; named here so the two files do not import each other). */
export interface IndexedView extends ViewSources {
  viewKey(): Promise<string>;
  merged(): Promise<MergedTips>;
  mergedIds(): Promise<Set<string>>;
  lacking(): Promise<Map<string, Set<string>>>;
}

/**
 * The name a view's membership is kept under: one per branch (and one for the working tree), and apart
 * for a view that reads less than its revision sees (`scope`: releases' code-only views), whose rows for
 * the same tickets differ.
 */
export const viewName = (view: IndexedView): string =>
  (view.spec.kind === 'worktree' ? 'worktree' : `rev:${view.spec.rev}`) +
  (view.deps.scope ? `@${view.deps.scope}` : '');

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
}

const HEX40 = /^[0-9a-f]{40}$/;
/** More changed tickets than this are found by one listing of the view instead of a lookup each. */
const LOOKUP_LIMIT = 2000;

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
    const mine = bringUpToDate(view, index, name, key, progress).finally(() => derived.syncing.delete(name));
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
  key: string,
  progress: (done: number, total: number) => void,
): Promise<void> {
  const row = index.viewRow(name);
  const [state, events, merged, lacking] = await stateOf(view);
  const old = row?.state ? readState(row.state) : null;
  const ids = old ? await changedIds(view, old, state) : null;
  let keys: Map<string, string>;
  let parts: Map<string, JournalParts>;
  let current: Map<string, string | null>;
  let removed: string[];
  if (ids && ids.size <= LOOKUP_LIMIT) {
    // a few tickets changed: look each up by path
    const found = await mapLimit([...ids], 64, async (id) => view.partsOf('tickets', id));
    parts = new Map(found.filter((p): p is JournalParts => !!p).map((p) => [p.id, p]));
    keys = new Map([...parts.values()].map((p) => [p.id, keyOf(p, events, merged, lacking)]));
    current = index.memberKeys(name, [...ids]);
    removed = [...ids].filter((id) => !parts.has(id) && current.get(id));
  } else {
    parts = await view.journalsOf('tickets');
    keys = new Map([...parts.values()].map((p) => [p.id, keyOf(p, events, merged, lacking)]));
    current = index.members(name);
    removed = [...current.keys()].filter((id) => !keys.has(id));
  }
  const changed = [...keys].filter(([id, k]) => current.get(id) !== k);
  const missing = index.missing(changed.map(([, k]) => k));
  const need = changed.filter(([, k]) => missing.has(k)).map(([id]) => parts.get(id)!);
  // the first build folds every ticket: worth a progress line on a terminal
  const step = need.length >= 500 ? view.deps.progress?.('building the search index', 'tickets') : null;
  step?.update(0, need.length);
  const folded = await foldJournals(view, need, lacking, (done) => {
    progress(done, need.length);
    step?.update(done, need.length);
  });
  step?.end();
  const m = await view.merged();
  const docs: IndexDoc[] = [];
  const nulls: NullDoc[] = [];
  for (const [id, k] of changed) {
    const f = folded.get(id);
    if (!f) continue; // its fold is in the index already
    let t: Ticket | null = f.ticket;
    if (t?.current && containsTip(m, t.current.tip, t.status)) t = mergedOnBranch(t, t.current);
    // a signed ticket's page carries verdicts: `dit show` of it goes to the whole CLI, which has the keys
    if (t)
      docs.push({ ...indexDoc(k, docFromTicket(t)), warnings: f.warnings, ticket: f.signed ? null : packTicket(t) });
    else nulls.push({ key: k, warnings: f.warnings });
  }
  index.update(name, key, new Map(changed), removed, docs, nulls, JSON.stringify(state));
}

// merged on this branch, and evidence it lacks, are part of what the store holds for the ticket
const keyOf = (
  p: JournalParts,
  events: ReadonlyMap<string, CommitEvent[]>,
  merged: ReadonlySet<string>,
  lacking: ReadonlyMap<string, ReadonlySet<string>>,
) => foldKey(p, events.get(p.id) ?? [], lacking.get(p.id)) + (merged.has(p.id) ? '|merged' : '');

async function stateOf(view: IndexedView) {
  const [roots, events, merged, lacking] = await Promise.all([
    view.roots(),
    view.events(),
    view.mergedIds(),
    view.lacking(),
  ]);
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
  const absent: Record<string, string> = {};
  for (const [id, commits] of lacking) absent[id] = [...commits].sort().join(',');
  const state: ViewState = { v: 1, trees, overlay, events: named, merged: [...merged].sort(), absent };
  return [state, events, merged, lacking] as const;
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
 * The tickets whose fold keys may differ between two states of a view; null when an old folder can no
 * longer be read (hg's folder listings under .hg/dit/ gone): then the whole view is indexed again.
 */
async function changedIds(view: IndexedView, old: ViewState, now: ViewState): Promise<Set<string> | null> {
  const ids = new Set<string>();
  const { vcs, idLists } = view.deps;
  for (const src of new Set([...Object.keys(old.trees), ...Object.keys(now.trees)])) {
    const a = old.trees[src] ?? null;
    const b = now.trees[src] ?? null;
    if (a === b) continue;
    if (a && !(await vcs.knowsDir(a))) return null;
    const names = a && b ? await vcs.changedNames(a, b) : await treeIds(vcs, idLists, (a ?? b)!);
    for (const n of names) ids.add(n);
  }
  const differ = (x: Record<string, string>, y: Record<string, string>) => {
    for (const id of new Set([...Object.keys(x), ...Object.keys(y)])) if (x[id] !== y[id]) ids.add(id);
  };
  differ(old.overlay, now.overlay);
  differ(old.events, now.events);
  differ(old.absent ?? {}, now.absent ?? {});
  const was = new Set(old.merged);
  const is = new Set(now.merged);
  for (const id of was) if (!is.has(id)) ids.add(id);
  for (const id of is) if (!was.has(id)) ids.add(id);
  return new Set([...ids].filter((id) => HEX40.test(id)));
}
