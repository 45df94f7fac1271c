// Which objects a repository held before the push now being received (git keeps a push's objects in a
// quarantine until its hooks accept it; this asks the repository's own object store only).
import type { Git } from './repo.js';

const QUARANTINE = ['GIT_QUARANTINE_PATH', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES'];

/** The ones of `oids` the repository's object store holds, leaving out what the push brings. */
export async function heldObjects(git: Git, oids: readonly string[]): Promise<Set<string>> {
  if (!oids.length) return new Set();
  const env = { ...git.env };
  for (const k of QUARANTINE) delete env[k];
  const r = await git.run(['cat-file', '--batch-check=%(objectname)'], {
    baseEnv: env,
    input: `${oids.join('\n')}\n`,
  });
  const held = new Set<string>();
  for (const line of r.stdout.toString('utf8').split('\n')) if (/^[0-9a-f]{40,64}$/.test(line)) held.add(line);
  return held;
}
