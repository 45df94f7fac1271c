// Derived events from history: which commits reachable from a tip name tickets, scanned incrementally.
// Over 300 lines: the incremental history scan and its cache file are one algorithm with one on-disk format.
import { createHash } from 'node:crypto';
import { DISK } from '../../caches.js';
import type { CommitEvent } from '../../model/fold.js';
import {
  type MessageRef,
  parseCommitMessage,
  pickedFrom,
  revertedCommit,
  revertedMerge,
} from '../../model/mentions.js';
import type { CommitMessage, Vcs } from '../../vcs/port.js';
import { type Progress, SILENT } from '../progress.js';
import { isRecord, readCache, writeCache } from './json-file.js';

/** A commit a revert undoes: its id, and its patch key (to find its cherry-picks on other branches). */
export interface Undo {
  commit: string;
  key: string | null;
}

/** What one commit message says, parsed once and remembered forever (commits never change). */
export interface Mention {
  commit: string;
  time: string;
  author: { name: string; email: string };
  summary: string;
  refs: MessageRef[];
  reverts: string | null;
  /** Author, author time and subject, hashed: the same for a commit and its cherry-picks. */
  key: string;
  /** The commit `cherry-pick -x` says this one was picked from. */
  picked: string | null;
  /** For a revert, what it undoes: the reverted commit, or for a merge revert every commit the merge brought in. */
  undoes?: Undo[];
  /** For a merge revert, the merge. */
  merge?: string;
  /** For a revert, the tickets whose committed close entries it deleted (the tree says the rest). */
  closes?: string[];
}

interface HistoryCache {
  commits: Record<string, Mention>;
  /** For each scanned tip, the mention commits reachable from it. */
  tips: Record<string, string[]>;
  /** The last tip scanned for each ref name: usually the closest ancestor of that ref's next tip. */
  refs?: Record<string, string>;
}

/** Bump when message parsing changes, so remembered parses are redone. */
const FILE = 'history-v5.json';
const MAX_TIPS = DISK.history.entries;

/** The patch key: what a cherry-pick or rebase keeps of a commit (author, author time, subject). */
export function patchKey(email: string, authorTime: string, subject: string): string {
  return createHash('sha1').update(`${email}\n${authorTime}\n${subject}`).digest('hex').slice(0, 16);
}

/**
 * Parses freshly read commits into mentions. A revert also records what it undoes: the reverted commit
 * (read once for its patch key), or for a revert of a merge every mention commit that merge brought in.
 */
export async function toMentions(vcs: Vcs, fresh: readonly CommitMessage[]): Promise<Mention[]> {
  return Promise.all(
    fresh.map(async (c) => {
      const firstLine = c.message.split('\n', 1)[0] ?? '';
      const m: Mention = {
        commit: c.commit,
        time: c.time,
        author: c.author,
        summary: firstLine.slice(0, 200),
        refs: parseCommitMessage(c.message),
        reverts: revertedCommit(c.message),
        key: patchKey(c.author.email, c.authorTime, firstLine),
        picked: pickedFrom(c.message),
      };
      if (m.reverts === null) return m;
      const closes = await closesDeleted(vcs, c.commit);
      if (closes.length) m.closes = closes;
      const merge = revertedMerge(c.message);
      if (merge) {
        m.merge = merge.merge;
        const brought = await vcs.commitsNamingTickets(merge.merge, [merge.kept]).catch(() => []);
        m.undoes = brought.map((b) => ({
          commit: b.commit,
          key: patchKey(b.author.email, b.authorTime, b.message.split('\n', 1)[0] ?? ''),
        }));
        if (!m.undoes.some((u) => u.commit.startsWith(merge.merge))) m.undoes.push({ commit: merge.merge, key: null });
      } else {
        const target = await vcs.readCommit(m.reverts).catch(() => null);
        m.undoes = [
          {
            commit: target?.commit ?? m.reverts,
            key: target
              ? patchKey(target.author.email, target.authorTime, target.message.split('\n', 1)[0] ?? '')
              : null,
          },
        ];
      }
      return m;
    }),
  );
}

