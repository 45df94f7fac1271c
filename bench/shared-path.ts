// Finds the workplace's shared folder (datasets, fixtures, Fossil loader) beside the checkout or a worktree.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** `$DIT_BENCH_SHARED/<rel>`, else `<root>/../shared/<rel>`, or `<root>/../../shared/<rel>` when the checkout is a worktree one level deeper. */
export function sharedPath(root: string, rel: string): string {
  if (process.env.DIT_BENCH_SHARED) return join(process.env.DIT_BENCH_SHARED, rel); // a copy of the checkout elsewhere
  const near = join(root, '../shared', rel);
  const far = join(root, '../../shared', rel);
  return existsSync(near) || !existsSync(far) ? near : far;
}
