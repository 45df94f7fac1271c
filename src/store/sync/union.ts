// The union of two shared journals (immutable files: what either has), as changes to ours; what theirs may bring is checked.
import type { DirEntry, FileChange, Vcs } from '../../vcs/port.js';

/** Whether a file or folder of theirs may come in; `dir` is the folders above it. */
export type Accept = (dir: readonly string[], entry: DirEntry) => boolean;

/** Called for each folder where the two differ, with its path and merged entries; may drop some (packed files). */
export type UnionHook = (path: readonly string[], entries: DirEntry[]) => Promise<DirEntry[]>;

export interface Union {
  /** What to apply to ours to get the union: their files ours lacks, and what the hook dropped of ours. */
  changes: FileChange[];
  /** The union is exactly theirs (then ours can move to theirs without a merge commit). */
  isTheirs: boolean;
}

/**
 * The union of folders `ours` (null: empty) and `theirs`, by keys: equal keys are equal content, so a
 * folder both have alike is not read. Their refused files and folders are left out and named in
 * `dropped`.
 */
export async function unionChanges(
  vcs: Vcs,
  ours: string | null,
  theirs: string,
  accept: Accept,
  dropped: string[],
  hook?: UnionHook,
  path: readonly string[] = [],
): Promise<Union> {
  if (ours === theirs) return { changes: [], isTheirs: true };
  const [a, b] = await Promise.all([ours ? vcs.readDir(ours) : null, vcs.readDir(theirs)]);
  const mine = new Map((a?.entries ?? []).map((e) => [e.name, e]));
  const merged = new Map(mine);
  const changes: FileChange[] = [];
  const theirKeys = new Map((b?.entries ?? []).map((e) => [e.name, e.key]));
  let isTheirs = (a?.entries ?? []).every((e) => theirKeys.has(e.name));
  const at = (name: string) => [...path, name].join('/');
  await Promise.all(
    (b?.entries ?? []).map(async (e) => {
      if (!accept(path, e)) {
        dropped.push(at(e.name));
        isTheirs = false;
        return;
      }
      const m = mine.get(e.name);
      if (!m) {
        merged.set(e.name, e);
        if (!e.dir) changes.push({ path: at(e.name), key: e.key });
        else {
          const sub = await unionChanges(vcs, null, e.key, accept, dropped, undefined, [...path, e.name]);
          changes.push(...sub.changes);
          if (!sub.isTheirs) isTheirs = false;
        }
      } else if (m.dir && e.dir && m.key !== e.key) {
        const sub = await unionChanges(vcs, m.key, e.key, accept, dropped, hook, [...path, e.name]);
        changes.push(...sub.changes);
        if (!sub.isTheirs) isTheirs = false;
      } else if (m.key !== e.key) isTheirs = false; // the same name, other content: ours stays
    }),
  );
  if (hook && ours) {
    const kept = new Set((await hook(path, [...merged.values()])).map((e) => e.name));
    for (const [name, e] of merged) {
      if (kept.has(name)) continue;
      if (mine.has(name)) changes.push({ path: at(name), remove: true });
      else {
        const i = changes.findIndex((c) => c.path === at(name));
        if (i >= 0) changes.splice(i, 1);
      }
      if (theirKeys.get(name) === e.key) isTheirs = false;
    }
  }
  return { changes, isTheirs };
}
