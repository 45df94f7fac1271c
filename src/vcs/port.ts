// The port: what the store needs from a version-control system. `git/` and `hg/` implement it; nothing above asks which.
//
// Words the port uses:
// - a *commit* is a 40-hex id of a commit (git) or changeset (hg);
// - a *rev* is what a person types: a branch, a bookmark, a tag, a commit id or a prefix of one, `HEAD`;
// - a *key* is an opaque name for immutable content: equal keys mean equal content. Git's keys are its
//   object ids; hg's are file nodes for files and a hash of a folder's names and keys for folders.
//   Caches key on them and never look inside;
// - a *ref* is a name in git's spelling, which the hg adapter maps: `refs/heads/<name>` (a git branch;
//   an hg named branch's head or a bookmark), `refs/tags/<name>`, `refs/remotes/<remote>/<name>` (git
//   only), and dit's own `refs/dit/...` (the shared journal, kept patchset tips).
// Over 300 lines: the port is the contract both adapters implement: it reads best as one list.

export type VcsKind = 'git' | 'hg';

/** One name in a folder of a snapshot: a file or a folder, by key. */
export interface DirEntry {
  name: string;
  key: string;
  /** A folder (git tree) rather than a file. */
  dir: boolean;
  /** A plain, non-executable file (what entry files must be; git mode 100644). */
  plain: boolean;
  /** A symbolic link (git mode 120000, hg flag `l`): never read as a file. */
  link?: boolean;
}

export interface Branch {
  name: string;
  ref: string;
  oid: string;
}

export interface Tag {
  name: string;
  ref: string;
  commit: string;
  /** Seconds since the epoch: the tagger's or the commit's date. */
  date: number;
}

/** `time` is the commit's (committer) time; `authorTime` the author's, which cherry-picks, grafts and rebases keep. */
export interface CommitMessage {
  commit: string;
  time: string;
  authorTime: string;
  author: { name: string; email: string };
  message: string;
}

/** A file under a prefix whose uncommitted (git: staged) content differs from the working copy's commit. */
export interface Change {
  path: string;
  /** The key of its content; null when it is deleted (or, with `unmerged`, in conflict). */
  key: string | null;
  /** Its bytes, when the adapter read them already (hg reads the working copy; git names a staged blob). */
  data?: Buffer;
  unmerged?: boolean;
}

/** A file to write: its path and bytes. */
export interface FileBytes {
  path: string;
  data: Buffer;
}

/** A change to one path of a snapshot: new bytes, content the repository has already (by key), or removal. */
export type FileChange =
  | { path: string; data: Buffer }
  | { path: string; key: string }
  /** Removes the file, or the folder and all it holds, at `path`. */
  | { path: string; remove: true };

/** A commit the adapter makes without touching the working copy (see `casCommit`). */
export interface CommitSpec {
  /** The first parent's snapshot is the base `changes` apply to; none: from nothing. */
  parents: readonly string[];
  changes: readonly FileChange[];
  message: string;
  author: { name: string; email: string };
}

export interface RefUpdate {
  ref: string;
  next: string;
}

/** A remote journal brought in by `fetchJournal`: its commit, or null when the remote has none. */
export interface FetchedJournal {
  commit: string | null;
}

/** Output a bounded read returns: what it got, and whether the system had more to say. */
export interface Bounded<T> {
  value: T;
  truncated: boolean;
}

/** One changed file as `git diff --raw --numstat -M` reports it; counts are null for a binary file. */
export interface FileStat {
  status: string;
  path: string;
  /** The path before a rename or copy, else null. */
  oldPath: string | null;
  oldMode: string;
  newMode: string;
  added: number | null;
  removed: number | null;
}

/** A commit of a patchset's series as the review pages list it. */
export interface LogEntry {
  commit: string;
  parents: string[];
  subject: string;
  author: { name: string; email: string };
  time: string;
}

/** A commit's message split into subject and body (what a proposal's title and description come from). */
export interface CommitInfo {
  commit: string;
  subject: string;
  body: string;
  author: { name: string; email: string };
}

/** What `dit` learns from the terminal settings of the system it runs in. */
export interface TerminalSettings {
  /**
   * The editor command (git: GIT_EDITOR, core.editor, VISUAL, EDITOR, vi; hg: HGEDITOR, ui.editor, VISUAL,
   * EDITOR, vi), and whether one was chosen at all (without a terminal, the fallback would wait forever).
   */
  editor(): Promise<{ command: string; chosen: boolean }>;
  /** The line-comment character for editor templates (git's core.commentChar; `#` in hg). */
  commentChar(): Promise<string>;
  /** Whether to colour output on a terminal (`tty`) or not (git's color.ui; hg: always by the terminal). */
  color(tty: boolean): Promise<boolean>;
  /** A per-command pager setting (git's pager.<cmd>): true, false, a command, or null when unset. */
  pagerFor(command: string): Promise<boolean | string | null>;
  /** The pager command, given the command a per-command setting named (git: GIT_PAGER first, then it, then core.pager, PAGER, less). */
  pager(named: string | null): Promise<string>;
}

