// One long-lived `hg serve --cmdserver pipe` per repository: commands run one after another over its pipes.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { DitError } from '../errors.js';
import { encodeCommand, encodeInput, type Frame, type Hello, parseFrames, parseHello, resultCode } from './frames.js';

export interface HgRunOptions {
  /** What hg reads when the command asks for input (`I`/`L`); without it every request gets end of input. */
  input?: string | Buffer;
  /** Exit codes that are answers rather than failures (1 from `hg status` with nothing, `hg commit` with nothing to commit). */
  okCodes?: number[];
  /** Run again once if hg dies during the command (default true). A write that is not safe to repeat says false. */
  retry?: boolean;
}

export interface HgResult {
  stdout: Buffer;
  stderr: string;
  code: number;
}

/** The environment hg always runs in for dit: plain output and strict flags whatever the user's config, UTF-8. */
export function hgEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...base, HGPLAIN: '+strictflags', HGENCODING: 'utf-8' };
}

const TRACE = !!process.env.DIT_TRACE_HG;

interface Job {
  args: readonly string[];
  input: Buffer;
  inputAt: number;
  out: Buffer[];
  err: Buffer[];
  done: (r: Outcome) => void;
}

type Outcome = { code: number } | { died: string } | { fatal: DitError };

interface Conn {
  child: ChildProcessWithoutNullStreams;
  hello: Promise<Hello>;
  buf: Buffer;
  job: Job | null;
  stderr: string;
}

/** Why a connection ended under a command: the command may be retried on a fresh hg. */
class Died extends Error {}

export class CommandServer {
  private conn: Conn | null = null;
  private tail: Promise<unknown> = Promise.resolve();
  /** How many times hg was started again after it stopped under a command (tests read it). */
  restarts = 0;

  constructor(
    /** The repository's root: where hg runs. */
    readonly cwd: string,
    private readonly env: NodeJS.ProcessEnv = process.env,
    /** Global options hg starts with (`--config extensions.x=...`), asked for before each start. */
    private readonly globals: () => Promise<string[]> = async () => [],
  ) {}

  /** The pid of the running hg, or null before the first command and after close(). */
  get pid(): number | null {
    return this.conn?.child.pid ?? null;
  }

  /** Runs `hg ARGS...`; commands are queued, one at a time, in the order asked. */
  run(args: readonly string[], opts: HgRunOptions = {}): Promise<HgResult> {
    const p = this.tail.then(() => this.runQueued(args, opts));
    this.tail = p.catch(() => {});
    return p;
  }

  async text(args: readonly string[], opts: HgRunOptions = {}): Promise<string> {
    return (await this.run(args, opts)).stdout.toString('utf8');
  }

  close(): void {
    const conn = this.conn;
    this.conn = null;
    conn?.child.stdin.end(); // hg exits at the end of its input
  }

  private async runQueued(args: readonly string[], opts: HgRunOptions): Promise<HgResult> {
    if (TRACE) process.stderr.write(`dit: hg ${args.join(' ')}\n`);
    const input = opts.input === undefined ? Buffer.alloc(0) : Buffer.from(opts.input);
    let first: string | null = null;
    for (;;) {
      try {
        return await this.once(args, input, opts.okCodes ?? []);
      } catch (e) {
        if (!(e instanceof Died)) throw e;
        if (first !== null || opts.retry === false) {
          throw new DitError(
            'hg-failed',
            `hg stopped while running \`hg ${commandName(args)}\`${first === null ? '' : ' twice'} (${e.message}); ` +
              'run `hg verify` in the repository, then try again',
            { args: [...args], stderr: e.message },
          );
        }
        first = e.message;
        this.restarts++;
      }
    }
  }

  private async once(args: readonly string[], input: Buffer, okCodes: number[]): Promise<HgResult> {
    const conn = this.conn ?? this.start(await this.globals());
    await conn.hello;
    const job: Job = { args, input, inputAt: 0, out: [], err: [], done: () => {} };
    const outcome = await new Promise<Outcome>((done) => {
      job.done = done;
      conn.job = job;
      hold(conn.child, true); // a command in flight keeps node running; an idle hg does not
      conn.child.stdin.write(encodeCommand(args));
    });
    conn.job = null;
    hold(conn.child, false);
    if ('died' in outcome) throw new Died(outcome.died);
    if ('fatal' in outcome) throw outcome.fatal;
    const code = outcome.code;
    const stdout = Buffer.concat(job.out);
    const stderr = Buffer.concat(job.err).toString('utf8');
    if (code === 0 || okCodes.includes(code)) return { stdout, stderr, code };
    throw new DitError('hg-failed', `hg ${commandName(args)} failed: ${stderr.trim() || `exit code ${code}`}`, {
      args: [...args],
      code,
      stderr,
    });
  }

