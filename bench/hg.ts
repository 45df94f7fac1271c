// Bench: dit in an hg working copy against dit in a git one, on the same tickets, paired run by run (issue 27).
// The 10,000-ticket import into each, then `ls`, `show`, a search, `comment`, and the list and ticket pages
// of an in-process `dit serve`; each hg row's target is twice git's median.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Store } from '../src/store/store.js';
import { startServer } from '../src/web/serve.js';

export interface HgRow {
  name: string;
  target: number | null;
  samples: number[];
}

export const HAVE_HG = spawnSync('hg', ['--version'], { stdio: 'ignore' }).status === 0;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export async function hgBench(opts: {
  dit: string;
  env: NodeJS.ProcessEnv;
  dataset: string;
  out: string;
  runs: number;
  codeFiles: number;
  log: (s: string) => void;
}): Promise<HgRow[]> {
  const env = { ...opts.env, HGUSER: 'Bench <bench@example.com>', HGRCPATH: '' };
  const g = join(opts.out, 'vs-hg-git');
  const h = join(opts.out, 'vs-hg-hg');
  for (const d of [g, h]) {
    rmSync(d, { recursive: true, force: true });
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, 'README'), 'bench\n');
    for (let i = 0; i < opts.codeFiles; i++) {
      mkdirSync(join(d, 'src', String(i % 30)), { recursive: true });
      writeFileSync(join(d, 'src', String(i % 30), `f${i}.ts`), `export const v${i} = ${i};\n`);
    }
  }
  const run = (cwd: string, cmd: string, ...args: string[]) =>
    execFileSync(cmd, args, { cwd, env, stdio: 'pipe', maxBuffer: 1 << 30 });
  run(g, 'git', 'init', '-q', '-b', 'main');
  run(g, 'git', 'add', '.');
  run(g, 'git', 'commit', '-q', '-m', 'initial commit');
  run(h, 'hg', 'init');
  run(h, 'hg', 'commit', '-q', '-A', '-m', 'initial commit');

  const dit = (cwd: string, ...args: string[]): { ms: number; stdout: string } => {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [opts.dit, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 1 << 30 });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`dit ${args.join(' ')} in ${cwd} failed: ${r.stderr}`);
    return { ms, stdout: r.stdout };
  };
  const rows: HgRow[] = [];
  const pair = (name: string, gitMs: number[], hgMs: number[]) => {
    const ratios = hgMs.map((x, i) => x / gitMs[i]!);
    const gm = median(gitMs);
    rows.push({
      name: `hg: ${name} (git ${gm.toFixed(0)} ms, hg/git ${median(ratios).toFixed(2)}; target 2x)`,
      target: Math.round(2 * gm),
      samples: hgMs,
    });
    opts.log(
      `  hg: ${name}: git ${gm.toFixed(0)} ms, hg ${median(hgMs).toFixed(0)} ms, ratio ${median(ratios).toFixed(2)}`,
    );
  };

  opts.log('hg: importing the dataset into a git and an hg working copy (one whole process each)');
  const gi = dit(g, 'import', opts.dataset).ms;
  const hi = dit(h, 'import', opts.dataset).ms;
  pair('import of the dataset', [gi], [hi]);

  const list = JSON.parse(dit(g, 'ls', '--all', '--json').stdout) as { tickets: { id: string; comments: number }[] };
  const busiest = [...list.tickets]
    .sort((a, b) => b.comments - a.comments || (a.id < b.id ? -1 : 1))[0]!
    .id.slice(0, 7);
  const paired = (name: string, args: () => string[]) => {
    dit(g, ...args());
    dit(h, ...args()); // warm: the first run builds the caches each side keeps
    const gs: number[] = [];
    const hs: number[] = [];
    for (let i = 0; i < opts.runs; i++) {
      gs.push(dit(g, ...args()).ms);
      hs.push(dit(h, ...args()).ms);
    }
    pair(name, gs, hs);
  };
  paired('ls, warm', () => ['ls']);
  paired(`show ${busiest}`, () => ['show', busiest]);
  paired('ls "crash saving", warm', () => ['ls', 'crash saving']);
  let n = 0;
  paired('comment (tree store)', () => ['comment', busiest, `bench comment ${n++}`]);
  paired('ls after one new comment', () => {
    dit(g, 'comment', busiest, `bench ${n}`);
    dit(h, 'comment', busiest, `bench ${n++}`);
    return ['ls'];
  });

  opts.log('hg: the list and ticket pages of an in-process dit serve, requests alternating');
  const [gs, hs] = await Promise.all([Store.open(g, { env }), Store.open(h, { env })]);
  const [gr, hr] = await Promise.all([
    startServer(gs, { host: '127.0.0.1', port: 0 }),
    startServer(hs, { host: '127.0.0.1', port: 0 }),
  ]);
  try {
    const reload = { headers: { 'cache-control': 'no-cache' } };
    const time = async (url: string) => {
      const t0 = performance.now();
      const res = await fetch(url, reload);
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`${url}: ${res.status}`);
      return performance.now() - t0;
    };
    for (const [name, path] of [
      ['web: list page, rendered afresh', ''],
      [`web: ticket page of ${busiest}, rendered afresh`, `tickets/${busiest}`],
    ] as const) {
      for (let i = 0; i < 3; i++) await Promise.all([time(gr.url + path), time(hr.url + path)]);
      const a: number[] = [];
      const b: number[] = [];
      for (let i = 0; i < Math.max(20, opts.runs * 3); i++) {
        a.push(await time(gr.url + path));
        b.push(await time(hr.url + path));
      }
      pair(name, a, b);
    }
  } finally {
    await Promise.all([gr.close(), hr.close()]);
    await Promise.all([gs.close(), hs.close()]);
  }
  return rows;
}
