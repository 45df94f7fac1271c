// What a dit server's hooks and pages need to judge authorship: the accounts' keys as a trust snapshot,
// the server's own signing key (it signs its accounts' web writes), and the environment a push runs in.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getConfigBool, setConfig } from '../git/config.js';
import { Git } from '../git/repo.js';
import type { TrustSnapshot } from '../model/trust/push-rule.js';
import { type SigningConfig, signingConfig } from '../model/trust/signing-config.js';
import { parseSshPublicKey } from '../model/trust/ssh-key.js';
import { sshKeygenCreate } from '../sign/ssh.js';
import { type Accounts, STATE_DIR } from './accounts.js';
import { allKeys, serverGnupgHome, touchKey } from './keys.js';
import { levelFor } from './permissions.js';
import { findRepo } from './repos.js';
import { newSecret } from './secrets.js';

/** The server's own SSH signing key (made on first use): `<root>/.dit-server/signing-key`. */
export async function serverSigner(root: string): Promise<{ config: SigningConfig; fingerprint: string }> {
  const dir = join(root, STATE_DIR);
  const path = join(dir, 'signing-key');
  if (!existsSync(`${path}.pub`)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    await sshKeygenCreate(path, 'dit server signing key');
  }
  const pub = parseSshPublicKey(readFileSync(`${path}.pub`, 'utf8'));
  if ('problem' in pub) throw new Error(`${path}.pub: ${pub.problem}`);
  const config = signingConfig([
    { name: 'gpg.format', value: 'ssh' },
    { name: 'user.signingkey', value: path },
  ]);
  return { config: { ...config, sign: true }, fingerprint: pub.fingerprint };
}

/** Every account with an email, its permission on `repo` and its keys. */
export function trustSnapshot(
  accounts: Accounts,
  root: string,
  repo: string,
  server: string,
  serverKey: string | null,
): TrustSnapshot {
  const keys = new Map<string, TrustSnapshot['accounts'][number]['keys']>();
  for (const k of allKeys(accounts)) {
    const list = keys.get(k.user) ?? [];
    list.push({ format: k.format, fingerprint: k.fingerprint });
    keys.set(k.user, list);
  }
  return {
    server,
    repo,
    serverKey,
    gnupgHome: serverGnupgHome(root),
    accounts: accounts
      .users()
      .filter((u) => u.email)
      .map((u) => ({ name: u.name, email: u.email, level: levelFor(accounts, u, repo), keys: keys.get(u.name) ?? [] })),
  };
}

/**
 * The environment a push's hooks get on top of the pusher's (`DIT_TRUST_FILE` and where to note the keys
 * a push used), and `done()` to call when the push is over: it notes the keys' last use and cleans up.
 * Every door (HTTP, SSH) runs pushes with this, so one rule decides.
 */
export async function trustEnv(
  accounts: Accounts,
  root: string,
  repo: string,
  server: string,
): Promise<{ env: Record<string, string>; done: () => void }> {
  const signer = await serverSigner(root);
  const dir = join(root, STATE_DIR, 'pushes');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const base = join(dir, newSecret('p').replace(/[^A-Za-z0-9_-]/g, ''));
  const file = `${base}.json`;
  const used = `${base}.used`;
  writeFileSync(file, JSON.stringify(trustSnapshot(accounts, root, repo, server, signer.fingerprint)), { mode: 0o600 });
  return {
    env: {
      DIT_TRUST_FILE: file,
      DIT_KEYS_USED_FILE: used,
      DIT_SERVER_SIGNING_KEY: signer.config.key!,
    },
    done: () => {
      try {
        const fps = readFileSync(used, 'utf8').split('\n').filter(Boolean);
        for (const fp of new Set(fps)) touchKey(accounts, fp);
      } catch {
        // no key was used
      }
      rmSync(file, { force: true });
      rmSync(used, { force: true });
    },
  };
}

/** Whether pushes to `repo` are held to the push rule: `dit.verify` in its config, strict unless set false. */
export async function repoVerifies(root: string, repo: string): Promise<boolean> {
  const dir = findRepo(root, repo);
  if (!dir) return true;
  const git = await Git.open(dir);
  try {
    return await getConfigBool(git, 'dit.verify', true);
  } finally {
    git.close();
  }
}

/** Sets `dit.verify` (the settings page's switch; the pre-receive hook reads it on every push). */
export async function setRepoVerifies(root: string, repo: string, on: boolean): Promise<void> {
  const dir = findRepo(root, repo);
  if (!dir) return;
  const git = await Git.open(dir);
  try {
    await setConfig(git, 'dit.verify', on ? 'true' : 'false');
  } finally {
    git.close();
  }
}