/**
 * One repository, seen the way the store needs it. Every method answers for the repository it was opened
 * on; none changes the user's working copy unless its name says so (`writeAndStage`, `commitPaths`,
 * `replaceStaged`, `stagePaths`, `unstage`, `checkoutChange`).
 */
export interface Vcs {
  readonly kind: VcsKind;
  /** The working copy's top folder, or null for a bare git repository. */
  readonly worktree: string | null;
  /** Where dit keeps derived data (`.git/dit`, `.hg/dit`); deleting it loses nothing. */
  readonly cacheDir: string;
  /** The system's own folder (`.git`, `.hg`): names the repository in process-wide caches, holds DIT_EDITMSG. */
  readonly id: string;
  /** The environment the system's commands run in. */
  readonly env: NodeJS.ProcessEnv;
  /**
   * What messages call this system ("git", "Mercurial"), its command ("git", "hg"), and the command
   * that lists what views may be asked for ("git branch", "hg branches; hg bookmarks"), and how to list
   * remotes and add one (`NAME` stands for its name), and the variable that chooses an editor.
   */
  readonly label: {
    name: string;
    command: string;
    branches: string;
    listRemotes: string;
    addRemote: string;
    editorVariable: string;
    /** The remote `dit sync` uses when none is named (`origin`; hg's `default`). */
    defaultRemote: string;
    /** How to start a change of one's own to propose (`git switch -c my-change`, `hg bookmark my-change`). */
    newBranch: string;
    /** How to add a patchset to a ticket (`ID` stands for its short id). */
    addPatchset: string;
  };
  /** The commit the working copy was on when opened (answered without a process where possible). */
  readonly headAtOpen: string | null;
  /** Whether content keys are the SHA-1 git blob ids entry files are named by (then an entry's id is its key). */
  readonly keysAreEntryIds: boolean;

  // ---- revisions -------------------------------------------------------------------------------------

  /** The commit a rev names, or null. A branch of that exact name wins over anything else. */
  resolve(rev: string): Promise<string | null>;
  /** The branch (or bookmark) the working copy is on, as a ref, and its commit. */
  head(): Promise<{ ref: string | null; oid: string | null }>;
  /** A fingerprint of everything views read from names and the working copy's state; null when too fresh to trust. */
  stamp(): string | null;
  /**
   * The stamp taken as the repository opened, when it is sure to describe what this process reads (git:
   * HEAD unmoved since it was read at open); null when it cannot tell. The quick path trusts rows noted under it.
   */
  stampAtOpen(): string | null;
  isAncestor(ancestor: string, descendant: string): Promise<boolean>;
  mergeBase(a: string, b: string): Promise<string | null>;
  /** How many commits `to` has that `from` (null: nothing) lacks. */
  countCommits(from: string | null, to: string): Promise<number>;
  /** Of refs under `prefix`, those whose commit `commit` contains (one walk for all). */
  refsMergedInto(commit: string, prefix: string): Promise<{ ref: string; oid: string }[]>;
  /** Whether the repository has this commit (a full id). */
  hasCommit(oid: string): Promise<boolean>;
  /** Every commit in the history of `tip`, itself included: one pass, for asking about many commits at once. */
  historyOf(tip: string): Promise<Set<string>>;
  /** The commits branch and tag tips point to (git: and remote-tracking ones), split by whether they contain `commit`. */
  tipsAround(commit: string): Promise<{ contain: Set<string>; lack: Set<string> }>;

  // ---- names ------------------------------------------------------------------------------------------

  /** Refs under a prefix (`refs/dit/`, `refs/heads/ticket/`), sorted by name. */
  listRefs(prefix: string): Promise<{ ref: string; oid: string }[]>;
  /** The branches a view can be asked for: git's local branches; hg's named branches (their heads) and bookmarks. */
  branches(): Promise<Branch[]>;
  /** Remote-tracking branches (`origin/main`); none in hg. */
  remoteBranches(): Promise<Branch[]>;
  tags(): Promise<Tag[]>;
  /** The commits of tags whose history contains `commit`. */
  tagsContaining(commit: string): Promise<Set<string>>;
  /** Moves or creates dit's own refs (kept patchset tips), unconditionally. */
  updateRefs(updates: readonly RefUpdate[], message: string): Promise<void>;
  /** Moves a ref only if it still names `expected` (null: does not exist); false when someone moved it first. */
  casRef(
    ref: string,
    next: string,
    expected: string | null,
    message: string,
    saved?: string,
    then?: string,
  ): Promise<boolean>;
  /** The names of the remotes (git remotes; hg paths). */
  remotes(): Promise<string[]>;

