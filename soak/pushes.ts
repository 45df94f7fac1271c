// Retried proposal pushes: `git push origin HEAD:refs/for/new` killed at random points (the answer lost,
// or the hook stopped half way) and pushed again, sometimes twice at once; and a fuzz of push sequences by
// several pushers against a model. Every commit ends with exactly one open proposal per pusher.
import { execFileSync, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { cloneOf, tempBare, type Repo } from '../test/support/helpers.js';
import { rng, row, timed, type Row } from './harness.js';

interface Pushed {
  code: number;
  stderr: string;
  id: string | null;
}

/** `git push origin HEAD:refs/for/new` as `who` (the hook's DIT_PUSHER_*), without waiting; killable. */
function pushChild(r: Repo, who: { name: string; email: string } | null) {
  const env = { ...r.env, ...(who ? { DIT_PUSHER_NAME: who.name, DIT_PUSHER_EMAIL: who.email, DIT_PUSHER_ROLE: 'write' } : {}) };
  const child = spawn('git', ['push', 'origin', 'HEAD:refs/for/new'], { cwd: r.dir, env, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (c: string) => { stderr += c; });
  const done = new Promise<Pushed>((resolve) =>
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? -9 : -1), stderr, id: /#([0-9a-f]{7}): /.exec(stderr)?.[1] ?? null })),
  );
  return { child, done };
}

function setup(): { remote: Repo; clone: Repo } {
  const remote = tempBare();
  const clone = cloneOf(remote.dir);
  clone.write('README', 'a project\n');
  clone.commit('initial commit');
  clone.git('push', '-q', 'origin', 'main');
  remote.ok('hooks', 'install');
  return { remote, clone };
}

/** The open proposals of the bare repository: by tip, their ids and who pushed their current revision. */
function proposalsByTip(remote: Repo): Map<string, { id: string; pusher: string }[]> {
  const out = new Map<string, { id: string; pusher: string }[]>();
  for (const s of remote.json('ls', 'is:proposal', 'is:open').tickets as { id: string; tip: string | null }[]) {
    if (!s.tip) continue;
    const t = remote.json('show', s.id).ticket as { current: { author: { email: string } } };
    out.set(s.tip, [...(out.get(s.tip) ?? []), { id: s.id.slice(0, 7), pusher: t.current.author.email }]);
  }
  return out;
}

function fsck(r: Repo, out: Row): void {
  try {
    execFileSync('git', ['fsck', '--strict', '--no-progress', '--no-dangling'], { cwd: r.dir, env: r.env, stdio: 'pipe' });
  } catch (err) {
    out.errors++;
    out.notes.push(`git fsck --strict failed: ${String((err as { stderr?: Buffer }).stderr ?? err).slice(0, 200)}`);
  }
}

/** Each proposal's first push killed after a random delay, then retried (twice at once now and then). */
export async function retriedPushes(n: number, seed: number): Promise<Row> {
  const out = row(`retried push after kill -9 x${n}`);
  const random = rng(seed);
  return timed(out, async () => {
    const { remote, clone } = setup();
    const t0 = Date.now();
    clone.git('checkout', '-q', '-b', 'warm-up');
    clone.write('warm-up.txt', 'x\n');
    clone.commit('Warm up');
    const warm = await pushChild(clone, null).done;
    if (warm.code !== 0) throw new Error(`a push failed before any kill: ${warm.stderr}`);
    const d0 = Date.now() - t0;
    const tips: string[] = [];
    let answered = 0;
    for (let i = 0; i < n; i++) {
      clone.git('checkout', '-q', '-B', `change-${i}`, 'main');
      clone.write(`change-${i}.txt`, `${i}\n`);
      tips.push(clone.commit(`Change ${i}`));
      out.tried++;
      const first = pushChild(clone, null);
      await sleep((0.2 + random()) * d0);
      // the client alone (its answer is lost) or the whole push with its hook (stopped half way)
      if (first.child.exitCode === null) {
        if (random() < 0.5) first.child.kill('SIGKILL');
        else {
          try { process.kill(-first.child.pid!, 'SIGKILL'); } catch { /* it finished meanwhile */ }
        }
      }
      await first.done;
      const again = await Promise.all(Array.from({ length: random() < 0.3 ? 2 : 1 }, () => pushChild(clone, null).done));
      for (const r of again)
        if (r.code !== 0 || !r.id) { out.errors++; out.notes.push(`retry of change ${i} failed: ${r.stderr.slice(0, 200)}`); }
      if (again.some((r) => /no new changes/.test(r.stderr))) answered++;
      const ids = new Set(again.map((r) => r.id));
      if (ids.size > 1) { out.errors++; out.notes.push(`retries of change ${i} answered with ${[...ids].join(' and ')}`); }
    }
    out.notes.push(`${answered} of ${n} killed pushes had recorded their proposal: the retry answered "no new changes"`);
    const open = proposalsByTip(remote);
    for (const tip of tips) {
      const n = open.get(tip)?.length ?? 0;
      if (n === 1) out.kept++;
      else if (n === 0) out.lost++;
      else { out.errors++; if (out.notes.length < 8) out.notes.push(`${n} proposals for ${tip.slice(0, 7)}: ${open.get(tip)!.map((p) => p.id).join(', ')}`); }
    }
    fsck(remote, out);
  });
}

const PUSHERS = [
  { name: 'Ann', email: 'ann@example.com' },
  { name: 'Bob', email: 'bob@example.com' },
];

/**
 * Random sequences of pushes against a model: a new commit opens a proposal; the same commit pushed
 * again by the same person answers "no new changes" with that proposal while it is open; by someone
 * else, or after it was closed, it opens another. The model and the repository must agree push by push.
 */
export async function fuzzPushes(n: number, seed: number): Promise<Row> {
  const out = row(`fuzz proposal pushes x${n}`);
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  return timed(out, async () => {
    const { remote, clone } = setup();
    const commits: string[] = [];
    // the model: open proposals by commit and pusher
    const open = new Map<string, string>();
    let again = 0;
    const key = (tip: string, who: string) => `${tip} ${who}`;
    const fail = (what: string) => { out.errors++; if (out.notes.length < 8) out.notes.push(what.slice(0, 300)); };
    for (let i = 0; i < n; i++) {
      const r = random();
      const who = pick(PUSHERS);
      out.tried++;
      if (r < 0.15 && open.size) {
        // someone closes a proposal: pushing its commit again opens a new one
        const [k, id] = pick([...open]);
        remote.ok('close', id, '--status', 'abandoned');
        open.delete(k);
        out.kept++;
        continue;
      }
      let tip: string;
      if (r < 0.5 || !commits.length) {
        clone.git('checkout', '-q', '-B', `c${i}`, 'main');
        clone.write(`c${i}.txt`, `${i}\n`);
        tip = clone.commit(`Change ${i}`);
        commits.push(tip);
      } else {
        tip = pick(commits);
        clone.git('checkout', '-q', '--detach', tip);
      }
      const res = await pushChild(clone, who).done;
      const before = open.get(key(tip, who.email));
      if (res.code !== 0 || !res.id) { fail(`push ${i} failed: ${res.stderr}`); continue; }
      if (before) {
        again++;
        if (res.id !== before || !/no new changes/.test(res.stderr)) fail(`push ${i}: expected "no new changes" from #${before}, got: ${res.stderr}`);
      } else if (!/new proposal with patchset 1/.test(res.stderr)) fail(`push ${i}: expected a new proposal, got: ${res.stderr}`);
      else open.set(key(tip, who.email), res.id);
      out.kept++;
    }
    out.notes.push(`${again} pushes of an open proposal's commit by its pusher ("no new changes")`);
    // and the repository's open proposals are the model's
    const actual = new Set<string>();
    for (const [tip, list] of proposalsByTip(remote)) for (const p of list) actual.add(`${key(tip, p.pusher)} ${p.id}`);
    const expected = new Set([...open].map(([k, id]) => `${k} ${id}`));
    for (const e of expected) if (!actual.has(e)) fail(`the model has ${e}, the repository does not`);
    for (const a of actual) if (!expected.has(a)) fail(`the repository has ${a}, the model does not`);
    fsck(remote, out);
  });
}
