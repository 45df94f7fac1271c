// Derived data under .git/dit/: JSON files keyed by git object ids, safe to delete at any time.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const VERSION = 1;

/** Reads a cache file; anything missing, corrupt or of another version reads as empty. */
export async function readCache<T>(dir: string, name: string, check: (data: unknown) => data is T): Promise<T | null> {
  try {
    const parsed = JSON.parse(await readFile(join(dir, name), 'utf8')) as { version?: unknown; data?: unknown };
    return parsed.version === VERSION && check(parsed.data) ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Writes atomically (temp file, then rename), so a reader never sees half a file. */
export async function writeCache(dir: string, name: string, data: unknown): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    const tmp = join(dir, `.${name}.${process.pid}.${Math.random().toString(36).slice(2)}`);
    await writeFile(tmp, JSON.stringify({ version: VERSION, data }));
    await rename(tmp, join(dir, name));
  } catch {
    // a cache that cannot be written costs speed, never correctness
  }
}

export const isRecord = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);
