// The repositories under a server root: bare `name.git` folders, found on disk (so one copied in by
// hand shows up), created, imported and removed.
import { existsSync, lstatSync, realpathSync, rmSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { DitError } from '../errors.js';
import { importBare, initBare, isBareRepository } from '../git/bare-repo.js';
import { Git } from '../git/repo.js';
import { installHooks } from '../hooks/table.js';
import type { Accounts, RepoSettings } from './accounts.js';
import { checkRepoName, existsInRoot, isRepoFolder, isRepoName, repoDir } from './names.js';

const MAX_DEPTH = 8;

/** Every repository under the root, by name, sorted. Hidden folders and anything not a bare repository are skipped. */
export async function listRepos(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string, prefix: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH) return;
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    await Promise.all(
      entries.map(async (e) => {
        if (e.name.startsWith('.')) return;
        const name = `${prefix}${e.name}`;
        if (e.name.endsWith('.git')) {
          if (isRepoFolder(name) && existsInRoot(root, name.slice(0, -4)) && existsSync(join(dir, e.name, 'HEAD')))
            found.push(name.slice(0, -4));
          return;
        }
        if (e.isDirectory()) await walk(join(dir, e.name), `${name}/`, depth + 1);
      }),
    );
  };
  await walk(root, '', 1);
  return found.sort();
}

/** A repository's folder if it exists under the root; null otherwise (the name is checked first). */
export function findRepo(root: string, name: string): string | null {
  if (!isRepoName(name)) return null;
  const dir = repoDir(root, name);
  return existsInRoot(root, name) && existsSync(join(dir, 'HEAD')) ? dir : null;
}

export interface RepoInfo extends RepoSettings {
  path: string;
}

export async function createRepo(
  accounts: Accounts,
  root: string,
  raw: string,
  opts: { public?: boolean; description?: string; from?: string } = {},
): Promise<RepoInfo> {
  const name = checkRepoName(raw);
  const dir = repoDir(root, name);
  if (existsSync(dir)) throw new DitError('exists', `repository ${name} exists already (${dir})`);
  // every folder on the way that exists already must be a real folder inside the root: nothing is created elsewhere
  const top = realpathSync(root);
  const parts = name.split('/');
  for (let i = 1; i < parts.length; i++) {
    const p = join(root, ...parts.slice(0, i));
    if (!existsSync(p)) break;
    const real = realpathSync(p);
    if (!(real + sep).startsWith(top + sep) || !lstatSync(real).isDirectory()) {
      throw new DitError(
        'invalid-value',
        `${parts.slice(0, i).join('/')} is not a folder inside the root; nothing was created`,
      );
    }
  }
  if (opts.from) {
    const source = /^[a-z][a-z0-9+.-]*:\/\//i.test(opts.from) ? opts.from : resolve(opts.from);
    if (!source.includes('://') && !existsSync(source))
      throw new DitError('not-found', `no repository at ${opts.from}`);
    await importBare(source, dir).catch((err: Error) => {
      rmSync(dir, { recursive: true, force: true });
      throw new DitError('git-failed', `could not import ${opts.from}: ${err.message}`);
    });
  } else {
    await initBare(dir);
  }
  if (!existsInRoot(root, name)) {
    // a symlinked parent folder led outside the root
    rmSync(dir, { recursive: true, force: true });
    throw new DitError('invalid-value', `${name} would be outside the root; a folder on the way is a link`);
  }
  await hookUp(dir);
  accounts.forgetRepo(name);
  accounts.setRepo(name, { public: !!opts.public, description: opts.description ?? '' });
  return { ...accounts.repoSettings(name), path: dir };
}

/** Installs dit's hooks (patchsets through proc-receive, the journal check in pre-receive) in a hosted repository. */
export async function hookUp(dir: string): Promise<void> {
  const git = await Git.open(dir);
  try {
    await installHooks(git);
  } finally {
    git.close();
  }
}

export async function removeRepo(accounts: Accounts, root: string, raw: string): Promise<void> {
  const name = checkRepoName(raw);
  const dir = findRepo(root, name);
  if (!dir) throw new DitError('not-found', `no repository ${name} under ${root}; see \`dit server repo ls\``);
  if (!(await isBareRepository(dir)))
    throw new DitError('invalid-value', `${dir} is not a bare repository; remove it by hand`);
  rmSync(dir, { recursive: true, force: true });
  accounts.forgetRepo(name);
}
