// Bench rows for `dit import` from other trackers: Gitblit's 259-ticket fixture and a generated
// 10,000-issue GitHub export, each a whole process into a fresh repository.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ImportRow {
  name: string;
  target: number | null;
  samples: number[];
}

const LABELS = ['bug', 'enhancement', 'question', 'ui', 'docs', 'parser', 'regression', 'good first issue'];
const WORDS = [
  'crash',
  'save',
  'editor',
  'parser',
  'window',
  'slow',
  'render',
  'config',
  'login',
  'sync',
  'branch',
  'merge',
];

/** A GitHub REST export (issues, every fifth a pull request) and its comments, deterministic for a count. */
export function githubExport(count: number): { issues: string; comments: string } {
  let seed = 7;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return (seed >>> 8) % n;
  }; // high bits: an LCG's low bits cycle
  const words = (n: number) => Array.from({ length: n }, () => WORDS[rnd(WORDS.length)]).join(' ');
  const at = (i: number) => new Date(Date.UTC(2020, 0, 1) + i * 3_600_000).toISOString().replace('.000Z', 'Z');
  const issues: unknown[] = [];
  const comments: unknown[] = [];
  for (let n = 1; n <= count; n++) {
    const closed = rnd(3) === 0;
    const labels = [...new Set([LABELS[rnd(LABELS.length)], LABELS[rnd(LABELS.length)]])].map((name) => ({
      name,
      color: 'd73a4a',
      description: `${name} things`,
    }));
    issues.push({
      number: n,
      title: `${words(4)} ${n}`,
      body: `${words(30)}${n > 1 ? ` see #${1 + rnd(n - 1)}` : ''}`,
      user: { login: `user${rnd(200)}` },
      labels,
      state: closed ? 'closed' : 'open',
      state_reason: closed ? (rnd(4) ? 'completed' : 'not_planned') : null,
      assignees: rnd(2) ? [{ login: `user${rnd(200)}` }] : [],
      milestone: rnd(3) ? { title: `v${1 + rnd(5)}.0`, state: 'open', due_on: '2027-01-01T08:00:00Z' } : null,
      created_at: at(n),
      updated_at: at(n + 5),
      closed_at: closed ? at(n + 5) : null,
      reactions: { '+1': rnd(4) },
      ...(n % 5 === 0 ? { pull_request: { merged_at: closed ? at(n + 5) : null } } : {}),
    });
    for (let k = rnd(4); k > 0; k--) {
      comments.push({
        id: n * 10 + k,
        user: { login: `user${rnd(200)}` },
        created_at: at(n + k),
        body: `${words(15)} #${1 + rnd(count)}`,
        issue_url: `https://api.github.com/repos/a/b/issues/${n}`,
      });
    }
  }
  return { issues: JSON.stringify(issues), comments: JSON.stringify(comments) };
}

function freshRepo(env: NodeJS.ProcessEnv): string {
  const dir = mkdtempSync(join(tmpdir(), 'dit-bench-import-'));
  execFileSync('git', ['init', '-q', '-b', 'main', dir], { env });
  execFileSync('git', ['commit', '-q', '--allow-empty', '-m', 'initial'], { cwd: dir, env });
  return dir;
}

function timed(dit: string, cwd: string, env: NodeJS.ProcessEnv, args: string[]): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [dit, ...args], { cwd, env, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`dit ${args.join(' ')} failed: ${r.stderr}`);
  return ms;
}

/** Imports into a fresh repository per run (and once more into the same one: the idempotent re-import). */
export function importBench(
  dit: string,
  env: NodeJS.ProcessEnv,
  gitblit: string,
  runs: number,
  issues = 10_000,
): ImportRow[] {
  const rows: ImportRow[] = [];
  const dirs: string[] = [];
  try {
    if (existsSync(gitblit)) {
      const first: number[] = [];
      const again: number[] = [];
      for (let i = 0; i < runs; i++) {
        const repo = freshRepo(env);
        dirs.push(repo);
        first.push(timed(dit, repo, env, ['import', '--gitblit', gitblit]));
        again.push(timed(dit, repo, env, ['import', '--gitblit', gitblit]));
      }
      rows.push({ name: 'import --gitblit fixture (259 tickets, whole process)', target: null, samples: first });
      rows.push({ name: 'import --gitblit fixture again (nothing new)', target: null, samples: again });
    }
    const data = mkdtempSync(join(tmpdir(), 'dit-bench-github-'));
    dirs.push(data);
    const gh = githubExport(issues);
    writeFileSync(join(data, 'issues.json'), gh.issues);
    writeFileSync(join(data, 'comments.json'), gh.comments);
    const args = ['import', '--github', join(data, 'issues.json'), '--comments', join(data, 'comments.json')];
    const first: number[] = [];
    const again: number[] = [];
    for (let i = 0; i < Math.min(runs, 3); i++) {
      const repo = freshRepo(env);
      dirs.push(repo);
      first.push(timed(dit, repo, env, args));
      again.push(timed(dit, repo, env, args));
    }
    rows.push({ name: `import --github ${issues} issues + comments (whole process)`, target: 10_000, samples: first });
    rows.push({ name: `import --github ${issues} issues again (nothing new)`, target: null, samples: again });
  } finally {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
  return rows;
}
