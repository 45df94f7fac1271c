// git's smart HTTP protocol through `git http-backend` (CGI): the server says who pushes and where,
// git does the protocol (v0/v2, gzip bodies, packs).
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { dirname } from 'node:path';

export interface BackendRequest {
  /** The bare repository folder. */
  gitDir: string;
  /** What follows the repository in the URL: `/info/refs`, `/git-upload-pack`, `/git-receive-pack`. */
  service: string;
  method: string;
  query: string;
  contentType: string | undefined;
  contentEncoding: string | undefined;
  /** The Git-Protocol header (`version=2`), passed on when well-formed. */
  protocol: string | undefined;
  /** The account pushing or fetching (REMOTE_USER); required by http-backend for pushes. */
  remoteUser: string | null;
  remoteAddr: string;
  /** More environment for git and its hooks (DIT_PUSHER_*). */
  env: Record<string, string>;
}

const TRACE = !!process.env.DIT_TRACE_GIT;

/** Starts `git http-backend` for one request; the caller pipes the body in and parses the CGI answer. */
export function httpBackend(req: BackendRequest): ChildProcessWithoutNullStreams {
  if (TRACE) process.stderr.write(`dit: git http-backend ${req.method} ${req.gitDir}${req.service}\n`);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/',
    ...(process.env.LANG ? { LANG: process.env.LANG } : {}),
    GIT_PROJECT_ROOT: dirname(req.gitDir),
    PATH_INFO: `/${req.gitDir.slice(dirname(req.gitDir).length + 1)}${req.service}`,
    GIT_HTTP_EXPORT_ALL: '1',
    GIT_CONFIG_NOSYSTEM: '1',
    REQUEST_METHOD: req.method,
    QUERY_STRING: req.query,
    REMOTE_ADDR: req.remoteAddr,
    GATEWAY_INTERFACE: 'CGI/1.1',
    SERVER_PROTOCOL: 'HTTP/1.1',
    ...req.env,
  };
  if (req.contentType) env.CONTENT_TYPE = req.contentType;
  if (req.contentEncoding) env.HTTP_CONTENT_ENCODING = req.contentEncoding;
  if (req.protocol && /^[A-Za-z0-9=:._-]{1,100}$/.test(req.protocol)) env.GIT_PROTOCOL = req.protocol;
  if (req.remoteUser) env.REMOTE_USER = req.remoteUser;
  return spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
}
