// Folders by key for hg, which has none: built from manifests, edited like git's trees, kept under .hg/dit/folders-v1/.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DirEntry, FileChange } from '../vcs/port.js';
import { buildFolders, folderKey, type ManifestFile, newFileNode } from './snapshot.js';

/** A folder: where it was seen (hg reads a file by path and node) and, when small, what it holds. */
interface Known {
  path: string;
  /** The commit it was listed in, for a big folder kept by place only. */
  commit?: string;
  entries?: DirEntry[];
}

/** Folders of at most this many names are kept whole on disk; bigger ones (a collection) by place. */
const SMALL = 256;
/** At most this many folders per shard file (256 shards). */
const SHARD_MAX = 4096;

const shardOf = (key: string) => key.slice(0, 2);

/**
 * Every folder the process has seen, by key, and the file nodes' paths. A key from a cache written by
 * an earlier process is found in its shard on disk: small folders with their names, big ones with
 * the commit and path to list again.
 */
export class Folders {
  private readonly known = new Map<string, Known>();
  private readonly filePaths = new Map<string, string>();
  private readonly shards = new Map<string, Promise<Record<string, [string, string | DirEntry[]]>>>();
  private readonly dirty = new Set<string>();

  constructor(private readonly dir: string) {}

  /** Takes in a listing of `commit` under `base`; returns the key of `base` (null: nothing there). */
  add(commit: string, base: string, files: readonly ManifestFile[]): string | null {
    const built = buildFolders(files, base);
    for (const [node, path] of built.files) this.filePaths.set(node, path);
    for (const [key, entries] of built.folders) this.remember(key, built.paths.get(key)!, commit, entries);
    return built.root;
  }

  private remember(key: string, path: string, commit: string | null, entries: DirEntry[]): void {
    const had = this.known.get(key);
    if (had?.entries) return;
    this.known.set(key, { path, entries, ...(commit ? { commit } : {}) });
    if (!had && (entries.length <= SMALL || commit)) this.dirty.add(key);
  }

  /** A folder's entries: from memory, from its shard, or null (then the caller lists `place(key)`). */
  async entries(key: string): Promise<DirEntry[] | null> {
    const k = this.known.get(key) ?? (await this.fromDisk(key));
    if (!k?.entries) return null;
    for (const e of k.entries)
      if (!e.dir && !this.filePaths.has(e.key)) this.filePaths.set(e.key, join2(k.path, e.name));
    return k.entries;
  }

  /** Where a folder was seen: its path and, for a big one, the commit to list. */
  async place(key: string): Promise<{ path: string; commit: string | null } | null> {
    const k = this.known.get(key) ?? (await this.fromDisk(key));
    return k ? { path: k.path, commit: k.commit ?? null } : null;
  }

  /** The path a file node was listed at. */
  pathOf(node: string): string | undefined {
    return this.filePaths.get(node);
  }

  notePath(node: string, path: string): void {
    this.filePaths.set(node, path);
  }

  /**
   * The folder `base` (a key, null: empty) with the changes applied, as git edits a tree: only the
   * folders on the changed paths are rebuilt. `read` gives a key's bytes for a change by key. Null
   * when a folder on the way is not known (list the commit instead).
   */
  async edit(base: string | null, path: string, changes: readonly FileChange[]): Promise<string | null | undefined> {
    const entries = base ? await this.entries(base) : [];
    if (!entries) return undefined;
    const byName = new Map(entries.map((e) => [e.name, e]));
    const groups = new Map<string, FileChange[]>();
    for (const c of changes) {
      const slash = c.path.indexOf('/');
      if (slash < 0) {
        if ('remove' in c) byName.delete(c.path);
        else {
          const key = 'key' in c ? c.key : newFileNode(c.data);
          byName.set(c.path, { name: c.path, key, dir: false, plain: true });
          this.filePaths.set(key, join2(path, c.path));
        }
      } else {
        const name = c.path.slice(0, slash);
        const list = groups.get(name) ?? [];
        list.push({ ...c, path: c.path.slice(slash + 1) });
        groups.set(name, list);
      }
    }
    for (const [name, list] of groups) {
      const had = byName.get(name);
      if (had && !had.dir && list.some((c) => !('remove' in c))) byName.delete(name);
      const sub = await this.edit(had?.dir ? had.key : null, join2(path, name), list);
      if (sub === undefined) return undefined;
      if (sub === null) byName.delete(name);
      else byName.set(name, { name, key: sub, dir: true, plain: false });
    }
    if (!byName.size) return null;
    const next = [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const key = folderKey(next);
    this.remember(key, path, null, next);
    return key;
  }

  /** Says which commit a folder made by `edit` (and its big subfolders) belongs to, so a later process can list it. */
  async bind(key: string, commit: string): Promise<void> {
    const k = this.known.get(key);
    if (!k?.entries || k.commit) return;
    k.commit = commit;
    if (k.entries.length > SMALL) this.dirty.add(key);
    for (const e of k.entries) if (e.dir) await this.bind(e.key, commit);
  }

  private fromDisk(key: string): Promise<Known | undefined> {
    const shard = shardOf(key);
    let p = this.shards.get(shard);
    if (!p) {
      p = readFile(join(this.dir, `${shard}.json`), 'utf8').then(
        (t) => JSON.parse(t) as Record<string, [string, string | DirEntry[]]>,
        () => ({}),
      );
      this.shards.set(shard, p);
    }
    return p.then((s) => {
      const v = s[key];
      if (!Array.isArray(v) || typeof v[0] !== 'string') return undefined;
      const k: Known = Array.isArray(v[1]) ? { path: v[0], entries: v[1] } : { path: v[0], commit: String(v[1]) };
      this.known.set(key, k);
      return k;
    });
  }

  /** Writes the folders seen since the last save into their shards. */
  async save(): Promise<void> {
    if (!this.dirty.size) return;
    const byShard = new Map<string, string[]>();
    for (const key of this.dirty) byShard.set(shardOf(key), [...(byShard.get(shardOf(key)) ?? []), key]);
    this.dirty.clear();
    await mkdir(this.dir, { recursive: true });
    for (const [shard, keys] of byShard) {
      const file = join(this.dir, `${shard}.json`);
      const old = await readFile(file, 'utf8').then(
        (t) => JSON.parse(t) as Record<string, unknown>,
        () => ({}) as Record<string, unknown>,
      );
      for (const key of keys) {
        const k = this.known.get(key);
        if (!k) continue;
        old[key] = k.entries && k.entries.length <= SMALL ? [k.path, k.entries] : [k.path, k.commit ?? ''];
        if (!k.entries || k.entries.length > SMALL) if (!k.commit) delete old[key]; // a big folder no commit names
      }
      const names = Object.keys(old);
      for (const n of names.slice(0, Math.max(0, names.length - SHARD_MAX))) delete old[n];
      const tmp = `${file}.${process.pid}`;
      await writeFile(tmp, JSON.stringify(old)).catch(() => {});
      await rename(tmp, file).catch(() => {});
      this.shards.delete(shard);
    }
  }
}

const join2 = (a: string, b: string) => (a ? `${a}/${b}` : b);
