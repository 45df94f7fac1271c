// What tags' histories say, kept incrementally under .git/dit/ (.hg/dit/): mention commits, which tags contain them.
import type { Tag, Vcs } from '../../vcs/port.js';
import { type Mention, toMentions } from './history.js';
import { isRecord, readCache, writeCache } from './json-file.js';

export interface TagCache {
  /** Mention commits reachable from any tag scanned so far. */
  commits: Record<string, Mention>;
  /** Tag commits whose history is in `commits`, in the order they were scanned (indices below point here). */
  scanned: string[];
  /** For a mention commit: how many of `scanned` were checked, and the indices of those containing it. */
  contains: Record<string, { upTo: number; tags: number[] }>;
  /** Scanned commits no tag names any more; if one is tagged again, containment is asked afresh. */
  gone: string[];
}

const FILE = 'tags-v2.json';
const ROOTS_FILE = 'tag-roots-v1.json';

/**
 * What tags' histories say, kept incrementally: a new tag's history is scanned only where no scanned tag
 * reaches, and whether a tag contains a commit is asked of git once per commit and new tags.
 */
export class TagHistory {
  private loading: Promise<TagCache> | null = null;
  private roots: Promise<Record<string, string | null>> | null = null;
  private dirty = false;
  private rootsDirty = false;
  private tagsP: Promise<Tag[]> | null = null;
  constructor(
    private readonly vcs: Vcs,
    private readonly dir: string,
  ) {}

  private load(): Promise<TagCache> {
    this.loading ??= readCache(
      this.dir,
      FILE,
      (d): d is TagCache =>
        isRecord(d) && isRecord(d.commits) && Array.isArray(d.scanned) && isRecord(d.contains) && Array.isArray(d.gone),
    ).then((c) => c ?? { commits: {}, scanned: [], contains: {}, gone: [] });
    return this.loading;
  }

  tags(): Promise<Tag[]> {
    this.tagsP ??= this.vcs.tags();
    return this.tagsP;
  }

  /** Every mention commit reachable from any current tag (and from tags deleted since; harmless). */
  async mentions(): Promise<{ mentions: Mention[]; cache: TagCache; tags: Tag[] }> {
    const [cache, tags] = await Promise.all([this.load(), this.tags()]);
    const current = new Set(tags.map((t) => t.commit));
    const scanned = new Set(cache.scanned);
    const gone = new Set(cache.gone);
    if (tags.some((t) => gone.has(t.commit))) {
      cache.contains = {};
      cache.gone = [];
      this.dirty = true;
    } // re-tagged
    const fresh = [...current].filter((c) => !scanned.has(c));
    if (fresh.length) {
      const found = await toMentions(
        this.vcs,
        await this.vcs.commitsNamingTickets(
          fresh,
          cache.scanned.filter((c) => current.has(c)),
        ),
      );
      for (const m of found) cache.commits[m.commit] = m;
      cache.scanned.push(...fresh);
      this.dirty = true;
    }
    const nowGone = cache.scanned.filter((c) => !current.has(c) && !gone.has(c));
    if (nowGone.length) {
      cache.gone.push(...nowGone);
      this.dirty = true;
    }
    return {
      mentions: Object.values(cache.commits).sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0)),
      cache,
      tags,
    };
  }

  /** The tag commits (of `scanned`) whose history contains each of these commits. */
  async containing(cache: TagCache, commits: readonly string[]): Promise<Map<string, Set<string>>> {
    const out = new Map<string, Set<string>>();
    await Promise.all(
      commits.map(async (c) => {
        let known = cache.contains[c];
        if (!known || known.upTo < cache.scanned.length) {
          const found = await this.vcs.tagsContaining(c);
          known = { upTo: cache.scanned.length, tags: cache.scanned.flatMap((t, i) => (found.has(t) ? [i] : [])) };
          cache.contains[c] = known;
          this.dirty = true;
        }
        out.set(c, new Set(known.tags.map((i) => cache.scanned[i]!)));
      }),
    );
    return out;
  }

  /** The `.dit/tickets` tree of a (tagged) commit, remembered: commits never change. */
  async ticketsTree(commit: string): Promise<string | null> {
    this.roots ??= readCache(this.dir, ROOTS_FILE, (d): d is Record<string, string | null> => isRecord(d)).then(
      (d) => d ?? {},
    );
    const roots = await this.roots;
    if (commit in roots) return roots[commit]!;
    roots[commit] = await this.vcs.dirAt(commit, '.dit/tickets');
    this.rootsDirty = true;
    return roots[commit]!;
  }

  async save(): Promise<void> {
    if (this.dirty && this.loading) {
      const cache = await this.loading;
      if (cache.gone.length > Math.max(100, cache.scanned.length / 2))
        await writeCache(this.dir, FILE, { commits: {}, scanned: [], contains: {}, gone: [] });
      else await writeCache(this.dir, FILE, cache);
      this.dirty = false;
    }
    if (this.rootsDirty && this.roots) {
      const roots = await this.roots;
      const keys = Object.keys(roots);
      const kept = keys.length > 20_000 ? Object.fromEntries(keys.slice(-20_000).map((k) => [k, roots[k]!])) : roots;
      await writeCache(this.dir, ROOTS_FILE, kept);
      this.rootsDirty = false;
    }
  }
}
