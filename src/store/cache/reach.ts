// Which evidence commits (those closing statuses name) each viewed commit's history contains, kept under
// .git/dit/ (.hg/dit/): ancestry never changes, so every answer is kept and only new commits or new evidence cost git.

import { DISK } from '../../caches.js';
import type { Vcs } from '../../vcs/port.js';
import { isRecord, readCache, writeCache } from './json-file.js';

interface ReachCache {
  /** Evidence commits the repository has, in the order first met (indices below point here). */
  ev: string[];
  /** For a viewed commit, one character per evidence commit: `1` in its history, `0` not, `?` not asked yet. */
  at: Record<string, string>;
}

const FILE = 'reach-v1.json';
const MAX = DISK.reach.entries;
/** Fewer unknown commits than this are asked one `merge-base --is-ancestor` each; more, one `rev-list`. */
const ONE_BY_ONE = 3;

export class Reach {
  private loading: Promise<ReachCache> | null = null;
  private index: Map<string, number> | null = null;
  /** Evidence commits this process found missing from the repository (asked again by the next process). */
  private readonly missing = new Set<string>();
  private dirty = false;
  constructor(
    private readonly vcs: Vcs,
    private readonly dir: string,
  ) {}

  private load(): Promise<ReachCache> {
    this.loading ??= readCache(
      this.dir,
      FILE,
      (d): d is ReachCache => isRecord(d) && Array.isArray(d.ev) && isRecord(d.at),
    ).then((c) => {
      const cache = c ?? { ev: [], at: {} };
      this.index = new Map(cache.ev.map((e, i) => [e, i]));
      return cache;
    });
    return this.loading;
  }

  /** Indices of the commits the repository has; one the repository lacks decides nothing anywhere. */
  private async indices(cache: ReachCache, commits: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    await Promise.all(
      [...new Set(commits)].map(async (c) => {
        let i = this.index!.get(c);
        if (i === undefined) {
          if (this.missing.has(c)) return;
          if (!(await this.vcs.hasCommit(c))) {
            this.missing.add(c);
            return;
          }
          i = this.index!.get(c); // another call may have added it meanwhile
          if (i === undefined) {
            i = cache.ev.push(c) - 1;
            this.index!.set(c, i);
            this.dirty = true;
          }
        }
        out.set(c, i);
      }),
    );
    return out;
  }

  /** Evidence commits this process found the repository lacks (for `dit doctor`). */
  async lacking(commits: readonly string[]): Promise<string[]> {
    const cache = await this.load();
    const have = await this.indices(cache, commits);
    return [...new Set(commits)].filter((c) => !have.has(c)).sort();
  }

  /**
   * The evidence commits among `commits` that the history of `tip` lacks. A commit the repository does
   * not have is never absent: it cannot be placed, so the status naming it holds as stored (doctor lists it).
   */
  async absent(tip: string | null, commits: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (const [c, there] of await this.placed(tip, commits)) if (!there) out.add(c);
    return out;
  }

  /** The commits among `commits` that the history of `tip` contains (ones the repository lacks never are). */
  async contained(tip: string | null, commits: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (const [c, there] of await this.placed(tip, commits)) if (there) out.add(c);
    return out;
  }

  /** For each of `commits` the repository has: whether the history of `tip` contains it. */
  private async placed(tip: string | null, commits: readonly string[]): Promise<Map<string, boolean>> {
    if (!commits.length) return new Map();
    const cache = await this.load();
    const have = await this.indices(cache, commits);
    if (!tip) return new Map([...have.keys()].map((c) => [c, false]));
    let row = cache.at[tip] ?? '';
    const unknown = [...have].filter(([, i]) => (row[i] ?? '?') === '?');
    if (unknown.length) {
      const marks = [...row.padEnd(cache.ev.length, '?')];
      if (unknown.length < ONE_BY_ONE) {
        await Promise.all(
          unknown.map(async ([c, i]) => {
            marks[i] = (await this.vcs.isAncestor(c, tip)) ? '1' : '0';
          }),
        );
      } else {
        // one walk answers every evidence commit known so far, so the next new one costs nothing here
        const history = await this.vcs.historyOf(tip);
        for (let i = 0; i < cache.ev.length; i++) marks[i] = history.has(cache.ev[i]!) ? '1' : '0';
      }
      row = marks.join('');
      delete cache.at[tip]; // re-inserted: the newest rows are kept when the file is bounded
      cache.at[tip] = row;
      this.dirty = true;
    }
    return new Map([...have].map(([c, i]) => [c, row[i] === '1']));
  }

  /**
   * Answers, for each of a few evidence commits, every branch, remote-tracking branch and tag tip at once
   * (two `for-each-ref` each): what a branch matrix or a ticket's releases ask before their rows.
   */
  async prefill(commits: readonly string[], tips: readonly string[]): Promise<void> {
    if (!commits.length || !tips.length) return;
    const cache = await this.load();
    const have = await this.indices(cache, commits);
    const need = [...have].filter(([, i]) => tips.some((t) => (cache.at[t]?.[i] ?? '?') === '?'));
    if (!need.length) return;
    const around = await Promise.all(need.map(([c]) => this.vcs.tipsAround(c)));
    for (const t of new Set(tips)) {
      const marks = [...(cache.at[t] ?? '').padEnd(cache.ev.length, '?')];
      need.forEach(([, i], k) => {
        if (around[k]!.contain.has(t)) marks[i] = '1';
        else if (around[k]!.lack.has(t)) marks[i] = '0';
      });
      cache.at[t] = marks.join('');
    }
    this.dirty = true;
  }

  async save(): Promise<void> {
    if (!this.dirty || !this.loading) return;
    const cache = await this.loading;
    const tips = Object.keys(cache.at);
    for (const old of tips.slice(0, Math.max(0, tips.length - MAX))) delete cache.at[old];
    await writeCache(this.dir, FILE, cache);
    this.dirty = false;
  }
}
