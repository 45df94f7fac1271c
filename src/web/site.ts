// The web server's hold on one repository: a scope per request that reads git's state once (so any
// git change shows on the next request), writes one at a time, and caches written back to .git/dit/.
// Over 300 lines: the request scope and the site's shared state are one lifetime rule (a scope per git state) and
// must be read together.
import { basename } from 'node:path';
import { cache, cached, clearPrefix } from '../caches.js';
import type { LabelDef } from '../model/label-def.js';
import type { Directory } from '../model/people.js';
import type { Author } from '../model/schema.js';
import type { Pusher } from '../patchsets/pusher.js';
import { attachmentLimit } from '../store/ops/attachments.js';
import { type LabelRow, labelRows } from '../store/ops/milestones.js';
import { type BranchSet, branchMatrix, localBranches, type Matrix } from '../store/read/branches.js';
import { knownPeople } from '../store/read/people.js';
import { releasesOf } from '../store/read/releases.js';
import { type SavedQuery, savedQueries, savedQueriesStamp } from '../store/read/saved-queries.js';
import type { Store } from '../store/store.js';
import type { View } from '../store/view/view.js';
import { lostCount } from '../store/write/lost-entries.js';
import { pendingEntries, type Target } from '../store/write/write.js';

/**
 * What requests may share while git is unchanged: views, answers computed from them, rendered pages.
 * They live in the process's caches (src/caches.ts) under `prefix`: this repository and this state.
 */
interface Epoch {
  stamp: string | null;
  prefix: string;
}
interface Page {
  at: number;
  html: string;
}

/** How long a rendered page is reused while nothing in git changes: its relative times ("3 minutes ago") age. */
const PAGE_TTL_MS = 30_000;
const EPOCH_CACHES = ['views', 'stateFacts', 'pages'] as const;
let epochs = 0;

export class Site {
  private queue: Promise<unknown> = Promise.resolve();
  private current: Epoch | null = null;
  private flushTimer: NodeJS.Timeout | null = null;

  /** Whether Markdown may load images from other hosts (`git config dit.remoteImages true`; off by default). */
  remoteImages = false;
  /** Whether avatars come from Gravatar (`--gravatar` or `git config dit.gravatar true`; off: initials, no request). */
  gravatar = false;

  constructor(readonly store: Store) {
    store.quickNotes = false; // a server's requests never take the CLI's quick path; noting would read git twice
  }

  /** The repository's name for titles: its folder. */
  get name(): string {
    return basename(this.store.vcs.worktree ?? this.store.vcs.id.replace(/\/\.git$/, '')).replace(/\.git$/, '');
  }

  /**
   * Begins a request: git's state (HEAD, the index, the refs) is read once, here. While it is unchanged
   * (same stamp) views and the answers computed from them stay valid across requests; any change
   * starts afresh. Null stamps (a change too recent to tell apart) share nothing between requests.
   */
  begin(): Scope {
    return new Scope(this, this.epoch());
  }

  /** @internal The epoch for git's state now; Scope calls it once per request and after its writes. */
  epoch(): Epoch {
    const stamp = this.store.stamp();
    if (stamp !== null && this.current?.stamp === stamp) return this.current;
    this.store.invalidate();
    if (this.current) for (const name of EPOCH_CACHES) clearPrefix(name, this.current.prefix);
    this.current = { stamp, prefix: `${this.store.vcs.id}\0${++epochs}\0` };
    this.flushSoon();
    return this.current;
  }

  /** @internal Whether an epoch still describes git (no write or newer state since). */
  isCurrent(epoch: Epoch): boolean {
    return this.current === epoch && epoch.stamp !== null;
  }

  /** A view as the repository is now, outside any request (each call reads git's state; prefer a Scope). */
  view(branch?: string): Promise<View> {
    return this.begin().view(branch);
  }

