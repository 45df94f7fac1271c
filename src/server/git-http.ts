// git over HTTP for hosted repositories: who may clone, fetch and push, checked before `git http-backend` runs.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getConfigBool } from '../git/config.js';
import { httpBackend } from '../git/http-backend.js';
import { Git } from '../git/repo.js';
import type { Auth } from './auth.js';
import type { Accounts } from './accounts.js';
import { levelFor, may } from './permissions.js';
import { findRepo } from './repos.js';

/** Limits on one git request: a push bigger than this or slower than that is cut off. */
export interface GitLimits {
  maxBytes: number;
  maxMs: number;
}
export const GIT_LIMITS: GitLimits = { maxBytes: 2 * 1024 ** 3, maxMs: 15 * 60_000 };

const SERVICES = new Set(['git-upload-pack', 'git-receive-pack']);

/** `tools/editor.git/info/refs` and friends: the repository name and what follows it, or null. */
export function gitRoute(segments: readonly string[]): { repo: string; service: string } | null {
  const i = segments.findIndex((s) => s.endsWith('.git'));
  if (i < 0) return null;
  const rest = segments.slice(i + 1).join('/');
  if (rest !== 'info/refs' && !SERVICES.has(rest)) return null;
  return {
    repo: segments
      .slice(0, i + 1)
      .join('/')
      .slice(0, -4),
    service: `/${rest}`,
  };
}

export interface GitContext {
  root: string;
  accounts: Accounts;
  auth: Auth;
  limits: GitLimits;
  realm: string;
  /** The server's address (`--url`, or where it listens), ending in `/`: the hook prints ticket links under it. */
  baseUrl?: () => string;
  /** Called before and after a push is served (the server's notifications watch the journal). */
  beforePush?: (repo: string) => Promise<void>;
  afterPush?: (repo: string) => void;
}

/** Whether readers may push proposals: `dit.acceptProposals` in the repository's config, on unless set false. */
async function acceptsProposals(dir: string): Promise<boolean> {
  const git = await Git.open(dir);
  try {
    return await getConfigBool(git, 'dit.acceptProposals', true);
  } finally {
    git.close();
  }
}

function answer(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache', ...headers });
  res.end(`${message}\n`);
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
  if (!service || !SERVICES.has(service)) {
    return answer(res, 403, "this server speaks git's smart HTTP protocol only; use git 1.6.6 or newer");
  }
  const wantMethod = route.service === '/info/refs' ? 'GET' : 'POST';
  if (req.method !== wantMethod && !(wantMethod === 'GET' && req.method === 'HEAD'))
    return answer(res, 405, `use ${wantMethod} here`, { Allow: wantMethod });

  const challenge = { 'WWW-Authenticate': `Basic realm="${ctx.realm}", charset="UTF-8"` };
  const who = await ctx.auth.who({ authorization: req.headers.authorization }, address);
  if (who.kind === 'refused') return answer(res, who.status, who.message, who.status === 401 ? challenge : {});
  const user = who.user;
  const dir = findRepo(ctx.root, route.repo);
  const level = dir ? levelFor(ctx.accounts, user, route.repo) : 'none';
  const push = service === 'git-receive-pack';
  // anonymous people are asked for credentials, whether the repository exists or not; others see 404
  if (!may(level, 'read')) {
    return user
      ? answer(res, 404, `no repository ${route.repo} here (or you may not read it)`)
      : answer(res, 401, 'sign in to read this repository', challenge);
  }
  // readers may push proposals and patchsets (refs/for/...) when the repository accepts them, as in
  // Gitblit; the pre-receive hook holds them to refs/for/ (DIT_PUSHER_ROLE=read), anonymous never push
  if (push && !may(level, 'write')) {
    if (!user) return answer(res, 401, 'sign in to push', challenge);
    if (!(await acceptsProposals(dir!)))
      return answer(
        res,
        403,
        `${user.name} may read ${route.repo} but not push to it (it takes no proposals from readers); ask an administrator for write access`,
      );
  }

  const receiving = push && req.method === 'POST';
  if (receiving) await ctx.beforePush?.(route.repo);
  const child = httpBackend({
    gitDir: dir!,
    service: route.service,
    method: req.method === 'HEAD' ? 'GET' : req.method!,
    query,
    contentType: req.headers['content-type'],
    contentEncoding: req.headers['content-encoding'] as string | undefined,
    protocol: req.headers['git-protocol'] as string | undefined,
    remoteUser: user?.name ?? null,
    remoteAddr: address,
    env: {
      DIT_REPO: route.repo,
      DIT_SERVER_ROOT: ctx.root,
      ...(ctx.baseUrl ? { DIT_BASE_URL: `${ctx.baseUrl()}${route.repo}` } : {}),
      ...(user
        ? {
            DIT_PUSHER_NAME: user.name,
            DIT_PUSHER_EMAIL: user.email,
            DIT_PUSHER_ROLE: level === 'none' ? 'read' : level,
          }
        : {}),
    },
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
