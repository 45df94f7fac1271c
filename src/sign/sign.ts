// Signing entries with the key and program git is configured with: one call per command for SSH.
import type { Author } from '../model/schema.js';
import type { EntrySig } from '../model/trust/signed-entry.js';
import type { SigningConfig } from '../model/trust/signing-config.js';
import { gpgSign } from './gpg.js';
import { sshSign } from './ssh.js';

/** Signatures of each entry's canonical bytes, in order. */
export async function signEntries(
  config: SigningConfig,
  canonicals: readonly Buffer[],
  author: Author,
  env: NodeJS.ProcessEnv,
): Promise<EntrySig[]> {
  const blobs =
    config.format === 'ssh'
      ? await sshSign(config, canonicals, env)
      : await gpgSign(config, canonicals, `${author.name} <${author.email}>`, env);
  return blobs.map((b) => ({ format: config.format, signature: b.toString('base64') }));
}
