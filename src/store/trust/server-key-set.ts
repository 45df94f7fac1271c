// A dit server's key set: an entry is verified when a key of the account that owns its author's email signed it.
import { createHash } from 'node:crypto';
import { accountOf, type TrustSnapshot } from '../../model/trust/push-rule.js';
import type { KeySet } from './key-set.js';

/**
 * The keys of a server's accounts as a key set. The server's own key signs for any account (its web and
 * API writes are the signed-in account's): verified, with the server's mark.
 */
export function serverKeySet(s: TrustSnapshot, env: NodeJS.ProcessEnv, used?: (fingerprint: string) => void): KeySet {
  const owners = new Map<string, string>();
  for (const a of s.accounts) for (const k of a.keys) owners.set(k.fingerprint, a.name);
  const id = createHash('sha1')
    .update(
      JSON.stringify([
        s.server,
        s.serverKey,
        s.accounts.map((a) => [a.name, a.email.toLowerCase(), a.keys.map((k) => k.fingerprint)]),
      ]),
    )
    .digest('hex');
  const ownerOf = (fp: string) => owners.get(fp) ?? null;
  return {
    id: `server-${id}`,
    ssh: {
      allows(fp, email) {
        const account = accountOf(s, email);
        if (!account) return null;
        if (fp === s.serverKey) return { signer: account.name, server: s.server };
        return ownerOf(fp) === account.name ? { signer: account.name } : null;
      },
      owner: (fp) => (fp === s.serverKey ? `${s.server} (the server's key)` : ownerOf(fp)),
    },
    gpgEnv: s.gnupgHome ? { ...env, GNUPGHOME: s.gnupgHome } : env,
    programs: { openpgp: 'gpg', x509: 'gpgsm' },
    async bindGpg(primary, email) {
      const account = accountOf(s, email);
      const owner = ownerOf(primary.toUpperCase());
      if (account && owner === account.name) return { ok: true, signer: account.name };
      if (owner)
        return { ok: false, signer: owner, reason: `signed with a key of ${owner}, not of ${email || 'the author'}` };
      return { ok: false, reason: 'the key belongs to no account on this server' };
    },
    ...(used ? { used } : {}),
  };
}