  private start(globals: readonly string[]): Conn {
    if (TRACE) process.stderr.write(`dit: hg ${[...globals, 'serve', '--cmdserver', 'pipe'].join(' ')}\n`);
    const child = spawn('hg', [...globals, 'serve', '--cmdserver', 'pipe'], {
      cwd: this.cwd,
      env: hgEnv(this.env),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let helloDone: (h: Hello) => void = () => {};
    let helloFail: (e: Error) => void = () => {};
    const hello = new Promise<Hello>((resolve, reject) => {
      helloDone = resolve;
      helloFail = reject;
    });
    hello.catch(() => {}); // observed by the command waiting on it
    let greeted = false;
    const conn: Conn = { child, hello, buf: Buffer.alloc(0), job: null, stderr: '' };
    this.conn = conn;

    const fatal = (err: DitError) => {
      if (conn.job) conn.job.done({ fatal: err });
      else helloFail(err);
      if (this.conn === conn) this.conn = null;
      child.kill('SIGKILL');
    };
    const onFrame = (f: Frame) => {
      if (!greeted) {
        greeted = true;
        const h = 'data' in f && f.channel === 'o' ? parseHello(f.data) : null;
        if (!h?.capabilities.includes('runcommand'))
          return fatal(
            new DitError('hg-failed', 'hg serve --cmdserver did not offer runcommand; install Mercurial 4.0 or later'),
          );
        if (h.encoding.toLowerCase().replace('-', '') !== 'utf8')
          return fatal(new DitError('hg-failed', `hg speaks ${h.encoding}, not UTF-8; unset HGENCODING overrides`));
        return helloDone(h);
      }
      const job = conn.job;
      if (!job) return;
      switch (f.channel) {
        case 'o':
          if ('data' in f) job.out.push(f.data);
          return;
        case 'e':
          if ('data' in f) job.err.push(f.data);
          return;
        case 'r':
          return job.done({ code: 'data' in f ? resultCode(f.data) : -1 });
        case 'I':
        case 'L': {
          const size = 'size' in f ? f.size : 0;
          let end = Math.min(job.input.length, job.inputAt + size);
          if (f.channel === 'L') {
            const nl = job.input.indexOf(0x0a, job.inputAt);
            if (nl >= 0 && nl < end) end = nl + 1;
          }
          const give = job.input.subarray(job.inputAt, end); // empty: end of input, hg's prompts give up
          job.inputAt = end;
          child.stdin.write(encodeInput(give));
          return;
        }
        default:
          if (f.channel === f.channel.toUpperCase())
            fatal(new DitError('hg-failed', `hg asked on channel '${f.channel}', which dit does not answer`));
      }
    };
    child.stdout.on('data', (c: Buffer) => {
      conn.buf = conn.buf.length ? Buffer.concat([conn.buf, c]) : c;
      const { frames, used } = parseFrames(conn.buf);
      conn.buf = conn.buf.subarray(used);
      for (const f of frames) onFrame(f);
    });
    child.stderr.on('data', (c: Buffer) => {
      conn.stderr = (conn.stderr + c.toString('utf8')).slice(-4000);
    });
    child.stdin.on('error', () => {}); // a dead hg: the close handler says so
    child.on('error', (e) => {
      if (this.conn === conn) this.conn = null;
      const err = new DitError('hg-failed', `could not run hg (${e.message}); install Mercurial and put it on PATH`);
      if (conn.job) conn.job.done({ fatal: err });
      else helloFail(err);
    });
    child.on('close', (code, signal) => {
      if (this.conn === conn) this.conn = null;
      const why = conn.stderr.trim() || (signal ? `killed by ${signal}` : `exit code ${code}`);
      if (conn.job) conn.job.done({ died: why });
      else if (!greeted) helloFail(new Died(why));
    });
    return conn; // held until its first command is answered
  }
}

/** The command's name for messages: the first argument after hg's global options and their values. */
export function commandName(args: readonly string[]): string {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (/^(--config|--cwd|-R|--repository)$/.test(a)) i++;
    else if (!a.startsWith('-')) return a;
  }
  return args[0] ?? '';
}

/** Whether hg's process and pipes keep node's event loop alive. */
function hold(child: ChildProcessWithoutNullStreams, on: boolean): void {
  for (const h of [child, child.stdin, child.stdout, child.stderr] as { ref?: () => void; unref?: () => void }[])
    on ? h.ref?.() : h.unref?.();
}
