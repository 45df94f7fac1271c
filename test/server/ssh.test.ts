// git over SSH with real OpenSSH clients: against `dit server --ssh-port` and against a real sshd (started
// here on 127.0.0.1 with its own config) that asks `dit server authorized-keys`; clone, fetch, push and
// proposals as over HTTP (hooks, webhooks), and the refusals: unknown key, a reader pushing, a shell
// command, port forwarding.

import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server as HttpServer } from 'node:http';
import { type AddressInfo, connect, createServer, type Server } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DIT, type Repo, repoAt, tempDir } from '../support/helpers.js';
import {
  git,
  gitAs,
  gitOk,
  PEOPLE,
  type Person,
  type RunningServer,
  serverOk,
  startHosted,
  webhookReceiver,
} from '../support/server-helpers.js';

const CI = process.env.CI === 'true';
const have = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const SSHD = '/usr/sbin/sshd';
const missing = !have('ssh') || !have('ssh-keygen') ? 'openssh-client' : !existsSync(SSHD) ? 'openssh-server' : null;
if (missing && CI) throw new Error(`${missing} is required in CI (.ci/run installs it)`);

let root: string;
let srv: RunningServer;
let sshPort: number;
let receiver: HttpServer;
let payloads: Record<string, any>[] = [];
const keys: Record<string, string> = {};
let work: string;

/** A fresh ed25519 key pair made by ssh-keygen; returns the private key's path. */
function newKey(name: string): string {
  const file = join(work, `${name}_ed25519`);
  const r = spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `${name}@test`, '-f', file]);
  assert.equal(r.status, 0, String(r.stderr));
  return file;
}

/** known_hosts holding the host key the server printed, so the client checks it strictly. */
function knownHosts(port: number, pubFile: string): string {
  const file = join(work, `known_hosts_${port}`);
  const [type, b64] = readFileSync(pubFile, 'utf8').trim().split(/\s+/);
  writeFileSync(file, `[127.0.0.1]:${port} ${type} ${b64}\n`);
  return file;
}

function sshArgs(key: string, known: string, logLevel = 'ERROR'): string[] {
  return [
    '-F',
    '/dev/null',
    '-i',
    key,
    '-o',
    'IdentitiesOnly=yes',
    '-o',
    'IdentityAgent=none',
    '-o',
    'BatchMode=yes',
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    `UserKnownHostsFile=${known}`,
    '-o',
    `LogLevel=${logLevel}`,
  ];
}

/** git as a person whose ssh uses that key only. */
function gitSsh(who: Person, key: string, known: string): NodeJS.ProcessEnv {
  return { ...gitAs(who), GIT_SSH_COMMAND: ['ssh', ...sshArgs(key, known)].join(' ') };
}

