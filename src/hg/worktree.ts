// The hg working copy: dit's added files (what `hg add` staged), writing and adding entries, committing named paths only.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DitError, isDitError } from '../errors.js';
import { refuseLinkedFolders } from '../vcs/no-links.js';
import type { Change } from '../vcs/port.js';
import { readDirstate } from './dirstate.js';
import type { Hg } from './repo.js';
import { newFileNode } from './snapshot.js';

const pat = (p: string) => `path:${p.replace(/\/$/, '')}`;

/**
 * What the working copy holds under `prefix` that its parent does not: added and merged files (read
 * from disk, keyed as hg will key them) and removed ones. dit adds every entry it writes, so this is the
 * working copy's view; read from the dirstate without hg when it is in the format dit knows.
 */
export async function addedChanges(hg: Hg, prefix: string): Promise<Change[]> {
  const ds = await readDirstate(hg.hgDir, prefix);
  let listed: { state: string; path: string }[];
  if (ds) listed = ds.entries.filter((e) => e.state !== 'n');
  else {
    const out = await hg.text(['status', '-amr', '-T', '{status}\\0{path}\\0', pat(prefix)]);
    const f = out.split('\0');
    listed = [];
    for (let i = 0; i + 1 < f.length; i += 2) listed.push({ state: f[i] === 'R' ? 'r' : 'a', path: f[i + 1]! });
  }
  const out: Change[] = [];
  for (const e of listed) {
    if (e.state === 'r') {
      out.push({ path: e.path, key: null });
      continue;
    }
    const data = await readFile(join(hg.root, e.path)).catch(() => null);
    out.push(data ? { path: e.path, key: newFileNode(data), data } : { path: e.path, key: null });
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** Of these paths, those hg tracks in the working copy (added, merged or committed, not removed). */
export async function trackedOf(hg: Hg, paths: readonly string[]): Promise<Set<string>> {
  if (!paths.length) return new Set();
  const want = new Set(paths);
  const ds = await readDirstate(hg.hgDir);
  if (ds) return new Set(ds.entries.filter((e) => e.state !== 'r' && want.has(e.path)).map((e) => e.path));
  const out = await hg.text(['files', '-T', '{path}\\0', ...paths.map(pat)], { okCodes: [1] });
  return new Set(out.split('\0').filter((p) => want.has(p)));
}

/** `hg add` in batches (the arguments go over the command server's pipe, not a command line). */
export async function addPaths(hg: Hg, paths: readonly string[]): Promise<void> {
  for (let i = 0; i < paths.length; i += 5000)
    await hg.run(['add', '-q', '--', ...paths.slice(i, i + 5000)], { okCodes: [1] });
}

export async function writeAndAdd(
  hg: Hg,
  files: readonly { path: string; data: Buffer }[],
  opts: { replace?: boolean } = {},
): Promise<void> {
  await refuseLinkedFolders(
    hg.root,
    files.map((f) => f.path),
  );
  const written: string[] = [];
  for (const f of files) {
    const full = join(hg.root, f.path);
    if (!opts.replace && existsSync(full)) {
      written.push(f.path); // content-addressed: the same name is the same entry
      continue;
    }
    await mkdir(dirname(full), { recursive: true });
    // written beside and renamed into place: a kill never leaves half an entry under its name
    const tmp = join(dirname(full), `.${process.pid}.tmp`);
    await rm(tmp, { force: true });
    await writeFile(tmp, f.data, { flag: 'wx' }); // made anew: never through a link left in its place
    await rename(tmp, full);
    written.push(f.path);
  }
  await addPaths(hg, written);
}

/** Removes files from the working copy and from what hg tracks (`hg remove`), then writes and adds others. */
export async function replaceTracked(
  hg: Hg,
  remove: readonly string[],
  add: readonly { path: string; data: Buffer }[],
): Promise<void> {
  await refuseLinkedFolders(hg.root, [...remove, ...add.map((f) => f.path)]);
  for (let i = 0; i < remove.length; i += 5000)
    await hg.run(['remove', '-q', '-f', '--', ...remove.slice(i, i + 5000)], { okCodes: [1] });
  await writeAndAdd(hg, add, { replace: true });
}

const SAVED = 'your change is written and added in .dit/';
const LATER = 'commit it with `hg commit -m "Ticket updates" .dit` (running the command again would add it twice)';

/**
 * Commits what is added or removed under `prefix` and nothing else (`hg commit` with the path named):
 * the user's other changes stay uncommitted. Null when there was nothing to commit.
 */
export async function commitNamed(hg: Hg, prefix: string, message: string): Promise<string | null> {
  const r = await hg
    .run(['commit', '-m', message, '--', pat(prefix)], { okCodes: [1], retry: false })
    .catch((err: unknown) => {
      if (isDitError(err, 'hg-failed') && /partial commit|merge/i.test(err.data.stderr ?? ''))
        throw new DitError(
          'conflict',
          `the working copy is in the middle of a merge, and hg commits a merge whole; ${SAVED}; finish the merge with \`hg commit\``,
        );
      if (isDitError(err, 'hg-failed')) throw new DitError('hg-failed', `${err.message}; ${SAVED}; ${LATER}`, err.data);
      throw err;
    });
  if (r.code === 1) return null; // nothing changed
  return (await hg.text(['log', '-r', '.', '-T', '{node}'])).trim() || null;
}

/** Brings the working copy to `to` (a commit of files added on top of it), keeping other changes. */
export async function updateTo(hg: Hg, to: string): Promise<void> {
  await hg.run(['--config', 'commands.update.check=noconflict', 'update', '-q', '-r', to]);
}

/** A stopped hg can leave an abandoned transaction, after which hg refuses to write: `hg recover` undoes it. */
export async function recoverTransaction(hg: Hg): Promise<number> {
  if (!existsSync(join(hg.storeDir, 'journal'))) return 0;
  await hg.run(['recover'], { okCodes: [1] });
  return 1;
}