  /** Runs writes one after another: two requests staging entries at once would race for the index. */
  write<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run.finally(() => {
      if (this.current) for (const name of EPOCH_CACHES) clearPrefix(name, this.current.prefix);
      this.current = null;
      this.store.invalidate();
    });
  }

  /** Where a write from the UI goes (see Store.target): staged in the working tree, or the shared journal. */
  target(ask: { shared?: boolean; branch?: string | null }): Target {
    return this.store.target(ask);
  }

  private flushSoon(): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      this.store.flush().catch(() => {}); // a cache that fails to save only costs speed
    }, 500);
    this.flushTimer.unref();
  }

  async close(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    await this.queue;
    await this.store.close();
  }
}

/**
 * One request's hold on the site: the git state read when it began, its own view objects (so the
 * warnings in its answer are its own), and the site's shared answers for that state.
 */
/**
 * Who a hosting server's request comes from: the page token of their session, the account their
 * writes are authored by, and a key that keeps their rendered pages apart from everyone else's.
 */
export interface Viewer {
  token: string;
  author: Author;
  key: string;
  /**
   * Whether they may change the repository (labels, fields, others' tickets, approve, veto, merge); a hosting
   * server says, otherwise they may. Without it their writes are held to the reader's rights.
   */
  write?: boolean;
  /** Whether they are signed in: a reader who is may still say looks good (+1) or needs work (-1). */
  signedIn?: boolean;
  /** Whether they may take part (open tickets, comment, react, vote): signed in, with a token that may write. */
  part?: boolean;
}

export class Scope {
  private readonly views = new Map<string, Promise<View>>();
  private stale = false;
  /** Set by a hosting server for a signed-in request; null for `dit serve` (the repository's git identity). */
  viewer: Viewer | null = null;

  constructor(
    readonly site: Site,
    private epoch: Epoch,
  ) {}

  get store(): Store {
    return this.site.store;
  }

  get name(): string {
    return this.site.name;
  }

  get remoteImages(): boolean {
    return this.site.remoteImages;
  }

  get gravatar(): boolean {
    return this.site.gravatar;
  }

  /** After this request wrote, what it reads next comes from git as it is now. */
  private now(): Epoch {
    if (this.stale) {
      this.stale = false;
      this.epoch = this.site.epoch();
      this.views.clear();
    }
    return this.epoch;
  }

  /** The view from a branch (default: the working tree, or HEAD when bare), for this request. */
  view(branch?: string): Promise<View> {
    const epoch = this.now();
    const key = branch ?? '';
    let mine = this.views.get(key);
    if (!mine) {
      const shared = cached('views', `${epoch.prefix}${key}`, () => this.store.view(branch || undefined));
      mine = shared.then((v) => v.fork());
      this.views.set(key, mine);
    }
    return mine;
  }

  /** The fingerprint of git's state this request reads (null: too recent to tell apart). */
  get stamp(): string | null {
    return this.now().stamp;
  }

  /** An answer computed once per state of the repository, named by what was asked (the `stateFacts` cache). */
  private answer<T>(what: string, fn: () => Promise<T>): Promise<T> {
    return cached('stateFacts', `${this.now().prefix}${what}`, fn);
  }

  /** Local branch names and which one is checked out. */
  branches(): Promise<{ names: string[]; current: string | null }> {
    return this.answer('branches', () => localBranches(this.store));
  }

  /** The `.dit/` entries staged and not yet committed. */
  pending(): Promise<string[]> {
    return this.answer('pending', () => pendingEntries(this.store));
  }

  /** Who writes: git's email, or name, or null when git does not know. */
  me(): Promise<string | null> {
    if (this.viewer) return Promise.resolve(this.viewer.author.email || this.viewer.author.name); // a hosting server's account
    return this.answer('me', () =>
      this.store.identity().then(
        (a) => a.email || a.name,
        () => null,
      ),
    );
  }

  /** Labels of a branch's view, defined or only used, with their colours and counts. */
  labelRows(branch: string | null): Promise<LabelRow[]> {
    return this.answer(`label-rows\0${branch ?? ''}`, async () => labelRows(await this.view(branch ?? undefined)));
  }

  /** Label definitions of a branch's view. */
  labelDefs(branch: string | null): Promise<LabelDef[]> {
    return this.answer(`labels\0${branch ?? ''}`, async () => (await this.view(branch ?? undefined)).labelDefs());
  }

