// The port (vcs/port.ts) for Mercurial: names mapped to git's spelling, folders keyed from manifests, one command server.
// Over 300 lines: the adapter implements the whole port (vcs/port.ts), one method beside the next, as git/vcs.ts
// does.
import { readFile } from 'node:fs/promises';
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
import { Contents } from './contents.js';
import { readDirstate } from './dirstate.js';
import * as history from './history.js';
import { id } from './history.js';
import {
  branchesOf,
  hgStamp,
  JOURNAL_BRANCH,
  JOURNAL_REF,
  NameCache,
  readDitRefs,
  refsOf,
  tagsOf,
  writeDitRefs,
} from './names.js';
import * as patchsets from './patchsets.js';
import { Hg } from './repo.js';
import { asBool, hgConfig, hgConfigMatching, hgConfigStamp, hgIdentity, hgTerminal } from './settings.js';
import { newFileNode } from './snapshot.js';
import * as wt from './worktree.js';
import { journalCommit, syncJournal } from './write.js';

/** A rev a person may type: names and `x~n`/`x^`, nothing a revset would run (no spaces, quotes or parentheses). */
const SAFE_REV = /^[A-Za-z0-9._/+@~^-]{1,200}$/;

export class HgVcs implements Vcs {
  readonly kind = 'hg' as const;
  readonly label = {
    name: 'Mercurial',
    command: 'hg',
    branches: 'hg branches` and `hg bookmarks',
    listRemotes: 'hg paths',
    addRemote: 'hg paths --help; add NAME = URL under [paths] in .hg/hgrc',
    editorVariable: 'HGEDITOR',
    defaultRemote: 'default',
    newBranch: 'hg bookmark my-change',
    addPatchset: 'dit propose (on the bookmark of the change, or on ticket/ID)',
  };
  readonly keysAreEntryIds = false;
  readonly terminal: TerminalSettings;
  readonly headAtOpen: string | null;
  private readonly names: NameCache;
  private readonly contents: Contents;

  private constructor(
    readonly hg: Hg,
    head: string | null,
    /** hg's state before anything was read (see stampAtOpen). */
    private readonly opened: string | null,
  ) {
    this.terminal = hgTerminal(hg);
    this.names = new NameCache(hg);
    this.contents = new Contents(hg);
    this.headAtOpen = head;
  }

  static async open(dir: string, opts: { env?: NodeJS.ProcessEnv } = {}): Promise<HgVcs> {
    const hg = Hg.open(dir, opts);
    const opened = hgStamp(hg); // first: whatever is read next is this state or a later one
    const ds = await readDirstate(hg.hgDir, '\0'); // the parents only: no path starts with NUL
    const head = ds ? ds.p1 : (await hg.text(['log', '-r', '.', '-T', '{node}'])).trim() || null;
    return new HgVcs(hg, head && !/^0+$/.test(head) ? head : null, opened);
  }

  get worktree(): string {
    return this.hg.root;
  }
  get cacheDir(): string {
    return join(this.hg.hgDir, 'dit');
  }
  get id(): string {
    return this.hg.hgDir;
  }
  get env(): NodeJS.ProcessEnv {
    return this.hg.env;
  }

  // ---- revisions
  /**
   * Our journal head: the one dit last wrote, merged or fast-forwarded to (`refs/dit/journal` in
   * `.hg/dit/refs`) while it is a head of `dit/journal`; else the newest head that contains it (hg
   * committed or pulled on top), else the newest head. Other heads are journals pulled from elsewhere.
   */
  private async journal(): Promise<string | null> {
    const heads = (await this.names.get()).heads.get(JOURNAL_BRANCH) ?? [];
    const mine = readDitRefs(this.hg).get(JOURNAL_REF);
    if (!heads.length) return null;
    if (!mine || heads.includes(mine)) return mine ?? heads[0]!;
    const revset = `(${heads.map(id).join(' or ')}) and descendants(${id(mine)})`;
    const out = await this.hg.text(['log', '-r', revset, '-T', '{node}\\0'], { okCodes: [255] });
    return out.split('\0').find((n) => heads.includes(n)) ?? heads[0]!;
  }

