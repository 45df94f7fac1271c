// Fixtures for `dit server` tests: a root with accounts made through the real CLI, a running server on
// 127.0.0.1, and git run against it with credentials from GIT_ASKPASS or http.extraHeader.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { DIT, gitEnv, type Result, tempDir } from './helpers.js';

export interface Person {
  name: string;
  email: string;
  password: string;
}

export const PEOPLE = {
  admin: { name: 'root', email: 'root@example.com', password: 'admin-secret-1' },
  ann: { name: 'ann', email: 'ann@example.com', password: 'ann-secret-12' },
  bob: { name: 'bob', email: 'bob@example.com', password: 'bob-secret-12' },
  cy: { name: 'cy', email: 'cy@example.com', password: 'cy-secret-123' },
  dee: { name: 'dee', email: 'dee@example.com', password: 'dee-secret-12' },
} satisfies Record<string, Person>;

/** Runs `dit server ...` as a user would, optionally with standard input. */
export function server(root: string, args: string[], input?: string): Result {
  const r = spawnSync(process.execPath, [DIT, 'server', ...args, '--root', root], {
    input: input ?? '',
    encoding: 'utf8',
    env: { ...process.env, DIT_SERVER_ROOT: '' },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function serverOk(root: string, args: string[], input?: string): string {
  const r = server(root, args, input);
  if (r.code !== 0) throw new Error(`dit server ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

/** A root with an administrator (root), ann, bob, cy and dee. */
export function makeRoot(): string {
  const root = join(tempDir('dit-root-'), 'srv');
  serverOk(
    root,
    ['init', '--admin', PEOPLE.admin.name, '--email', PEOPLE.admin.email, '--password-stdin'],
    `${PEOPLE.admin.password}\n`,
  );
  for (const p of [PEOPLE.ann, PEOPLE.bob, PEOPLE.cy, PEOPLE.dee])
    serverOk(root, ['user', 'add', p.name, '--email', p.email, '--password-stdin'], `${p.password}\n`);
  return root;
}

/** An environment for git as a person: a password through GIT_ASKPASS (a script file), or a token as a header. */
export function gitAs(who: Person | null, opts: { token?: string } = {}): NodeJS.ProcessEnv {
  const home = tempDir('dit-home-');
  const env: NodeJS.ProcessEnv = {
    ...gitEnv(home, who ? { name: who.name, email: who.email } : undefined),
    GIT_TERMINAL_PROMPT: '0',
  };
  if (opts.token) {
    env.GIT_CONFIG_COUNT = '1';
    env.GIT_CONFIG_KEY_0 = 'http.extraHeader';
    env.GIT_CONFIG_VALUE_0 = `Authorization: Bearer ${opts.token}`;
  } else if (who) {
    const askpass = join(home, 'askpass.js');
    writeFileSync(
      askpass,
      '#!/usr/bin/env node\nconst q = process.argv[2] || "";\nprocess.stdout.write((/^Username/i.test(q) ' +
        '? process.env.ASK_USER : process.env.ASK_PASS) + "\\n");\n',
    );
    chmodSync(askpass, 0o755);
    env.GIT_ASKPASS = askpass;
    env.ASK_USER = who.name;
    env.ASK_PASS = who.password;
  } else {
    env.GIT_ASKPASS = '/bin/false';
  }
  return env;
}

/**
 * The longest one git command against a test server may take. These calls are synchronous: a git that
 * never ends (a transport waiting on a server that never closes) would hold the whole test file, where
 * no test timeout can reach it; killed, it fails the test with what git said.
 */
export const GIT_TIMEOUT_MS = 120_000;

export function git(env: NodeJS.ProcessEnv, cwd: string, ...args: string[]): Result {
  const r = spawnSync('git', args, { cwd, env, encoding: 'utf8', timeout: GIT_TIMEOUT_MS, killSignal: 'SIGKILL' });
  const late = r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT';
  return {
    code: r.status ?? -1,
    stdout: r.stdout,
    stderr: `${r.stderr}${late ? `\n(git ${args[0]} killed after ${GIT_TIMEOUT_MS / 1000} s)` : ''}`,
  };
}

export function gitOk(env: NodeJS.ProcessEnv, cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    env,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
    timeout: GIT_TIMEOUT_MS,
    killSignal: 'SIGKILL',
  });
}

export interface RunningServer {
  url: string;
  port: number;
  stop: () => Promise<void>;
  stderr: () => string;
  stdout: () => string;
}

/** A clone of a hosted repository as one person: `dit` and `git` run in it with that person's credentials. */
export interface HostedClone {
  env: NodeJS.ProcessEnv;
  dir: string;
  /** `dit ARGS` in the clone; throws with its stderr unless it exits 0. */
  dit: (...args: string[]) => string;
  /** `dit ARGS` in the clone with another environment (e.g. `GIT_AUTHOR_*` of someone else), never throwing. */
  run: (env: NodeJS.ProcessEnv, ...args: string[]) => Result;
  git: (...args: string[]) => string;
  /** `git push ARGS`, never throwing, so a test can read a refusal. */
  push: (...args: string[]) => Result;
}

export function hostedClone(srv: RunningServer, p: Person, repo: string): HostedClone {
  const env = gitAs(p);
  const dir = join(tempDir(), 'c');
  gitOk(env, '/', 'clone', '-q', `${srv.url}${repo}.git`, dir);
  gitOk(env, dir, 'config', 'commit.gpgsign', 'false');
  const run = (e: NodeJS.ProcessEnv, ...args: string[]): Result => {
    const r = spawnSync(process.execPath, [DIT, ...args], { cwd: dir, env: e, encoding: 'utf8', maxBuffer: 1 << 28 });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };
  const dit = (...args: string[]) => {
    const r = run(env, ...args);
    if (r.code !== 0) throw new Error(`dit ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  return {
    env,
    dir,
    dit,
    run,
    git: (...a: string[]) => gitOk(env, dir, ...a),
    push: (...a: string[]) => git(env, dir, 'push', ...a),
  };
}

/** `dit server --root ROOT --port 0` as its own process (tests run git synchronously), until stopped. */
export function startServerProcess(
  root: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<RunningServer> {
  const child = spawn(process.execPath, [DIT, 'server', '--root', root, '--port', '0', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (c: string) => {
    err += c;
  });
  return new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      out += c;
      const m = /at (http:\/\/127\.0\.0\.1:(\d+)\/)/.exec(out);
      if (m)
        resolve({
          url: m[1]!,
          port: Number(m[2]),
          stderr: () => err,
          stdout: () => out,
          // the server exits by itself 10 s after SIGTERM at the latest; SIGKILL bounds even that
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              const late = setTimeout(() => child.kill('SIGKILL'), 15_000);
              child.once('close', () => {
                clearTimeout(late);
                done();
              });
              child.kill('SIGTERM');
            }),
        });
    });
    child.once('close', (code) => reject(new Error(`dit server exited ${code}: ${err}`)));
  });
}