  /** Who the repository knows (ticket authors, responsibles, commit authors), for names and pickers. */
  people(branch: string | null): Promise<Directory> {
    return this.answer(`people\0${branch ?? ''}`, async () =>
      knownPeople(this.store, await this.view(branch ?? undefined)),
    );
  }

  /** The queries `git config dit.query.<name>` saves, for the list page's side list. */
  savedQueries(): Promise<SavedQuery[]> {
    // keyed by the config files, not git's refs: `git config dit.query.x` shows on the next request
    const key = `${this.store.vcs.id}\0saved-queries\0${savedQueriesStamp(this.store)}`;
    return cached('stateFacts', key, () => savedQueries(this.store));
  }

  /** A fingerprint of git's config files: pages that show config (saved queries, limits) are keyed by it too. */
  configStamp(): string {
    return savedQueriesStamp(this.store);
  }

  /** How large an attachment may be (`git config dit.attachmentLimit`), read again when the config changes. */
  attachmentLimit(): Promise<number> {
    const key = `${this.store.vcs.id}\0attachment-limit\0${savedQueriesStamp(this.store)}`;
    return cached('stateFacts', key, () => attachmentLimit(this.store));
  }

  /** One ticket's branch matrix over local branches, or all with remote-tracking ones. */
  matrix(id: string, set: BranchSet): Promise<Matrix> {
    return this.answer(`matrix\0${id}\0${set}`, () => branchMatrix(this.store, id, set));
  }

  /** The releases (tags) that contain a ticket's fix. */
  releases(id: string): ReturnType<typeof releasesOf> {
    return this.answer(`releases\0${id}`, () => releasesOf(this.store, id));
  }

  /** How many entries were lost to a bad write and can be recovered. */
  lost(): ReturnType<typeof lostCount> {
    return this.answer('lost', () => lostCount(this.store, this.stamp));
  }

  /** A ticket page's data as a branch shows it, from a point in its timeline (web/data.ts assembles it). */
  ticketPage<T>(
    branch: string | null,
    id: string,
    opts: { remotes: boolean; from?: number | null | undefined; quote?: string | null },
    fn: () => Promise<T>,
  ): Promise<T> {
    return this.answer(`ticket\0${branch ?? ''}\0${id}\0${opts.remotes}\0${opts.from ?? ''}\0${opts.quote ?? ''}`, fn);
  }

  /** A write, queued behind the site's others; the request then reads git afresh. */
  async write<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await this.site.write(fn);
    } finally {
      this.stale = true;
    }
  }

  /**
   * Who reviews in this request: the signed-in account with their role on a hosting server, undefined
   * for `dit serve` (the repository's git identity, who may give any score), null for nobody signed in.
   */
  reviewer(): Pusher | null | undefined {
    const v = this.viewer;
    if (!v) return undefined;
    if (v.signedIn === false) return null;
    return { name: v.author.name, email: v.author.email, role: v.write === false ? 'read' : 'write' };
  }

  /**
   * Where this request's write goes, written as the signed-in account when there is one, and held to the
   * reader's rights when that account may not write (model/trust/reader-rights.ts decides, as for pushes).
   */
  target(ask: { shared?: boolean; branch?: string | null }): Target {
    const reader = this.viewer?.write === false;
    return this.site.store.target({
      ...ask,
      as: this.viewer?.author,
      ...(reader ? { rights: 'reader' as const } : {}),
    });
  }

  /** A page rendered earlier under this key in this state of git, if it is recent (see page-cache.ts). */
  page(key: string): string | null {
    const hit = cache<Page>('pages').get(`${this.now().prefix}${key}`);
    return hit && Date.now() - hit.at < PAGE_TTL_MS ? hit.html : null;
  }

  /** Keeps a rendered page, unless git changed (or this request wrote) since the request began. */
  keepPage(key: string, html: string): void {
    const epoch = this.epoch;
    if (this.stale || !this.site.isCurrent(epoch)) return;
    cache<Page>('pages').set(`${epoch.prefix}${key}`, { at: Date.now(), html }, 64 + html.length * 2);
  }
}
