// What `dit` remembers about lost entries (lost-entries.ts counts them): the written log's name, and the
// remembered count, readable without a git process by the quick path (store/read/quick.ts).
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The log of what dit wrote (store/write/written-log.ts). */
export const LOG_FILE = 'written-v1.jsonl';

/** Where lostCount remembers its answer: the log's stamp and git's state it was counted in. */
export const LOST_CHECK_FILE = 'recover-check.json';
export const lostKey = (log: string, refs: string): string => `${log}\n${refs}`;

/**
 * How many written entries are lost, as remembered for git's state `refs`, without reading anything
 * else: 0 with no log, null when nothing was remembered for this state (lost-entries.ts counts).
 */
export function knownLost(dir: string, refs: string): number | null {
  const s = statSync(join(dir, LOG_FILE), { bigint: true, throwIfNoEntry: false });
  if (!s) return 0;
  try {
    const known = JSON.parse(readFileSync(join(dir, LOST_CHECK_FILE), 'utf8')) as { key?: unknown; count?: unknown };
    return known.key === lostKey(`${s.ino}:${s.size}:${s.mtimeNs}`, refs) && typeof known.count === 'number'
      ? known.count
      : null;
  } catch {
    return null;
  }
}
