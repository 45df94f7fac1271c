// The log of what dit wrote (`written-v1.jsonl` in `.git/dit/`, `.hg/dit/`): every entry's path and content key, so lost ones can be found.
import { appendFile, mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { LOG_FILE } from '../cache/lost-check.js';
import type { Collection } from '../view/journals.js';

/** One written entry file: `path` is `<collection>/<journal>/<file>` whichever store it went to. */
export interface Written {
  t: string;
  store: 'tree' | 'shared';
  path: string;
  oid: string;
}

export { LOG_FILE };

/** Older records are not offered: git prunes unreachable objects after two weeks, and the log stays small. */
const MAX_AGE_DAYS = 90;

export async function recordWritten(
  dir: string,
  store: Written['store'],
  files: readonly { path: string; data: Buffer }[],
  /** The key the repository gives these bytes (`Vcs.fileKey`), so `dit recover` can read them back. */
  keyOf: (data: Buffer) => string,
): Promise<void> {
  if (!files.length) return;
  const t = new Date().toISOString();
  const lines = `${files
    .map((f) => JSON.stringify({ t, store, path: f.path, oid: keyOf(f.data) } satisfies Written))
    .join('\n')}\n`;
  try {
    await mkdir(dir, { recursive: true });
    await appendFile(join(dir, LOG_FILE), lines); // one small O_APPEND write: concurrent writers do not interleave
  } catch {
    /* the log is a safety net; a write that succeeded is not failed for it */
  }
}

const valid = (w: unknown): w is Written => {
  const r = w as Written;
  return (
    typeof r === 'object' &&
    r !== null &&
    (r.store === 'tree' || r.store === 'shared') &&
    typeof r.t === 'string' &&
    typeof r.path === 'string' &&
    /^(tickets|milestones|labels)\/[0-9a-f]{4,64}\/[^/]+\.json$/.test(r.path) &&
    /^[0-9a-f]{40,64}$/.test(r.oid)
  );
};

/** Recent records, newest last, one per path; damaged lines are skipped. */
export async function readWritten(dir: string, now = Date.now()): Promise<Written[]> {
  const text = await readFile(join(dir, LOG_FILE), 'utf8').catch(() => '');
  const byPath = new Map<string, Written>();
  for (const line of text.split('\n')) {
    if (!line) continue;
    let w: unknown;
    try {
      w = JSON.parse(line);
    } catch {
      continue;
    }
    if (!valid(w) || now - Date.parse(w.t) > MAX_AGE_DAYS * 86_400_000) continue;
    byPath.set(w.path, w);
  }
  return [...byPath.values()];
}

/** Changes whenever the log does (for caches of the recover check). */
export async function writtenStamp(dir: string): Promise<string | null> {
  const s = await stat(join(dir, LOG_FILE), { bigint: true }).catch(() => null);
  return s ? `${s.ino}:${s.size}:${s.mtimeNs}` : null;
}

export const collectionOf = (w: Written): Collection => w.path.split('/', 1)[0] as Collection;
