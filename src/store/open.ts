// Which system a folder is in (the nearest `.git` or `.hg` above it), opened through the port; and the way to git-only features.
import { DitError } from '../errors.js';
import { Git } from '../git/repo.js';
import { GitVcs } from '../git/vcs.js';
import { HgVcs } from '../hg/vcs.js';
import { nearestVcs } from '../vcs/nearest.js';
import type { Vcs } from '../vcs/port.js';

export interface OpenOptions {
  env?: NodeJS.ProcessEnv;
}

/**
 * The repository `dir` is in, through the port: the nearest `.git` or `.hg` above it decides (a git
 * repository inside an hg working copy is git's, and the other way round). GIT_DIR names git's.
 */
export async function openVcs(dir: string, opts: OpenOptions = {}): Promise<Vcs> {
  const env = opts.env ?? process.env;
  if (env.GIT_DIR === undefined && nearestVcs(dir) === 'hg') return HgVcs.open(dir, opts);
  return new GitVcs(await Git.open(dir, opts));
}

/**
 * The git repository behind the port, for a feature only git has (hooks, `refs/for/`, `dit server`,
 * imports that read git refs); `unsupported`, saying what to do instead, in any other system.
 */
export function gitOf(vcs: Vcs, feature: string, instead?: string): Git {
  if (vcs instanceof GitVcs) return vcs.git;
  throw new DitError(
    'unsupported',
    `${feature} needs a git repository and this is a ${vcs.label.name} working copy${instead ? `; ${instead}` : ''}`,
    { feature, vcs: vcs.kind, ...(instead ? { instead } : {}) },
  );
}