  private async setJournal(node: string): Promise<void> {
    const refs = readDitRefs(this.hg);
    refs.set(JOURNAL_REF, node);
    await writeDitRefs(this.hg, refs);
  }

  async resolve(rev: string): Promise<string | null> {
    if (rev === 'HEAD' || rev === '.') return (await this.head()).oid;
    if (rev === JOURNAL_REF) return this.journal();
    if (rev.startsWith('refs/')) return (await this.listRefs(rev)).find((r) => r.ref === rev)?.oid ?? null;
    if (!SAFE_REV.test(rev) || rev.startsWith('-')) return null;
    const names = await this.names.get();
    const bookmark = names.bookmarks.find((b) => b.name === rev);
    if (bookmark) return bookmark.node;
    const heads = rev === JOURNAL_BRANCH ? undefined : names.heads.get(rev);
    if (heads?.[0]) return heads[0];
    const r = await this.hg.run(['log', '-r', rev, '-l', '1', '-T', '{node}'], { okCodes: [255, 10] });
    const node = r.code === 0 ? r.stdout.toString('utf8').trim() : '';
    return /^[0-9a-f]{40}$/.test(node) && !/^0+$/.test(node) ? node : null;
  }
  async head(): Promise<{ ref: string | null; oid: string | null }> {
    const ds = await readDirstate(this.hg.hgDir, '\0');
    const oid = ds ? ds.p1 : (await this.hg.text(['log', '-r', '.', '-T', '{node}'])).trim() || null;
    const bookmark = (await readFile(join(this.hg.hgDir, 'bookmarks.current'), 'utf8').catch(() => '')).trim();
    const branch = (await readFile(join(this.hg.hgDir, 'branch'), 'utf8').catch(() => '')).trim() || 'default';
    return { ref: `refs/heads/${bookmark || branch}`, oid: oid && !/^0+$/.test(oid) ? oid : null };
  }
  stamp() {
    return hgStamp(this.hg);
  }
  /**
   * The stamp taken before anything was read: every later read sees that state or a newer one, and a
   * view notes it for the quick path only if the stamp is still the same when it is answered.
   */
  stampAtOpen() {
    return this.opened;
  }
  async isAncestor(a: string, b: string): Promise<boolean> {
    if (a === b) return true;
    return (await this.hg.text(['log', '-r', `${id(a)} and ::${id(b)}`, '-T', 'x'], { okCodes: [255] })) === 'x';
  }
  async mergeBase(a: string, b: string): Promise<string | null> {
    const out = await this.hg.text(['log', '-r', `ancestor(${id(a)}, ${id(b)})`, '-T', '{node}'], { okCodes: [255] });
    return /^[0-9a-f]{40}$/.test(out.trim()) ? out.trim() : null;
  }
  async countCommits(from: string | null, to: string): Promise<number> {
    const range = from ? `only(${id(to)}, ${id(from)})` : `::${id(to)}`;
    return (await this.hg.text(['log', '-r', range, '-T', 'x'])).length;
  }
  async refsMergedInto(commit: string, prefix: string) {
    const refs = await this.listRefs(prefix);
    if (!refs.length) return [];
    const nodes = [...new Set(refs.map((r) => r.oid))];
    const revset = `(${nodes.map(id).join(' or ')}) and ::${id(commit)}`;
    const inside = new Set(
      (await this.hg.text(['log', '-r', revset, '-T', '{node}\\0'], { okCodes: [255] })).split('\0'),
    );
    return refs.filter((r) => inside.has(r.oid));
  }

  async hasCommit(oid: string): Promise<boolean> {
    if (!/^[0-9a-f]{40}$/.test(oid)) return false;
    return (await this.hg.text(['log', '-r', id(oid), '-T', 'x'], { okCodes: [255] })) === 'x';
  }
  async historyOf(tip: string): Promise<Set<string>> {
    return new Set((await this.hg.text(['log', '-r', `::${id(tip)}`, '-T', '{node}\\0'])).split('\0').filter(Boolean));
  }
  async tipsAround(commit: string): Promise<{ contain: Set<string>; lack: Set<string> }> {
    const names = await this.names.get();
    const tips = new Set([...branchesOf(names).map((b) => b.oid), ...names.tags.map((t) => t.node)]);
    const inside = new Set(
      (await this.hg.text(['log', '-r', `descendants(${id(commit)})`, '-T', '{node}\\0'])).split('\0'),
    );
    const contain = new Set<string>();
    const lack = new Set<string>();
    for (const t of tips) (inside.has(t) ? contain : lack).add(t);
    return { contain, lack };
  }

