// `npm run bench`: builds a repository of the reference tickets and times whole `dit` processes
// (and, for the search index, its steps in-process: bench/search.ts).
//   node dist/bench/run.js [--tickets 10000] [--runs 10] [--branches 20] [--history 100000] [--code-files 3000]
//                          [--tags 1000] [--github-issues 10000] [--keep] [--only fossil|patchsets|history|signing|hg|server]
//                          [--no-fossil] [--no-server] [--load-seconds 30] [--clients 50] [--truth-commits 7000]
// With Fossil installed it ends with a side-by-side table (bench/side-by-side.ts); --only fossil times just that.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { branchTruthBench } from './branch-truth.js';
import { branchName, makeBranches } from './branches.js';
import { FOSSIL_HINT, fossilVersion, renderPairs } from './fossil.js';
import { HAVE_HG, hgBench } from './hg.js';
import { makeHistory } from './history.js';
import { importBench } from './imports.js';
import { patchsetBench } from './patchsets.js';
import { reviewBench } from './review.js';
import { indexBuild, indexUpdate, warmQuery } from './search.js';
import { serverBench } from './server.js';
import { sharedPath } from './shared-path.js';
import { sideBySide } from './side-by-side.js';
import { signingBench } from './signing.js';
import { webBench } from './web.js';

const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');
const DIT = join(ROOT, 'bin/dit.js');
const GEN = sharedPath(ROOT, 'bench/gen-dataset.mjs');
const GITBLIT = sharedPath(ROOT, 'fixtures/gitblit-tickets');

const args = process.argv.slice(2);
const opt = (name: string, d: number) => {
  const i = args.indexOf(`--${name}`);
  return i < 0 ? d : Number(args[i + 1]);
};
const TICKETS = opt('tickets', 10_000);
const RUNS = opt('runs', 10);
const BRANCHES = opt('branches', 20);
const KEEP = args.includes('--keep');
const ONLY_FOSSIL = args.includes('--only') && args[args.indexOf('--only') + 1] === 'fossil';
/** `--only patchsets`: the repository, then only the patchset rows (a quick look at the push path). */
const ONLY_PATCHSETS = args.includes('--only') && args[args.indexOf('--only') + 1] === 'patchsets';
/** `--only signing`: just the signed-entry rows (fresh repositories of their own, no bench repository). */
const ONLY_SIGNING = args.includes('--only') && args[args.indexOf('--only') + 1] === 'signing';
/** `--only hg`: just the rows of dit in an hg working copy against git on the same data (issue 27). */
const ONLY_HG = args.includes('--only') && args[args.indexOf('--only') + 1] === 'hg';
/** `--only history`: only the branch-truth rows (a migrated project of --truth-commits commits, 50 tags). */
const ONLY_HISTORY = args.includes('--only') && args[args.indexOf('--only') + 1] === 'history';
/** `--only server`: the repository, then only the `dit server` rows (HTTP against SSH, paired); `--load-seconds 0` skips the load loop. */
const ONLY_SERVER = args.includes('--only') && args[args.indexOf('--only') + 1] === 'server';
const FOSSIL = args.includes('--no-fossil') ? null : fossilVersion();
const CODE_FILES = opt('code-files', 3000);
const HISTORY = opt('history', 100_000);
const TAGS = opt('tags', 1000);
const OUT = join(ROOT, 'bench-data');
const REPO = join(OUT, `repo-${TICKETS}`);
const DATA = join(OUT, `dataset-${TICKETS}.jsonl`);
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const env = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
};

interface Sample {
  ms: number;
  rssKb: number | null;
}

/** Runs one whole `dit` process; returns wall time and peak memory (from /usr/bin/time when present). */
function dit(argv: string[], opts: { input?: string } = {}): Sample & { stdout: string } {
  const cmd = TIME ? TIME : process.execPath;
  const full = TIME ? ['-f', '%M', process.execPath, DIT, ...argv] : [DIT, ...argv];
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, full, { cwd: REPO, env, encoding: 'utf8', maxBuffer: 1 << 30, input: opts.input });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`dit ${argv.join(' ')} failed: ${r.stderr}`);
  const rss = TIME ? Number(r.stderr.trim().split('\n').pop()) : NaN;
  return { ms, rssKb: Number.isFinite(rss) ? rss : null, stdout: r.stdout };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const git = (...a: string[]) => execFileSync('git', a, { cwd: REPO, env, encoding: 'utf8', maxBuffer: 1 << 30 });
