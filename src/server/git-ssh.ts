// git over SSH, whoever holds the connection (the embedded server or OpenSSH's forced command): the
// command read strictly, the same decision as HTTP (git-access.ts), then git's own service on the stream.
import type { Readable, Writable } from 'node:stream';
import { DitError, isDitError } from '../errors.js';
import { packService } from '../git/pack-service.js';
import type { Who } from './auth.js';
import { type GitDoor, type GitService, gitAccess } from './git-access.js';
import type { GitLimits } from './git-http.js';
import { isRepoName } from './names.js';

export interface SshGitDoor extends GitDoor {
  limits: GitLimits;
  /** Called before and after a push is served, as for HTTP (the server's notifications watch the journal). */
  beforePush?: (repo: string) => Promise<void>;
  afterPush?: (repo: string) => void | Promise<void>;
}

export interface SshCommand {
  service: GitService;
  repo: string;
}

/** What every refused command is told: one line. */
export const ONLY_GIT =
  'this server only serves git: git-upload-pack or git-receive-pack on a repository (no shell, no other command)';

/**
 * The command git's ssh transport sends: `git-upload-pack 'tools/editor.git'` (also `git upload-pack`,
 * a leading `/`, without `.git` or quotes). Anything else, or a name that is not a repository name, is
 * refused before a repository is looked at.
 */
export function parseSshCommand(command: string): SshCommand {
  const m = /^git[ -](upload-pack|receive-pack) +(?:'([^'\\]*)'|([^\s'"\\;&|`$]+))$/.exec(command.trim());
  if (!m) throw new DitError('forbidden', ONLY_GIT);
  const repo = (m[2] ?? m[3]!)
    .replace(/^\/+/, '')
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
  if (!isRepoName(repo))
    throw new DitError('not-found', `no repository ${repo.slice(0, 100)} here (or you may not read it)`, {
      name: repo.slice(0, 200),
    });
  return { service: `git-${m[1]}` as GitService, repo };
}

export interface GitStreams {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
}

/**
 * Serves one SSH command for an account: checks it, runs git on the streams, and returns the exit
 * status for the client. A refusal is one line on stderr, `dit: ...`, and status 1.
 */
export async function serveGitOverSsh(
  door: SshGitDoor,
  who: Who,
  command: string,
  io: GitStreams,
  protocol?: string,
): Promise<number> {
  let cmd: SshCommand;
  let granted: Awaited<ReturnType<typeof gitAccess>>;
  try {
    cmd = parseSshCommand(command);
    granted = await gitAccess(door, who, cmd.repo, cmd.service);
  } catch (err) {
    if (!isDitError(err)) throw err;
    io.stderr.write(`dit: ${err.message}\n`);
    return 1;
  }
  const { dir, push, env } = granted;
  if (push) await door.beforePush?.(cmd.repo);
  const child = packService({ service: cmd.service, gitDir: dir, protocol, env });
  let stopped: string | null = null;
  const stop = (why: string) => {
    if (stopped) return;
    stopped = why;
    child.kill('SIGKILL');
  };
  const timer = setTimeout(
    () => stop(`the request took longer than ${door.limits.maxMs / 60_000} minutes and was stopped`),
    door.limits.maxMs,
  );
  timer.unref();
  let received = 0;
  const onData = (chunk: Buffer) => {
    received += chunk.length;
    if (received > door.limits.maxBytes)
      stop(`the request is larger than ${door.limits.maxBytes} bytes and was refused; nothing was stored`);
  };
  io.stdin.on('data', onData);
  io.stdin.pipe(child.stdin);
  child.stdin.on('error', () => {});
  child.stdout.pipe(io.stdout, { end: false });
  child.stderr.pipe(io.stderr, { end: false });
  const code = await new Promise<number>((resolve) => {
    child.on('error', () => {
      io.stderr.write('dit: could not run git; is git installed on the server?\n');
      resolve(1);
    });
    child.on('close', (c) => resolve(c ?? 1));
  });
  clearTimeout(timer);
  io.stdin.off('data', onData);
  io.stdin.unpipe(child.stdin);
  if (push) await door.afterPush?.(cmd.repo);
  if (stopped) {
    io.stderr.write(`dit: ${stopped}\n`);
    return 1;
  }
  return code;
}
