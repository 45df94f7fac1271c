// Bench: `dit server` (issue 11) next to `dit serve` on the same repository: list, ticket, search and
// comment over a real port with a token; `git clone` through the server and through a plain
// `git http-backend`; and a bounded load loop of concurrent clients posting comments and pushing.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpBackend } from '../src/git/http-backend.js';
import { Accounts } from '../src/server/accounts.js';
import { addKey } from '../src/server/keys.js';
import { createRepo } from '../src/server/repos.js';
import { startHosting } from '../src/server/start.js';

export interface ServerTimes {
  name: string;
  target: number | null;
  samples: number[];
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => {
      err += c;
    });
    child.on('close', (code) =>
      code === 0 ? resolve(performance.now() - t0) : reject(new Error(`${cmd} ${args.join(' ')}: ${err}`)),
    );
  });
}

async function time(fn: () => Promise<Response>): Promise<number> {
  const t0 = performance.now();
  const res = await fn();
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`bench request failed: ${res.status}`);
  return performance.now() - t0;
}

/** A plain `git http-backend` behind node's http server, no accounts: the clone baseline. */
async function plainBackend(gitDir: string): Promise<{ url: string; close: () => void }> {
  const server = createServer((req, res) => {
    const [path, query = ''] = (req.url ?? '/').split('?') as [string, string?];
    const child = httpBackend({
      gitDir,
      service: path.replace(/^\/repo\.git/, ''),
      method: req.method!,
      query,
      contentType: req.headers['content-type'],
      contentEncoding: req.headers['content-encoding'] as string | undefined,
      protocol: req.headers['git-protocol'] as string | undefined,
      remoteUser: null,
      remoteAddr: '127.0.0.1',
      env: {},
    });
    req.pipe(child.stdin);
    let head = Buffer.alloc(0);
    let body = false;
    child.stdout.on('data', (c: Buffer) => {
      if (body) return void res.write(c);
      head = Buffer.concat([head, c]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      const headers: Record<string, string> = {};
      let status = 200;
      for (const line of head.subarray(0, end).toString().split('\r\n')) {
        const i = line.indexOf(':');
        if (/^status$/i.test(line.slice(0, i))) status = Number.parseInt(line.slice(i + 1), 10);
        else headers[line.slice(0, i)] = line.slice(i + 1).trim();
      }
      res.writeHead(status, headers);
      body = true;
      res.write(head.subarray(end + 4));
    });
    child.on('close', () => res.end());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/repo.git`, close: () => server.close() };
}

export async function serverBench(
  repoDir: string,
  ticket: string,
  runs: number,
  loadSeconds: number,
  clients: number,
): Promise<ServerTimes[]> {
  const root = mkdtempSync(join(tmpdir(), 'dit-bench-server-'));
  const accounts = Accounts.open(root, true);
  await accounts.addUser('bench', 'bench-password', { admin: true, email: 'bench@example.com' });
  const token = accounts.addToken('bench', 'bench').token;
  // an SSH key for the account: the same repository cloned and pushed over SSH and over HTTP, paired
  const keyFile = join(root, 'bench_ed25519');
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', keyFile]);
  await addKey(accounts, 'bench', readFileSync(`${keyFile}.pub`, 'utf8'));
  const info = await createRepo(accounts, root, 'bench/repo', { from: repoDir });
  accounts.close();
  const host = await startHosting({ root, host: '127.0.0.1', port: 0, sshPort: 0, log: () => {} });
  const sshUrl = (name: string) => `ssh://git@127.0.0.1:${host.ssh!.port}/${name}.git`;
  const plain = await plainBackend(info.path);
  const out: ServerTimes[] = [];
  try {
    const base = `${host.url}bench/repo/`;
    const auth = { authorization: `Bearer ${token}` };
    const get = (path: string) => () => fetch(base + path, { headers: auth });
    const post = (path: string, body: unknown) =>
      fetch(base + path, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const measure = async (name: string, target: number | null, fn: () => Promise<Response>) => {
      for (let i = 0; i < 3; i++) await time(fn);
      const samples: number[] = [];
      for (let i = 0; i < runs; i++) samples.push(await time(fn));
      out.push({ name, target, samples });
    };
    await measure('server: list page (GET /repo/)', 10, get(''));
    await measure('server: ticket page', 4, get(`tickets/${ticket}`));
    await measure('server: search page (?q=crash label:ui)', 10, get(`?q=${encodeURIComponent('crash label:ui')}`));
    let n = 0;
    await measure('server: list page, rendered afresh (a forced reload)', null, () =>
      fetch(base, { headers: { ...auth, 'cache-control': 'no-cache' } }),
    );
    await measure('server: post a comment (API, shared journal)', 15, () =>
      post(`api/tickets/${ticket}/comments`, { body: `bench ${n++}` }),
    );

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      GIT_TERMINAL_PROMPT: '0',
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: 'http.extraHeader',
      GIT_CONFIG_VALUE_0: `Authorization: Bearer ${token}`,
    };
    env.GIT_SSH_COMMAND = `ssh -F /dev/null -i ${keyFile} -o IdentitiesOnly=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR`;
    const clones = Math.max(3, Math.min(runs, 5));
    const viaServer: number[] = [];
    const viaPlain: number[] = [];
    const viaSsh: number[] = [];
    const pushHttp: number[] = [];
    const pushSsh: number[] = [];
    const journalHttp: number[] = [];
    const journalSsh: number[] = [];
    const fetchHttp: number[] = [];
    const fetchSsh: number[] = [];
    const httpUrl = `${host.url}bench/repo.git`;
    /** Runs the HTTP and the SSH step of a pair, each first every other time, so both see the same machine. */
    const paired = async (i: number, http: () => Promise<unknown>, ssh: () => Promise<unknown>) => {
      if (i % 2) await ssh().then(http);
      else await http().then(ssh);
    };
    for (let i = 0; i < clones; i++) {
      // interleaved, so all see the same machine
      const d1 = mkdtempSync(join(tmpdir(), 'dit-bench-clone-'));
      const d2 = mkdtempSync(join(tmpdir(), 'dit-bench-clone-'));
      const d3 = mkdtempSync(join(tmpdir(), 'dit-bench-clone-'));
      viaPlain.push(await run('git', ['clone', '-q', '--bare', plain.url, d2], env));
      await paired(
        i,
        async () => viaServer.push(await run('git', ['clone', '-q', '--bare', httpUrl, d1], env)),
        async () => viaSsh.push(await run('git', ['clone', '-q', '--bare', sshUrl('bench/repo'), d3], env)),
      );
      // fetch: the journal the first time (what a first `dit sync` gets), then what one comment adds;
      // d2 (cloned from the plain backend) fetches over HTTP, d3 over SSH
      const fetchAll = (dir: string, url: string) =>
        run('git', ['-C', dir, 'fetch', '-q', url, '+refs/heads/*:refs/heads/*', '+refs/dit/*:refs/dit/*'], env);
      await paired(
        i,
        async () => journalHttp.push(await fetchAll(d2, httpUrl)),
        async () => journalSsh.push(await fetchAll(d3, sshUrl('bench/repo'))),
      );
      await (await post(`api/tickets/${ticket}/comments`, { body: `fetch ${i}` })).arrayBuffer();
      await paired(
        i,
        async () => fetchHttp.push(await fetchAll(d2, httpUrl)),
        async () => fetchSsh.push(await fetchAll(d3, sshUrl('bench/repo'))),
      );
      // the whole repository (branches, tags, the journal) pushed into an empty one, by each door
      // the bench's tickets are by people with no account here: the push rule is off for these targets,
      // as for any repository migrated in with history by strangers (`dit.verify false`)
      for (const door of ['http', 'ssh']) {
        const target = await host.hosting.createRepo(`bench/push-${door}-${i}`, {});
        await run('git', ['--git-dir', target.path, 'config', 'dit.verify', 'false']);
      }
      const all = ['refs/heads/*:refs/heads/*', 'refs/tags/*:refs/tags/*', 'refs/dit/*:refs/dit/*'];
      await paired(
        i,
        async () =>
          pushHttp.push(await run('git', ['-C', d1, 'push', '-q', `${host.url}bench/push-http-${i}.git`, ...all], env)),
        async () =>
          pushSsh.push(await run('git', ['-C', d1, 'push', '-q', sshUrl(`bench/push-ssh-${i}`), ...all], env)),
      );
      for (const d of [d1, d2, d3]) rmSync(d, { recursive: true, force: true });
    }
    out.push({ name: 'server: git clone --bare through dit server', target: null, samples: viaServer });
    out.push({ name: 'server: git clone --bare through plain git http-backend', target: null, samples: viaPlain });
    out.push({ name: 'server: git clone --bare over SSH (--ssh-port)', target: null, samples: viaSsh });
    out.push({ name: 'server: push the whole repository over HTTP', target: null, samples: pushHttp });
    out.push({ name: 'server: push the whole repository over SSH', target: null, samples: pushSsh });
    out.push({ name: 'server: fetch the journal (a first sync) over HTTP', target: null, samples: journalHttp });
    out.push({ name: 'server: fetch the journal (a first sync) over SSH', target: null, samples: journalSsh });
    out.push({ name: 'server: fetch after one comment over HTTP', target: null, samples: fetchHttp });
    out.push({ name: 'server: fetch after one comment over SSH', target: null, samples: fetchSsh });
    // SSH against HTTP, each pair from one iteration: the median of the ratios, not a ratio of medians
    const ratio = (name: string, ssh: number[], http: number[]) =>
      out.push({
        name: `server: SSH/HTTP ${name} (x100, median of paired ratios)`,
        target: null,
        samples: ssh.map((x, i) => (100 * x) / http[i]!),
      });
    ratio('clone', viaSsh, viaServer);
    ratio('push', pushSsh, pushHttp);
    ratio('journal fetch', journalSsh, journalHttp);
    ratio('fetch after a comment', fetchSsh, fetchHttp);

    // load: clients posting comments (and every fifth pushing a branch) for a bounded time (none with --load-seconds 0)
    if (loadSeconds <= 0) return out;
    const work = mkdtempSync(join(tmpdir(), 'dit-bench-push-'));
    await run('git', ['clone', '-q', '--no-checkout', `${host.url}bench/repo.git`, work], env);
    const latencies: number[] = [];
    const posted: string[] = [];
    let failures = 0;
    const until = Date.now() + loadSeconds * 1000;
    await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        let i = 0;
        while (Date.now() < until) {
          const t0 = performance.now();
          try {
            if (c % 5 === 0) {
              await run('git', ['-C', work, 'push', '-q', 'origin', `HEAD:refs/heads/load-${c}-${i}`], env);
            } else {
              const body = `load ${c}-${i}`;
              const res = await post(`api/tickets/${ticket}/comments`, { body });
              await res.arrayBuffer();
              if (res.ok) posted.push(body);
              else failures++;
            }
          } catch {
            failures++;
          }
          latencies.push(performance.now() - t0);
          i++;
        }
      }),
    );
    rmSync(work, { recursive: true, force: true });
    const after = (await (await fetch(`${base}api/tickets/${ticket}`, { headers: auth })).json()) as {
      ticket: { comments: { body: string }[] };
    };
    const kept = new Set(after.ticket.comments.map((k) => k.body));
    const lost = posted.filter((b) => !kept.has(b)).length;
    latencies.sort((a, b) => a - b);
    const p99 = latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))] ?? 0;
    out.push({
      name: `server: load, ${clients} clients for ${loadSeconds} s, p99 (${latencies.length} requests, ${failures} failed, ${lost} comments lost)`,
      target: null,
      samples: [p99],
    });
    if (lost) throw new Error(`the load loop lost ${lost} of ${posted.length} comments`);
  } finally {
    plain.close();
    await host.close();
    rmSync(root, { recursive: true, force: true });
  }
  return out;
}