  // ---- names
  async listRefs(prefix: string) {
    const [names, journal] = await Promise.all([this.names.get(), this.journal()]);
    return refsOf(names, readDitRefs(this.hg), journal).filter((r) => r.ref.startsWith(prefix));
  }
  async branches(): Promise<Branch[]> {
    return branchesOf(await this.names.get());
  }
  async remoteBranches(): Promise<Branch[]> {
    return [];
  }
  async tags(): Promise<Tag[]> {
    return tagsOf(await this.names.get());
  }
  async tagsContaining(commit: string): Promise<Set<string>> {
    const out = await this.hg.text(['log', '-r', `tag() and descendants(${id(commit)})`, '-T', '{node}\\0']);
    return new Set(out.split('\0').filter(Boolean));
  }
  /** dit's own refs go to `.hg/dit/refs`; `refs/heads/<name>` (a proposal's `ticket/<id>`) is a bookmark. */
  async updateRefs(updates: readonly RefUpdate[], _message: string): Promise<void> {
    const refs = readDitRefs(this.hg);
    const bookmarks: RefUpdate[] = [];
    for (const u of updates) {
      if (u.ref.startsWith('refs/heads/') && /^[0-9a-f]{40}$/.test(u.next)) bookmarks.push(u);
      else if (!u.ref.startsWith('refs/dit/') || u.ref === JOURNAL_REF)
        throw new DitError('usage', `dit keeps only its own refs and bookmarks in Mercurial, not ${u.ref}`);
      else refs.set(u.ref, u.next);
    }
    await writeDitRefs(this.hg, refs);
    for (const b of bookmarks)
      await this.hg.run(['bookmark', '-q', '-f', '-r', id(b.next), '--', b.ref.slice('refs/heads/'.length)]);
    if (bookmarks.length) this.names.forget();
  }
  async casRef(ref: string, next: string, expected: string | null, _message: string): Promise<boolean> {
    if (ref === JOURNAL_REF) {
      // a fast-forward: a head pulled from elsewhere that contains ours becomes ours
      if ((await this.journal()) !== expected) return false;
      await this.setJournal(next);
      return true;
    }
    if (ref.startsWith('refs/dit/')) {
      const refs = readDitRefs(this.hg);
      if ((refs.get(ref) ?? null) !== expected) return false;
      refs.set(ref, next);
      await writeDitRefs(this.hg, refs);
      return true;
    }
    if (ref === 'HEAD' || ref.startsWith('refs/heads/')) {
      const name = ref === 'HEAD' ? null : ref.slice('refs/heads/'.length);
      const names = await this.names.get();
      const bookmark = name ? names.bookmarks.find((b) => b.name === name) : null;
      if (bookmark) {
        if (bookmark.node !== expected) return false;
        await this.hg.run(['bookmark', '-f', '-r', next, '--', name!]);
        if ((await this.head()).oid === next) await this.hg.run(['update', '-q', name!]); // keeps it active
        this.names.forget();
        return true;
      }
      // a named branch's head moves by committing on it: the commit is there already
      return (await this.head()).oid === next || (await this.resolve(name ?? 'HEAD')) === next;
    }
    throw new DitError('usage', `dit cannot move ${ref} in Mercurial`);
  }
  async remotes(): Promise<string[]> {
    return (await this.hg.text(['paths', '-T', '{name}\\0'], { okCodes: [1] })).split('\0').filter(Boolean);
  }

