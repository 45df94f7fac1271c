// git's own protocol over a byte stream (SSH): `git upload-pack DIR` or `git receive-pack DIR` with
// the server's environment; the SSH door pipes the channel through it.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';

export interface PackServiceRequest {
  service: 'git-upload-pack' | 'git-receive-pack';
  /** The bare repository folder. */
  gitDir: string;
  /** GIT_PROTOCOL as the client sent it (`version=2`), passed on when well-formed. */
  protocol: string | undefined;
  /** More environment for git and its hooks (DIT_PUSHER_*). */
  env: Record<string, string>;
}

const TRACE = !!process.env.DIT_TRACE_GIT;

/** Whether a GIT_PROTOCOL value is one git itself could have sent (`version=2`, `version=2:object-format=sha1`). */
export const isGitProtocol = (v: string): boolean => /^[A-Za-z0-9=:._-]{1,100}$/.test(v);

/** Starts the service on a repository; the caller pipes the client's bytes in and the answer out. */
export function packService(req: PackServiceRequest): ChildProcessWithoutNullStreams {
  if (TRACE) process.stderr.write(`dit: ${req.service} ${req.gitDir}\n`);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/',
    ...(process.env.LANG ? { LANG: process.env.LANG } : {}),
    GIT_CONFIG_NOSYSTEM: '1',
    ...req.env,
  };
  if (req.protocol && isGitProtocol(req.protocol)) env.GIT_PROTOCOL = req.protocol;
  // `git upload-pack` rather than the dashed program: the same git the rest of dit runs, found on PATH
  return spawn('git', [req.service.slice(4), req.gitDir], { env, stdio: ['pipe', 'pipe', 'pipe'] });
}