function ssh(key: string, known: string, port: number, ...rest: string[]) {
  const r = spawnSync('ssh', [...sshArgs(key, known), '-p', String(port), ...rest], {
    encoding: 'utf8',
    timeout: 60_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function cloneOver(url: string, env: NodeJS.ProcessEnv): Repo {
  const dir = tempDir();
  gitOk(env, dir, 'clone', '-q', url, 'work');
  return repoAt(join(dir, 'work'), env);
}

async function webhook(event: string, count: number): Promise<Record<string, any>> {
  for (let t = Date.now(); Date.now() - t < 20_000; await new Promise((r) => setTimeout(r, 50))) {
    const seen = payloads.filter((p) => p.event === event);
    if (seen.length > count) return seen[count]!;
  }
  return assert.fail(`no ${event} webhook arrived`);
}

/** -L through the server: a connection to the local end must never reach the target. */
async function forwardRefused(
  key: string,
  known: string,
  port: number,
  user = 'git',
): Promise<{ reached: boolean; stderr: string }> {
  let reached = false;
  const target: Server = createServer((s) => {
    reached = true;
    s.end();
  });
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', () => r()));
  const free: Server = createServer();
  await new Promise<void>((r) => free.listen(0, '127.0.0.1', () => r()));
  const local = (free.address() as AddressInfo).port;
  await new Promise<void>((r) => free.close(() => r()));
  const child: ChildProcess = spawn(
    'ssh',
    [
      // INFO: the client says so when the server refuses a forwarded channel
      ...sshArgs(key, known, 'INFO'),
      '-p',
      String(port),
      '-N',
      '-L',
      `127.0.0.1:${local}:127.0.0.1:${(target.address() as AddressInfo).port}`,
      `${user}@127.0.0.1`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (c: string) => {
    stderr += c;
  });
  try {
    for (let t = Date.now(); Date.now() - t < 20_000 && !/open failed|prohibited/i.test(stderr); ) {
      // a plain connection to the local end; it closes as soon as the server refuses the channel
      await new Promise<void>((resolve) => {
        const s = connect(local, '127.0.0.1');
        s.on('error', () => resolve());
        s.on('close', () => resolve());
        s.setTimeout(3000, () => s.destroy());
      });
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    child.kill();
    target.close();
  }
  return { reached, stderr };
}

/** Signs in on the web and saves a webhook in a repository's settings, as its administrator would. */
async function addWebhook(repo: string, url: string): Promise<void> {
  const signin = await fetch(`${srv.url}-/signin`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ name: PEOPLE.admin.name, password: PEOPLE.admin.password }),
  });
  const cookie = /dit_session=[^;]+/.exec(signin.headers.get('set-cookie') ?? '')![0];
  const page = await (await fetch(`${srv.url}${repo}/-/settings`, { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
  const res = await fetch(`${srv.url}${repo}/-/settings/webhooks`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, url, secret: 's3cret' }),
  });
  assert.equal(res.status, 200);
}

before(async () => {
  if (missing) return;
  work = tempDir('dit-ssh-');
  ({ server: receiver, payloads } = await webhookReceiver());
  ({ root, srv } = await startHosted(
    { 'team/app': { grants: { ann: 'write', bob: 'read' } }, 'team/secret': { grants: { ann: 'write' } } },
    ['--ssh-port', '0', '--webhook-allow', '127.0.0.0/8'],
  ));
  const m = /git over SSH at ssh:\/\/git@127\.0\.0\.1:(\d+)\/ \(host key (SHA256:\S+)\)/.exec(srv.stdout());
  assert.ok(m, srv.stdout());
  sshPort = Number(m[1]);
  // the host key was made under the root on first start, and the fingerprint printed is its own
  const pub = join(root, '.dit-server', 'ssh_host_ed25519_key.pub');
  const printed = spawnSync('ssh-keygen', ['-l', '-f', pub], { encoding: 'utf8' }).stdout;
  assert.ok(printed.includes(m[2]!), `${printed} vs ${m[2]}`);
  assert.match(printed, /ED25519/);
  for (const who of ['ann', 'bob', 'stranger']) keys[who] = newKey(who);
  serverOk(root, ['key', 'add', 'ann', `${keys.ann}.pub`]);
  serverOk(root, ['key', 'add', 'bob', `${keys.bob}.pub`]);
  const port = (receiver.address() as AddressInfo).port;
  await addWebhook('team/app', `http://127.0.0.1:${port}/hook`);
});
after(async () => {
  if (missing) return;
  await srv.stop();
  receiver.close();
});

describe('git over SSH', { skip: missing ? `${missing} is not installed` : false }, () => {
  test('the embedded server: clone, push, fetch and a proposal with the accounts’ keys, as over HTTP', async () => {
    const known = knownHosts(sshPort, join(root, '.dit-server', 'ssh_host_ed25519_key.pub'));
    const url = `ssh://git@127.0.0.1:${sshPort}/team/app.git`;
    const ann = cloneOver(url, gitSsh(PEOPLE.ann, keys.ann!, known));
    ann.write('README', 'the app\n');
    const first = ann.commit('initial commit');
    const pushed = git(ann.env, ann.dir, 'push', 'origin', 'HEAD:main');
    assert.equal(pushed.code, 0, pushed.stderr);
    // HTTP sees what SSH pushed
    const seen = gitOk(
      gitAs(PEOPLE.ann),
      ann.dir,
      'ls-remote',
      `${srv.url.replace('http://', `http://ann:${PEOPLE.ann.password}@`)}team/app.git`,
      'main',
    );
    assert.match(seen, new RegExp(`^${first}\\trefs/heads/main`));

    // bob reads: he clones, may not push a branch, and may propose (the same hook decides)
    const bob = cloneOver(url, gitSsh(PEOPLE.bob, keys.bob!, known));
    assert.equal(bob.git('rev-parse', 'HEAD').trim(), first);
    bob.write('NOTES', 'an idea\n');
    const idea = bob.commit('An idea');
    const refused = git(bob.env, bob.dir, 'push', 'origin', 'HEAD:main');
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /bob may read this repository but not update refs\/heads\/main/);
    assert.equal(gitOk(ann.env, ann.dir, 'ls-remote', 'origin', 'main').split('\t')[0], first);
    const proposed = git(bob.env, bob.dir, 'push', 'origin', 'HEAD:refs/for/new');
    assert.equal(proposed.code, 0, proposed.stderr);
    const short = /#([0-9a-f]{7}): /.exec(proposed.stderr)?.[1];
    assert.ok(short, proposed.stderr);
    assert.match(proposed.stderr, new RegExp(`${srv.url.replace(/[./]/g, '\\$&')}team/app/tickets/${short}`));
    // the proposal is bob's, and the webhook fired as for an HTTP push
    const hook = await webhook('patchset', 0);
    assert.ok(String(hook.ticket.id).startsWith(short!));
    assert.equal(hook.entry.author.name, 'bob');
    assert.equal(hook.patchset.commit, idea);

    // fetch over SSH brings ann the patchset refs
    gitOk(ann.env, ann.dir, 'fetch', '-q', 'origin', `+refs/dit/patchsets/*:refs/remotes/p/*`);
    assert.equal(ann.git('rev-parse', `refs/remotes/p/${hook.ticket.id}/1`).trim(), idea);
  });

  test('the embedded server refuses unknown keys, other commands, forwarding and other people’s repositories', async () => {
    const known = knownHosts(sshPort, join(root, '.dit-server', 'ssh_host_ed25519_key.pub'));
    const stranger = ssh(keys.stranger!, known, sshPort, 'git@127.0.0.1', "git-upload-pack 'team/app.git'");
    assert.equal(stranger.code, 255);
    assert.match(stranger.stderr, /Permission denied \(publickey\)/);
    const cloned = git(
      gitSsh(PEOPLE.cy, keys.stranger!, known),
      tempDir(),
      'clone',
      `ssh://git@127.0.0.1:${sshPort}/team/app.git`,
    );
    assert.notEqual(cloned.code, 0);

    const ls = ssh(keys.ann!, known, sshPort, 'git@127.0.0.1', 'ls');
    assert.equal(ls.code, 1);
    assert.equal(ls.stdout, '');
    assert.match(ls.stderr, /^dit: this server only serves git/m);
    const sneaky = ssh(keys.ann!, known, sshPort, 'git@127.0.0.1', "git-upload-pack 'team/app.git'; ls");
    assert.equal(sneaky.code, 1);
    assert.match(sneaky.stderr, /only serves git/);
    const shell = ssh(keys.ann!, known, sshPort, '-T', 'git@127.0.0.1');
    assert.equal(shell.code, 1);
    assert.match(shell.stderr, /only serves git/);
    const outside = ssh(keys.ann!, known, sshPort, 'git@127.0.0.1', "git-upload-pack '../../etc'");
    assert.equal(outside.code, 1);
    assert.match(outside.stderr, /no repository/);
    // bob may not read team/secret: it is as missing as a repository that does not exist
    const secret = ssh(keys.bob!, known, sshPort, 'git@127.0.0.1', "git-upload-pack 'team/secret.git'");
    const none = ssh(keys.bob!, known, sshPort, 'git@127.0.0.1', "git-upload-pack 'team/nothing.git'");
    assert.equal(secret.code, 1);
    assert.equal(secret.stderr.replace('secret', 'X'), none.stderr.replace('nothing', 'X'));

    const fwd = await forwardRefused(keys.ann!, known, sshPort);
    assert.equal(fwd.reached, false);
    assert.match(fwd.stderr, /open failed|prohibited/i);
  });

  test('OpenSSH: a real sshd asks `dit server authorized-keys`; pushes through `ssh-shell` take the same door', async (t) => {
    if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    const me = userInfo().username;
    const dir = tempDir('dit-sshd-');
    const hostKey = join(dir, 'host_ed25519');
    assert.equal(spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', hostKey]).status, 0);
    const listed = serverOk(root, ['authorized-keys']);
    assert.equal(listed.trim().split('\n').length, 2, listed);
    assert.match(
      listed,
      /^command="\S+ \S+dit\.js server ssh-shell \d+ --root \S+",restrict ssh-ed25519 AAAA\S+ ann$/m,
    );
    const free: Server = createServer();
    await new Promise<void>((r) => free.listen(0, '127.0.0.1', () => r()));
    const port = (free.address() as AddressInfo).port;
    await new Promise<void>((r) => free.close(() => r()));
    const config = join(dir, 'sshd_config');
    const lines = [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      // the README's lines
      'AuthorizedKeysFile none',
      `AuthorizedKeysCommand ${process.execPath} ${DIT} server authorized-keys --root ${root} %k`,
      `AuthorizedKeysCommandUser ${me}`,
      'AcceptEnv GIT_PROTOCOL',
      // the test's own: keys only, no PAM, this user may be root
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      'PermitRootLogin prohibit-password',
    ];
    writeFileSync(config, `${lines.join('\n')}\n`);
    const checked = spawnSync(SSHD, ['-t', '-f', config], { encoding: 'utf8' });
    assert.equal(checked.status, 0, checked.stderr);
    const sshd = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    sshd.stderr.setEncoding('utf8').on('data', (c: string) => {
      log += c;
    });
    t.after(async () => {
      // a session process sshd forked may outlive it and hold the log pipe open: stop reading it, so the
      // test file can end whatever such a process does
      const exited = new Promise<void>((r) => (sshd.exitCode !== null ? r() : sshd.once('exit', () => r())));
      sshd.kill();
      const late = setTimeout(() => sshd.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(late);
      sshd.stderr.destroy();
    });
    for (let at = Date.now(); !/Server listening/.test(log); await new Promise((r) => setTimeout(r, 50)))
      if (Date.now() - at > 20_000) assert.fail(`sshd did not start: ${log}`);
    const known = knownHosts(port, `${hostKey}.pub`);
    const url = `ssh://${me}@127.0.0.1:${port}/team/app.git`;

    const ann = cloneOver(url, gitSsh(PEOPLE.ann, keys.ann!, known));
    ann.write('CHANGES', 'through sshd\n');
    const tip = ann.commit('Through OpenSSH');
    const pushed = git(ann.env, ann.dir, 'push', 'origin', 'HEAD:main');
    assert.equal(pushed.code, 0, `${pushed.stderr}\n${log}`);
    assert.doesNotMatch(pushed.stderr, /no dit server is running/);

    const bob = cloneOver(url, gitSsh(PEOPLE.bob, keys.bob!, known));
    assert.equal(bob.git('rev-parse', 'HEAD').trim(), tip);
    bob.write('IDEA', 'another\n');
    bob.commit('Another idea');
    const refused = git(bob.env, bob.dir, 'push', 'origin', 'HEAD:main');
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /bob may read this repository but not update refs\/heads\/main/);
    const before = payloads.filter((p) => p.event === 'patchset').length;
    const proposed = git(bob.env, bob.dir, 'push', 'origin', 'HEAD:refs/for/new');
    assert.equal(proposed.code, 0, proposed.stderr);
    // the running server heard of the push and sent the webhook
    const hook = await webhook('patchset', before);
    assert.equal(hook.entry.author.name, 'bob');

    const stranger = ssh(keys.stranger!, known, port, `${me}@127.0.0.1`, "git-upload-pack 'team/app.git'");
    assert.equal(stranger.code, 255);
    assert.match(stranger.stderr, /Permission denied \(publickey\)/);
    const ls = ssh(keys.ann!, known, port, `${me}@127.0.0.1`, 'ls');
    assert.equal(ls.code, 1);
    assert.match(ls.stderr, /dit: this server only serves git/);
    const fwd = await forwardRefused(keys.ann!, known, port, me);
    assert.equal(fwd.reached, false);
    assert.match(fwd.stderr, /open failed|prohibited/i);
  });
});