  // ---- snapshots: what a commit holds, by key --------------------------------------------------------

  /** The key of the folder at `path` of a commit's snapshot (`''` is the top), or null. */
  dirAt(commit: string, path: string): Promise<string | null>;
  /** The key of the file or folder at `path` in a commit or a ref's commit (`HEAD`, `refs/...`), or null. */
  keyAt(rev: string, path: string): Promise<string | null>;
  /** A folder's entries, sorted by name (byte order, as git sorts a tree), or null when the key names no folder. */
  readDir(key: string): Promise<{ key: string; entries: DirEntry[] } | null>;
  /**
   * Whether `readDir` can answer for a folder key a cache remembered from an earlier process: git,
   * always (an object id); hg, when the folder's listing is in memory or kept in the cache folder. A
   * cache that hands out folder keys checks them here and works them out again when this says no.
   */
  knowsDir(key: string): Promise<boolean>;
  /** One name of a folder, without listing the folder (git: `<tree>:<name>`). */
  lookup(dir: string, name: string): Promise<DirEntry | null>;
  /** A file's bytes, or null. */
  readFile(key: string): Promise<Buffer | null>;
  /** The names of a folder that differ between two of its versions (by key): added, removed or changed. */
  changedNames(from: string, to: string): Promise<string[]>;
  /** The bytes at `path` in a commit's snapshot (or, with `parent`, its first parent's), or null. */
  fileAt(commit: string, path: string, parent?: boolean): Promise<Buffer | null>;
  /** The key a new file with these bytes gets. */
  fileKey(data: Buffer): string;

  // ---- history ----------------------------------------------------------------------------------------

  /**
   * Commits reachable from `tips` and from none of `exclude` whose message carries a `#<hex>` id, says it
   * reverts or backs out a commit, newest first.
   */
  commitsNamingTickets(tips: string | readonly string[], exclude?: readonly string[]): Promise<CommitMessage[]>;
  /** Commits reachable from `tip` whose message has a closing word before a `#word` (for `dit doctor`). */
  commitsWithClosingWords(tip: string): Promise<CommitMessage[]>;
  /** One commit, or null when `rev` names none. */
  readCommit(rev: string): Promise<(CommitMessage & { parents: string[] }) | null>;
  /** Paths under `prefix` that a one-parent commit deletes. */
  deletedPaths(commit: string, prefix: string): Promise<string[]>;
  /** Paths that `to` has and `from` (null: nothing) does not. */
  addedPaths(from: string | null, to: string): Promise<string[]>;
  /** Authors of the newest `max` commits on local branches, newest first, repeats kept. */
  commitAuthors(max?: number): Promise<{ name: string; email: string }[]>;

  // ---- the working copy -------------------------------------------------------------------------------

  /** What the working copy holds under `prefix` (dit's written and staged files) that `head` does not. */
  stagedChanges(prefix: string, head: string | null): Promise<Change[]>;
  /** Writes files into the working copy and stages (git add, hg add) them for the user's next commit. */
  writeAndStage(files: readonly { path: string; data: Buffer }[], opts?: { replace?: boolean }): Promise<void>;
  /** Stages files already written (a stopped writer's, adopted by the next). */
  stagePaths(paths: readonly string[]): Promise<void>;
  /** Of these paths, those staged. */
  stagedOf(paths: readonly string[]): Promise<Set<string>>;
  /** Takes these paths out of what is staged (and leaves the files to the caller). */
  unstage(paths: readonly string[]): Promise<void>;
  /** Removes and adds files in the working copy and stages both. */
  replaceStaged(remove: readonly string[], add: readonly { path: string; data: Buffer }[]): Promise<void>;
  /** Commits what is staged under `prefix` and nothing else, on top of the working copy's commit; null when nothing. */
  commitPaths(prefix: string, message: string): Promise<string | null>;
  /** Brings the working copy from one commit's snapshot to another's, keeping other changes (an import). */
  checkoutChange(from: string | null, to: string): Promise<void>;
  /** Repairs what a stopped writer left in the system's own files (git: temporary index files); returns how many. */
  repairAfterStop(alive: (pid: number) => boolean): Promise<number>;
  /** Keeps `git status`-like scans fast where tickets are many (git's untracked cache); a no-op elsewhere. */
  prepareWorktree(): Promise<void>;

  // ---- writing without the working copy: the shared journal, imports ---------------------------------

