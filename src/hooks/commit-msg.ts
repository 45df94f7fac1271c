// Hooks for a working copy: a commit-msg hook that warns about closing keywords that will close nothing.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DitError } from '../errors.js';
import { hooksDir, readHook, writeHook } from '../git/hooks.js';
import type { Git } from '../git/repo.js';
import { type ClosingProblem, checkClosingWords } from '../store/read/closing-check.js';
import { Store } from '../store/store.js';
import type { HookIo } from './io.js';

/** Marks a hook file as dit's, so installing again replaces it and never someone else's hook. */
export const HOOK_MARK = '# installed by `dit hooks install`';

/** A hook script that runs dit with the node and dit of the install; a missing dit never blocks a commit. */
export function hookScript(name: string, node: string, dit: string, blocking: boolean): string {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const run = `${q(node)} ${q(dit)} hooks run ${name} "$@"`;
  return `#!/bin/sh\n${HOOK_MARK}\n${blocking ? `exec ${run}` : `${run} || true\nexit 0`}\n`;
}

export interface InstalledHook {
  name: string;
  path: string;
  action: 'installed' | 'updated' | 'unchanged';
}

/** A hook script dit wrote (any version), which installing again may replace. */
const isDits = (text: string): boolean => /installed by `dit hooks install`/i.test(text);

/**
 * Installs the working copy's commit-msg hook. Another tool's commit-msg hook is left alone (unless
 * `force`), with an error that says how to chain dit from it.
 */
export async function installWorktreeHooks(
  git: Git,
  dit: string,
  opts: { force?: boolean } = {},
): Promise<InstalledHook[]> {
  if (git.worktree === null)
    throw new DitError(
      'usage',
      'a bare repository has no commits made in it; the commit-msg hook is for working copies',
    );
  const script = hookScript('commit-msg', process.execPath, dit, false);
  const old = await readHook(git, 'commit-msg');
  if (old !== null && !isDits(old) && !opts.force) {
    throw new DitError(
      'exists',
      `a commit-msg hook that dit did not install is in place; add the line \`dit hooks ` +
        `run commit-msg "$1"\` to it, or replace it with \`dit hooks install --force\``,
      { name: 'commit-msg' },
    );
  }
  const path = `${await hooksDir(git)}/commit-msg`;
  if (old === script) return [{ name: 'commit-msg', path, action: 'unchanged' }];
  await writeHook(git, 'commit-msg', script);
  return [{ name: 'commit-msg', path, action: old === null ? 'installed' : 'updated' }];
}

/** The message git will commit: comment lines (`# ...`) and everything below a scissors line dropped. */
export function messageText(raw: string): string {
  const scissors = raw.search(/^# -+ >8 -+$/m);
  return (scissors < 0 ? raw : raw.slice(0, scissors))
    .split('\n')
    .filter((l) => !/^#(\s|$)/.test(l))
    .join('\n');
}

/** What the commit-msg hook warns about: closing keywords that resolve to no ticket, or to several. */
export async function commitMessageProblems(store: Store, messageFile: string): Promise<ClosingProblem[]> {
  const raw = await readFile(messageFile, 'utf8');
  const view = await store.view();
  return checkClosingWords(messageText(raw), await view.ids(), view.label, await view.origins());
}

/** `dit hooks run commit-msg FILE`: warns on stderr about closing keywords that close nothing; never refuses. */
export async function commitMsgHook(io: HookIo): Promise<number> {
  const file = io.args[0];
  if (!file) return 0;
  const store = await Store.open(io.cwd);
  try {
    const problems = await commitMessageProblems(store, resolve(io.cwd, file));
    if (!problems.length) return 0;
    io.err(`dit: this commit message has closing keywords that will close nothing:\n`);
    for (const p of problems) io.err(`  ${p.line}\n    ${p.message}\n`);
    io.err('dit: the commit goes ahead; fix the message with `git commit --amend` if you meant to close a ticket\n');
    return 0;
  } finally {
    await store.close();
  }
}