const log = (s: string) => process.stderr.write(`${s}\n`);

interface Row {
  name: string;
  median: number;
  runs: number;
  target: number | null;
  rssKb: number | null;
}
const rows: Row[] = [];
function measure(name: string, target: number | null, runs: number, fn: () => Sample): void {
  const samples = Array.from({ length: runs }, fn);
  const rss = samples.map((s) => s.rssKb).filter((x): x is number => x !== null);
  rows.push({
    name,
    median: median(samples.map((s) => s.ms)),
    runs,
    target,
    rssKb: rss.length ? Math.max(...rss) : null,
  });
  log(`  ${name}: ${median(samples.map((s) => s.ms)).toFixed(0)} ms`);
}

/** In-process timings (no process, no peak memory). */
function record(name: string, target: number | null, samples: number[]): void {
  rows.push({ name, median: median(samples), runs: samples.length, target, rssKb: null });
  log(`  ${name}: ${median(samples).toFixed(1)} ms`);
}

async function repeat(runs: number, fn: () => Promise<number>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) out.push(await fn());
  return out;
}

/** Issue 3's queries over the reference data: qualifiers only, two words, and both with a NOT. */
const QUERIES = ['is:open type:bug', 'crash saving', 'parser crash label:ui -label:docs'];

function patchsetRows(): void {
  log('patchsets: pushes through the proc-receive hook against plain pushes (a bare clone of the bench repository)');
  const ps = patchsetBench(REPO, DIT, env, RUNS, OUT);
  for (const p of ps) record(p.name, p.target, p.samples);
  const [hooked, plain] = ps;
  if (hooked && plain)
    record(
      '  hook overhead: refs/for push minus plain push (target: at most 150 ms)',
      150,
      hooked.samples.map((h, i) => h - plain.samples[i]!),
    );
}

async function signingRows(): Promise<void> {
  log(
    'signed entries: dit comment signed against unsigned (paired), show of 100 signed entries, a strict push of 1,000',
  );
  for (const r of await signingBench(DIT, env, OUT, RUNS)) record(r.name, r.target, r.samples);
}

async function historyRows(): Promise<void> {
  log(`branch truth: a migrated Gitblit project of ${opt('truth-commits', 7000)} commits, 50 tags, 250 tickets`);
  // each row is logged as it is measured (a first pass over 250 tickets takes a while)
  const truth = await branchTruthBench(DIT, env, RUNS, opt('truth-commits', 7000), log);
  for (const r of truth)
    rows.push({ name: r.name, median: median(r.samples), runs: r.samples.length, target: r.target, rssKb: null });
}

async function serverRows(busiest: string): Promise<void> {
  log(
    `hosting: \`dit server\` over a real port, a token per request; a ${opt('load-seconds', 30)} s load loop of ${opt('clients', 50)} clients`,
  );
  for (const w of await serverBench(REPO, busiest, Math.max(50, RUNS * 5), opt('load-seconds', 30), opt('clients', 50)))
    record(w.name, w.target, w.samples);
}

type Listed = { tickets: { id: string; comments: number }[] };

/** The ticket with the most comments (short id): the busiest page. */
const busiestTicket = (list: Listed): string =>
  [...list.tickets].sort((a, b) => b.comments - a.comments || (a.id < b.id ? -1 : 1))[0]!.id.slice(0, 7);

