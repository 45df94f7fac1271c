// The store: one repository's journals, the views onto them, and the caches that make views fast.
// Over 300 lines: the Store class is the composition root of the store: it wires every cache to the views, and only
// that.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DitError } from '../errors.js';
import type { Git } from '../git/repo.js';
import { readSigningConfig } from '../git/signing-config.js';
import { signingStamp } from '../git/signing-stamp.js';
import type { Author } from '../model/schema.js';
import { type SigningConfig, signingConfig } from '../model/trust/signing-config.js';
import type { Verdict } from '../model/trust/verdict.js';
import type { Vcs } from '../vcs/port.js';
import { Derived } from './cache/derived.js';
import { deriveTreeIds, FileCache } from './cache/file-cache.js';
import { FoldCache } from './cache/fold-cache.js';
import { History } from './cache/history.js';
import { JsonMapCache } from './cache/json-map-cache.js';
import { gitOf, openVcs } from './open.js';
import { type KeySet, localKeySet } from './trust/key-set.js';
import { verdictRows } from './trust/verdict-rows.js';
import { type VerdictRows, verdictsOf } from './trust/verdicts.js';
import { type JournalRef, journalRefs } from './view/journals.js';
import { PATCHSET_REFS } from './view/merged.js';
import { View, type ViewDeps } from './view/view.js';
import { syncView } from './view/view-index.js';

const isIdList = (d: unknown): d is string[] => Array.isArray(d) && d.every((x) => typeof x === 'string');

import { cache, DISK } from '../caches.js';
import { Reach } from './cache/reach.js';
import { TagHistory } from './cache/tag-history.js';
import { type Progress, SILENT } from './progress.js';

/**
 * Where a write goes: `tree` stages it in the working tree (`commit` commits the .dit/ paths now).
 * `as` is who writes, when not the repository's git identity (a hosting server's signed-in account).
 */
export type Target = ({ store: 'tree'; commit: boolean } | { store: 'shared' }) & {
  as?: Author;
  /** `--sign` / `--no-sign`: sign the entries or not, whatever git's configuration says. */
  sign?: boolean;
  /** `reader`: the writer has only the reader's rights (a hosting server's reader), so every entry is held to them. */
  rights?: 'reader';
};

export interface StoreOptions {
  /** The environment git or hg runs in (tests pass their own rather than changing process.env). */
  env?: NodeJS.ProcessEnv;
  /**
   * Note git's state beside each view answered with nothing to warn about, for the quick path of the
   * next `dit ls`/`dit show` (cli/quick.ts). The CLI asks for it; a long-lived server does not, since
   * the note costs a second read of git's state per view and its own requests never take that path.
   */
  quickNotes?: boolean;
}

export class Store {
  readonly history: History;
  /** The derived store (SQLite under .git/dit/): every indexed view's tickets, summaries and text. */
  readonly derived: Derived;
  /** Summaries by fold key (JSON): what evidence and origins are worked out from before a view is indexed. */
  readonly folds: FoldCache;
  /** Tags' histories: which releases contain which fixes. */
  readonly tags: TagHistory;
  /** Which evidence commits each viewed commit contains (a closing status naming a commit holds there). */
  readonly reach: Reach;
  private me: Promise<Author> | null = null;
  private signingP: Promise<SigningConfig> | null = null;
  /** A hosting server's own signing key: the writes of its signed-in accounts are signed with it. */
  serverSigner: SigningConfig | null = null;
  /** A hosting server's key set (its accounts' keys); null means the working copy's own. */
  serverKeys: (() => KeySet) | null = null;
  private readonly verdictRows: VerdictRows;
  /** git's config stamp (git/signing-stamp.ts) taken just before `signing()` read the config, or null. */
  private signingStampP: string | null = null;
  private readonly lookups: JsonMapCache<string | null>;
  private readonly idLists: FileCache<string[]>;
  private readonly originLists: FileCache<string[]>;
  private readonly roots: JsonMapCache<string | null>;
  private headP: Promise<{ ref: string | null; oid: string | null }> | null = null;
  private refsP: Promise<JournalRef[]> | null = null;
  private tipsP: Promise<{ ref: string; oid: string }[]> | null = null;
  private moved = false;
  /** Where long steps (the first history scan, the first index build, imports, sync) report progress. */
  progress: Progress = SILENT;

