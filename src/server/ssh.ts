// `dit server --ssh-port N`: an SSH server in the same process (the ssh2 package) that is only another
// door for git: account keys sign in, git-ssh.ts decides and serves, everything else is refused.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { isGitProtocol } from '../git/pack-service.js';
import { parseSshPublicKey, sshFingerprint } from '../model/trust/ssh-key.js';
import { type Accounts, STATE_DIR, type User } from './accounts.js';
import type { Who } from './auth.js';
import { ONLY_GIT, type SshGitDoor, serveGitOverSsh } from './git-ssh.js';
import { keyOwner, touchKey } from './keys.js';

const { Server, utils } = ssh2;

/** Tries per connection before it is closed (an agent offers each of its keys once). */
const MAX_AUTH_TRIES = 20;
/** A connection that has not signed in by then is closed. */
const LOGIN_GRACE_MS = 30_000;

export interface HostKey {
  /** The private key, OpenSSH format. */
  private: string;
  /** `ssh-ed25519 AAAA...`, as `known_hosts` wants it. */
  public: string;
  fingerprint: string;
}

/**
 * The server's host key, `<root>/.dit-server/ssh_host_ed25519_key` (and `.pub`), made on first start:
 * clients remember it, so it must outlive restarts.
 */
export function hostKey(root: string): HostKey {
  const file = join(root, STATE_DIR, 'ssh_host_ed25519_key');
  if (!existsSync(file)) {
    const pair = utils.generateKeyPairSync('ed25519', { comment: 'dit server host key' });
    writeFileSync(file, pair.private, { mode: 0o600 });
    writeFileSync(`${file}.pub`, `${pair.public}\n`, { mode: 0o644 });
  }
  const priv = readFileSync(file, 'utf8');
  const parsed = utils.parseKey(priv);
  if (parsed instanceof Error) throw parsed;
  const key = Array.isArray(parsed) ? parsed[0]! : parsed;
  const blob = key.getPublicSSH();
  return { private: priv, public: `${key.type} ${blob.toString('base64')}`, fingerprint: sshFingerprint(blob) };
}

export interface SshServerOptions {
  host: string;
  port: number;
  root: string;
  accounts: Accounts;
  door: SshGitDoor;
  log: (line: string) => void;
}

export interface RunningSsh {
  port: number;
  hostKey: HostKey;
  close: () => Promise<void>;
}

/** The account a key belongs to, if the client proves it holds the key; null for every other key. */
function signIn(accounts: Accounts, ctx: ssh2.PublicKeyAuthContext): User | 'ok-to-try' | null {
  const owner = keyOwner(accounts, sshFingerprint(ctx.key.data));
  if (owner?.key.format !== 'ssh') return null;
  const stored = parseSshPublicKey(owner.key.public);
  if ('problem' in stored || !stored.blob.equals(ctx.key.data)) return null;
  if (!ctx.signature || !ctx.blob) return 'ok-to-try'; // the client asks whether this key would do
  const key = utils.parseKey(owner.key.public);
  if (key instanceof Error) return null;
  const one = Array.isArray(key) ? key[0]! : key;
  return one.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true ? owner.user : null;
}

export async function startSsh(opts: SshServerOptions): Promise<RunningSsh> {
  const key = hostKey(opts.root);
  const clients = new Set<ssh2.Connection>();
  const server = new Server({ hostKeys: [key.private], ident: 'dit' }, (client, info) => {
    clients.add(client);
    let user: User | null = null;
    let tries = 0;
    const grace = setTimeout(() => {
      if (!user) client.end();
    }, LOGIN_GRACE_MS);
    grace.unref();
    client.on('close', () => {
      clearTimeout(grace);
      clients.delete(client);
    });
    client.on('error', () => {});
    client.on('authentication', (ctx) => {
      if (++tries > MAX_AUTH_TRIES) return client.end();
      // keys only: there are no passwords to guess over SSH
      if (ctx.method !== 'publickey') return ctx.reject(['publickey']);
      const found = signIn(opts.accounts, ctx);
      if (found === 'ok-to-try') return ctx.accept();
      if (!found) return ctx.reject(['publickey']);
      user = found;
      touchKey(opts.accounts, sshFingerprint(ctx.key.data));
      ctx.accept();
    });
    // no forwarding of any kind: -L/-W (direct-tcpip), -R (tcpip-forward), unix sockets
    client.on('tcpip', (_accept, reject) => reject());
    client.on('openssh.streamlocal', (_accept, reject) => reject());
    client.on('request', (_accept, reject) => reject?.());
    client.on('ready', () => {
      const who: Who = { kind: 'credentials', user: user!, scopes: null };
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        let protocol: string | undefined;
        let used = false;
        session.on('env', (accept, reject, e) => {
          // git's protocol version is the only variable a client may set
          if (e.key === 'GIT_PROTOCOL' && isGitProtocol(e.val)) {
            protocol = e.val;
            accept?.();
          } else reject?.();
        });
        for (const what of ['pty', 'x11', 'auth-agent', 'subsystem', 'sftp'] as const)
          session.on(what, (_accept: unknown, reject?: () => void) => reject?.());
        const refuse = (channel: ssh2.ServerChannel) => {
          channel.stderr.write(`dit: ${ONLY_GIT}\n`);
          channel.exit(1);
          channel.end();
        };
        session.on('shell', (accept) => {
          if (!accept) return;
          refuse(accept());
        });
        session.on('exec', (accept, reject, e) => {
          if (used) return reject?.();
          used = true;
          const channel = accept();
          serveGitOverSsh(
            opts.door,
            who,
            e.command,
            { stdin: channel, stdout: channel, stderr: channel.stderr },
            protocol,
          )
            .then(
              (code) => channel.exit(code),
              (err: Error) => {
                opts.log(`ssh git request failed: ${err.stack ?? err.message}\n`);
                channel.stderr.write('dit: internal error\n');
                channel.exit(1);
              },
            )
            .finally(() => channel.end());
        });
      });
    });
    void info;
  });
  server.listen(opts.port, opts.host);
  const port = await new Promise<number>((resolve, reject) => {
    server.once('listening', () => resolve((server.address() as AddressInfo).port));
    server.once('error', reject);
  });
  return {
    port,
    hostKey: key,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of clients) c.end();
        server.close(() => resolve());
      }),
  };
}
