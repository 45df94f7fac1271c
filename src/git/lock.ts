// One writer at a time on a working copy: a lock file naming its owner, waited for with a bound,
// taken over when its owner is gone; and telling a git lock left by a stopped command from a live one.

import { readFileSync } from 'node:fs';
import { link, mkdir, readdir, readFile, readlink, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DitError } from '../errors.js';
import type { Git } from './repo.js';

export interface LockOwner {
  pid: number;
  host: string;
  started: number;
  command: string;
  boot: string | null;
}

/** How long a writer waits for another before giving up (DIT_LOCK_TIMEOUT_MS overrides, for tests). */
export const lockTimeout = (): number => Number(process.env.DIT_LOCK_TIMEOUT_MS) || 30_000;

/** A process's start time in clock ticks since boot (Linux), so a reused pid is not taken for its old owner. */
function processStart(pid: number): string | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** Whether the process that wrote a lock is still running; unknown (another host) counts as alive. */
export function ownerAlive(o: LockOwner): boolean {
  if (o.host !== hostname()) return true;
  try {
    process.kill(o.pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  const now = processStart(o.pid);
  return !(o.boot && now && now !== o.boot);
}

const inProcess = new Map<string, Promise<unknown>>();

/** What a lock holder found to repair after a writer before it was stopped (see `recover`). */
export type Recover = (notes: string[], takenFrom: LockOwner | null) => Promise<void>;

/**
 * Runs `fn` holding the working copy's write lock (`write.lock` in `.git/dit/` or `.hg/dit/`). Writers in this process queue
 * in order; other processes wait up to the bound, then get `busy` naming the holder. A lock whose owner
 * is gone is taken over, and `recover` runs first so a half-done write is finished or undone.
 */
export async function withWriteLock<T>(
  where: { id: string; cacheDir: string },
  command: string,
  fn: () => Promise<T>,
  recover?: Recover,
  notes: string[] = [],
): Promise<T> {
  const key = where.id;
  const before = inProcess.get(key) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((r) => {
    release = r;
  });
  const chained = before.then(() => mine);
  inProcess.set(key, chained);
  await before;
  try {
    const path = join(where.cacheDir, 'write.lock');
    const takenFrom = await acquire(path, command);
    try {
      if (recover) await recover(notes, takenFrom);
      return await fn();
    } finally {
      await unlink(path).catch(() => {});
    }
  } finally {
    release();
    if (inProcess.get(key) === chained) inProcess.delete(key);
  }
}

async function readOwner(path: string): Promise<LockOwner | null | 'missing'> {
  try {
    const o = JSON.parse(await readFile(path, 'utf8')) as LockOwner;
    return typeof o.pid === 'number' ? o : null;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : null;
  }
}

/** Takes the lock; returns the dead owner it was taken from, if any. */
async function acquire(path: string, command: string): Promise<LockOwner | null> {
  await mkdir(join(path, '..'), { recursive: true });
  const me: LockOwner = {
    pid: process.pid,
    host: hostname(),
    started: Date.now(),
    command,
    boot: processStart(process.pid),
  };
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  await writeFile(tmp, JSON.stringify(me));
  const deadline = Date.now() + lockTimeout();
  let takenFrom: LockOwner | null = null;
  try {
    for (let attempt = 0; ; attempt++) {
      // link() fails if the lock exists, and the lock appears complete: a reader never sees half of it
      const got = await link(tmp, path).then(
        () => true,
        (err: NodeJS.ErrnoException) => {
          if (err.code === 'EEXIST') return false;
          throw err;
        },
      );
      if (got) return takenFrom;
      const owner = await readOwner(path);
      if (owner === 'missing') continue;
      const age = await stat(path).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (owner === null ? age > 2_000 : !ownerAlive(owner)) {
        if (await breakLock(path, owner))
          takenFrom = owner ?? { pid: 0, host: '', started: Date.now() - age, command: 'unknown', boot: null };
        continue;
      }
      if (Date.now() > deadline) {
        const who = owner
          ? `dit process ${owner.pid} (\`${owner.command}\`, running for ${Math.round((Date.now() - owner.started) / 1000)} s)`
          : 'another dit process';
        throw new DitError(
          'busy',
          `${who} is writing to this working copy; wait for it to finish (or stop it) and run the command again; nothing was written`,
          { lock: path, owner },
        );
      }
      await sleep(Math.min(100, 5 + attempt * 5) * (0.5 + Math.random()));
    }
  } finally {
    await rm(tmp, { force: true });
  }
}

/** Removes a dead owner's lock, once: a second lock guards the check-and-remove against another breaker. */
async function breakLock(path: string, seen: LockOwner | null): Promise<boolean> {
  const guard = `${path}.break`;
  const ok = await writeFile(guard, String(process.pid), { flag: 'wx' }).then(
    () => true,
    async () => {
      const age = await stat(guard).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > 5_000) await unlink(guard).catch(() => {}); // a breaker stopped mid-way
      return false;
    },
  );
  if (!ok) return false;
  try {
    const now = await readOwner(path);
    const same =
      now === null
        ? seen === null
        : now !== 'missing' && seen !== null && now.pid === seen.pid && now.started === seen.started;
    if (!same) return false;
    await unlink(path).catch(() => {});
    return true;
  } finally {
    await unlink(guard).catch(() => {});
  }
}

/** Live git processes working in this repository (Linux: /proc), to tell a held git lock from a stale one. */
export async function liveGitProcesses(git: Git): Promise<{ pid: number; command: string }[]> {
  const roots = [git.worktree, git.gitDir].filter((d): d is string => !!d);
  const pids = await readdir('/proc').catch(() => [] as string[]);
  const found: { pid: number; command: string }[] = [];
  await Promise.all(
    pids
      .filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid)
      .map(async (p) => {
        const cmd = await readFile(`/proc/${p}/cmdline`, 'utf8').catch(() => '');
        const argv = cmd.split('\0').filter(Boolean);
        if (!argv[0] || !/(^|\/)git(-[\w-]+)?$/.test(argv[0])) return;
        if (argv[1] === 'cat-file') return; // readers (ours, or a server's) never hold a lock
        const stat = await readFile(`/proc/${p}/stat`, 'utf8').catch(() => '');
        if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === process.pid) return; // our own child
        const cwd = await readlink(`/proc/${p}/cwd`).catch(() => null);
        if (cwd && roots.some((r) => !relative(r, cwd).startsWith('..')))
          found.push({ pid: Number(p), command: argv.join(' ') });
      }),
  );
  return found;
}