  /** Whether views note the repository's state for the CLI's quick path (see StoreOptions.quickNotes). */
  quickNotes: boolean;
  /** Where dit keeps derived data (`.git/dit`, `.hg/dit`). */
  readonly cacheDir: string;
  /** The repository's state when the store opened (see stamp), before anything was read. */
  openedStamp: string | null;

  private constructor(
    /** The repository, through the port: git or Mercurial, never asked which. */
    readonly vcs: Vcs,
    quickNotes = false,
  ) {
    this.quickNotes = quickNotes;
    const cacheDir = vcs.cacheDir;
    this.cacheDir = cacheDir;
    this.openedStamp = vcs.stampAtOpen();
    this.history = new History(vcs, cacheDir, () => this.progress);
    this.derived = new Derived(cacheDir);
    this.folds = new FoldCache(cacheDir);
    this.tags = new TagHistory(vcs, cacheDir);
    this.lookups = new JsonMapCache(cacheDir, 'lookups.json', DISK.lookups.entries);
    this.roots = new JsonMapCache(cacheDir, 'roots.json', DISK.roots.entries);
    this.idLists = new FileCache(join(cacheDir, 'ids'), DISK.ids.entries, isIdList);
    this.verdictRows = verdictRows(this.derived);
    this.originLists = new FileCache(join(cacheDir, 'origins'), DISK.origins.entries, isIdList);
    this.reach = new Reach(vcs, cacheDir);
  }

  static async open(dir: string, opts: StoreOptions = {}): Promise<Store> {
    const vcs = await openVcs(dir, opts);
    // the first dit command in a working copy with tickets (a clone, say) keeps git status fast there
    if (vcs.worktree && existsSync(join(vcs.worktree, '.dit', 'tickets'))) await vcs.prepareWorktree();
    return new Store(vcs, opts.quickNotes);
  }

  /**
   * The git repository, for what only git has (`dit merge` and `dit checkout` of proposals, required checks,
   * `refs/for/`, `dit server`): `unsupported`, saying what does work, anywhere else.
   */
  get git(): Git {
    return gitOf(
      this.vcs,
      'merging and checking out proposals (dit merge, dit checkout) and required checks',
      'in Mercurial merge a proposal with `hg merge` (it shows merged on every branch that then holds its tip) and ' +
        'check it out with `hg update ticket/ID`; dit propose, patchsets, review and line comments work here',
    );
  }

  /**
   * Where a write goes, decided here for the CLI, the pages, the API and the hosting server. The shared
   * journal when asked (`--shared`, the form's shared box), when the repository is bare, or when the
   * writer was looking at another branch (a branch's tree cannot be staged into); otherwise the working
   * tree, staged, or committed at once with `commit`. `as` is who writes when not git's identity.
   */
  target(
    ask: {
      shared?: boolean;
      commit?: boolean;
      branch?: string | null;
      as?: Author;
      sign?: boolean;
      rights?: 'reader';
    } = {},
  ): Target {
    if (ask.shared && ask.commit)
      throw new DitError('usage', '--shared and --commit do not go together: the shared journal is always committed');
    const to: Target =
      ask.shared || ask.branch || this.bare ? { store: 'shared' } : { store: 'tree', commit: !!ask.commit };
    if (ask.as) to.as = ask.as;
    if (ask.sign !== undefined) to.sign = ask.sign;
    if (ask.rights) to.rights = ask.rights;
    return to;
  }

  get bare(): boolean {
    return this.vcs.worktree === null;
  }

  head(): Promise<{ ref: string | null; oid: string | null }> {
    this.headP ??= this.vcs.head();
    return this.headP;
  }

  /** The commit HEAD names; answered by the process that opened the repository until dit commits. */
  headCommit(): Promise<string | null> {
    if (!this.headP && this.vcs.headAtOpen && !this.moved) return Promise.resolve(this.vcs.headAtOpen);
    return this.head().then((h) => h.oid);
  }

