// Bench beside Fossil: the same reference tickets loaded into Fossil 2.21, the same operations timed
// in turn (dit, Fossil, dit, Fossil, ...) so a drift in the machine's speed hits both alike.
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { sharedPath } from './shared-path.js';

const LOADER = 'bench/fossil/load-fossil.mjs';
export const FOSSIL_HINT =
  'Fossil is not installed, so there is no side-by-side table; install it with `apt-get install -y fossil` (2.21 on Debian 12)';

export function fossilVersion(): string | null {
  const r = spawnSync('fossil', ['version'], { encoding: 'utf8' });
  if (r.status !== 0) return null;
  return `Fossil ${/version (\S+)/.exec(r.stdout)?.[1] ?? r.stdout.trim()}`;
}

export interface FossilRepo {
  repo: string;
  env: NodeJS.ProcessEnv;
  uuid: (datasetId: number) => string;
  reconstructSeconds: number;
}

/** Loads the dataset into Fossil once (kept in `work`, reused by later runs); returns a scratch copy to write to. */
export function loadFossil(root: string, dataset: string, work: string, log: (s: string) => void): FossilRepo {
  const done = join(work, 'load.json');
  if (!existsSync(done) || !existsSync(join(work, 'tickets.fossil'))) {
    log(`loading the dataset into Fossil (once; kept in ${work})`);
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    const out = execFileSync(process.execPath, [sharedPath(root, LOADER), '--dataset', dataset, '--work', work], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    writeFileSync(done, out);
  }
  const info = JSON.parse(readFileSync(done, 'utf8')) as { reconstructSeconds: number };
  const home = join(work, 'fossil-home');
  const env = { ...process.env, FOSSIL_HOME: home, HOME: home, USER: 'admin', TZ: 'UTC' };
  if (!existsSync(join(work, 'fts.done'))) {
    // Fossil's /search covers tickets once its full-text index is on
    log("turning on Fossil's full-text index for tickets (once)");
    for (const a of [
      ['fts-config', 'enable', 't'],
      ['fts-config', 'index', 'on'],
    ])
      execFileSync('fossil', [...a, '-R', join(work, 'tickets.fossil')], { env, stdio: 'ignore' });
    writeFileSync(join(work, 'fts.done'), '');
  }
  const scratch = join(work, 'scratch.fossil');
  copyFileSync(join(work, 'tickets.fossil'), scratch); // writes go to a copy: every run starts from the same tickets
  rmSync(`${scratch}-journal`, { force: true });
  const idmap = JSON.parse(readFileSync(join(work, 'fossil-idmap.json'), 'utf8')) as Record<string, string>;
  return { repo: scratch, env, reconstructSeconds: info.reconstructSeconds, uuid: (id) => idmap[String(id)]! };
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** One whole process, timed from spawn to exit; throws when it fails. */
export function timeProcess(
  cmd: string,
  args: readonly string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { ...opts, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return ms;
}

/**
 * A row of the side-by-side table: both sides' samples, taken in turn, and their pairwise ratios; for a
 * whole `dit` process also `node -e 0` timed in the same turns (`floor`), so dit's own share is measured too.
 */
export interface Pair {
  name: string;
  dit: number[];
  fossil: number[] | null;
  floor?: number[];
  ditBytes?: number;
  fossilBytes?: number;
  note?: string;
}

type Timed = () => number | Promise<number>;

/** Runs each function in turn (a, b, c, a, b, c, ...), `runs` times each after one warm-up of each. */
export async function interleave(runs: number, ...fns: Timed[]): Promise<number[][]> {
  for (const f of fns) await f();
  const out = fns.map(() => [] as number[]);
  for (let i = 0; i < runs; i++) for (let j = 0; j < fns.length; j++) out[j]!.push(await fns[j]!());
  return out;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
    s.on('error', reject);
  });
}

/** A server child process and how to stop it (by its own pid only). */
export async function startChild(
  cmd: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv },
  url: string,
): Promise<ChildProcess> {
  const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (c) => {
    err += c;
  });
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error(`${cmd} exited: ${err}`);
    if (
      await fetch(url).then(
        (r) => r.arrayBuffer().then(() => true),
        () => false,
      )
    )
      return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`${cmd} did not answer at ${url}: ${err}`);
}

export function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Peak resident memory of a live process, from the kernel (VmHWM), in kB. */
export function peakRssKb(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** One HTTP request, timed until its body is read; returns ms and the body's size. */
export async function timeRequest(
  url: string,
  init?: RequestInit,
): Promise<{ ms: number; bytes: number; status: number }> {
  const t0 = performance.now();
  const res = await fetch(url, { redirect: 'manual', ...init });
  const body = await res.arrayBuffer();
  const ms = performance.now() - t0;
  if (res.status >= 400)
    throw new Error(
      `${init?.method ?? 'GET'} ${url} answered ${res.status}: ${Buffer.from(body).toString('utf8').slice(0, 300)}`,
    );
  return { ms, bytes: body.byteLength, status: res.status };
}

const fmt = (ms: number) => (ms < 100 ? ms.toFixed(1) : ms.toFixed(0));
const kb = (b: number | undefined) => (b === undefined ? '' : ` ${(b / 1024).toFixed(0)} KB`);

/**
 * The table: each side's median, the median of the pairwise ratios (dit/Fossil), and dit's own share
 * (its median less `node -e 0`'s) beside Fossil's whole command where that is the target.
 */
export function renderPairs(
  title: string,
  pairs: readonly Pair[],
  shares: boolean,
  heads = ['dit ms', 'Fossil ms', 'dit/Fossil'],
): string {
  const w = Math.max(...pairs.map((p) => p.name.length)) + 2;
  const lines = [
    title,
    '',
    `${'measure'.padEnd(w)}${heads[0]!.padStart(10)}${heads[1]!.padStart(11)}${heads[2]!.padStart(12)}` +
      `${'dit share'.padStart(11)}${'share/F'.padStart(9)}  notes`,
  ];
  for (const p of pairs) {
    const d = median(p.dit);
    const f = p.fossil ? median(p.fossil) : null;
    const ratios = p.fossil ? median(p.dit.map((x, i) => x / p.fossil![Math.min(i, p.fossil!.length - 1)]!)) : null;
    const share = p.floor ? median(p.dit.map((x, i) => x - p.floor![i]!)) : null;
    const notes = [
      p.note,
      p.ditBytes !== undefined
        ? `bytes dit${kb(p.ditBytes)} / Fossil${kb(p.fossilBytes)}${p.fossilBytes ? ` (${(p.ditBytes / p.fossilBytes).toFixed(1)}x)` : ''}`
        : '',
    ]
      .filter(Boolean)
      .join('; ');
    lines.push(
      `${p.name.padEnd(w)}${fmt(d).padStart(10)}${(f === null ? '-' : fmt(f)).padStart(11)}${(ratios === null ? '-' : ratios.toFixed(2)).padStart(12)}` +
        `${(share === null ? '' : fmt(share)).padStart(11)}${(share === null || f === null ? '' : (share / f).toFixed(2)).padStart(9)}  ${notes}`,
    );
  }
  if (shares)
    lines.push(
      '',
      `${heads[2]} is the median of the run-by-run ratios; "dit share" is the median of dit less \`node -e 0\` timed in the same turns (rows marked $).`,
    );
  return lines.join('\n');
}
