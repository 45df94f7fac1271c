// Bench rows for the review pages: Files changed for a 40-file, 2,000-line patchset, the compare page, and a
// ticket page with 10 patchsets and 50 comments, each served by an in-process `dit serve` over a real port.
// Runs on its own too: node dist/bench/review.js [--runs 20]
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Store } from '../src/store/store.js';
import { startServer } from '../src/web/serve.js';

export interface ReviewTimes {
  name: string;
  target: number | null;
  samples: number[];
}

const FILES = 40;
const LINES = 120;
const CHANGED = 25; // per file: 25 removed + 25 added = 50 lines, 2,000 in all

const source = (file: number, take: number) =>
  Array.from({ length: LINES }, (_, i) =>
    i % 4 === 1 && i / 4 < CHANGED
      ? `export const value${file}_${i} = compute(${i}, "take ${take}"); // changed`
      : `export function f${file}_${i}(x: number): number {\n  return x * ${i};\n}`.split('\n')[i % 3]!,
  ).join('\n');

/** A fresh repository: main with 40 files, a proposal of 10 patchsets (each rewriting them), 50 comments. */
function build(dit: string, env: NodeJS.ProcessEnv, dir: string): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const git = (...a: string[]) =>
    execFileSync('git', a, { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const run = (...a: string[]) => execFileSync(process.execPath, [dit, ...a], { cwd: dir, env, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('config', 'commit.gpgsign', 'false');
  for (let f = 0; f < FILES; f++) {
    mkdirSync(join(dir, 'src', `m${f % 5}`), { recursive: true });
    writeFileSync(join(dir, 'src', `m${f % 5}`, `file${f}.ts`), `${source(f, 0).replace(/take 0/g, 'original')}\n`);
  }
  git('add', '-A');
  git('commit', '-q', '-m', 'The code base');
  git('checkout', '-q', '-b', 'change');
  let id = '';
  for (let take = 1; take <= 10; take++) {
    for (let f = 0; f < FILES; f++) writeFileSync(join(dir, 'src', `m${f % 5}`, `file${f}.ts`), `${source(f, take)}\n`);
    git('add', '-A');
    if (take === 1) git('commit', '-q', '-m', 'Change every value');
    else git('commit', '-q', '--amend', '-m', `Change every value, take ${take}`);
    const out = run('propose', '--target', 'main', '--json');
    id = JSON.parse(out).id as string;
    if (take === 1) git('checkout', '-q', `ticket/${id.slice(0, 7)}`);
  }
  for (let i = 0; i < 50; i++) run('comment', id, `Bench comment ${i} with **Markdown** and \`code\``, '--shared');
  git('checkout', '-q', 'main');
  return id;
}

async function time(url: string, init?: RequestInit): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(url, init);
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`bench request ${url} failed: ${res.status}`);
  return performance.now() - t0;
}

export async function reviewBench(
  dit: string,
  env: NodeJS.ProcessEnv,
  out: string,
  runs: number,
): Promise<ReviewTimes[]> {
  const dir = join(out, 'review');
  const id = build(dit, env, dir);
  const running = await startServer(await Store.open(dir, { env }), { host: '127.0.0.1', port: 0 });
  try {
    const reload = { headers: { 'cache-control': 'no-cache' } };
    const measure = async (name: string, target: number | null, url: string, init?: RequestInit) => {
      for (let i = 0; i < 3; i++) await time(url, init);
      const samples: number[] = [];
      for (let i = 0; i < runs; i++) samples.push(await time(url, init));
      return { name, target, samples };
    };
    const base = `${running.url}tickets/${id}`;
    return [
      await measure('review: Files changed, 40 files / 2,000 lines, rendered afresh', 60, `${base}/files`, reload),
      await measure('review: Files changed, split view, rendered afresh', 60, `${base}/files?view=split`, reload),
      await measure('review: compare patchset 1 with 10, rendered afresh', 100, `${base}/compare?from=1&to=10`, reload),
      await measure('review: ticket page, 10 patchsets and 50 comments, warm', 10, base),
      await measure('review: ticket page, 10 patchsets and 50 comments, rendered afresh', null, base, reload),
    ];
  } finally {
    await running.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(fileURLToPath(import.meta.url), '../../..');
  const i = process.argv.indexOf('--runs');
  const runs = i < 0 ? 20 : Number(process.argv[i + 1]);
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'Bench',
    GIT_AUTHOR_EMAIL: 'bench@example.com',
    GIT_COMMITTER_NAME: 'Bench',
    GIT_COMMITTER_EMAIL: 'bench@example.com',
    GIT_CONFIG_NOSYSTEM: '1',
  };
  const rows = await reviewBench(join(root, 'bin/dit.js'), env, join(root, 'bench-data'), runs);
  for (const r of rows) {
    const sorted = [...r.samples].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    process.stdout.write(`${r.name.padEnd(72)}${median.toFixed(1).padStart(8)} ms  (target ${r.target ?? '-'})\n`);
  }
}
