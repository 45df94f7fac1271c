// Sites that run OpenSSH: `dit server authorized-keys` (its AuthorizedKeysCommand) prints each account
// key with a forced `dit server ssh-shell KEYID`, which serves the same door as the embedded SSH server.

import { parseSshPublicKey, sshFingerprint } from '../model/trust/ssh-key.js';
import { Accounts } from './accounts.js';
import type { Who } from './auth.js';
import { GIT_LIMITS } from './git-http.js';
import { type GitStreams, ONLY_GIT, serveGitOverSsh } from './git-ssh.js';
import { allKeys, keyById, touchKey } from './keys.js';
import { announcePush, readLocalAddress } from './local-address.js';

/** Serves `$SSH_ORIGINAL_COMMAND` for the account that owns key number `keyId`; returns the exit status. */
export async function sshShell(root: string, keyId: string, env: NodeJS.ProcessEnv, io: GitStreams): Promise<number> {
  const accounts = Accounts.open(root);
  try {
    const key = /^\d+$/.test(keyId) ? keyById(accounts, Number(keyId)) : null;
    const user = key && key.format === 'ssh' ? accounts.findUser(key.user) : null;
    if (!key || !user) {
      io.stderr.write(`dit: key ${keyId.slice(0, 40)} belongs to no account here (it was removed?)\n`);
      return 1;
    }
    const command = env.SSH_ORIGINAL_COMMAND ?? '';
    if (!command) {
      io.stderr.write(`dit: hello ${user.name}; ${ONLY_GIT}\n`);
      return 1;
    }
    const fingerprint = parseSshPublicKey(key.public);
    if (!('problem' in fingerprint)) touchKey(accounts, fingerprint.fingerprint);
    const local = readLocalAddress(root);
    const who: Who = { kind: 'credentials', user, scopes: null };
    let announced = true;
    const protocol = env.GIT_PROTOCOL;
    return await serveGitOverSsh(
      {
        root,
        accounts,
        limits: GIT_LIMITS,
        ...(local ? { baseUrl: () => local.base.replace(/\/?$/, '/') } : {}),
        beforePush: async (repo) => {
          announced = await announcePush(root, 'before', repo);
        },
        afterPush: async (repo) => {
          if (announced) announced = await announcePush(root, 'after', repo);
          if (!announced)
            io.stderr.write(`dit: no dit server is running for ${root}: this push sent no mail and no webhooks\n`);
        },
      },
      who,
      command,
      io,
      protocol,
    );
  } finally {
    accounts.close();
  }
}

/** A word for the shell sshd runs the forced command with, inside `command="..."`. */
const shellWord = (w: string) => (/^[A-Za-z0-9_./:=@%+-]+$/.test(w) ? w : `'${w.replace(/'/g, "'\\''")}'`);

/**
 * `authorized_keys` lines for every account's SSH keys (or only the key `onlyKey`, the base64 blob
 * sshd passes as %k): `command="<dit> server ssh-shell ID --root ROOT",restrict TYPE BASE64`.
 * `restrict` turns off ptys, forwarding of ports, agents and X11, and user rc files.
 */
export function authorizedKeys(accounts: Accounts, dit: readonly string[], onlyKey?: string): string {
  const only = onlyKey ? sshFingerprint(Buffer.from(onlyKey, 'base64')) : null;
  return allKeys(accounts)
    .filter((k) => k.format === 'ssh' && (!only || k.fingerprint === only))
    .map((k) => {
      const command = [...dit, 'server', 'ssh-shell', String(k.id), '--root', accounts.root].map(shellWord).join(' ');
      return `command="${command.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}",restrict ${k.public} ${k.user}\n`;
    })
    .join('');
}
