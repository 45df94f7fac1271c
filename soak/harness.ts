// Shared parts of the reliability soak: dit processes run without waiting, a real `dit serve`, kills, the table.
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { DIT, type Repo, type Result } from '../test/support/helpers.js';

export interface Row { name: string; tried: number; kept: number; lost: number; errors: number; seconds: number; notes: string[] }

export const row = (name: string): Row => ({ name, tried: 0, kept: 0, lost: 0, errors: 0, seconds: 0, notes: [] });

export async function timed(r: Row, fn: () => Promise<void>): Promise<Row> {
  const t0 = Date.now();
  try {
    await fn();
  } catch (err) {
    r.errors++;
    r.notes.push(`failed: ${(err as Error).message.slice(0, 300)}`);
  }
  r.seconds = (Date.now() - t0) / 1000;
  return r;
}

/** Runs dit without waiting for it; `child` is there to be killed. */
export function ditChild(repo: Repo, args: string[], input?: string, env: NodeJS.ProcessEnv = {}): { child: ChildProcess; done: Promise<Result> } {
  const child = spawn(process.execPath, [DIT, ...args], { cwd: repo.dir, env: { ...repo.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => { stdout += c; });
  child.stderr!.setEncoding('utf8').on('data', (c: string) => { stderr += c; });
  child.stdin!.on('error', () => {});
  child.stdin!.end(input ?? '');
  const done = new Promise<Result>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? -9 : -1), stdout, stderr }));
  });
  return { child, done };
}

export const ditAsync = (repo: Repo, ...args: string[]): Promise<Result> => ditChild(repo, args).done;

/** A real `dit serve` on a port the OS picks, with its write token. */
export async function serveOf(repo: Repo): Promise<{ url: string; host: string; token: string; stop: () => Promise<void> }> {
  const { child, done } = ditChild(repo, ['serve', '--port', '0']);
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (c: string) => {
      seen += c;
      const m = /at (http:\/\/[^\s]+)/.exec(seen);
      if (m) resolve(m[1]!);
    });
    done.then((r) => reject(new Error(`dit serve exited ${r.code}: ${r.stderr}`)));
  });
  const host = new URL(url).host;
  const session = await http(url, 'GET', '/api/session', host);
  const token = (JSON.parse(session.body) as { token: string }).token;
  return { url, host, token, stop: async () => { child.kill('SIGTERM'); await done; } };
}

export function http(base: string, method: string, path: string, host: string, body?: unknown, token?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = request(new URL(path, base), {
      method, agent: false,
      headers: { host, ...(data ? { 'content-type': 'application/json', 'content-length': data.length } : {}), ...(token ? { 'x-csrf-token': token } : {}) },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(data);
  });
}

/** A small deterministic random source, so a failing soak can be replayed with its seed. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 2 ** 32;
  };
}

export function table(rows: readonly Row[]): string {
  const head = ['check', 'tried', 'kept', 'lost', 'errors', 'seconds'];
  const cells = rows.map((r) => [r.name, String(r.tried), String(r.kept), String(r.lost), String(r.errors), r.seconds.toFixed(1)]);
  const width = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => (i === 0 ? x.padEnd(width[i]!) : x.padStart(width[i]!))).join('  ');
  const out = [line(head), width.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)];
  for (const r of rows) for (const n of r.notes) out.push(`  ${r.name}: ${n}`);
  return out.join('\n');
}
