// What revisions hold, by key: listings through dit's extension, folders built from them, file bytes read in batches.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DitError } from '../errors.js';
import type { DirEntry } from '../vcs/port.js';
import { Folders } from './folders.js';
import type { Hg } from './repo.js';
import { newFileNode, parseManifestFiles } from './snapshot.js';

/** Bytes kept in memory (written here, or read from the working copy), bounded. */
const MAX_KEPT = 64 << 20;

export class Contents {
  readonly folders: Folders;
  /** `commit\0base` -> the key of that folder of the commit. */
  private readonly listed = new Map<string, Promise<string | null>>();
  private readonly kept = new Map<string, Buffer>();
  private keptBytes = 0;
  private pending: { node: string; path: string; done: (b: Buffer | null) => void; fail: (e: unknown) => void }[] = [];

  constructor(private readonly hg: Hg) {
    this.folders = new Folders(join(hg.hgDir, 'dit', 'folders-v1'));
  }

  /** The base a path is listed under: `.dit` in a branch, the whole revision for anything else (the journal). */
  private static baseOf(path: string): string {
    return path === '.dit' || path.startsWith('.dit/') ? '.dit' : '';
  }

  /** Lists `base` of a commit once (through `debugdit-files`) and returns its key. */
  root(commit: string, base: string): Promise<string | null> {
    const k = `${commit}\0${base}`;
    let p = this.listed.get(k);
    if (!p) {
      p = this.hg
        .text(['debugdit-files', commit, base])
        .then((text) => this.folders.add(commit, base, parseManifestFiles(text)));
      this.listed.set(k, p);
      p.catch(() => this.listed.delete(k));
    }
    return p;
  }

  /** Says that `base` of `commit` is the folder `key` (a commit dit made and keyed itself). */
  known(commit: string, base: string, key: string | null): void {
    this.listed.set(`${commit}\0${base}`, Promise.resolve(key));
    if (key) void this.folders.bind(key, commit);
  }

  /** The key at `path` (a folder or a file) of a commit, or null. */
  async keyAt(commit: string, path: string): Promise<{ key: string; dir: boolean } | null> {
    const base = Contents.baseOf(path);
    let key = await this.root(commit, base);
    const rest = path.slice(base.length).replace(/^\//, '');
    if (!rest) return key ? { key, dir: true } : null;
    const parts = rest.split('/');
    for (let i = 0; i < parts.length && key; i++) {
      const e = (await this.readDir(key))?.find((x) => x.name === parts[i]);
      if (!e) return null;
      if (i === parts.length - 1) return { key: e.key, dir: e.dir };
      if (!e.dir) return null;
      key = e.key;
    }
    return null;
  }

  /** Whether a folder key can be read: listed in this process, or kept under .hg/dit/ with its names or its commit. */
  async knows(key: string): Promise<boolean> {
    if (await this.folders.entries(key)) return true;
    return Boolean((await this.folders.place(key))?.commit);
  }

  /**
   * A folder's entries by key; a key from an earlier process is listed again where it was seen. A key
   * nothing here knows is an error, never an empty folder: read as empty, it would hide tickets, and a
   * cache that remembered "not here" would hide them for good (caches check keys with `knows` first).
   */
  async readDir(key: string): Promise<DirEntry[]> {
    const found = await this.folders.entries(key);
    if (found) return found;
    const place = await this.folders.place(key);
    if (place?.commit) {
      await this.root(place.commit, Contents.baseOf(place.path));
      const listed = await this.folders.entries(key);
      if (listed) return listed;
    }
    throw new DitError(
      'hg-failed',
      `the hg folder ${key.slice(0, 12)} that a cache under .hg/dit/ names has no listing there; ` +
        'remove .hg/dit/ (dit rebuilds it) and run the command again',
      {},
    );
  }

  /** Keeps bytes dit wrote or read, so reading them again costs nothing (bounded). */
  keep(key: string, data: Buffer): void {
    if (this.kept.has(key) || data.length > MAX_KEPT / 64) return;
    this.kept.set(key, data);
    this.keptBytes += data.length;
    while (this.keptBytes > MAX_KEPT) {
      const [k, v] = this.kept.entries().next().value!;
      this.kept.delete(k);
      this.keptBytes -= v.length;
    }
  }

  /**
   * A file's bytes by its node: kept bytes, else the working copy's file at its path (or, for a shared
   * journal's `tickets/...`, at `.dit/tickets/...`) when its bytes hash to that node, else hg, asked
   * for every file wanted at once.
   */
  async readFile(key: string): Promise<Buffer | null> {
    const kept = this.kept.get(key);
    if (kept) return kept;
    const path = this.folders.pathOf(key);
    if (!path) return null;
    for (const p of path.startsWith('.dit/') ? [path] : [path, `.dit/${path}`]) {
      const data = await readFile(join(this.hg.root, p)).catch(() => null);
      if (data && newFileNode(data) === key) return data;
    }
    return new Promise((done, fail) => {
      this.pending.push({ node: key, path, done, fail });
      if (this.pending.length === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    try {
      const input = batch.map((b) => `${b.path}\0${b.node}\0`).join('');
      const out = (await this.hg.run(['debugdit-cat'], { input })).stdout;
      const got = new Map<string, Buffer>();
      let at = 0;
      while (at < out.length) {
        const nl = out.indexOf(0x0a, at);
        if (nl < 0) break;
        const [node, size] = out.toString('latin1', at, nl).split(' ');
        const n = Number(size);
        at = nl + 1;
        if (n < 0) continue;
        got.set(node!, out.subarray(at, at + n));
        at += n;
      }
      for (const b of batch) b.done(got.get(b.node) ?? null);
    } catch (err) {
      for (const b of batch) b.fail(err);
    }
  }

  save(): Promise<void> {
    return this.folders.save();
  }
}