  // ---- snapshots
  async dirAt(commit: string, path: string): Promise<string | null> {
    const k = await this.contents.keyAt(commit, path);
    return k?.dir ? k.key : null;
  }
  async keyAt(rev: string, path: string): Promise<string | null> {
    const commit = /^[0-9a-f]{40}$/.test(rev) ? rev : await this.resolve(rev);
    return commit ? ((await this.contents.keyAt(commit, path))?.key ?? null) : null;
  }
  async readDir(key: string): Promise<{ key: string; entries: DirEntry[] } | null> {
    const entries = await this.contents.readDir(key);
    return entries && { key, entries };
  }
  knowsDir(key: string): Promise<boolean> {
    return this.contents.knows(key);
  }
  async lookup(dir: string, name: string): Promise<DirEntry | null> {
    return (await this.contents.readDir(dir))?.find((e) => e.name === name) ?? null;
  }
  readFile(key: string) {
    return this.contents.readFile(key);
  }
  async changedNames(from: string, to: string): Promise<string[]> {
    const [a, b] = await Promise.all([this.contents.readDir(from), this.contents.readDir(to)]);
    const before = new Map((a ?? []).map((e) => [e.name, e.key]));
    const out: string[] = [];
    for (const e of b ?? []) {
      if (before.get(e.name) !== e.key) out.push(e.name);
      before.delete(e.name);
    }
    return [...out, ...before.keys()].sort();
  }
  async fileAt(commit: string, path: string, parent = false): Promise<Buffer | null> {
    const at = parent ? (await history.readCommit(this.hg, commit))?.parents[0] : commit;
    const k = at ? await this.contents.keyAt(at, path) : null;
    return k && !k.dir ? this.contents.readFile(k.key) : null;
  }
  fileKey(data: Buffer): string {
    return newFileNode(data);
  }

  // ---- history
  commitsNamingTickets(tips: string | readonly string[], exclude: readonly string[] = []) {
    return history.commitsNamingTickets(this.hg, typeof tips === 'string' ? [tips] : tips, exclude);
  }
  commitsWithClosingWords(tip: string) {
    return history.commitsWithClosingWords(this.hg, tip);
  }
  readCommit(rev: string) {
    return history.readCommit(this.hg, rev);
  }
  deletedPaths(commit: string, prefix: string) {
    return history.deletedPaths(this.hg, commit, prefix);
  }
  addedPaths(from: string | null, to: string) {
    return history.addedPaths(this.hg, from, to);
  }
  commitAuthors(max = 2000) {
    return history.commitAuthors(this.hg, max);
  }

  // ---- the working copy
  async stagedChanges(prefix: string, _head: string | null): Promise<Change[]> {
    const changes = await wt.addedChanges(this.hg, prefix);
    for (const c of changes) if (c.key && c.data) this.contents.keep(c.key, c.data);
    return changes;
  }
  async writeAndStage(files: readonly { path: string; data: Buffer }[], opts?: { replace?: boolean }) {
    for (const f of files) this.contents.keep(newFileNode(f.data), f.data);
    await wt.writeAndAdd(this.hg, files, opts);
  }
  stagePaths(paths: readonly string[]) {
    return wt.addPaths(this.hg, paths);
  }
  stagedOf(paths: readonly string[]) {
    return wt.trackedOf(this.hg, paths);
  }
  async unstage(paths: readonly string[]): Promise<void> {
    for (let i = 0; i < paths.length; i += 5000)
      await this.hg.run(['forget', '-q', '--', ...paths.slice(i, i + 5000)], { okCodes: [1] });
  }
  replaceStaged(remove: readonly string[], add: readonly { path: string; data: Buffer }[]) {
    return wt.replaceTracked(this.hg, remove, add);
  }
  async commitPaths(prefix: string, message: string) {
    const made = await wt.commitNamed(this.hg, prefix, message);
    this.names.forget();
    return made;
  }
  async checkoutChange(_from: string | null, to: string): Promise<void> {
    await wt.updateTo(this.hg, to);
  }
  repairAfterStop(_alive: (pid: number) => boolean) {
    return wt.recoverTransaction(this.hg);
  }
  async prepareWorktree(): Promise<void> {}