/** A repository a test file hosts: public or not, its description, and who is granted what. */
export interface HostedRepo {
  public?: boolean;
  description?: string;
  grants?: Partial<Record<'ann' | 'bob' | 'cy' | 'dee', 'read' | 'write' | 'admin'>>;
}

/**
 * The usual start of a server test file: a root with the PEOPLE, these repositories and grants (made
 * through the real CLI), and `dit server` running on it. The caller stops it (`srv.stop()`) in `after`.
 */
export async function startHosted(
  repos: Record<string, HostedRepo>,
  args: string[] = [],
): Promise<{ root: string; srv: RunningServer }> {
  const root = makeRoot();
  for (const [name, r] of Object.entries(repos)) {
    serverOk(root, [
      'repo',
      'create',
      name,
      ...(r.public ? ['--public'] : []),
      ...(r.description ? ['--description', r.description] : []),
    ]);
    for (const [who, level] of Object.entries(r.grants ?? {})) serverOk(root, ['grant', who, name, level]);
  }
  return { root, srv: await startServerProcess(root, args) };
}

/** A webhook receiver on 127.0.0.1: every delivery's JSON, with its `x-dit-event` as `event`. */
export async function webhookReceiver(): Promise<{ server: Server; port: number; payloads: Record<string, any>[] }> {
  const payloads: Record<string, any>[] = [];
  const server = createHttpServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => {
      payloads.push({ event: req.headers['x-dit-event'], ...JSON.parse(body) });
      res.end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, port: (server.address() as AddressInfo).port, payloads };
}

/** A mail as a test SMTP server received it: its envelope's recipients and the raw message. */
export interface ReceivedMail {
  to: string[];
  raw: string;
}

/** A real SMTP server on 127.0.0.1 (no TLS, no auth) keeping every mail it receives, in order. */
export async function mailReceiver(): Promise<{ port: number; mails: ReceivedMail[]; close: () => Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, done) {
      let raw = '';
      stream
        .setEncoding('utf8')
        .on('data', (c: string) => {
          raw += c;
        })
        .on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
          done();
        });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
  const port = (smtp.server.address() as AddressInfo).port;
  return { port, mails, close: () => new Promise<void>((r) => smtp.close(() => r())) };
}
