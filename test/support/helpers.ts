// Test fixtures: real git repositories in temporary folders, and the real `dit` command run against them.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const DIT = join(ROOT, 'bin/dit.js');
/** Gitblit's real ticket journals (`../shared/fixtures`), beside the repository or one folder up (a worktree). */
export const GITBLIT_FIXTURE = [
  join(ROOT, '../shared/fixtures/gitblit-tickets'),
  join(ROOT, '../../shared/fixtures/gitblit-tickets'),
].find(existsSync);

/**
 * An environment that ignores the machine's git config and editor, so tests behave the same everywhere
 * (`npm run` sets EDITOR=vi, which a command reading its text from the editor would wait on).
 */
export function gitEnv(home: string, who = { name: 'Ann Author', email: 'ann@example.com' }): NodeJS.ProcessEnv {
  const machine = { ...process.env };
  for (const name of ['GIT_EDITOR', 'VISUAL', 'EDITOR']) delete machine[name];
  return {
    ...machine,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: who.name,
    GIT_AUTHOR_EMAIL: who.email,
    GIT_COMMITTER_NAME: who.name,
    GIT_COMMITTER_EMAIL: who.email,
    GIT_TERMINAL_PROMPT: '0',
    LANG: 'C',
  };
}

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Repo {
  dir: string;
  env: NodeJS.ProcessEnv;
  /** Runs git in the repository; throws on failure. */
  git: (...args: string[]) => string;
  /** Runs the real `dit` command in the repository. */
  dit: (...args: string[]) => Result;
  /** Runs dit and expects success; returns stdout. */
  ok: (...args: string[]) => string;
  /** Runs dit with --json and parses stdout. */
  json: <T = any>(...args: string[]) => T;
  write: (path: string, text: string) => void;
  /** Commits everything with a message (allowing empty commits). */
  commit: (message: string) => string;
  as: (who: { name: string; email: string }) => Repo;
}

const cleanups: string[] = [];
process.on('exit', () => {
  for (const d of cleanups) rmSync(d, { recursive: true, force: true });
});

export function tempDir(prefix = 'dit-test-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(d);
  return d;
}

export function repoAt(dir: string, env: NodeJS.ProcessEnv): Repo {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: dir, env, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
  const dit = (...args: string[]): Result => {
    const r = spawnSync(process.execPath, [DIT, ...args], { cwd: dir, env, encoding: 'utf8', maxBuffer: 256 << 20 });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };
  const ok = (...args: string[]) => {
    const r = dit(...args);
    if (r.code !== 0) throw new Error(`dit ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
    return r.stdout;
  };
  const repo: Repo = {
    dir,
    env,
    git,
    dit,
    ok,
    json: (...args) => JSON.parse(ok(...args, '--json')),
    write: (path, text) => {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    },
    commit: (message) => {
      git('add', '-A');
      git('commit', '-q', '--allow-empty', '-m', message);
      return git('rev-parse', 'HEAD').trim();
    },
    as: (who) => repoAt(dir, gitEnv(env.HOME!, who)),
  };
  return repo;
}

/** A new working copy on branch main with one commit. */
export function tempRepo(opts: { empty?: boolean } = {}): Repo {
  const dir = tempDir();
  const env = gitEnv(dir);
  const work = join(dir, 'work');
  mkdirSync(work);
  execFileSync('git', ['init', '-q', '-b', 'main', work], { env });
  const repo = repoAt(work, env);
  repo.git('config', 'commit.gpgsign', 'false');
  if (!opts.empty) {
    repo.write('README', 'hello\n');
    repo.commit('initial commit');
  }
  return repo;
}

/** A bare repository (a remote, or a server's copy). */
export function tempBare(): Repo {
  const dir = tempDir();
  const env = gitEnv(dir);
  const bare = join(dir, 'remote.git');
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', bare], { env });
  return repoAt(bare, env);
}

/** Clones a repository into a new folder as another person. */
export function cloneOf(url: string, who = { name: 'Ann Author', email: 'ann@example.com' }): Repo {
  const dir = tempDir();
  const env = gitEnv(dir, who);
  execFileSync('git', ['clone', '-q', url, join(dir, 'clone')], { env, stdio: 'pipe' });
  const repo = repoAt(join(dir, 'clone'), env);
  repo.git('config', 'commit.gpgsign', 'false');
  return repo;
}

/** Creates a ticket and returns its full id. */
export function newTicket(repo: Repo, title: string, ...args: string[]): string {
  return repo.json<{ ticket: { id: string } }>('new', title, ...args).ticket.id;
}
