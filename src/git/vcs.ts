// The port (vcs/port.ts) for git: each method is the git function the store called before the port, or a few lines around it.
// Over 300 lines: the adapter implements the whole port (vcs/port.ts), one method beside the next, as hg/vcs.ts does.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { DitError } from '../errors.js';
import type {
  Branch,
  Change,
  CommitSpec,
  DirEntry,
  FetchedJournal,
  RefUpdate,
  Tag,
  TerminalSettings,
  Vcs,
} from '../vcs/port.js';
import { historyOf, refTipsAround } from './ancestry.js';
import {
  commitsBetween,
  countCommits,
  fetchRefs,
  mergeBase,
  pushRefs,
  refsMergedInto,
  symbolicRef,
  updateRefs,
} from './commits.js';
import { configMatching, configStamp, getConfig } from './config.js';
import { changedNames } from './diff.js';
import { addedPaths, bulkCommit, bulkCommitObject, checkoutChange } from './fast-import.js';
import {
  commitAuthors,
  commitsNamingTickets,
  commitsWithClosingWords,
  deletedPaths,
  identity,
  readCommit,
} from './log.js';
import { fileStats, patchText, rangeDiff, seriesLog } from './patch.js';
import {
  casRef,
  head,
  isAncestor,
  listBranches,
  listRefs,
  listTags,
  refsStamp,
  remoteNames,
  resolveCommit,
  tagCommitsContaining,
} from './refs.js';
import type { Git } from './repo.js';
import { colorConfig, commentChar, editorCommand, pagerCommand, pagerSetting } from './terminal.js';
import { isTree, objectId, type TreeEntry } from './tree.js';
import { useUntrackedCache } from './untracked-cache.js';
import {
  commitPaths,
  removeStaleTempIndexes,
  replaceStaged,
  stagedChanges,
  stagedOf,
  stagePaths,
  writeAndStage,
} from './worktree.js';
import { commitTreeBy, editTree, type FileEdit, mktree, writeBlob } from './write.js';

const toEntry = (e: TreeEntry): DirEntry => ({
  name: e.name,
  key: e.oid,
  dir: isTree(e),
  plain: e.mode === '100644',
  ...(e.mode === '120000' ? { link: true } : {}),
});

export class GitVcs implements Vcs {
  readonly kind = 'git' as const;
  readonly label = {
    name: 'git',
    command: 'git',
    branches: 'git branch',
    listRemotes: 'git remote -v',
    addRemote: 'git remote add NAME URL',
    editorVariable: 'GIT_EDITOR',
    defaultRemote: 'origin',
    newBranch: 'git switch -c my-change',
    addPatchset: 'git push origin HEAD:refs/for/ID',
  };
  readonly terminal: TerminalSettings;

  constructor(readonly git: Git) {
    this.terminal = {
      editor: async () => {
        const env = git.env;
        const [command, configured] = await Promise.all([editorCommand(git), getConfig(git, 'core.editor')]);
        return { command, chosen: !!(env.GIT_EDITOR || env.VISUAL || env.EDITOR || configured) };
      },
      commentChar: () => commentChar(git),
      color: (tty) => colorConfig(git, tty),
      pager: async (named) => git.env.GIT_PAGER ?? named ?? (await pagerCommand(git)),
      pagerFor: (cmd) => pagerSetting(git, cmd),
    };
  }

  get worktree(): string | null {
    return this.git.worktree;
  }
  get cacheDir(): string {
    return join(this.git.gitDir, 'dit');
  }
  get id(): string {
    return this.git.gitDir;
  }
  get env(): NodeJS.ProcessEnv {
    return this.git.env;
  }
  get headAtOpen(): string | null {
    return this.git.headAtOpen;
  }
  get keysAreEntryIds(): boolean {
    return this.git.oidBytes === 20;
  }