/** git's message for a lock file it could not create, and which file. */
export function lockedPath(stderr: string): string | null {
  const m = /Unable to create '([^']+\.lock)': File exists/.exec(stderr);
  return m ? m[1]! : null;
}

/**
 * The error for a git lock file still in the way after waiting: `stale-lock` with the command that
 * removes it when no git process is working here, `busy` naming the process otherwise. `saved` says
 * what became of the user's change, `next` what to do once the lock is gone.
 */
export async function lockError(
  git: Git,
  lock: string,
  saved: string,
  next = 'run the command again',
): Promise<DitError> {
  const live = await liveGitProcesses(git);
  const shown = git.worktree ? relative(git.worktree, lock) || lock : lock;
  if (live.length) {
    const p = live[0]!;
    return new DitError(
      'busy',
      `another git command (pid ${p.pid}: ${p.command.slice(0, 80)}) holds ${shown}; wait for it to finish, then ${next}; ${saved}`,
      { lock, pid: p.pid },
    );
  }
  const age = await stat(lock).then(
    (s) => Math.round((Date.now() - s.mtimeMs) / 1000),
    () => 0,
  );
  return new DitError(
    'stale-lock',
    `${shown} was left by a git command that stopped (${age} s ago; no git process is running here); remove it with \`rm ${shown}\`, then ${next}; ${saved}`,
    { lock },
  );
}