  /**
   * A fingerprint of HEAD, the index and the refs views read; equal fingerprints mean equal answers.
   * Null when something changed too recently to tell (see refsStamp).
   */
  stamp(): string | null {
    return this.vcs.stamp();
  }

  /** Forgets what HEAD was (after this process commits). */
  invalidate(): void {
    this.moved = true;
    this.headP = null;
    this.refsP = null;
    this.tipsP = null;
  }

  journalRefs(): Promise<JournalRef[]> {
    this.refsP ??= journalRefs(this.vcs);
    return this.refsP;
  }

  /** The kept patchset tips (an import keeps hundreds, loose until git packs them): listed once. */
  keptTips(): Promise<{ ref: string; oid: string }[]> {
    this.tipsP ??= this.vcs.listRefs(PATCHSET_REFS);
    return this.tipsP;
  }

  /**
   * The view from a branch (or any revision), or by default from the working tree: HEAD plus
   * staged and unstaged `.dit/` files. A bare repository's default view is its HEAD.
   */
  async view(rev?: string, extra: Partial<ViewDeps> = {}): Promise<View> {
    const deps: ViewDeps = {
      vcs: this.vcs,
      history: this.history,
      derived: this.derived,
      folds: this.folds,
      progress: (label, unit) => this.progress(label, unit),
      stamp: this.quickNotes ? (now) => (now ? this.stamp() : this.openedStamp) : undefined,
      written: (from, to) => this.written(from, to),
      states: cache('states'),
      lookups: this.lookups,
      idLists: this.idLists,
      originLists: this.originLists,
      reach: this.reach,
      roots: this.roots,
      journalRefs: () => this.journalRefs(),
      keptTips: () => this.keptTips(),
      hints: async () => {
        const h = await this.headCommit();
        return h ? [h] : [];
      },
      ...extra,
    };
    if (rev === undefined && !this.bare) return new View(deps, { kind: 'worktree' }, () => this.headCommit());
    const name = rev ?? 'HEAD';
    const commit = await this.vcs.resolve(name);
    if (!commit && rev !== undefined) {
      throw new DitError(
        'unknown-branch',
        `no branch or commit named ${JSON.stringify(rev)}; list branches with \`${this.vcs.label.branches}\``,
        { branch: rev },
      );
    }
    return new View(deps, { kind: 'rev', rev: name, commit }, async () => commit);
  }

  /**
   * What a revision's code says without the shared journals: its own `.dit/` tree and history (releases
   * count a close there, not one written to the journal alone). Indexed apart from `view(rev)`.
   */
  codeView(rev: string, extra: Partial<ViewDeps> = {}): Promise<View> {
    return this.view(rev, { ...extra, journalRefs: async () => [], scope: 'code' });
  }

  /** What dit repaired or noticed on the way (an interrupted write finished, a stale lock taken over). */
  readonly notes: string[] = [];

  /**
   * A writer's note: the `tickets` tree of `after` (a root tree) is that of `before` with the journals
   * `added`, so the next view lists neither to know its ids.
   */
  async wroteTickets(before: string | null, after: string, added: readonly string[], changed = added): Promise<void> {
    // a root no listing of which is at hand (hg's, cached by an earlier dit): the next reader lists it
    const ticketsOf = async (root: string | null) =>
      !root
        ? null
        : (await this.vcs.knowsDir(root))
          ? ((await this.vcs.readDir(root))?.entries.find((e) => e.name === 'tickets')?.key ?? null)
          : undefined;
    const [b, a] = await Promise.all([ticketsOf(before), ticketsOf(after)]);
    if (a && b !== undefined && a !== b) await deriveTreeIds(this.idLists, b, a, added);
    if (a && b && a !== b) this.edits.set(b, { to: a, ids: changed });
  }

  /** The `tickets` trees this process wrote, each from the one it was made from, with the journals it changed. */
  private readonly edits = new Map<string, { to: string; ids: readonly string[] }>();

  /** The journals changed from one `tickets` tree to another along this process's writes; null: not all by this process. */
  written(from: string, to: string): string[] | null {
    const ids = new Set<string>();
    for (let at = from; at !== to; ) {
      const step = this.edits.get(at);
      if (!step || ids.size > 1000) return null;
      for (const id of step.ids) ids.add(id);
      at = step.to;
    }
    return [...ids];
  }