  // ---- writing without the working copy
  async casCommit(ref: string, expected: string | null, spec: CommitSpec): Promise<string | null> {
    if (ref !== JOURNAL_REF)
      throw new DitError('usage', `dit commits without the working copy only to the shared journal, not ${ref}`);
    const made = await journalCommit(this.hg, this.contents, expected, spec);
    this.names.forget();
    if (made) await this.setJournal(made);
    return made;
  }
  async bulkCommit(
    ref: string | null,
    parent: string | null,
    message: string,
    author: { name: string; email: string },
    files: readonly { path: string; data: Buffer }[],
  ): Promise<string | null> {
    const spec: CommitSpec = { parents: parent ? [parent] : [], changes: files, message, author };
    if (ref === JOURNAL_REF) {
      const made = await journalCommit(this.hg, this.contents, parent, spec);
      this.names.forget();
      if (made) await this.setJournal(made);
      if (!made)
        throw new DitError('conflict', `${ref} moved while importing; nothing was changed, run the import again`);
      return made;
    }
    if (ref !== null) throw new DitError('usage', `dit cannot commit to ${ref} in Mercurial`);
    return journalCommit(this.hg, this.contents, null, spec, { branchOf: parent });
  }

  // ---- sync
  async hasRemote(name: string): Promise<boolean> {
    return (await this.remotes()).includes(name);
  }
  async fetchJournal(remote: string, _journal: string, _tracking: string): Promise<FetchedJournal> {
    const theirs = await syncJournal.fetch(this.hg, remote);
    this.names.forget();
    return { commit: theirs };
  }
  async pushJournal(remote: string, _journal: string, _tracking: string, commit: string) {
    const heads = (await this.names.get()).heads.get(JOURNAL_BRANCH) ?? [];
    return syncJournal.push(this.hg, remote, commit, heads);
  }
  async fetchRefs(_remote: string, _prefix: string): Promise<boolean> {
    return false; // hg has no refs to carry dit's own names; kept tips stay local
  }
  async pushRefs(_remote: string, _refs: readonly string[]) {
    return { ok: true, stderr: '' };
  }

  // ---- proposals
  async defaultTarget(): Promise<string | null> {
    const names = await this.names.get();
    if (names.bookmarks.some((b) => b.name === '@')) return '@';
    return names.heads.get('default')?.length ? 'default' : null;
  }
  async targetTip(name: string, tip: string): Promise<string | null> {
    const names = await this.names.get();
    const bookmark = names.bookmarks.find((b) => b.name === name);
    if (bookmark) return bookmark.node;
    const head = name === JOURNAL_BRANCH ? undefined : names.heads.get(name)?.[0];
    if (!head) return null;
    return patchsets.branchTarget(this.hg, name, head, tip);
  }
  keepPatchset(base: string, tip: string) {
    return patchsets.keepPatchset(this.hg, base, tip);
  }
  canReview(commit: string) {
    return patchsets.canReview(this.hg, commit);
  }
  commitsBetween(from: string | null, to: string, max: number) {
    return patchsets.commitsBetween(this.hg, from, to, max);
  }
  seriesLog(base: string, tip: string, max: number) {
    return patchsets.seriesLog(this.hg, base, tip, max);
  }
  fileStats(from: string, to: string, maxBytes: number) {
    return patchsets.fileStats(this.hg, from, to, maxBytes);
  }
  patchText(from: string, to: string, paths: readonly string[], opts: { maxBytes: number; context?: number }) {
    return patchsets.patchText(this.hg, from, to, paths, opts);
  }
  /** hg has no range-diff: the comparison page shows the diff between the two tips alone. */
  async rangeDiff() {
    return { value: '', truncated: false };
  }

  // ---- settings
  identity() {
    return hgIdentity(this.hg);
  }
  config(key: string) {
    return hgConfig(this.hg, key);
  }
  async configBool(key: string) {
    return asBool(await hgConfig(this.hg, key));
  }
  configMatching(pattern: string) {
    return hgConfigMatching(this.hg, pattern);
  }
  configStamp() {
    return hgConfigStamp(this.hg);
  }

  async flush(): Promise<void> {
    await this.contents.save();
  }

  close(): void {
    this.hg.close();
  }
}
