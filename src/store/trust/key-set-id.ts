// A local key set's id: what verdicts are kept under, worked out the same way by the whole CLI and the quick path.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A stamp of the files that make up gpg's keyring: a key imported or trusted changes it. */
function keyringStamp(env: NodeJS.ProcessEnv): string {
  const home = env.GNUPGHOME || join(env.HOME ?? '', '.gnupg');
  const parts: string[] = [home];
  for (const f of ['pubring.kbx', 'pubring.gpg', 'trustdb.gpg']) {
    const st = statSync(join(home, f), { throwIfNoEntry: false, bigint: true });
    parts.push(st ? `${f}:${st.size}:${st.mtimeNs}` : `${f}:-`);
  }
  return parts.join('|');
}

/**
 * The id of the key set made of the allowed-signers file at `signers` (an absolute path, or null when
 * none is configured), gpg's keyring in `env` and the signing `program`, with the file's text. The file
 * is read afresh each time: a key added or removed gives another id, so no verdict outlives its keys.
 */
export function localKeySetId(
  signers: string | null,
  program: string,
  env: NodeJS.ProcessEnv,
): { id: string; text: string } {
  let text = '';
  let problem = '';
  if (signers) {
    try {
      text = readFileSync(signers, 'utf8');
    } catch (err) {
      problem = (err as Error).message;
    }
  }
  const id = createHash('sha1')
    .update(`local\0${text}\0${problem}\0${keyringStamp(env)}\0${program}`)
    .digest('hex');
  return { id, text };
}
