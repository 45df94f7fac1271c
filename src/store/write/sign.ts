// Signing what a write adds: every new entry file, in one signing call, with the key git signs commits with.
import { basename } from 'node:path';
import { ENTRY_FILE } from '../../model/entry-file.js';
import { splitSigned, withSignature } from '../../model/trust/signed-entry.js';
import type { SigningConfig } from '../../model/trust/signing-config.js';
import { signEntries } from '../../sign/sign.js';
import type { Store, Target } from '../store.js';

/**
 * The signing a write uses, or null for none. A hosting server signs its accounts' web and API writes
 * with its own key (`store.serverSigner`); otherwise git's configuration decides (`dit.sign`, else
 * `commit.gpgSign`), and `target.sign` (`--sign` / `--no-sign`) overrides it.
 */
export async function signingFor(store: Store, target: Target): Promise<SigningConfig | null> {
  if (target.as && store.serverSigner) return target.sign === false ? null : store.serverSigner;
  if (target.sign === false) return null;
  const config = await store.signing();
  return (target.sign ?? config.sign) ? config : null;
}

/**
 * The files with each unsigned entry file signed; attachments and entry packs pass through as they are.
 * `mine` (bulk writes: imports) leaves out entries it says are not the signer's, such as another
 * person's entries restored from `dit export`: one signs only what one wrote.
 */
export async function signFiles<F extends { path: string; data: Buffer }>(
  store: Store,
  target: Target,
  files: readonly F[],
  mine: (data: Buffer) => boolean = () => true,
): Promise<F[]> {
  const todo = files.filter((f) => ENTRY_FILE.test(basename(f.path)) && !splitSigned(f.data) && mine(f.data));
  if (!todo.length) return [...files];
  const config = await signingFor(store, target);
  if (!config) return [...files];
  const sigs = await signEntries(
    config,
    todo.map((f) => f.data),
    target.as ?? (await store.identity()),
    store.vcs.env,
  );
  const signed = new Map(todo.map((f, i) => [f, withSignature(f.data, sigs[i]!)]));
  return files.map((f) => {
    const data = signed.get(f);
    return data ? { ...f, data } : f;
  });
}