/** Tickets whose closing status entries a commit deletes from `.dit/tickets/` (read from its parent). */
async function closesDeleted(vcs: Vcs, commit: string): Promise<string[]> {
  const paths = await vcs.deletedPaths(commit, '.dit/tickets/').catch(() => []);
  const found = new Set<string>();
  await Promise.all(
    paths.map(async (path) => {
      const id = path.split('/')[2];
      if (!id || found.has(id)) return;
      const data = await vcs.fileAt(commit, path, true).catch(() => null);
      try {
        const e = JSON.parse(data?.toString('utf8') ?? 'null') as { kind?: unknown; status?: unknown } | null;
        if (e?.kind === 'status' && typeof e.status === 'string' && e.status !== 'new' && e.status !== 'open')
          found.add(id);
      } catch {
        /* not an entry: nothing to say */
      }
    }),
  );
  return [...found].sort();
}

export class History {
  private cache: HistoryCache | null = null;
  private loading: Promise<HistoryCache> | null = null;
  private dirty = false;
  constructor(
    private readonly vcs: Vcs,
    private readonly dir: string,
    /** Where a scan from scratch (the first on a repository) reports how far it got. */
    private readonly progress: () => Progress = () => SILENT,
  ) {}

  /** One read however many views ask at once, so no view's scan overwrites another's. */
  private load(): Promise<HistoryCache> {
    this.loading ??= readCache(
      this.dir,
      FILE,
      (d): d is HistoryCache => isRecord(d) && isRecord(d.commits) && isRecord(d.tips),
    ).then((c) => (this.cache = c ?? { commits: {}, tips: {} }));
    return this.loading;
  }

  /**
   * Mention commits reachable from `tip`, newest first. Only commits no scanned tip can reach are read:
   * the base tried first is the last tip seen for `ref`, then recent tips, then `hints`.
   */
  async mentions(tip: string, hints: readonly string[] = [], ref = ''): Promise<Mention[]> {
    const cache = await this.load();
    cache.refs ??= {};
    let ids = cache.tips[tip];
    if (!ids) {
      let base: string | null = null;
      const previous = cache.refs[ref];
      const candidates = [
        ...new Set([...(previous ? [previous] : []), ...Object.keys(cache.tips).slice(-3).reverse(), ...hints]),
      ];
      for (const h of candidates) {
        if (h !== tip && cache.tips[h] && (await this.vcs.isAncestor(h, tip))) {
          base = h;
          break;
        }
      }
      const fresh = await this.scan(tip, base);
      for (const m of fresh) cache.commits[m.commit] = m;
      ids = [...fresh.map((c) => c.commit), ...(base ? cache.tips[base]! : [])];
      delete cache.tips[tip];
      cache.tips[tip] = ids;
      const tips = Object.keys(cache.tips);
      for (const old of tips.slice(0, Math.max(0, tips.length - MAX_TIPS))) delete cache.tips[old];
      this.dirty = true;
    }
    if (ref && cache.refs[ref] !== tip) {
      cache.refs[ref] = tip;
      this.dirty = true;
    }
    return ids.map((id) => cache.commits[id]).filter((m): m is Mention => m !== undefined);
  }

  /** The mention commits `tip` has that `base` lacks; one git pass, shown as progress when it is the whole history. */
  private async scan(tip: string, base: string | null): Promise<Mention[]> {
    const progress = this.progress();
    if (base || progress === SILENT)
      return toMentions(this.vcs, await this.vcs.commitsNamingTickets(tip, base ? [base] : []));
    const step = progress('scanning history', 'commits');
    // the total is only worth a second git pass when someone watches a terminal
    const counted = this.vcs.countCommits(null, tip).then(
      (n) => step.update(0, n),
      () => {},
    );
    try {
      return await toMentions(this.vcs, await this.vcs.commitsNamingTickets(tip, []));
    } finally {
      await counted;
      step.end();
    }
  }

  async save(): Promise<void> {
    if (!this.dirty || !this.cache) return;
    const live = new Set(Object.values(this.cache.tips).flat());
    for (const [ref, tip] of Object.entries(this.cache.refs ?? {}))
      if (!this.cache.tips[tip]) delete this.cache.refs![ref];
    for (const id of Object.keys(this.cache.commits)) if (!live.has(id)) delete this.cache.commits[id];
    await writeCache(this.dir, FILE, this.cache);
    this.dirty = false;
  }
}

/** A commit that named a ticket and is undone on this branch: by which revert, of which merge (if any). */
export interface Reversal {
  commit: string;
  summary: string;
  action: 'fixes' | 'refs';
  revert: {
    commit: string;
    time: string;
    author: { name: string; email: string };
    summary: string;
    merge: string | null;
  };
}

export interface TicketEvents {
  events: Map<string, CommitEvent[]>;
  /** Per ticket, the commits naming it that a revert undid, newest first. */
  reverted: Map<string, Reversal[]>;
}

