// Bench rows for branch truth (issue 23): a migrated Gitblit project of 7,000 commits, 50 tags on a main
// line and release branches, an orphan gh-pages, and 250 imported tickets whose merges and `fixes #N`
// commits decide their state per branch and tag. Built with git fast-import; every row is a whole process.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { branchMatrix } from '../src/store/read/branches.js';
import { releasesOf } from '../src/store/read/releases.js';
import { Store } from '../src/store/store.js';

export interface TruthRow {
  name: string;
  target: number | null;
  samples: number[];
}

interface Plan {
  dir: string;
  tags: string[];
  branches: string[];
  /** Ticket numbers merged on the main line, and ones closed by `fixes #N` on a release branch. */
  merged: number[];
  fixed: number[];
}

const TICKETS = 250;

/**
 * The repository: master gets filler commits, and for 200 tickets a side branch `ticket/N` of two commits
 * merged as `Merged #N "..."`; every 130 commits a tag v1.K.0; every fifth tag a release branch release-1.K
 * with fixes (`fixes #N` for the other 50 tickets) tagged v1.K.1; gh-pages shares no history. The Gitblit
 * journals (refs/meta/gitblit/tickets) name each merge commit and patchset tip.
 */
function build(env: NodeJS.ProcessEnv, commits: number): Plan {
  const dir = mkdtempSync(join(tmpdir(), 'dit-bench-truth-'));
  execFileSync('git', ['init', '-q', '-b', 'master', dir], { env });
  const out: string[] = [];
  let mark = 0;
  let t = Date.UTC(2017, 0, 1) / 1000;
  const commit = (ref: string, msg: string, parents: string[]): number => {
    mark++;
    t += 600;
    const body = `${msg}\n`;
    out.push(
      `commit ${ref}\nmark :${mark}\ncommitter Bench <bench@example.com> ${t} +0000\ndata ${Buffer.byteLength(body)}\n${body}`,
    );
    for (const [i, p] of parents.entries()) out.push(`${i === 0 ? 'from' : 'merge'} ${p}\n`);
    out.push(`M 644 inline src/f${mark % 97}.txt\ndata ${String(mark).length + 1}\n${mark}\n\n`);
    return mark;
  };
  const merged: number[] = [];
  const fixed: number[] = [];
  const tags: string[] = [];
  const branches = ['master', 'gh-pages'];
  /** Gitblit keeps only a few ticket branches around after merging. */
  const gone: string[] = [];
  const tagsAt: [string, number][] = [];
  let head = commit('refs/heads/master', 'Initial import', []);
  let ticket = 0;
  let filler = 0;
  let tagged = 0;
  const mainLine = commits - 200 - 10 * 12; // gh-pages and release branches take the rest
  while (mark < mainLine) {
    if (ticket < 200 && filler % 8 === 7) {
      ticket++;
      const a = commit(`refs/heads/ticket/${ticket}`, `Ticket ${ticket}: first part`, [`:${head}`]);
      const b = commit(`refs/heads/ticket/${ticket}`, `Ticket ${ticket}: second part`, [`:${a}`]);
      head = commit('refs/heads/master', `Merged #${ticket} "Ticket ${ticket}"`, [`:${head}`, `:${b}`]);
      merged.push(ticket);
      if (ticket % 20 !== 0) gone.push(`refs/heads/ticket/${ticket}`);
    } else head = commit('refs/heads/master', `Work ${filler}`, [`:${head}`]);
    filler++;
    if (mark >= (tagged + 1) * Math.floor(mainLine / 41) && tagged < 40) {
      tagsAt.push([`v1.${tagged}.0`, head]);
      tagged++;
    }
  }
  // release branches from every fifth tag: fixes for the tickets never merged
  let fix = 200;
  for (const [name, at] of tagsAt.filter((_, i) => i % 4 === 0).slice(0, 10)) {
    const line = name.replace(/\.0$/, '');
    const branch = `release-${line.slice(1)}`;
    branches.push(branch);
    let tip = at;
    for (let k = 0; k < 12; k++) {
      const msg = k % 2 === 0 && fix < TICKETS ? `Backport a fix\n\nfixes #${++fix}` : `Release work ${k}`;
      if (msg.includes('fixes')) fixed.push(fix);
      tip = commit(`refs/heads/${branch}`, msg, [`:${tip}`]);
    }
    tagsAt.push([`${line}.1`, tip]);
  }
  // gh-pages: no history in common
  let page = commit('refs/heads/gh-pages', 'Site: first page', []);
  for (let k = 1; k < 200; k++) page = commit('refs/heads/gh-pages', `Site: page ${k}`, [`:${page}`]);
  for (const [name, at] of tagsAt) {
    out.push(`reset refs/tags/${name}\nfrom :${at}\n\n`);
    tags.push(name);
  }
  const marks = join(dir, '.git', 'bench-marks');
  const r = spawnSync('git', ['fast-import', '--quiet', `--export-marks=${marks}`], {
    cwd: dir,
    env,
    input: out.join(''),
    maxBuffer: 1 << 30,
  });
  if (r.status !== 0) throw new Error(`fast-import failed: ${r.stderr}`);
  execFileSync('git', ['update-ref', '--stdin'], { cwd: dir, env, input: gone.map((g) => `delete ${g}\n`).join('') });
  execFileSync('git', ['checkout', '-q', '-f', 'master'], { cwd: dir, env });
  const sha = new Map(
    readFileSync(marks, 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(' ') as [string, string])
      .map(([m, s]) => [Number(m.slice(1)), s]),
  );
  journals(dir, env, sha, out.join(''));
  execFileSync('git', ['gc', '-q'], { cwd: dir, env });
  return { dir, tags, branches, merged, fixed };
}

