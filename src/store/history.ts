// Derived events from history: which commits reachable from a tip name tickets, scanned incrementally.
import { commitsNamingTickets } from '../git/log.js';
import { isAncestor } from '../git/refs.js';
import type { Git } from '../git/repo.js';
import { parseCommitMessage, revertedCommit, type MessageRef } from '../model/mentions.js';
import type { CommitEvent } from '../model/fold.js';
import { isRecord, readCache, writeCache } from './cache.js';

/** What one commit message says, parsed once and remembered forever (commits never change). */
export interface Mention {
  commit: string;
  time: string;
  author: { name: string; email: string };
  summary: string;
  refs: MessageRef[];
  reverts: string | null;
}

interface HistoryCache {
  commits: Record<string, Mention>;
  /** For each scanned tip, the mention commits reachable from it. */
  tips: Record<string, string[]>;
  /** The last tip scanned for each ref name: usually the closest ancestor of that ref's next tip. */
  refs?: Record<string, string>;
}

/** Bump when message parsing changes, so remembered parses are redone. */
const FILE = 'history-v2.json';
const MAX_TIPS = 200;

export class History {
  private cache: HistoryCache | null = null;
  private loading: Promise<HistoryCache> | null = null;
  private dirty = false;
  constructor(private readonly git: Git, private readonly dir: string) {}

  /** One read however many views ask at once, so no view's scan overwrites another's. */
  private load(): Promise<HistoryCache> {
    this.loading ??= readCache(this.dir, FILE, (d): d is HistoryCache => isRecord(d) && isRecord(d.commits) && isRecord(d.tips))
      .then((c) => (this.cache = c ?? { commits: {}, tips: {} }));
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
      const candidates = [...new Set([...(previous ? [previous] : []), ...Object.keys(cache.tips).slice(-3).reverse(), ...hints])];
      for (const h of candidates) {
        if (h !== tip && cache.tips[h] && (await isAncestor(this.git, h, tip))) { base = h; break; }
      }
      const fresh = await commitsNamingTickets(this.git, tip, base ? [base] : []);
      for (const c of fresh) {
        const firstLine = c.message.split('\n', 1)[0] ?? '';
        cache.commits[c.commit] = {
          commit: c.commit, time: c.time, author: c.author, summary: firstLine.slice(0, 200),
          refs: parseCommitMessage(c.message), reverts: revertedCommit(c.message),
        };
      }
      ids = [...fresh.map((c) => c.commit), ...(base ? cache.tips[base]! : [])];
      delete cache.tips[tip];
      cache.tips[tip] = ids;
      const tips = Object.keys(cache.tips);
      for (const old of tips.slice(0, Math.max(0, tips.length - MAX_TIPS))) delete cache.tips[old];
      this.dirty = true;
    }
    if (ref && cache.refs[ref] !== tip) { cache.refs[ref] = tip; this.dirty = true; }
    return ids.map((id) => cache.commits[id]).filter((m): m is Mention => m !== undefined);
  }

  async save(): Promise<void> {
    if (!this.dirty || !this.cache) return;
    const live = new Set(Object.values(this.cache.tips).flat());
    for (const [ref, tip] of Object.entries(this.cache.refs ?? {})) if (!this.cache.tips[tip]) delete this.cache.refs![ref];
    for (const id of Object.keys(this.cache.commits)) if (!live.has(id)) delete this.cache.commits[id];
    await writeCache(this.dir, FILE, this.cache);
    this.dirty = false;
  }
}

/**
 * Turns mention commits into per-ticket events. A revert cancels the commit it reverts (a revert of
 * a revert restores it), and a revert's own message, which quotes the original, says nothing.
 */
export function eventsByTicket(mentions: readonly Mention[], resolve: (prefix: string) => string | null): Map<string, CommitEvent[]> {
  const byShort = new Map<string, Mention[]>();
  for (const m of mentions) byShort.set(m.commit.slice(0, 7), [...(byShort.get(m.commit.slice(0, 7)) ?? []), m]);
  const revertsOf = new Map<string, Mention[]>();
  for (const r of mentions) {
    if (r.reverts === null) continue;
    for (const target of byShort.get(r.reverts.slice(0, 7)) ?? []) {
      if (target.commit.startsWith(r.reverts)) revertsOf.set(target.commit, [...(revertsOf.get(target.commit) ?? []), r]);
    }
  }
  const cancelled = new Map<string, boolean>();
  const isCancelled = (m: Mention): boolean => {
    let known = cancelled.get(m.commit);
    if (known === undefined) {
      cancelled.set(m.commit, false); // guards against a cycle, which hashes make impossible anyway
      known = (revertsOf.get(m.commit) ?? []).some((r) => !isCancelled(r));
      cancelled.set(m.commit, known);
    }
    return known;
  };
  const out = new Map<string, CommitEvent[]>();
  for (const m of [...mentions].reverse()) { // oldest first, so events keep history order
    if (m.reverts !== null || isCancelled(m)) continue;
    for (const ref of m.refs) {
      const id = resolve(ref.prefix);
      if (!id) continue;
      const list = out.get(id) ?? [];
      list.push({ commit: m.commit, time: m.time, author: m.author, summary: m.summary, action: ref.action });
      out.set(id, list);
    }
  }
  return out;
}