  /**
   * Makes a commit from its parents and changes and moves `ref` to it, only if `ref` still names
   * `expected` (null: does not exist): the new commit, or null when someone moved it first (nothing
   * then names what was made). The shared journal's writes, packing and merges go through here.
   */
  casCommit(ref: string, expected: string | null, spec: CommitSpec): Promise<string | null>;
  /**
   * Commits many files at once on top of `parent` (an import); null when every file is there already.
   * `ref` is where the commit goes: a compare-and-swap from `parent`, or none (the caller moves it).
   */
  bulkCommit(
    ref: string | null,
    parent: string | null,
    message: string,
    author: { name: string; email: string },
    files: readonly { path: string; data: Buffer }[],
  ): Promise<string | null>;

  // ---- sync -------------------------------------------------------------------------------------------

  /** Whether a remote of that name exists. */
  hasRemote(name: string): Promise<boolean>;
  /** Fetches a remote's shared journal into `tracking` (a ref); its commit, or null when the remote has none. */
  fetchJournal(remote: string, journal: string, tracking: string): Promise<FetchedJournal>;
  /** Pushes the shared journal at `commit`; `rejected` when the remote moved meanwhile (fetch and merge again). */
  pushJournal(remote: string, journal: string, tracking: string, commit: string): Promise<'pushed' | 'rejected'>;
  /** Fetches refs under a prefix from a remote into the same names (kept patchset tips). */
  fetchRefs(remote: string, prefix: string): Promise<boolean>;
  /** Pushes refs to the same names on a remote, reporting refusal rather than throwing. */
  pushRefs(remote: string, refs: readonly string[]): Promise<{ ok: boolean; stderr: string }>;

  // ---- proposals: a patchset's commits and diffs, for `dit propose` and the review pages ----------------

  /** The branch a proposal targets when none is named (git: origin's HEAD, main, master; hg: `@`, default), or null. */
  defaultTarget(): Promise<string | null>;
  /**
   * The commit a proposal of `tip` onto the branch `name` is measured against, or null when there is no
   * such branch. git: the branch's tip. hg: a bookmark's changeset; a named branch's newest head, except
   * when `tip` is on that branch itself (a bookmark's changesets are on their named branch): then the
   * newest changeset of the branch outside the line only `tip` has (`only()`), else its newest public one.
   */
  targetTip(name: string, tip: string): Promise<string | null>;
  /**
   * Keeps the commits of `base..tip` readable for review whatever the user rewrites later: git keeps them by
   * the patchset's ref; hg (whose `commit --amend` and `rebase` strip the old changesets when evolution is
   * off) keeps a bundle of them under `.hg/dit/`.
   */
  keepPatchset(base: string, tip: string): Promise<void>;
  /** Whether a patchset's commit can be read for review: in the repository, or kept aside by `keepPatchset`. */
  canReview(commit: string): Promise<boolean>;
  /** Commits in `from..to`, oldest first, at most `max`, with their messages split into subject and body. */
  commitsBetween(from: string | null, to: string, max: number): Promise<CommitInfo[]>;
  /** Commits in `base..tip`, oldest first, at most `max` (the newest `max` when there are more). */
  seriesLog(base: string, tip: string, max: number): Promise<LogEntry[]>;
  /** Every file changed from `from` to `to`, with lines added and removed; at most `maxBytes` of output read. */
  fileStats(from: string, to: string, maxBytes: number): Promise<Bounded<FileStat[]>>;
  /** The unified diff (git's format, a/ and b/ prefixes) of the named files; no paths asks for nothing. */
  patchText(
    from: string,
    to: string,
    paths: readonly string[],
    opts: { maxBytes: number; context?: number },
  ): Promise<Bounded<string>>;
  /** How each commit changed between two series (git's range-diff); empty where the system has none. */
  rangeDiff(
    a: { base: string; tip: string },
    b: { base: string; tip: string },
    maxBytes: number,
  ): Promise<Bounded<string>>;

  // ---- settings and identity ---------------------------------------------------------------------------

  /** Who writes: git's author identity; hg's ui.username (HGUSER). */
  identity(): Promise<{ name: string; email: string }>;
  /** A dit setting (`dit.<name>`: git config, or the `[dit]` section of hg's config), or null. */
  config(key: string): Promise<string | null>;
  configBool(key: string): Promise<boolean | null>;
  /** Settings whose names match a pattern (`^dit\.query\.`), in order of precedence (the last wins). */
  configMatching(pattern: string): Promise<{ name: string; value: string }[]>;
  /** Changes whenever the config files that decide settings change. */
  configStamp(): string;
  readonly terminal: TerminalSettings;

  /** Writes what the adapter learned to its cache folder (a long-running server does this now and then). */
  flush(): Promise<void>;
  /** Ends the system's long-lived processes. */
  close(): void;
}
