// What the review pages read about a patchset: its commits, its files changed, and how two patchsets differ.
import { sizeOf } from '../bounded-map.js';
import { cache } from '../caches.js';
import { DitError } from '../errors.js';
import { type FilePatch, isGenerated, parsePatch } from '../model/diff.js';
import { shortId } from '../model/ids.js';
import type { Revision, Ticket } from '../model/ticket.js';
import type { Store } from '../store/store.js';
import type { FileStat, LogEntry } from '../vcs/port.js';

/** Bounds on what one page asks git for: a file bigger than these is summarised, never sent whole. */
export const LIMITS = {
  /** A file with more changed lines than this is summarised (its own page shows it). */
  largeFileLines: 1500,
  /** At most this many files' diffs on one page; the rest are listed. */
  files: 100,
  /** At most this many diff lines on one page. */
  lines: 20_000,
  /** Bytes of patch text read from git for one page. */
  patchBytes: 4 << 20,
  /** Bytes of `--raw --numstat` read (a 5,000-file patchset is about 400 KiB). */
  statBytes: 4 << 20,
  /** Bytes of range-diff read. */
  rangeBytes: 2 << 20,
  commits: 250,
};

/** A revision picked by patchset and revision number (the current one by default), with its numbers. */
export interface Picked extends Revision {
  number: number;
}

/** The revision `?ps=&rev=` names; the current one when left out, the last of a patchset when only it is named. */
export function pickRevision(t: Ticket, ps?: number | null, rev?: number | null): Picked {
  const current = t.current;
  if (!current)
    throw new DitError(
      'not-found',
      `#${shortId(t.id)} has no patchset; push one with git push origin HEAD:refs/for/${shortId(t.id)}`,
    );
  const number = ps ?? current.number;
  const set = t.patchsets.find((p) => p.number === number && p.revisions.length);
  if (!set)
    throw new DitError(
      'not-found',
      `#${shortId(t.id)} has no patchset ${number}; it has ${t.patchsets
        .filter((p) => p.revisions.length)
        .map((p) => p.number)
        .join(', ')}`,
    );
  const r = rev ? set.revisions.find((x) => x.revision === rev) : set.revisions[set.revisions.length - 1];
  if (!r)
    throw new DitError(
      'not-found',
      `patchset ${number} has no revision ${rev}; it has ${set.revisions.map((x) => x.revision).join(', ')}`,
    );
  return { ...r, number };
}

async function need(store: Store, oid: string, t: string): Promise<void> {
  if (!(await store.vcs.canReview(oid)))
    throw new DitError(
      'not-found',
      `commit ${oid.slice(0, 7)} is not in this repository; fetch the patchset with \`dit checkout ${t}\` (or ${store.vcs.label.command} pull)`,
    );
}

/** The commits of a revision (base..tip), oldest first, at most LIMITS.commits. */
export async function revisionCommits(store: Store, t: Ticket, r: Picked): Promise<LogEntry[]> {
  await need(store, r.tip, shortId(t.id));
  return store.vcs.seriesLog(r.base, r.tip, LIMITS.commits);
}

/** Why a file's diff is not on the page. */
export type Summarised = 'binary' | 'large' | 'generated' | 'budget' | 'truncated';

export interface FileDiff extends FileStat {
  patch: FilePatch | null;
  summarised: Summarised | null;
}

export interface FilesChanged {
  files: FileDiff[];
  added: number;
  removed: number;
  /** The file list itself was cut (more output than LIMITS.statBytes). */
  listTruncated: boolean;
  /** The patch text was cut at LIMITS.patchBytes. */
  truncated: boolean;
}

/**
 * The files changed from `from` to `to`: every file's counts, and the diffs of as many as fit the
 * limits. `only` names one file to show whatever its size (still bounded by bytes); generated files are
 * shown only then.
 */
export function filesChanged(store: Store, from: string, to: string, only?: string): Promise<FilesChanged> {
  // what changed between two commits never changes: kept by the commits (resolved to full ids by the caller)
  const key = `${store.vcs.id}\0${from}\0${to}\0${only ?? ''}`;
  const kept = cache<Promise<FilesChanged>>('diffs');
  const hit = kept.get(key);
  if (hit) return hit;
  const p = readFilesChanged(store, from, to, only);
  kept.set(key, p, 1024);
  p.then(
    (v) => kept.get(key) === p && kept.set(key, p, sizeOf(v)),
    () => kept.delete(key),
  );
  return p;
}

