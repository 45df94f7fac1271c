// git over HTTP for hosted repositories: the Host, who is asking and what they may do (git-access.ts),
// checked before `git http-backend` runs, which is bounded in bytes and time.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DitError, isDitError, statusOf } from '../errors.js';
import { httpBackend } from '../git/http-backend.js';
import { checkHost } from '../web/security.js';
import type { Auth } from './auth.js';
import { type GitDoor, type GitGranted, gitAccess, isGitService } from './git-access.js';
import { HOST_HINT } from './hosting.js';

/** Limits on one git request: a push bigger than this or slower than that is cut off. */
export interface GitLimits {
  maxBytes: number;
  maxMs: number;
}
export const GIT_LIMITS: GitLimits = { maxBytes: 2 * 1024 ** 3, maxMs: 15 * 60_000 };

/** `tools/editor.git/info/refs` and friends: the repository name and what follows it, or null. */
export function gitRoute(segments: readonly string[]): { repo: string; service: string } | null {
  const i = segments.findIndex((s) => s.endsWith('.git'));
  if (i < 0) return null;
  const rest = segments.slice(i + 1).join('/');
  if (rest !== 'info/refs' && !isGitService(rest)) return null;
  return {
    repo: segments
      .slice(0, i + 1)
      .join('/')
      .slice(0, -4),
    service: `/${rest}`,
  };
}

export interface GitContext extends GitDoor {
  auth: Auth;
  limits: GitLimits;
  realm: string;
  /** The Host values the server answers to (null: any), checked here as on every page. */
  hosts: () => Set<string> | null;
  /** Called before and after a push is served (the server's notifications watch the journal). */
  beforePush?: (repo: string) => Promise<void>;
  afterPush?: (repo: string) => void;
}

function answer(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache', ...headers });
  res.end(`${message}\n`);
}

/** A refusal as git shows it: the status of its code, the message on a line, a challenge when signing in helps. */
function refuse(ctx: GitContext, res: ServerResponse, err: unknown): void {
  if (!isDitError(err)) throw err;
  const headers: Record<string, string> = {};
  if (err.code === 'bad-credentials') headers['WWW-Authenticate'] = `Basic realm="${ctx.realm}", charset="UTF-8"`;
  if (isDitError(err, 'too-many')) headers['Retry-After'] = String(err.data.retryAfter);
  answer(res, statusOf(err.code), err.message, headers);
}

export async function serveGit(
  ctx: GitContext,
  req: IncomingMessage,
  res: ServerResponse,
  route: { repo: string; service: string },
  query: string,
): Promise<void> {
  const address = req.socket.remoteAddress ?? '';
  const params = new URLSearchParams(query);
  const service = route.service === '/info/refs' ? params.get('service') : route.service.slice(1);
  if (!isGitService(service)) {
    return answer(res, 403, "this server speaks git's smart HTTP protocol only; use git 1.6.6 or newer");
  }
  const wantMethod = route.service === '/info/refs' ? 'GET' : 'POST';
  if (req.method !== wantMethod && !(wantMethod === 'GET' && req.method === 'HEAD'))
    return answer(res, 405, `use ${wantMethod} here`, { Allow: wantMethod });

  let granted: GitGranted;
  try {
    checkHost(ctx.hosts(), req.headers.host, HOST_HINT);
    const who = await ctx.auth.who({ authorization: req.headers.authorization }, address);
    if (who.kind === 'refused')
      throw who.status === 429
        ? new DitError('too-many', who.message, { retryAfter: who.retryAfter ?? 60 })
        : new DitError('bad-credentials', who.message);
    granted = await gitAccess(ctx, who, route.repo, service);
  } catch (err) {
    return refuse(ctx, res, err);
  }
  const { dir, push } = granted;
  const receiving = push && req.method === 'POST';
  if (receiving) await ctx.beforePush?.(route.repo);
  const trust = receiving ? await granted.forPush?.() : undefined;
  const env = { ...granted.env, ...trust?.env };
  const child = httpBackend({
    gitDir: dir,
    service: route.service,
    method: req.method === 'HEAD' ? 'GET' : req.method!,
    query,
    contentType: req.headers['content-type'],
    contentEncoding: req.headers['content-encoding'] as string | undefined,
    protocol: req.headers['git-protocol'] as string | undefined,
    remoteUser: env.DIT_PUSHER_NAME ?? null,
    remoteAddr: address,
    env,
  });
  let finished = false;
  const stop = (status: number, message: string) => {
    if (finished) return;
    finished = true;
    child.kill('SIGKILL');
    if (!res.headersSent) answer(res, status, message);
    else res.destroy();
  };
  const timer = setTimeout(
    () => stop(408, `the request took longer than ${ctx.limits.maxMs / 60_000} minutes and was stopped`),
    ctx.limits.maxMs,
  );
  timer.unref();
  let received = 0;
  req.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received > ctx.limits.maxBytes) {
      req.pause();
      stop(413, `the request is larger than ${ctx.limits.maxBytes} bytes and was refused; nothing was stored`);
    }
  });
  req.pipe(child.stdin);
  child.stdin.on('error', () => {});
  res.on('close', () => {
    if (!res.writableFinished) stop(499, 'client went away');
  });
  const err: Buffer[] = [];
  child.stderr.on('data', (c: Buffer) => {
    if (err.length < 64) err.push(c);
  });

  // the CGI answer: header lines, a blank line, then the body streamed as it comes
  let head = Buffer.alloc(0);
  let inBody = false;
  child.stdout.on('data', (chunk: Buffer) => {
    if (finished) return;
    if (inBody) {
      if (!res.write(chunk)) {
        child.stdout.pause();
        res.once('drain', () => child.stdout.resume());
      }
      return;
    }
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf('\r\n\r\n') >= 0 ? head.indexOf('\r\n\r\n') : head.indexOf('\n\n');
    if (end < 0) {
      if (head.length > 64 * 1024) stop(502, 'git http-backend sent no headers');
      return;
    }
    const sep = head[end] === 13 ? 4 : 2;
    const lines = head.subarray(0, end).toString('latin1').split(/\r?\n/);
    let status = 200;
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      if (colon < 0) continue;
      const k = line.slice(0, colon).trim();
      const v = line.slice(colon + 1).trim();
      if (/^status$/i.test(k)) status = Number.parseInt(v, 10) || 500;
      else headers[k] = v;
    }
    res.writeHead(status, headers);
    inBody = true;
    const rest = head.subarray(end + sep);
    if (rest.length) res.write(rest);
  });
  child.on('close', (code) => {
    trust?.done();
    clearTimeout(timer);
    if (receiving) ctx.afterPush?.(route.repo);
    if (finished) return;
    finished = true;
    if (!res.headersSent) {
      const detail = Buffer.concat(err).toString('utf8').trim();
      answer(res, 500, `git http-backend failed (exit ${code})${detail ? `: ${detail}` : ''}`);
    } else res.end();
  });
  child.on('error', () => stop(500, 'could not run git http-backend; is git installed?'));
}