async function main() {
  mkdirSync(OUT, { recursive: true });
  if (ONLY_SIGNING) {
    await signingRows();
    return report();
  }
  if (ONLY_HISTORY) {
    await historyRows();
    return report();
  }
  if (!existsSync(DATA)) {
    log(`generating ${TICKETS} tickets with ${GEN}`);
    execFileSync(process.execPath, [GEN, '--tickets', String(TICKETS), '--out', DATA], { stdio: 'inherit' });
  }
  if (ONLY_HG) {
    await hgRows();
    return report();
  }
  if (!KEEP || !existsSync(REPO)) {
    rmSync(REPO, { recursive: true, force: true });
    mkdirSync(REPO, { recursive: true });
    git('init', '-q', '-b', 'main');
    writeFileSync(join(REPO, 'README'), 'bench\n');
    writeCode(REPO, CODE_FILES);
    git('add', '.');
    git('commit', '-q', '-m', 'initial commit');
    log('importing (one whole `dit import` process)');
    measure('import', 10_000, 1, () => dit(['import', DATA]));
    log(`making ${BRANCHES} branches with differing states`);
    await makeBranches(REPO, BRANCHES);
  }
  if (ONLY_FOSSIL) return fossilTable();
  if (ONLY_PATCHSETS) {
    patchsetRows();
    return report();
  }
  const list = JSON.parse(dit(['ls', '--all', '--json']).stdout) as Listed;
  const busiest = busiestTicket(list);
  if (ONLY_SERVER) {
    await serverRows(busiest);
    return report();
  }
  log(`timing whole processes (median of ${RUNS}; cold runs delete .git/dit first)`);
  // what this machine charges for starting Node at all: every whole-process figure below includes it
  measure('node -e 0 (start-up baseline, not dit)', null, RUNS, () => {
    const t0 = process.hrtime.bigint();
    spawnSync(process.execPath, ['-e', '0']);
    return { ms: Number(process.hrtime.bigint() - t0) / 1e6, rssKb: null };
  });
  measure('ls, cold (no cache)', 3000, 3, () => {
    rmSync(join(REPO, '.git/dit'), { recursive: true, force: true });
    return dit(['ls']);
  });
  dit(['ls']);
  measure('ls, warm', 150, RUNS, () => dit(['ls']));
  if (BRANCHES > 0) {
    const other = branchName(BRANCHES);
    measure(`ls --branch ${other}, warm`, 150, RUNS, () => dit(['ls', '--branch', other]));
  }
  measure(`show ${busiest}`, 100, RUNS, () => dit(['show', busiest]));
  rmSync(join(REPO, '.git/dit'), { recursive: true, force: true });
  measure(`branches ${busiest}, first (no cache)`, null, 1, () => dit(['branches', busiest]));
  measure(`branches ${busiest} (${BRANCHES + 1} branches)`, 200, RUNS, () => dit(['branches', busiest]));
  measure('ls after one new comment (incremental)', null, 3, () => {
    dit(['comment', busiest, `bench comment ${Date.now()}`]);
    return dit(['ls']);
  });
  git('reset', '-q', '--hard');

  log('search index: cold, incremental, warm queries in-process and as whole processes');
  measure(`ls "${QUERIES[1]}", cold (no .git/dit)`, 3000, 3, () => {
    rmSync(join(REPO, '.git/dit'), { recursive: true, force: true });
    return dit(['ls', QUERIES[1]!]);
  });
  record('search index build only, other caches kept (in-process)', 3000, await repeat(3, () => indexBuild(REPO)));
  record(
    'search index update after one new comment (in-process)',
    50,
    await repeat(RUNS, () => {
      dit(['comment', busiest, `bench search comment ${Date.now()}`]);
      return indexUpdate(REPO);
    }),
  );
  git('reset', '-q', '--hard');
  for (const q of QUERIES) {
    const { samples, hits } = await warmQuery(REPO, q, Math.max(20, RUNS * 5));
    record(`query "${q}", in-process warm (${hits} hits)`, 10, samples);
  }
  for (const q of QUERIES) {
    dit(['ls', q]);
    measure(`ls "${q}", warm`, 150, RUNS, () => dit(['ls', q]));
  }

  log('web UI: requests over a real port to an in-process `dit serve`');
  const journal = spawnSync('git', ['rev-parse', '-q', '--verify', 'refs/dit/journal'], {
    cwd: REPO,
    encoding: 'utf8',
  }).stdout.trim();
  for (const w of await webBench(REPO, busiest, Math.max(50, RUNS * 5))) record(w.name, w.target, w.samples);
  git('reset', '-q', '--hard');
  if (journal) git('update-ref', 'refs/dit/journal', journal);
  else spawnSync('git', ['update-ref', '-d', 'refs/dit/journal'], { cwd: REPO });

  patchsetRows();
  await signingRows();
  log('review pages: Files changed, compare and a busy proposal in an in-process `dit serve` (a fresh repository)');
  for (const w of await reviewBench(DIT, env, OUT, Math.max(20, RUNS * 5))) record(w.name, w.target, w.samples);
  if (!args.includes('--no-server')) await serverRows(busiest);

  log('imports from other trackers: Gitblit fixture, generated GitHub export (fresh repositories)');
  for (const r of importBench(DIT, env, GITBLIT, Math.min(RUNS, 5), opt('github-issues', 10_000)))
    record(r.name, r.target, r.samples);

  await historyRows();

  if (HISTORY > 0) {
    log(`history: ${HISTORY} commits on branch long-history`);
    if (!git('branch', '--list', 'long-history').trim())
      makeHistory(
        REPO,
        'long-history',
        git('rev-parse', 'main').trim(),
        HISTORY,
        list.tickets.map((t) => t.id),
      );
    rmSync(join(REPO, '.git/dit'), { recursive: true, force: true });
    dit(['ls', '--branch', 'main']); // folds cached; what follows measures the history scan
    measure(`ls --branch long-history, first scan of ${HISTORY} commits`, null, 1, () =>
      dit(['ls', '--branch', 'long-history']),
    );
    measure('ls --branch long-history, warm', 150, RUNS, () => dit(['ls', '--branch', 'long-history']));
    measure('ls --branch long-history after one more commit (incremental scan)', null, 3, () => {
      git('commit-tree', '-m', 'one more', '-p', 'long-history', 'long-history^{tree}');
      const tip = git(
        'commit-tree',
        '-m',
        `one more ${Date.now()}`,
        '-p',
        'long-history',
        'long-history^{tree}',
      ).trim();
      git('update-ref', 'refs/heads/long-history', tip);
      return dit(['ls', '--branch', 'long-history']);
    });

    if (TAGS > 0) {
      // releases: TAGS tags spread evenly over long-history (v1.0.0, v1.0.1, ... ten patches a line), packed as
      // a clone has them; the ticket asked about is the one the commit in the middle names
      const commits = git('rev-list', '--reverse', 'long-history', `^${git('rev-parse', 'main').trim()}`)
        .trim()
        .split('\n');
      const every = Math.max(1, Math.floor(commits.length / TAGS));
      const names: string[] = [];
      for (let i = 0; i < TAGS && (i + 1) * every - 1 < commits.length; i++)
        names.push(`v${1 + Math.floor(i / 100)}.${Math.floor(i / 10) % 10}.${i % 10}`);
      if (!git('tag', '--list', 'v1.0.0').trim()) {
        const input = names.map((n, i) => `create refs/tags/${n} ${commits[(i + 1) * every - 1]}\n`).join('');
        execFileSync('git', ['update-ref', '--stdin'], { cwd: REPO, env, input });
        git('pack-refs', '--all');
      }
      const middle = Math.floor(commits.length / 2 / 100) * 100;
      const named = list.tickets[middle % list.tickets.length]!.id.slice(0, 7);
      log(`releases: ${names.length} tags on long-history; ticket ${named}`);
      rmSync(join(REPO, '.git/dit'), { recursive: true, force: true });
      dit(['ls', '--branch', 'main']);
      measure(`branches ${named} --tags, first (${names.length} tags, no tag cache)`, null, 1, () =>
        dit(['branches', named, '--tags']),
      );
      measure(`branches ${named} --tags (${names.length} tags, ${HISTORY} commits), warm`, 300, RUNS, () =>
        dit(['branches', named, '--tags']),
      );
      // release notes between two tags 10,000 commits apart (or as far apart as the history allows)
      const span = Math.max(1, Math.min(names.length - 1, Math.round(10_000 / every)));
      const from = names[names.length - 1 - span]!,
        to = names[names.length - 1]!;
      const range = `${from}..${to}`;
      measure(`release-notes ${range} (${span * every} commits), first`, null, 1, () => dit(['release-notes', range]));
      measure(`release-notes ${range} (${span * every} commits), warm`, null, RUNS, () =>
        dit(['release-notes', range]),
      );
      measure(`ls "fixed-in:${to}", warm`, null, RUNS, () => dit(['ls', `fixed-in:${to}`]));
    }
  }

  if (!args.includes('--no-hg')) await hgRows();
  report();
  await fossilTable();
}

