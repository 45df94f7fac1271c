// Bench set-up: a long history (many commits, a few naming tickets) on a branch of its own.
import { spawnSync } from 'node:child_process';

/** Appends `count` commits to `branch` (from `from`) with fast-import; every 100th says `refs #id`. */
export function makeHistory(dir: string, branch: string, from: string, count: number, ids: readonly string[]): void {
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const msg = i % 100 === 0 ? `Change ${i}, refs #${ids[i % ids.length]!.slice(0, 8)}\n` : `Change ${i}\n`;
    parts.push(
      `commit refs/heads/${branch}\ncommitter Bench <bench@example.com> ${1_700_000_000 + i} +0000\ndata ${Buffer.byteLength(msg)}\n${msg}`,
    );
    if (i === 0) parts.push(`from ${from}\n`);
    parts.push('\n');
  }
  const r = spawnSync('git', ['fast-import', '--quiet'], { cwd: dir, input: parts.join(''), maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`fast-import failed: ${r.stderr}`);
}
