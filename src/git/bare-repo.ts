// Bare repositories a server hosts: creating one, importing one, and the settings a hosted one needs.
import { run } from './run.js';

/** Settings every hosted repository gets: pushes over HTTP, objects checked as they arrive. */
const HOSTED_CONFIG: [string, string][] = [
  ['http.receivepack', 'true'],
  ['receive.fsckObjects', 'true'],
  ['uploadpack.allowFilter', 'true'],
  ['uploadpack.allowAnySHA1InWant', 'false'],
  ['core.logAllRefUpdates', 'true'],
];

export async function initBare(dir: string, branch = 'main'): Promise<void> {
  await run(['init', '--quiet', '--bare', `--initial-branch=${branch}`, dir], { cwd: '/' });
  await configureHosted(dir);
}

/** Copies every ref of a repository (a path or a URL) into a new bare repository. */
export async function importBare(source: string, dir: string): Promise<void> {
  await run(['clone', '--quiet', '--mirror', '--no-hardlinks', '--', source, dir], {
    cwd: '/',
    env: { GIT_TERMINAL_PROMPT: '0' },
  });
  // a mirror would follow its source on `git fetch` and prune what is pushed here: it is independent now
  await run(['remote', 'remove', 'origin'], { cwd: dir, okCodes: [2] });
  await configureHosted(dir);
}

export async function configureHosted(dir: string): Promise<void> {
  for (const [k, v] of HOSTED_CONFIG) await run(['config', k, v], { cwd: dir });
}

/** Whether a folder is a bare repository git can open. */
export async function isBareRepository(dir: string): Promise<boolean> {
  const r = await run(['rev-parse', '--is-bare-repository'], {
    cwd: dir,
    okCodes: [128],
    env: { GIT_CEILING_DIRECTORIES: dir },
  }).catch(() => null);
  return r?.code === 0 && r.stdout.toString().trim() === 'true';
}