/** dit in an hg working copy against git on the same data, paired (without hg: said, and skipped). */
async function hgRows(): Promise<void> {
  if (!HAVE_HG) {
    log('hg is not installed: the Mercurial rows are skipped (apt-get install mercurial)');
    return;
  }
  for (const r of await hgBench({ dit: DIT, env, dataset: DATA, out: OUT, runs: RUNS, codeFiles: CODE_FILES, log }))
    record(r.name, r.target, r.samples);
}

/** The table of every row measured, on stdout and in bench-data/results.json. */
function report(): void {
  const width = Math.max(...rows.map((r) => r.name.length)) + 2;
  const lines = [
    `dit bench: ${TICKETS} tickets, ${BRANCHES} branches, ${new Date().toISOString()}, node ${process.version}`,
    '',
  ];
  lines.push(
    `${'measure'.padEnd(width)}${'median ms'.padStart(10)}${'target'.padStart(9)}${'peak RSS'.padStart(11)}  runs`,
  );
  for (const r of rows) {
    const status = r.target === null ? '' : r.median <= r.target ? ' ok' : ' SLOW';
    lines.push(
      `${r.name.padEnd(width)}${r.median.toFixed(r.median < 100 ? 1 : 0).padStart(10)}` +
        `${(r.target === null ? '-' : String(r.target)).padStart(9)}` +
        `${(r.rssKb === null ? '-' : `${Math.round(r.rssKb / 1024)} MB`).padStart(11)} ` +
        ` ${r.runs}${status}`,
    );
  }
  const peak = Math.max(...rows.map((r) => r.rssKb ?? 0));
  lines.push(
    '',
    `peak memory of any dit process: ${peak ? `${Math.round(peak / 1024)} MB` : 'unknown (/usr/bin/time missing)'}`,
  );
  console.log(lines.join('\n'));
  writeFileSync(join(OUT, 'results.json'), JSON.stringify({ tickets: TICKETS, branches: BRANCHES, rows }, null, 2));
}