/** Gitblit journals for every ticket, from the fast-import stream's marks (merges and their second parents). */
function journals(dir: string, env: NodeJS.ProcessEnv, sha: Map<number, string>, stream: string): void {
  const index = join(dir, '.git', 'bench-gitblit-index');
  const genv = { ...env, GIT_INDEX_FILE: index };
  const run = (args: string[], input?: string) =>
    execFileSync('git', args, { cwd: dir, env: genv, input, encoding: 'utf8' }).trim();
  const merges = new Map<number, { merge: string; tip: string; base: string }>();
  const re = /mark :(\d+)\n[^\n]*\ndata \d+\nMerged #(\d+) [^\n]*\nfrom :(\d+)\nmerge :(\d+)\n/g;
  for (const m of stream.matchAll(re))
    merges.set(Number(m[2]), {
      merge: sha.get(Number(m[1]))!,
      base: sha.get(Number(m[3]))!,
      tip: sha.get(Number(m[4]))!,
    });
  const lines: string[] = [];
  for (let n = 1; n <= TICKETS; n++) {
    const at = (d: number) => new Date(Date.UTC(2016, 0, 1) + n * 86_400_000 + d * 3_600_000).toISOString();
    const changes: object[] = [
      {
        date: at(0),
        author: 'james',
        fields: { title: `Ticket ${n}`, type: 'Bug', status: 'New', body: `Ticket ${n}.` },
      },
    ];
    const m = merges.get(n);
    if (m) {
      changes.push({
        date: at(1),
        author: 'james',
        patchset: { number: 1, rev: 1, tip: m.tip, base: m.base, type: 'Proposal', commits: 2, added: 2 },
      });
      changes.push({
        date: at(2),
        author: 'james',
        fields: { status: 'Merged', mergeSha: m.merge, mergeTo: 'master' },
      });
    }
    const blob = run(['hash-object', '-w', '--stdin'], JSON.stringify(changes));
    lines.push(`100644,${blob},id/${String(n % 100).padStart(2, '0')}/${n}/journal.json`);
  }
  for (const l of lines) run(['update-index', '--add', '--cacheinfo', l]);
  const tree = run(['write-tree']);
  const c = run(['commit-tree', tree, '-m', 'gitblit tickets']);
  run(['update-ref', 'refs/meta/gitblit/tickets', c]);
  rmSync(index, { force: true });
}

function timed(dit: string, cwd: string, env: NodeJS.ProcessEnv, args: string[]): { ms: number; out: string } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [dit, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`dit ${args.join(' ')} failed: ${r.stderr}`);
  return { ms, out: r.stdout };
}

/** Every ticket's branch matrix (local and remote-tracking) and releases, in one process: its time per ticket. */
async function wholeMatrix(dir: string, env: NodeJS.ProcessEnv): Promise<number> {
  const store = await Store.open(dir, { env });
  try {
    const t0 = process.hrtime.bigint();
    for (let n = 1; n <= TICKETS; n++) {
      await branchMatrix(store, `gitblit#${n}`, 'all');
      await releasesOf(store, `gitblit#${n}`);
    }
    return Number(process.hrtime.bigint() - t0) / 1e6 / TICKETS;
  } finally {
    await store.close();
  }
}

