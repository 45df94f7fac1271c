// git hooks dit installs in a bare repository, and the dispatcher `dit hooks run NAME` calls.
import { existsSync } from 'node:fs';
import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DitError } from '../errors.js';
import { addConfigValue, setConfig } from '../git/config.js';
import type { Git } from '../git/repo.js';
import type { HookHandler, HookIo } from './io.js';

export type { HookHandler, HookIo } from './io.js';

/**
 * Every hook dit installs, and the handler `dit hooks run <name>` runs for it (loaded only when run).
 * Add a hook here (pre-receive, post-receive, ...) and `installHooks` writes its script too.
 */
export const HOOKS: Record<string, () => Promise<HookHandler>> = {
  'proc-receive': () => import('./proc-receive.js').then((m) => m.procReceiveHook),
  // the shared journal only moves forward and only gains valid entries (`dit server`, any bare repository)
  'pre-receive': () => import('./pre-receive.js').then((m) => m.preReceiveHook),
  'commit-msg': () => import('./commit-msg.js').then((m) => m.commitMsgHook),
};

/** Hooks for working copies (installed by `installWorktreeHooks`), not bare repositories. */
export const WORKTREE_HOOKS: readonly string[] = ['commit-msg'];
const BARE_HOOKS = (): string[] => Object.keys(HOOKS).filter((n) => !WORKTREE_HOOKS.includes(n));

/** Config every hooked repository gets: which refs proc-receive handles, and push options allowed. */
const CONFIG: [key: string, value: string, multi: boolean][] = [
  ['receive.procReceiveRefs', 'refs/for', true],
  // direct pushes to the kept patchset tips go to the hook too, which refuses them
  ['receive.procReceiveRefs', 'refs/dit/patchsets', true],
  ['receive.advertisePushOptions', 'true', false],
];

/** bin/dit.js of this installation, found from this module's location (bundled or not). */
export function ditScript(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'bin', 'dit.js');
    if (existsSync(candidate) && existsSync(join(dir, 'package.json'))) return candidate;
    dir = dirname(dir);
  }
  throw new DitError('not-found', 'cannot find bin/dit.js next to this dit; reinstall dit (npm install -g .)');
}

const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** The script git runs: this node and this dit, by absolute path (a hook's PATH is not the user's). */
export function hookScript(name: string, node = process.execPath, dit = ditScript()): string {
  return (
    `#!/bin/sh\n# Installed by \`dit hooks install\`: runs dit's ${name} handler. Reinstall rather than edit.\n` +
    `exec ${shellQuote(node)} ${shellQuote(dit)} hooks run ${name} "$@"\n`
  );
}

export interface InstallResult {
  hooks: string[];
  hooksDir: string;
}

/**
 * Installs every hook in HOOKS into a bare repository and sets the config they need. Idempotent:
 * running it again rewrites the scripts (say, after dit moved) and adds no config twice. `dit server`
 * calls this for every repository it hosts.
 */
export async function installHooks(git: Git, opts: { node?: string; dit?: string } = {}): Promise<InstallResult> {
  if (git.worktree !== null) {
    throw new DitError(
      'usage',
      `${git.worktree} is a working copy; install hooks in the bare repository people push to (dit hooks install --repo DIR)`,
    );
  }
  for (const [key, value, multi] of CONFIG)
    await (multi ? addConfigValue(git, key, value) : setConfig(git, key, value));
  const hooksDir = resolve(git.gitDir, 'hooks');
  await mkdir(hooksDir, { recursive: true });
  const dit = opts.dit ?? ditScript();
  for (const name of BARE_HOOKS()) {
    const path = join(hooksDir, name);
    const tmp = `${path}.dit-${process.pid}`;
    await writeFile(tmp, hookScript(name, opts.node ?? process.execPath, dit));
    await chmod(tmp, 0o755);
    await rename(tmp, path);
  }
  return { hooks: BARE_HOOKS(), hooksDir };
}

/** Runs one hook's handler; an unknown name is a usage error naming the known ones. */
export async function runHook(name: string, io: HookIo): Promise<number> {
  const load = HOOKS[name];
  if (!load) throw new DitError('usage', `dit has no "${name}" hook; it handles: ${Object.keys(HOOKS).join(', ')}`);
  return (await load())(io);
}