  // ---- revisions
  resolve(rev: string) {
    return resolveCommit(this.git, rev);
  }
  head() {
    return head(this.git);
  }
  stamp() {
    return refsStamp(this.git);
  }
  stampAtOpen() {
    const stamp = refsStamp(this.git);
    return stamp && this.git.headUnmoved() ? stamp : null; // HEAD as read at open is HEAD in the stamp
  }
  changedNames(from: string, to: string) {
    return changedNames(this.git, from, to);
  }
  isAncestor(a: string, b: string) {
    return isAncestor(this.git, a, b);
  }
  mergeBase(a: string, b: string) {
    return mergeBase(this.git, a, b);
  }
  countCommits(from: string | null, to: string) {
    return countCommits(this.git, from, to);
  }
  refsMergedInto(commit: string, prefix: string) {
    return refsMergedInto(this.git, commit, [prefix]);
  }
  async hasCommit(oid: string): Promise<boolean> {
    return (await this.git.cat.info(oid))?.type === 'commit';
  }
  historyOf(tip: string) {
    return historyOf(this.git, tip);
  }
  tipsAround(commit: string) {
    return refTipsAround(this.git, commit);
  }

  // ---- names
  listRefs(prefix: string) {
    return listRefs(this.git, prefix);
  }
  branches(): Promise<Branch[]> {
    return listBranches(this.git);
  }
  async remoteBranches(): Promise<Branch[]> {
    return (await listRefs(this.git, 'refs/remotes/'))
      .filter((r) => !r.ref.endsWith('/HEAD'))
      .map((r) => ({ ...r, name: r.ref.slice('refs/remotes/'.length) }));
  }
  tags(): Promise<Tag[]> {
    return listTags(this.git);
  }
  tagsContaining(commit: string) {
    return tagCommitsContaining(this.git, commit);
  }
  updateRefs(updates: readonly RefUpdate[], message: string) {
    return updateRefs(this.git, updates, message);
  }
  casRef(ref: string, next: string, expected: string | null, message: string, saved?: string, then?: string) {
    return casRef(this.git, ref, next, expected, message, saved, then);
  }
  remotes() {
    return remoteNames(this.git);
  }

  // ---- snapshots
  dirAt(commit: string, path: string): Promise<string | null> {
    return this.git.cat
      .info(path ? `${commit}:${path}` : `${commit}^{tree}`)
      .then((i) => (i?.type === 'tree' ? i.oid : null));
  }
  keyAt(rev: string, path: string): Promise<string | null> {
    return this.git.oid(`${rev}:${path}`);
  }
  async readDir(key: string): Promise<{ key: string; entries: DirEntry[] } | null> {
    const t = await this.git.readTree(key);
    return t && { key: t.oid, entries: t.entries.map(toEntry) };
  }
  /** Object ids name their content: a tree a cache remembered is there to read. */
  async knowsDir(_key: string): Promise<boolean> {
    return true;
  }
  async lookup(dir: string, name: string): Promise<DirEntry | null> {
    const i = await this.git.cat.info(`${dir}:${name}`);
    return i && { name, key: i.oid, dir: i.type === 'tree', plain: i.type === 'blob' };
  }
  readFile(key: string) {
    return this.git.readBlob(key);
  }
  fileAt(commit: string, path: string, parent = false): Promise<Buffer | null> {
    return this.git.readBlob(`${commit}${parent ? '^' : ''}:${path}`);
  }
  fileKey(data: Buffer): string {
    return this.git.oidBytes === 20
      ? objectId('blob', data)
      : createHash('sha256').update(`blob ${data.length}\0`).update(data).digest('hex');
  }

  // ---- history
  commitsNamingTickets(tips: string | readonly string[], exclude: readonly string[] = []) {
    return commitsNamingTickets(this.git, tips, exclude);
  }
  commitsWithClosingWords(tip: string) {
    return commitsWithClosingWords(this.git, tip);
  }
  readCommit(rev: string) {
    return readCommit(this.git, rev);
  }
  deletedPaths(commit: string, prefix: string) {
    return deletedPaths(this.git, commit, prefix);
  }
  addedPaths(from: string | null, to: string) {
    return addedPaths(this.git, from, to);
  }
  commitAuthors(max?: number) {
    return commitAuthors(this.git, max);
  }