/** The rows: one ticket's releases and branches, release notes between two tags, gh-pages, all 250 tickets. */
export async function branchTruthBench(
  dit: string,
  env: NodeJS.ProcessEnv,
  runs: number,
  commits = 7000,
  log: (line: string) => void = () => {},
): Promise<TruthRow[]> {
  const plan = build(env, commits);
  const rows: TruthRow[] = [];
  const push = rows.push.bind(rows);
  rows.push = (...r: TruthRow[]) => {
    for (const x of r)
      log(`  ${x.name}: ${[...x.samples].sort((a, b) => a - b)[x.samples.length >> 1]!.toFixed(0)} ms`);
    return push(...r);
  };
  const run = (args: string[]) => timed(dit, plan.dir, env, args);
  try {
    const t0 = process.hrtime.bigint();
    run(['import', '--gitblit', '.', '--shared']);
    rows.push({
      name: `history: import --gitblit ${TICKETS} tickets (${commits} commits)`,
      target: null,
      samples: [Number(process.hrtime.bigint() - t0) / 1e6],
    });
    // what this machine charges for starting Node at all: every whole-process row includes it. Each warm
    // row alternates its runs with `node -e 0`, so the floor is measured under the same load as dit
    const node: number[] = [];
    const startNode = () => {
      const t = process.hrtime.bigint();
      spawnSync(process.execPath, ['-e', '0']);
      node.push(Number(process.hrtime.bigint() - t) / 1e6);
      return node.at(-1)!;
    };
    /** `runs` warm runs of one command, each after a `node -e 0`; the row, and the row over that floor. */
    const warmRows = (name: string, target: number, args: string[]) => {
      const pairs = Array.from({ length: runs }, () => {
        const floor = startNode();
        return [run(args).ms, floor] as const;
      });
      rows.push({ name, target, samples: pairs.map(([ms]) => ms) });
      rows.push({
        name: `${name}, minus node -e 0 run beside it`,
        target: null,
        samples: pairs.map(([ms, f]) => ms - f),
      });
    };
    const ticket = `gitblit#${plan.merged[Math.floor(plan.merged.length / 2)]!}`;
    const mid = plan.tags.filter((t) => t.endsWith('.0'));
    const range = `${mid[10]!}..${mid[20]!}`;
    const cold = (args: string[]) => {
      rmSync(join(plan.dir, '.git', 'dit'), { recursive: true, force: true });
      run(['ls', '--all']); // folds and history cached, as on any working copy
      return run(args).ms;
    };
    rows.push({
      name: `history: branches ${ticket} --tags, first`,
      target: null,
      samples: [cold(['branches', ticket, '--tags'])],
    });
    warmRows(`history: branches ${ticket} --tags (${plan.tags.length} tags), warm`, 300, [
      'branches',
      ticket,
      '--tags',
    ]);
    warmRows(`history: branches ${ticket} --all, warm`, 300, ['branches', ticket, '--all']);
    rows.push({
      name: `history: release-notes ${range}, first`,
      target: null,
      samples: [cold(['release-notes', range])],
    });
    warmRows(`history: release-notes ${range}, warm`, 500, ['release-notes', range]);
    warmRows('history: ls --all --branch gh-pages (nothing merged there), warm', 150, [
      'ls',
      '--all',
      '--branch',
      'gh-pages',
    ]);
    rows.push({
      name: 'history: node -e 0 (start-up floor, not dit; beside each warm run)',
      target: null,
      samples: node,
    });
    // the matrix of every ticket × every branch and tag: a first pass fills .git/dit, the second is warm
    const first = await wholeMatrix(plan.dir, env);
    rows.push({
      name: `history: ${TICKETS} tickets × every branch and tag, first (per ticket, in-process)`,
      target: null,
      samples: [first],
    });
    const warm = await wholeMatrix(plan.dir, env);
    rows.push({
      name: `history: ${TICKETS} tickets × every branch and tag, warm (per ticket, in-process)`,
      target: 300,
      samples: [warm],
    });
    // a check, not a timing: the answers are git's
    const rel = JSON.parse(run(['branches', ticket, '--tags', '--json']).out) as {
      tags: { tag: string; fixed: boolean }[];
    };
    const merge = JSON.parse(run(['show', ticket, '--json']).out).ticket.merge.commit as string;
    for (const t of rel.tags) {
      const has =
        spawnSync('git', ['merge-base', '--is-ancestor', merge, `refs/tags/${t.tag}`], { cwd: plan.dir }).status === 0;
      if (has !== t.fixed) throw new Error(`bench check: ${ticket} in ${t.tag}: git says ${has}, dit says ${t.fixed}`);
    }
  } finally {
    rmSync(plan.dir, { recursive: true, force: true });
  }
  return rows;
}