/** The side-by-side table against Fossil (or, without Fossil, dit's side alone and how to install it). */
async function fossilTable(): Promise<void> {
  if (!FOSSIL) log(args.includes('--no-fossil') ? "Fossil skipped (--no-fossil): dit's side only" : FOSSIL_HINT);
  const importRow = rows.find((r) => r.name === 'import');
  const r = await sideBySide({
    root: ROOT,
    dit: DIT,
    repo: REPO,
    env,
    dataset: DATA,
    fossilWork: FOSSIL ? join(OUT, `fossil-${TICKETS}`) : null,
    runs: RUNS,
    otherBranch: BRANCHES > 0 ? branchName(1) : null,
    importMs: importRow ? importRow.median : null,
    log,
  });
  const head =
    `dit beside ${FOSSIL ?? 'Fossil (not installed: dit only)'}: ${TICKETS} tickets, ` +
    `${CODE_FILES} code files, ${new Date().toISOString()}, node ${process.version}`;
  const out = [
    renderPairs(head, r.pairs, true),
    '',
    renderPairs("the user's repository: with the tickets beside the same code without .dit/", r.user, false, [
      'with .dit/',
      'without',
      'ratio',
    ]),
    '',
    `dit serve peak RSS: ${r.serveRssKb ? `${Math.round(r.serveRssKb / 1024)} MB` : 'unknown'}`,
  ];
  console.log(`\n${out.join('\n')}`);
  writeFileSync(
    join(OUT, `fossil-results-${TICKETS}.json`),
    JSON.stringify({ tickets: TICKETS, fossil: FOSSIL, ...r }, null, 2),
  );
}

/** A code base beside the tickets, so git status and checkout are timed in a repository like a user's. */
function writeCode(dir: string, count: number): void {
  for (let i = 0; i < count; i++) {
    const sub = join(dir, 'src', `module-${String(i % 150).padStart(3, '0')}`);
    mkdirSync(sub, { recursive: true });
    const body = Array.from(
      { length: 40 },
      (_, j) => `export const value${j} = ${(i * 40 + j) % 9973}; // line ${j} of file ${i}`,
    ).join('\n');
    writeFileSync(join(sub, `file-${i}.ts`), `// generated bench file ${i}\n${body}\n`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
