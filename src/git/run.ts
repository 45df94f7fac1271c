// Runs one git command with an argument array (never a shell string) and collects its output.
import { spawn } from 'node:child_process';
import { DitError } from '../errors.js';

export interface RunOptions {
  cwd: string;
  input?: string | Buffer;
  env?: Record<string, string>;
  /** The environment `env` is added to (the repository's, see Git.open); process.env by default. */
  baseEnv?: NodeJS.ProcessEnv;
  /** Exit codes that are answers rather than failures (e.g. 1 from `merge-base --is-ancestor`). */
  okCodes?: number[];
  /** Stop reading stdout after this many bytes: git is stopped and the result says `truncated`. */
  maxBytes?: number;
}

export interface RunResult {
  stdout: Buffer;
  stderr: string;
  code: number;
  /** Output stopped at `maxBytes` (git was stopped; its exit code then means nothing). */
  truncated?: boolean;
}

const TRACE = !!process.env.DIT_TRACE_GIT;

export function run(args: readonly string[], opts: RunOptions): Promise<RunResult> {
  if (TRACE) process.stderr.write(`dit: git ${args.join(' ')}\n`); // DIT_TRACE_GIT=1: every git command dit runs
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd: opts.cwd,
      env: opts.env ? { ...(opts.baseEnv ?? process.env), ...opts.env } : (opts.baseEnv ?? process.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let truncated = false;
    child.stdout.on('data', (c: Buffer) => {
      if (truncated) return;
      const max = opts.maxBytes;
      if (max !== undefined && size + c.length > max) {
        out.push(c.subarray(0, max - size));
        size = max;
        truncated = true;
        child.kill('SIGTERM'); // a bounded reader: the rest of a huge diff is never read
        return;
      }
      size += c.length;
      out.push(c);
    });
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', (e) =>
      reject(new DitError('git-failed', `could not run git (${e.message}); install git and put it on PATH`)),
    );
    child.on('close', (code) => {
      const stderr = Buffer.concat(err).toString('utf8');
      const result = { stdout: Buffer.concat(out), stderr, code: code ?? -1, ...(truncated ? { truncated } : {}) };
      if (truncated || code === 0 || (code !== null && opts.okCodes?.includes(code))) resolve(result);
      else
        reject(
          new DitError('git-failed', `git ${args[0]} failed: ${stderr.trim() || `exit code ${code}`}`, {
            args: [...args],
            code,
            stderr,
          }),
        );
    });
    child.stdin.on('error', () => {}); // git may exit before reading all input; the close handler reports it
    child.stdin.end(opts.input ?? '');
  });
}

export async function runText(args: readonly string[], opts: RunOptions): Promise<string> {
  return (await run(args, opts)).stdout.toString('utf8');
}
