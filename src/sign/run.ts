// Runs a signing program (ssh-keygen, gpg, gpgsm) with an argument array and collects what it says.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DitError } from '../errors.js';

export interface ProgramResult {
  stdout: Buffer;
  stderr: string;
  code: number;
}

const TRACE = !!process.env.DIT_TRACE_GIT;

/** Runs `program args`; never throws for an exit code (callers read it), only when the program is missing. */
export function runProgram(
  program: string,
  args: readonly string[],
  opts: { input?: Buffer | string; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<ProgramResult> {
  if (TRACE) process.stderr.write(`dit: ${program} ${args.join(' ')}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      env: opts.env ?? process.env,
      cwd: opts.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', (e) =>
      reject(
        new DitError(
          'sign-failed',
          `could not run ${program} (${e.message}); install it or point git's gpg.*.program at it`,
          { program },
        ),
      ),
    );
    child.on('close', (code) =>
      resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8'), code: code ?? -1 }),
    );
    child.stdin.on('error', () => {});
    child.stdin.end(opts.input ?? '');
  });
}

/** A private temporary folder for message and signature files, removed after `fn`. */
export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'dit-sign-'));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A few programs at a time: verifying a ticket's hundred gpg signatures must not start a hundred gpgs. */
export async function pool<T, R>(items: readonly T[], width: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  return out;
}
