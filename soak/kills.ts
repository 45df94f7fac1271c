// kill -9 at random points of a comment, a --commit, an import and a sync; then git fsck --strict, and a count of what was kept.
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cloneOf, newTicket, tempBare, tempDir, tempRepo, type Repo } from '../test/support/helpers.js';
import { ditChild, rng, row, timed, type Row } from './harness.js';

export type KillOp = 'comment' | 'commit' | 'import' | 'sync';

function fsck(r: Repo, out: Row, when: string): void {
  try {
    execFileSync('git', ['fsck', '--strict', '--no-progress', '--no-dangling'], { cwd: r.dir, env: r.env, stdio: 'pipe' });
  } catch (err) {
    out.errors++;
    out.notes.push(`git fsck --strict failed ${when}: ${String((err as { stderr?: Buffer }).stderr ?? err).slice(0, 200)}`);
  }
}

/** Runs dit and kills it after `delay` ms (if it is still running); true when it finished on its own with success. */
async function runKilled(r: Repo, args: string[], delay: number): Promise<{ ok: boolean; stderr: string }> {
  const { child, done } = ditChild(r, args);
  const timer = setTimeout(() => child.kill('SIGKILL'), delay);
  const res = await done;
  clearTimeout(timer);
  return { ok: res.code === 0, stderr: res.stderr };
}

async function duration(r: Repo, args: string[]): Promise<number> {
  const t0 = Date.now();
  const res = await ditChild(r, args).done;
  if (res.code !== 0) throw new Error(`dit ${args[0]} failed before any kill: ${res.stderr}`);
  return Date.now() - t0;
}

const comments = (r: Repo, id: string, branch?: string): string[] =>
  (r.json('show', id, ...(branch ? ['--branch', branch] : [])).ticket.comments as { body: string }[]).map((c) => c.body);

function leftovers(r: Repo, out: Row): void {
  const stray = readdirSync(join(r.dir, '.git')).filter((n) => n.startsWith('dit-index-') || n === 'index.lock');
  if (stray.length) { out.errors++; out.notes.push(`left in .git: ${stray.join(', ')}`); }
  const untracked = r.git('status', '--porcelain', '--untracked-files=all', '--', '.dit').split('\n').filter((l) => l.startsWith('??'));
  if (untracked.length) { out.errors++; out.notes.push(`${untracked.length} untracked files in .dit/ after the next write: ${untracked[0]}`); }
}

export async function killDuring(op: KillOp, kills: number, seed: number): Promise<Row> {
  const out = row(`kill -9 during ${op} x${kills}`);
  const random = rng(seed);
  return timed(out, async () => {
    if (op === 'sync') return killSync(out, kills, random);
    if (op === 'import') return killImport(out, kills, random);
    const r = tempRepo();
    const id = newTicket(r, 'Killed often', '--commit');
    const flags = op === 'commit' ? ['--commit'] : [];
    const d0 = await duration(r, ['comment', id, 'warm-up', ...flags]);
    const finished: string[] = [];
    for (let i = 0; i < kills; i++) {
      const text = `kill ${i}`;
      out.tried++;
      const res = await runKilled(r, ['comment', id, text, ...flags], (0.3 + random()) * d0);
      if (res.ok) finished.push(text);
      fsck(r, out, `after kill ${i}`);
      try { r.json('ls', '--all'); } catch (err) { out.errors++; out.notes.push(`dit ls after kill ${i}: ${(err as Error).message.slice(0, 200)}`); }
    }
    // the next write repairs what a kill left (stages a written entry, finishes nothing half-done)
    const settle = await ditChild(r, ['comment', id, 'settle', ...flags]).done;
    if (settle.code !== 0) { out.errors++; out.notes.push(`the write after the kills failed: ${settle.stderr.slice(0, 200)}`); }
    const seen = comments(r, id);
    const count = new Map<string, number>();
    for (const s of seen) count.set(s, (count.get(s) ?? 0) + 1);
    out.kept = Array.from({ length: kills }, (_, i) => `kill ${i}`).filter((t) => count.has(t)).length;
    out.lost = finished.filter((t) => !count.has(t)).length;
    const twice = [...count].filter(([, n]) => n > 1);
    if (twice.length) { out.errors++; out.notes.push(`${twice.length} comments twice`); }
    out.notes.push(`${finished.length} finished before their kill; ${out.kept - finished.length} killed ones had written their entry`);
    leftovers(r, out);
    if (op === 'commit') {
      const staged = r.git('diff', '--cached', '--name-only', '--', '.dit').trim();
      if (staged) out.notes.push(`after the kills, staged but not committed: ${staged.split('\n').length} entry files (committed by the next --commit)`);
    }
    fsck(r, out, 'at the end');
  });
}