  // ---- the working copy
  async stagedChanges(prefix: string, headCommit: string | null): Promise<Change[]> {
    const changes = await stagedChanges(this.git, prefix, headCommit);
    return changes.map((c) => ({ path: c.path, key: c.oid, ...(c.unmerged ? { unmerged: true } : {}) }));
  }
  writeAndStage(files: readonly { path: string; data: Buffer }[], opts?: { replace?: boolean }) {
    return writeAndStage(this.git, files, opts);
  }
  stagePaths(paths: readonly string[]) {
    return stagePaths(this.git, paths);
  }
  stagedOf(paths: readonly string[]) {
    return stagedOf(this.git, paths);
  }
  async unstage(paths: readonly string[]): Promise<void> {
    if (!paths.length) return;
    await this.git.run(['update-index', '--force-remove', '-z', '--stdin'], {
      input: paths.map((p) => `${p}\0`).join(''),
    });
  }
  replaceStaged(remove: readonly string[], add: readonly { path: string; data: Buffer }[]) {
    return replaceStaged(this.git, remove, add);
  }
  commitPaths(prefix: string, message: string) {
    return commitPaths(this.git, prefix, message);
  }
  checkoutChange(from: string | null, to: string) {
    return checkoutChange(this.git, from, to);
  }
  repairAfterStop(alive: (pid: number) => boolean) {
    return removeStaleTempIndexes(this.git, alive);
  }
  prepareWorktree() {
    return useUntrackedCache(this.git);
  }

  // ---- writing without the working copy
  async casCommit(ref: string, expected: string | null, spec: CommitSpec): Promise<string | null> {
    const base = spec.parents[0] ? await this.git.oid(`${spec.parents[0]}^{tree}`) : null;
    const edits: FileEdit[] = await Promise.all(
      spec.changes.map(async (c) =>
        'remove' in c
          ? { path: c.path, oid: null }
          : { path: c.path, oid: 'key' in c ? c.key : await writeBlob(this.git, c.data) },
      ),
    );
    const tree = (await editTree(this.git, base, edits)) ?? (await mktree(this.git, []));
    const commit = await commitTreeBy(this.git, tree, spec.parents, spec.message, spec.author);
    return (await casRef(this.git, ref, commit, expected, `dit: ${spec.message.split('\n')[0]}`)) ? commit : null;
  }
  bulkCommit(
    ref: string | null,
    parent: string | null,
    message: string,
    author: { name: string; email: string },
    files: readonly { path: string; data: Buffer }[],
  ) {
    return ref
      ? bulkCommit(this.git, ref, parent, message, author, files)
      : bulkCommitObject(this.git, parent, message, author, files);
  }