  /** Whether this process wrote entries (write/settle.ts then brings the derived store up to date). */
  wrote = false;

  /**
   * After a write by the CLI: brings the working tree's rows in the derived store up to the new state and
   * notes it, so the next `dit ls`, search or `dit show` is answered from the rows (cli/quick.ts) instead
   * of finding what changed. The tickets written are known (written()), so this costs a fold of those
   * alone. Only speed is at stake: a failure, or git's state changing meanwhile, leaves the next reader
   * to do it. Returns the state it read (a stamp), or null when it read none.
   */
  async settle(): Promise<string | null> {
    if (!this.quickNotes || this.bare || !this.openedStamp) return null;
    // only when the rows were the answer for git's state as this process found it: then what changed since
    // is this process's writes, which it knows. Otherwise (staged changes, a checkout since) bringing them
    // up to date is the next reader's cost, not a writer's: at 10,000 staged tickets it was 19 s
    let noted: string | undefined;
    try {
      noted = this.derived.open().stamp('worktree')?.stamp;
    } catch {
      return null;
    }
    if (noted !== this.openedStamp) return null;
    // the state is noted only once it can be told apart from a later one (refsStamp's 50 ms)
    for (let i = 0; i < 10 && !this.vcs.stamp(); i++) await sleep(10);
    const stamp = this.vcs.stampAtOpen(); // null after a commit (HEAD moved since this process opened), or in hg
    if (!stamp) return null;
    this.openedStamp = stamp;
    this.invalidate();
    const view = await this.view();
    await this.derived.guard(() => syncView(view, this.derived, () => null)).catch(() => {});
    return stamp;
  }

  identity(): Promise<Author> {
    this.me ??= this.vcs.identity();
    return this.me;
  }

  /**
   * The keys verdicts are decided with: a hosting server's accounts (`serverKeys`), else git's
   * allowed-signers file and gpg's keyring, read afresh (a key added since shows at once).
   */
  async keySet(): Promise<KeySet> {
    return this.serverKeys?.() ?? localKeySet(await this.signing(), this.vcs.env, this.vcs.worktree ?? this.vcs.id);
  }

  /**
   * The verdict on each of these entries (see trust/verdicts.ts). In a git working copy, which key set
   * git's config gave is noted beside the verdicts, so the quick path of `dit show` can work out the same
   * key set id without a git process (and reuse the verdicts only while the config and keys are unchanged).
   */
  async verdicts(entries: Parameters<typeof verdictsOf>[0]): Promise<Map<string, Verdict>> {
    const keys = await this.keySet();
    const out = await verdictsOf(entries, keys, this.verdictRows);
    const stamp = this.signingStampP;
    if (!this.serverKeys && stamp && keys.signers !== undefined) {
      const program = (await this.signing()).program;
      await this.derived.guard((index) => index.noteKeySet(stamp, keys.signers ?? null, program));
    }
    return out;
  }

  /** How git is configured to sign (and verify): read once per store. In hg nothing is configured: git's defaults. */
  signing(): Promise<SigningConfig> {
    if (!this.signingP && this.vcs.kind === 'git') {
      // the stamp before the read: a config changed after it has another stamp, so nothing stale is noted
      this.signingStampP = this.quickNotes ? signingStamp(this.git) : null;
      this.signingP = readSigningConfig(this.git);
    }
    this.signingP ??= Promise.resolve(signingConfig([], this.vcs.env.HOME));
    return this.signingP;
  }

  /** Writes what the caches learned to `.git/dit/` (a long-running server does this now and then). */
  async flush(): Promise<void> {
    // the adapter's own records first (hg's folders by key): the caches below name those keys, and a key
    // saved without its folder would be unreadable in the next process
    await this.vcs.flush();
    await Promise.all([
      this.history.save(),
      this.folds.save(),
      this.tags.save(),
      this.lookups.save(),
      this.idLists.save(),
      this.originLists.save(),
      this.reach.save(),
      this.roots.save(),
    ]);
  }

  async close(): Promise<void> {
    await this.flush();
    this.derived.close();
    this.vcs.close();
  }
}
