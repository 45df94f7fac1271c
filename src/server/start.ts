// `dit server`: one HTTP server for every repository under the root: git traffic goes to git's
// http-backend, everything else to the web application.

import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { Accounts } from './accounts.js';
import { hostingApp } from './app.js';
import { Auth } from './auth.js';
import { GIT_LIMITS, type GitLimits, gitRoute, serveGit } from './git-http.js';
import { Hosting } from './hosting.js';
import { PUSHED_PATH, removeLocalAddress, writeLocalAddress } from './local-address.js';
import { pathSegments } from './paths.js';
import { findRepo, hookUp, listRepos } from './repos.js';
import type { SignupLimits } from './signups.js';
import { startSsh } from './ssh.js';

export interface HostingOptions {
  root: string;
  host: string;
  port: number;
  /** The address people use, for links and Secure cookies (https). */
  url?: string;
  smtp?: string;
  from?: string;
  /** Avatars from Gravatar (off: initials drawn locally, no request). */
  gravatar?: boolean;
  /** Address ranges webhooks may reach although they are inward (loopback, link-local, private). */
  webhookAllow?: readonly string[];
  /** Anyone may make an account at /-/signup (confirmed by a mailed link when `smtp` is set). */
  signup?: boolean;
  signupLimits?: SignupLimits;
  limits?: Partial<GitLimits>;
  /** Serve git over SSH on this port too (0 picks a free one; undefined: no SSH). */
  sshPort?: number;
  log?: (line: string) => void;
}

export interface RunningHost {
  url: string;
  port: number;
  hosting: Hosting;
  /** The SSH door, when --ssh-port was given: its port and host key fingerprint. */
  ssh: { port: number; fingerprint: string } | null;
  close: () => Promise<void>;
}

export async function startHosting(opts: HostingOptions): Promise<RunningHost> {
  const accounts = Accounts.open(opts.root);
  // every repository gets dit's hooks, also one copied in by hand or made by an older dit
  for (const name of await listRepos(opts.root)) {
    await hookUp(findRepo(opts.root, name)!).catch((err: Error) =>
      (opts.log ?? ((l: string) => process.stderr.write(l)))(
        `warning: could not install dit's hooks in ${name}: ${err.message}\n`,
      ),
    );
  }
  const auth = new Auth(accounts);
  const hosting = new Hosting(opts.root, accounts, auth, {
    url: opts.url ?? null,
    smtp: opts.smtp ?? null,
    from: opts.from ?? null,
    gravatar: opts.gravatar ?? false,
    webhookAllow: opts.webhookAllow ?? [],
    signup: opts.signup ?? false,
    signupLimits: opts.signupLimits,
    log: opts.log ?? ((l) => process.stderr.write(l)),
  });
  const web = getRequestListener(hostingApp(hosting).fetch);
  const limits = { ...GIT_LIMITS, ...opts.limits };
  const git = {
    root: opts.root,
    accounts,
    auth,
    limits,
    realm: 'dit',
    hosts: () => hosting.hosts(),
    baseUrl: () => hosting.baseUrl,
    beforePush: (r: string) => hosting.watch(r),
    afterPush: (r: string) => void hosting.journalMoved(r),
  };

  // pushes that come in through OpenSSH (`dit server ssh-shell`), announced like the pushes served here
  const localSecret = randomBytes(24).toString('hex');
  const pushed = (req: IncomingMessage, res: ServerResponse) => {
    const answer = (status: number) => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end();
    };
    const [phase, repo] = String(req.headers['x-dit-pushed'] ?? '').split(' ');
    const secret = Buffer.from(String(req.headers['x-dit-local-secret'] ?? ''));
    if (
      req.method !== 'POST' ||
      secret.length !== localSecret.length ||
      !timingSafeEqual(secret, Buffer.from(localSecret))
    )
      return answer(404);
    if (!repo || !findRepo(opts.root, repo)) return answer(404);
    if (phase === 'before') void hosting.watch(repo).then(() => answer(204));
    else if (phase === 'after') void hosting.journalMoved(repo).then(() => answer(204));
    else answer(400);
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const target = req.url ?? '/';
    const segments = pathSegments(target);
    if (!segments) {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('this path is not allowed: no "..", ".", encoded slashes, backslashes or control characters\n');
      return;
    }
    if (target === PUSHED_PATH) return void pushed(req, res);
    const route = gitRoute(segments);
    if (route) {
      const q = target.indexOf('?');
      serveGit(git, req, res, route, q < 0 ? '' : target.slice(q + 1)).catch((err: Error) => {
        hosting.log(`git request failed: ${err.stack ?? err.message}\n`);
        if (!res.headersSent) {
          res.writeHead(500);
          res.end('internal error\n');
        } else res.destroy();
      });
      return;
    }
    void web(req, res);
  };

  // idle connections outlive the clients' own keep-alive (undici: 4 s), so a client never reuses one the server is closing
  const server = createServer({ requestTimeout: 0, headersTimeout: 70_000, keepAliveTimeout: 65_000 }, handle);
  server.listen(opts.port, opts.host);
  const port = await new Promise<number>((resolve, reject) => {
    server.once('listening', () => resolve((server.address() as AddressInfo).port));
    server.once('error', reject);
  });
  const shown = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  const url = `http://${shown === '0.0.0.0' || shown === '[::]' ? '127.0.0.1' : shown}:${port}/`;
  hosting.listening(url, port);
  const ssh =
    opts.sshPort === undefined
      ? null
      : await startSsh({
          host: opts.host,
          port: opts.sshPort,
          root: opts.root,
          accounts,
          door: git,
          log: hosting.log.bind(hosting),
        });
  // `dit server ssh-shell` (OpenSSH's forced command) runs in its own process: it tells this one about its pushes
  writeLocalAddress(opts.root, url, hosting.baseUrl, localSecret);
  return {
    url,
    port,
    hosting,
    ssh: ssh && { port: ssh.port, fingerprint: ssh.hostKey.fingerprint },
    close: async () => {
      await ssh?.close();
      removeLocalAddress(opts.root);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await hosting.close();
    },
  };
}
