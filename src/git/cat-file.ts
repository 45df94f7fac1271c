// One long-lived `git cat-file --batch-command --buffer` per repository; requests are pipelined.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { DitError } from '../errors.js';

export interface GitObject {
  oid: string;
  type: string;
  data: Buffer;
}
export interface ObjectInfo {
  oid: string;
  type: string;
  size: number;
}

interface Pending {
  want: 'contents' | 'info';
  resolve: (v: GitObject | ObjectInfo | null) => void;
  reject: (e: Error) => void;
}

export class CatFile {
  private child: ChildProcessWithoutNullStreams | null = null;
  // requests in flight, oldest at `head`; an index instead of shift(), which is O(n) on long arrays
  private queue: Pending[] = [];
  private head = 0;
  private outbox: string[] = [];
  private flushScheduled = false;
  // parser state: collected chunks and, once a header is read, the body we are waiting for
  private chunks: Buffer[] = [];
  private buffered = 0;
  private body: { header: ObjectInfo; pending: Pending } | null = null;

  constructor(
    private readonly cwd: string,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  contents(name: string): Promise<GitObject | null> {
    return this.request('contents', name) as Promise<GitObject | null>;
  }

  info(name: string): Promise<ObjectInfo | null> {
    return this.request('info', name) as Promise<ObjectInfo | null>;
  }

  close(): void {
    this.child?.stdin.end();
    this.child = null;
  }

  private start(): ChildProcessWithoutNullStreams {
    if (process.env.DIT_TRACE_GIT) process.stderr.write('dit: git cat-file --batch-command --buffer\n');
    const child = spawn('git', ['cat-file', '--batch-command', '--buffer'], {
      cwd: this.cwd,
      env: this.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (c: Buffer) => this.onData(c));
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    child.stdin.on('error', () => {});
    child.on('close', () => {
      if (this.child === child) this.child = null;
      const err = new DitError('git-failed', `git cat-file stopped: ${stderr.trim() || 'no reason given'}`);
      for (const p of this.queue.slice(this.head)) p.reject(err);
      this.queue = [];
      this.head = 0;
      this.chunks = [];
      this.buffered = 0;
      this.body = null;
    });
    return child;
  }

  private request(want: 'contents' | 'info', name: string): Promise<GitObject | ObjectInfo | null> {
    if (/[\n\r]/.test(name)) return Promise.reject(new DitError('bad-input', 'object names cannot contain newlines'));
    return new Promise((resolve, reject) => {
      this.queue.push({ want, resolve, reject });
      this.outbox.push(`${want} ${name}\n`);
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    this.child ??= this.start();
    const text = `${this.outbox.join('')}flush\n`;
    this.outbox = [];
    this.child.stdin.write(text);
  }

  private onData(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      if (this.body) {
        const need = this.body.header.size + 1; // content and its trailing newline
        if (this.buffered < need) return;
        const data = this.take(need).subarray(0, need - 1);
        const { header, pending } = this.body;
        this.body = null;
        pending.resolve({ oid: header.oid, type: header.type, data });
        continue;
      }
      const line = this.takeLine();
      if (line === null) return;
      const pending = this.queue[this.head];
      if (!pending) return;
      this.queue[this.head++] = undefined as unknown as Pending;
      if (this.head === this.queue.length) {
        this.queue = [];
        this.head = 0;
      }
      const parts = line.split(' ');
      if (parts.length !== 3) {
        pending.resolve(null);
        continue;
      } // "<name> missing" / "ambiguous"
      const header = { oid: parts[0]!, type: parts[1]!, size: Number(parts[2]) };
      if (pending.want === 'info') pending.resolve(header);
      else this.body = { header, pending };
    }
  }

  private takeLine(): string | null {
    const first = this.chunks[0];
    if (!first) return null;
    let nl = first.indexOf(0x0a);
    if (nl < 0) {
      if (this.chunks.length === 1) return null;
      this.chunks = [Buffer.concat(this.chunks)];
      nl = this.chunks[0]!.indexOf(0x0a);
      if (nl < 0) return null;
    }
    return this.take(nl + 1).toString('utf8', 0, nl);
  }

  private take(n: number): Buffer {
    let first = this.chunks[0]!;
    if (first.length < n) {
      first = Buffer.concat(this.chunks);
      this.chunks = [first];
    }
    const out = first.subarray(0, n);
    if (first.length === n) this.chunks.shift();
    else this.chunks[0] = first.subarray(n);
    this.buffered -= n;
    return out;
  }
}