/**
 * For a revert among `mentions`, the mentions it undoes: by id, by a cherry-pick's `-x` line, or by patch
 * key (so a revert cherry-picked to a release branch finds the fix cherry-picked there before it).
 */
export function undoneBy(mentions: readonly Mention[]): (revert: Mention) => Set<Mention> {
  const byShort = new Map<string, Mention[]>();
  const byPicked = new Map<string, Mention[]>();
  const byKey = new Map<string, Mention[]>();
  const push = (map: Map<string, Mention[]>, k: string, m: Mention) => {
    const l = map.get(k);
    if (l) l.push(m);
    else map.set(k, [m]);
  };
  for (const m of mentions) {
    push(byShort, m.commit.slice(0, 7), m);
    if (m.picked) push(byPicked, m.picked.slice(0, 7), m);
    push(byKey, m.key, m);
  }
  return (r) => {
    const hit = new Set<Mention>();
    if (r.reverts === null) return hit;
    for (const u of r.undoes ?? [{ commit: r.reverts, key: null }]) {
      const short = u.commit.slice(0, 7);
      for (const t of byShort.get(short) ?? []) if (t.commit.startsWith(u.commit)) hit.add(t);
      for (const t of byPicked.get(short) ?? [])
        if (t.picked!.startsWith(u.commit) || u.commit.startsWith(t.picked!)) hit.add(t);
      if (u.key) for (const t of byKey.get(u.key) ?? []) hit.add(t);
    }
    hit.delete(r);
    return hit;
  };
}

/**
 * Turns mention commits into per-ticket events. A revert cancels what it undoes (a revert of a revert
 * restores it), found by id, by a cherry-pick's `-x` line, or by patch key, so a fix cherry-picked to a
 * release branch is undone there by the revert cherry-picked after it. A revert's own message, which
 * quotes the original, says nothing.
 */
export function eventsByTicket(
  mentions: readonly Mention[],
  resolve: (ref: MessageRef) => string | null,
): TicketEvents {
  const undone = undoneBy(mentions);
  const revertsOf = new Map<string, Mention[]>();
  for (const r of mentions) {
    if (r.reverts === null) continue;
    for (const t of undone(r)) revertsOf.set(t.commit, [...(revertsOf.get(t.commit) ?? []), r]);
  }
  const cancelled = new Map<string, Mention | null>();
  /** The revert that undoes `m` on this branch (itself not undone), or null. */
  const revertOf = (m: Mention): Mention | null => {
    let known = cancelled.get(m.commit);
    if (known === undefined) {
      cancelled.set(m.commit, null); // guards against a cycle, which hashes make impossible anyway
      known = (revertsOf.get(m.commit) ?? []).find((r) => revertOf(r) === null) ?? null;
      cancelled.set(m.commit, known);
    }
    return known;
  };
  const events = new Map<string, CommitEvent[]>();
  const reverted = new Map<string, Reversal[]>();
  for (const m of [...mentions].reverse()) {
    // oldest first, so events keep history order
    if (m.reverts !== null) continue;
    const by = revertOf(m);
    for (const ref of m.refs) {
      const id = resolve(ref);
      if (!id) continue;
      if (by) {
        const list = reverted.get(id) ?? [];
        list.unshift({
          commit: m.commit,
          summary: m.summary,
          action: ref.action,
          revert: { commit: by.commit, time: by.time, author: by.author, summary: by.summary, merge: by.merge ?? null },
        });
        reverted.set(id, list);
        continue;
      }
      const list = events.get(id) ?? [];
      list.push({ commit: m.commit, time: m.time, author: m.author, summary: m.summary, action: ref.action });
      events.set(id, list);
    }
  }
  // a revert that took a close entry out of the tree reopened the ticket there: say so too
  for (const r of mentions) {
    if (!r.closes || revertOf(r) !== null) continue;
    for (const id of r.closes) {
      const list = reverted.get(id) ?? [];
      list.push({
        commit: r.merge ?? r.undoes?.[0]?.commit ?? r.reverts!,
        summary: '(a close entry committed there)',
        action: 'fixes',
        revert: { commit: r.commit, time: r.time, author: r.author, summary: r.summary, merge: r.merge ?? null },
      });
      reverted.set(id, list);
    }
  }
  for (const list of reverted.values())
    list.sort((a, b) => (a.revert.time < b.revert.time ? 1 : a.revert.time > b.revert.time ? -1 : 0));
  return { events, reverted };
}
