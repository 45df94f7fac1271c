// A revision's files as folders with content keys, built from hg's manifest (hg has no tree objects).
import { createHash } from 'node:crypto';
import type { DirEntry } from '../vcs/port.js';

/** One file of a manifest: its path, its file node (hg's id of a file revision) and flags (`x`, `l`, or none). */
export interface ManifestFile {
  path: string;
  node: string;
  flags: string;
}

/** What a listing makes: each folder by key, and where each key was seen (to read a file, hg needs its path). */
export interface Folders {
  /** The key of the listed folder itself, or null when it holds nothing. */
  root: string | null;
  folders: Map<string, DirEntry[]>;
  /** File node -> the path it was listed at. */
  files: Map<string, string>;
  /** Folder key -> its path. */
  paths: Map<string, string>;
}

/**
 * The key of a folder: a hash of its sorted names, kinds and keys. Equal folders get equal keys on every
 * revision and clone (file nodes are hg's own content ids), so caches keyed on them are shared as git's
 * tree ids are; 40 hex digits like every other key.
 */
export function folderKey(entries: readonly DirEntry[]): string {
  const h = createHash('sha1').update('dit-hg-folder\0');
  for (const e of entries) h.update(`${e.dir ? 'd' : e.plain ? 'f' : e.link ? 'l' : 'x'} ${e.key} ${e.name}\n`);
  return h.digest('hex');
}

const byName = (a: DirEntry, b: DirEntry) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Folders of the files under `base` (`.dit`, or `''` for the whole revision); paths in `files` are full. */
export function buildFolders(files: readonly ManifestFile[], base: string): Folders {
  const out: Folders = { root: null, folders: new Map(), files: new Map(), paths: new Map() };
  const prefix = base ? `${base}/` : '';
  // a tree of plain objects first, then keys bottom-up
  interface Node {
    dirs: Map<string, Node>;
    files: DirEntry[];
  }
  const top: Node = { dirs: new Map(), files: [] };
  for (const f of files) {
    if (!f.path.startsWith(prefix)) continue;
    const parts = f.path.slice(prefix.length).split('/');
    let n = top;
    for (let i = 0; i < parts.length - 1; i++) {
      let next = n.dirs.get(parts[i]!);
      if (!next) n.dirs.set(parts[i]!, (next = { dirs: new Map(), files: [] }));
      n = next;
    }
    n.files.push({
      name: parts[parts.length - 1]!,
      key: f.node,
      dir: false,
      plain: f.flags === '',
      ...(f.flags.includes('l') ? { link: true } : {}),
    });
    out.files.set(f.node, f.path);
  }
  const seal = (n: Node, path: string): string => {
    const entries = [...n.files];
    for (const [name, sub] of n.dirs)
      entries.push({ name, key: seal(sub, path ? `${path}/${name}` : name), dir: true, plain: false });
    entries.sort(byName);
    const key = folderKey(entries);
    out.folders.set(key, entries);
    out.paths.set(key, path);
    return key;
  };
  if (top.files.length || top.dirs.size) out.root = seal(top, base);
  return out;
}

/** Parses `debugdit-files` output: `path\0node\0flags\0` per file. */
export function parseManifestFiles(text: string): ManifestFile[] {
  const parts = text.split('\0');
  const out: ManifestFile[] = [];
  for (let i = 0; i + 2 < parts.length; i += 3)
    out.push({ path: parts[i]!, node: parts[i + 1]!, flags: parts[i + 2]! });
  return out;
}

/**
 * The file node hg gives a file added with these bytes and no history (no copy, no parents): the hash
 * of two null parents and the text. dit's entry files are added once and never changed, so this is
 * their node wherever they are committed.
 */
export function newFileNode(data: Buffer): string {
  const h = createHash('sha1').update(Buffer.alloc(40));
  // hg escapes a text that starts like its copy metadata with an empty metadata block, and hashes that
  if (data.length >= 2 && data[0] === 1 && data[1] === 0x0a) h.update('\x01\n\x01\n');
  return h.update(data).digest('hex');
}
