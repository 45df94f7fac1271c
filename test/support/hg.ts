// Test fixtures for Mercurial: real hg working copies in temporary folders, and the real `dit` run in them.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DIT, type Result, tempDir } from './helpers.js';

/** Whether hg is installed; with CI=true a missing hg fails the tests instead of skipping them. */
export const HAVE_HG = spawnSync('hg', ['--version'], { stdio: 'ignore' }).status === 0;
export const hgSkip: string | false = HAVE_HG || process.env.CI === 'true' ? false : 'hg is not installed';

export interface HgRepo {
  dir: string;
  env: NodeJS.ProcessEnv;
  /** Runs hg in the working copy (plain output); throws on failure. */
  hg: (...args: string[]) => string;
  dit: (...args: string[]) => Result;
  ok: (...args: string[]) => string;
  json: <T = any>(...args: string[]) => T;
  write: (path: string, text: string) => void;
  /** `hg commit -A` of everything with a message; returns the new changeset's node. */
  commit: (message: string) => string;
  /** The node a revision names. */
  node: (rev: string) => string;
  /** Whether `ancestor` is an ancestor of `rev` (hg's own answer, for oracles). */
  contains: (rev: string, ancestor: string) => boolean;
}

/** An environment that ignores the machine's hg and git config; identity from HGUSER unless `who` is null. */
export function hgEnv(home: string, who: string | null = 'Ann Author <ann@example.com>'): NodeJS.ProcessEnv {
  const machine = { ...process.env };
  for (const name of ['HGEDITOR', 'VISUAL', 'EDITOR', 'HGPLAIN', 'HGRCPATH', 'HGUSER', 'GIT_DIR']) delete machine[name];
  return {
    ...machine,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    HGRCPATH: join(home, '.hgrc'),
    ...(who ? { HGUSER: who } : {}),
    LANG: 'C',
  };
}

export function hgRepoAt(dir: string, env: NodeJS.ProcessEnv): HgRepo {
  const hg = (...args: string[]) =>
    execFileSync('hg', args, {
      cwd: dir,
      env: { ...env, HGPLAIN: '1' },
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  const dit = (...args: string[]): Result => {
    const r = spawnSync(process.execPath, [DIT, ...args], { cwd: dir, env, encoding: 'utf8', maxBuffer: 256 << 20 });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };
  const ok = (...args: string[]) => {
    const r = dit(...args);
    if (r.code !== 0) throw new Error(`dit ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
    return r.stdout;
  };
  const node = (rev: string) => hg('log', '-r', rev, '-T', '{node}').trim();
  return {
    dir,
    env,
    hg,
    dit,
    ok,
    json: (...args) => JSON.parse(ok(...args, '--json')),
    write: (path, text) => {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    },
    commit: (message) => {
      hg('commit', '-A', '-q', '-m', message);
      return node('.');
    },
    node,
    contains: (rev, ancestor) => hg('log', '-r', `id(${JSON.stringify(ancestor)}) and ::(${rev})`, '-T', 'x') === 'x',
  };
}

/** A new hg working copy with one commit on `default`. */
export function tempHgRepo(opts: { empty?: boolean; who?: string | null } = {}): HgRepo {
  const home = tempDir('dit-hg-');
  const env = hgEnv(home, opts.who === undefined ? 'Ann Author <ann@example.com>' : opts.who);
  writeFileSync(join(home, '.hgrc'), '');
  const work = join(home, 'work');
  execFileSync('hg', ['init', work], { env });
  const r = hgRepoAt(work, env);
  if (!opts.empty) {
    r.write('README', 'hello\n');
    r.commit('initial commit');
  }
  return r;
}

/** A clone of an hg repository (a path or URL) as another person. */
export function hgClone(source: string, who = 'Bo Builder <bo@example.com>'): HgRepo {
  const home = tempDir('dit-hg-');
  const env = hgEnv(home, who);
  writeFileSync(join(home, '.hgrc'), '');
  execFileSync('hg', ['clone', '-q', source, join(home, 'clone')], { env, stdio: 'pipe' });
  return hgRepoAt(join(home, 'clone'), env);
}

export function newHgTicket(r: HgRepo, title: string, ...args: string[]): string {
  return r.json<{ ticket: { id: string } }>('new', title, ...args).ticket.id;
}