  // ---- sync
  async hasRemote(name: string): Promise<boolean> {
    return (await this.git.run(['remote', 'get-url', name], { okCodes: [2, 128] })).code === 0;
  }
  async fetchJournal(remote: string, journal: string, tracking: string): Promise<FetchedJournal> {
    const refspec = `+${journal}:${tracking}`;
    const specs = (await this.git.run(['config', '--get-all', `remote.${remote}.fetch`], { okCodes: [1] })).stdout
      .toString()
      .split('\n');
    // so a plain `git fetch` brings the journal too
    if (!specs.includes(refspec)) await this.git.run(['config', '--add', `remote.${remote}.fetch`, refspec]);
    const fetch = await this.git.run(['fetch', '--quiet', '--no-tags', remote, refspec], { okCodes: [1, 128] });
    const missing = fetch.code !== 0 && /couldn't find remote ref/i.test(fetch.stderr);
    if (fetch.code !== 0 && !missing)
      throw new DitError('git-failed', `could not fetch from ${remote}: ${fetch.stderr.trim()}`);
    if (missing) {
      await this.git.run(['update-ref', '-d', tracking]);
      return { commit: null };
    }
    return { commit: await this.git.oid(`${tracking}^{commit}`) };
  }
  async pushJournal(remote: string, journal: string, tracking: string, commit: string): Promise<'pushed' | 'rejected'> {
    const push = await this.git.run(['push', '--quiet', remote, `${commit}:${journal}`], { okCodes: [1, 128] });
    if (push.code !== 0) {
      // another clone's push won the ref on the remote between our fetch and push: fetch and merge again
      const raced = /cannot lock ref|failed to update ref|but expected/i.test(push.stderr);
      // the remote's hooks refused it (a dit server's push rule): retrying would not help; say what they said
      if (!raced && /\[remote rejected\]/.test(push.stderr)) throw refusedBy(remote, journal, push.stderr);
      if (raced || /rejected|non-fast-forward|fetch first|stale/i.test(push.stderr)) return 'rejected';
      throw new DitError('git-failed', `could not push to ${remote}: ${push.stderr.trim()}`);
    }
    await this.git.run(['update-ref', tracking, commit]);
    return 'pushed';
  }
  fetchRefs(remote: string, prefix: string) {
    return fetchRefs(this.git, remote, [`${prefix}*:${prefix}*`]);
  }
  pushRefs(remote: string, refs: readonly string[]) {
    return pushRefs(
      this.git,
      remote,
      refs.map((r) => `${r}:${r}`),
    );
  }

  // ---- proposals
  async defaultTarget(): Promise<string | null> {
    const fromRemote =
      (await symbolicRef(this.git, 'refs/remotes/origin/HEAD'))?.replace(/^refs\/remotes\/origin\//, '') ?? '';
    for (const name of [fromRemote, 'main', 'master'])
      if (name && (await this.git.oid(`refs/heads/${name}^{commit}`))) return name;
    return null;
  }
  targetTip(name: string, _tip: string): Promise<string | null> {
    return this.git.oid(`refs/heads/${name}^{commit}`);
  }
  async keepPatchset(_base: string, _tip: string): Promise<void> {} // refs/dit/patchsets/ keeps them
  async canReview(commit: string): Promise<boolean> {
    return !!(await this.git.oid(`${commit}^{commit}`));
  }
  commitsBetween(from: string | null, to: string, max: number) {
    return commitsBetween(this.git, from, to, max);
  }
  seriesLog(base: string, tip: string, max: number) {
    return seriesLog(this.git, base, tip, max);
  }
  fileStats(from: string, to: string, maxBytes: number) {
    return fileStats(this.git, from, to, maxBytes);
  }
  patchText(from: string, to: string, paths: readonly string[], opts: { maxBytes: number; context?: number }) {
    return patchText(this.git, from, to, paths, opts);
  }
  rangeDiff(a: { base: string; tip: string }, b: { base: string; tip: string }, maxBytes: number) {
    return rangeDiff(this.git, a, b, maxBytes);
  }

  // ---- settings
  identity() {
    return identity(this.git);
  }
  config(key: string) {
    return getConfig(this.git, key);
  }
  configBool(key: string) {
    return this.git.configBool(key);
  }
  configMatching(pattern: string) {
    return configMatching(this.git, pattern);
  }
  configStamp() {
    return configStamp(this.git);
  }

  async flush(): Promise<void> {}

  close(): void {
    this.git.close();
  }
}

/** A push the remote's hooks refused, with the lines they printed (`remote: ...`). */
function refusedBy(remote: string, ref: string, stderr: string): DitError {
  const said = stderr
    .split('\n')
    .filter((l) => l.startsWith('remote: ') && l.trim() !== 'remote:')
    .map((l) => l.slice('remote: '.length))
    .join('\n');
  return new DitError('forbidden', `${remote} refused the push of ${ref}${said ? `:\n${said}` : ''}`, {});
}