async function readFilesChanged(store: Store, from: string, to: string, only?: string): Promise<FilesChanged> {
  const stats = await store.vcs.fileStats(from, to, LIMITS.statBytes);
  const files: FileDiff[] = stats.value.map((s) => ({ ...s, patch: null, summarised: null }));
  let lines = 0;
  let shown = 0;
  const want: FileDiff[] = [];
  for (const f of files) {
    const size = (f.added ?? 0) + (f.removed ?? 0);
    if (only !== undefined) {
      if (f.path !== only) continue;
      if (f.added === null) f.summarised = 'binary';
      else want.push(f);
      continue;
    }
    if (f.added === null) f.summarised = 'binary';
    else if (size > LIMITS.largeFileLines) f.summarised = 'large';
    else if (isGenerated(f.path)) f.summarised = 'generated';
    else if (shown >= LIMITS.files || lines + size > LIMITS.lines) f.summarised = 'budget';
    else {
      shown++;
      lines += size;
      want.push(f);
    }
  }
  const paths = want.flatMap((f) => (f.oldPath ? [f.oldPath, f.path] : [f.path]));
  const text = await store.vcs.patchText(from, to, paths, { maxBytes: LIMITS.patchBytes });
  const byPath = new Map(parsePatch(text.value).map((p) => [p.path, p]));
  for (const f of want) {
    const p = byPath.get(f.path);
    if (p) f.patch = p;
    else f.summarised = text.truncated ? 'truncated' : null;
  }
  // the last file parsed before the cut may be partial: say so
  if (text.truncated) {
    const last = [...want].reverse().find((f) => f.patch);
    if (last) last.summarised = 'truncated';
  }
  return {
    files,
    added: files.reduce((n, f) => n + (f.added ?? 0), 0),
    removed: files.reduce((n, f) => n + (f.removed ?? 0), 0),
    listTruncated: stats.truncated,
    truncated: text.truncated,
  };
}

/** The files changed by a revision, against its base. */
export async function revisionFiles(store: Store, t: Ticket, r: Picked, only?: string): Promise<FilesChanged> {
  await need(store, r.base, shortId(t.id));
  await need(store, r.tip, shortId(t.id));
  return filesChanged(store, r.base, r.tip, only);
}

export interface Comparison {
  from: Picked;
  to: Picked;
  /** `git range-diff` of the two series, as text ('' when git could not pair them). */
  range: string;
  rangeTruncated: boolean;
  /** The plain diff between the two tips. */
  files: FilesChanged;
}

/** Patchset (or revision) `from` against `to`: the range-diff a reviewer reads after a rewrite, and the tree diff of the tips. */
export async function compareRevisions(store: Store, t: Ticket, from: Picked, to: Picked): Promise<Comparison> {
  for (const oid of [from.base, from.tip, to.base, to.tip]) await need(store, oid, shortId(t.id));
  const key = `${store.vcs.id}\0range\0${from.base}\0${from.tip}\0${to.base}\0${to.tip}`;
  const kept = cache<Promise<{ value: string; truncated: boolean }>>('diffs');
  let ranged = kept.get(key);
  if (!ranged) {
    ranged = store.vcs.rangeDiff(from, to, LIMITS.rangeBytes);
    kept.set(key, ranged, 1024);
    ranged.then(
      (v) => kept.get(key) === ranged && kept.set(key, ranged!, 64 + v.value.length * 2),
      () => kept.delete(key),
    );
  }
  const [range, files] = await Promise.all([ranged, filesChanged(store, from.tip, to.tip)]);
  return { from, to, range: range.value, rangeTruncated: range.truncated, files };
}

/**
 * A file from one commit to another, for placing outdated line comments: its path there (renames
 * followed; null when deleted) and its zero-context diff (null when unchanged). Kept by the commits.
 */
export function fileMoved(
  store: Store,
  from: string,
  to: string,
  path: string,
): Promise<{ path: string | null; patch: FilePatch | null }> {
  const key = `${store.vcs.id}\0moved\0${from}\0${to}\0${path}`;
  const kept = cache<Promise<{ path: string | null; patch: FilePatch | null }>>('diffs');
  let p = kept.get(key);
  if (!p) {
    p = (async (): Promise<{ path: string | null; patch: FilePatch | null }> => {
      const stats = await store.vcs.fileStats(from, to, LIMITS.statBytes);
      const f = stats.value.find((x) => (x.oldPath ?? x.path) === path && x.status !== 'A');
      if (!f) return { path, patch: null };
      if (f.status === 'D') return { path: null, patch: null };
      const text = await store.vcs.patchText(from, to, f.oldPath ? [f.oldPath, f.path] : [f.path], {
        maxBytes: LIMITS.patchBytes,
        context: 0,
      });
      const patch = parsePatch(text.value)[0] ?? null;
      // a cut diff cannot say where a line went: as if it were gone
      return { path: f.path, patch: text.truncated && patch ? { ...patch, binary: true } : patch };
    })();
    kept.set(key, p, 4096);
    p.catch(() => kept.delete(key));
  }
  return p;
}