function importFile(dir: string, round: number, n: number): string {
  const lines = Array.from({ length: n }, (_, i) =>
    JSON.stringify({ title: `Round ${round} ticket ${i}`, created: '2025-03-01T10:00:00Z', body: `imported in round ${round}` }),
  );
  const file = join(dir, `round-${round}.jsonl`);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

async function killImport(out: Row, kills: number, random: () => number): Promise<void> {
  const r = tempRepo();
  const dir = tempDir();
  const per = 200;
  const d0 = await duration(r, ['import', importFile(dir, -1, per)]);
  const files: string[] = [];
  let before = per;
  for (let i = 0; i < kills; i++) {
    const file = importFile(dir, i, per);
    files.push(file);
    out.tried += per;
    await runKilled(r, ['import', file], (0.3 + random()) * d0);
    fsck(r, out, `after killed import ${i}`);
    const n = r.json('ls', '--all').tickets.length;
    // a killed import may have finished, or not started: it must never take tickets away
    if (n < before) { out.errors++; out.notes.push(`after kill ${i} the working copy shows ${n} tickets, fewer than the ${before} before it`); }
    before = Math.max(before, n);
  }
  for (const f of files) {
    const res = await ditChild(r, ['import', f]).done;
    if (res.code !== 0) { out.errors++; out.notes.push(`rerun of ${f} failed: ${res.stderr.slice(0, 200)}`); }
  }
  const titles = new Set((r.json('ls', '--all', '--branch', 'main').tickets as { title: string }[]).map((t) => t.title));
  out.kept = files.reduce((n, _, i) => n + Array.from({ length: per }, (_, j) => `Round ${i} ticket ${j}`).filter((t) => titles.has(t)).length, 0);
  out.lost = out.tried - out.kept;
  const subjects = r.git('log', '--format=%s', 'main').split('\n').filter((s) => s.startsWith('dit: import'));
  if (subjects.length !== kills + 1) { out.errors++; out.notes.push(`${subjects.length} import commits for ${kills + 1} files`); }
  if (r.git('status', '--porcelain').trim()) { out.errors++; out.notes.push('index and working tree differ from the branch after the reruns'); }
  leftovers(r, out);
  fsck(r, out, 'at the end');
}

async function killSync(out: Row, kills: number, random: () => number): Promise<void> {
  const remote = tempBare();
  const a = cloneOf(remote.dir);
  a.write('README', 'x\n');
  a.commit('initial');
  a.git('push', '-q', 'origin', 'main');
  const id = newTicket(a, 'Synced while killed', '--shared');
  a.ok('sync');
  const b = cloneOf(remote.dir, { name: 'Bob', email: 'bob@example.com' });
  b.ok('sync');
  const d0 = await duration(a, ['sync']);
  const written: string[] = [];
  for (let i = 0; i < kills; i++) {
    const mine = i % 2 === 0 ? a : b;
    const text = `sync round ${i}`;
    mine.ok('comment', id, text, '--shared');
    written.push(text);
    out.tried++;
    await runKilled(mine, ['sync'], (0.3 + random()) * d0);
    fsck(mine, out, `after killed sync ${i}`);
  }
  for (const c of [a, b, a, b]) {
    const res = await ditChild(c, ['sync']).done;
    if (res.code !== 0) { out.errors++; out.notes.push(`sync after the kills: ${res.stderr.slice(0, 200)}`); }
  }
  const inA = new Set(comments(a, id));
  const inB = new Set(comments(b, id));
  out.kept = written.filter((t) => inA.has(t) && inB.has(t)).length;
  out.lost = written.length - out.kept;
  fsck(remote, out, 'of the remote');
}
