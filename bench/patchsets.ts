// Bench rows for patchsets: a one-commit push to refs/for/ through the hook against a plain branch push of
// the same kind of commit, and `dit patchsets ID` on a ticket with 20 patchsets.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface PatchsetBench {
  name: string;
  target: number | null;
  samples: number[];
}

const time = (fn: () => void): number => {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
};

/**
 * Clones `repo` bare (tickets and all), installs dit's hook, and from a working clone pushes one new
 * commit per run: to refs/for/main (hook: new proposal) and, alternately, to a plain branch.
 */
export function patchsetBench(
  repo: string,
  dit: string,
  env: NodeJS.ProcessEnv,
  runs: number,
  out: string,
): PatchsetBench[] {
  const dir = join(out, 'patchsets');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const bare = join(dir, 'remote.git');
  const work = join(dir, 'work');
  const git = (cwd: string, ...a: string[]) =>
    execFileSync('git', a, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
  git(out, 'clone', '-q', '--bare', repo, bare);
  execFileSync(process.execPath, [dit, 'hooks', 'install'], { cwd: bare, env, stdio: 'ignore' });
  git(out, 'clone', '-q', '--no-checkout', bare, work);
  git(work, 'checkout', '-q', '-b', 'change', 'origin/main');
  let n = 0;
  const commit = () => {
    writeFileSync(join(work, 'bench-change.txt'), `change ${n++} ${Date.now()}\n`);
    git(work, 'add', 'bench-change.txt');
    git(work, 'commit', '-q', '-m', `Bench change ${n}`);
  };
  const push = (refspec: string) => {
    const r = spawnSync('git', ['push', '-q', 'origin', refspec], { cwd: work, env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git push ${refspec} failed: ${r.stderr}`);
  };
  // warm both paths once (the hook's first run builds the bare repository's caches)
  commit();
  push('HEAD:refs/for/main');
  commit();
  push('HEAD:refs/heads/bench-warm');
  const hooked: number[] = [];
  const plain: number[] = [];
  for (let i = 0; i < runs; i++) {
    commit();
    hooked.push(time(() => push('HEAD:refs/for/main')));
    commit();
    plain.push(time(() => push(`HEAD:refs/heads/bench-plain-${i}`)));
  }
  // one ticket with 20 patchsets: every push an amend (classified against the ticket's current tip)
  git(work, 'checkout', '-q', '-b', 'amended', 'origin/main');
  commit();
  const first = spawnSync('git', ['push', 'origin', 'HEAD:refs/for/main'], { cwd: work, env, encoding: 'utf8' });
  const id = /#([0-9a-f]{7}): /.exec(first.stderr)?.[1];
  if (!id) throw new Error(`no ticket from the push: ${first.stderr}`);
  const amends: number[] = [];
  for (let i = 2; i <= 20; i++) {
    git(work, 'commit', '-q', '--amend', '-m', `Bench change, take ${i}`);
    amends.push(time(() => push(`+HEAD:refs/for/${id}`)));
  }
  // and revisions on top of the last one: fast-forwards of the current patchset
  const forwards: number[] = [];
  for (let i = 0; i < runs; i++) {
    commit();
    forwards.push(time(() => push(`HEAD:refs/for/${id}`)));
  }
  const run =
    (...argv: string[]) =>
    () => {
      const r = spawnSync(process.execPath, [dit, ...argv], { cwd: bare, env, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
    };
  const timed = (fn: () => void) => {
    fn();
    return Array.from({ length: runs }, () => time(fn));
  };
  return [
    { name: 'git push of a one-commit patchset to refs/for/main (hook: new proposal)', target: null, samples: hooked },
    { name: 'git push of a one-commit branch (no hook work)', target: null, samples: plain },
    { name: `git push --force to refs/for/${id} (classified: amend, patchset 2..20)`, target: null, samples: amends },
    { name: `git push to refs/for/${id} (classified: fast-forward, a new revision)`, target: null, samples: forwards },
    { name: `dit patchsets ${id} (20 patchsets)`, target: 150, samples: timed(run('patchsets', id)) },
    { name: `dit show ${id} --json (20 patchsets)`, target: 150, samples: timed(run('show', id, '--json')) },
    { name: 'dit ls has:patchset', target: 150, samples: timed(run('ls', 'has:patchset')) },
  ];
}
