// Where git looks for hooks (core.hooksPath, a linked worktree's common dir), and installing one.
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Git } from './repo.js';

/** The folder git runs hooks from, as git itself answers it. */
export async function hooksDir(git: Git): Promise<string> {
  return resolve(git.cwd, (await git.text(['rev-parse', '--git-path', 'hooks'])).trim());
}

/** The text of an installed hook, or null when there is none. */
export async function readHook(git: Git, name: string): Promise<string | null> {
  return readFile(join(await hooksDir(git), name), 'utf8').catch(() => null);
}

/** Writes an executable hook script (replacing the file at once, so git never runs half of it). */
export async function writeHook(git: Git, name: string, script: string): Promise<string> {
  const dir = await hooksDir(git);
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  const tmp = `${path}.dit-${process.pid}`;
  await writeFile(tmp, script);
  await chmod(tmp, 0o755);
  await rename(tmp, path);
  return path;
}
