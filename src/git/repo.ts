// Opens a repository: where it lives, whether it is bare, and the processes that read it.
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cache } from '../caches.js';
import { DitError } from '../errors.js';
import { CatFile } from './cat-file.js';
import { type RunOptions, run, runText } from './run.js';
import { parseTree, type TreeEntry } from './tree.js';

export class Git {
  readonly cat: CatFile;
  private constructor(
    /** Where git commands run: the work tree's top, or the git dir of a bare repository. */
    readonly cwd: string,
    readonly gitDir: string,
    readonly worktree: string | null,
    readonly oidBytes: number,
    /** The commit HEAD named when the repository was opened (null when unborn). */
    readonly headAtOpen: string | null,
    /** The environment git runs in: process.env unless Git.open was given one (tests, servers). */
    readonly env: NodeJS.ProcessEnv,
  ) {
    this.cat = new CatFile(cwd, env);
  }

  static async open(dir: string, opts: { env?: NodeJS.ProcessEnv } = {}): Promise<Git> {
    const env = opts.env ?? process.env;
    const found = discover(resolve(dir));
    if (found) return new Git(found.top, found.gitDir, found.top, 20, found.head, env);
    // one process answers where the repository is and what HEAD is; the fallbacks cover an unborn
    // HEAD (rev-parse HEAD fails) and a bare repository (no top level)
    const ask = [
      'rev-parse',
      '--absolute-git-dir',
      '--is-bare-repository',
      '--show-object-format',
      '--show-toplevel',
      'HEAD',
    ];
    let r = await run(ask, { cwd: dir, okCodes: [128], baseEnv: env });
    if (r.code !== 0 && /not a git repository/i.test(r.stderr)) {
      throw new DitError(
        'not-a-repository',
        `${resolve(dir)} is not in a git repository or a Mercurial working copy; run dit inside one, or create one with \`git init\` (or \`hg init\`)`,
      );
    }
    let head: string | null = null;
    if (r.code === 0) {
      const lines = r.stdout.toString('utf8').trimEnd().split('\n');
      head = lines.pop() ?? null;
      r = { ...r, stdout: Buffer.from(lines.join('\n')) };
    } else {
      r = await run(ask.slice(0, -1), { cwd: dir, okCodes: [128], baseEnv: env });
      if (r.code !== 0) r = await run(ask.slice(0, -2), { cwd: dir, baseEnv: env });
    }
    const [gitDir, bare, format, top] = r.stdout.toString('utf8').split('\n');
    if (!gitDir) throw new DitError('not-a-repository', `${resolve(dir)} is not in a git repository`);
    const isBare = bare === 'true' || !top;
    return new Git(
      isBare ? gitDir : top!,
      gitDir,
      isBare ? null : top!,
      format === 'sha256' ? 32 : 20,
      head && /^[0-9a-f]{40,64}$/.test(head) ? head : null,
      env,
    );
  }

  /**
   * Whether HEAD still names the commit it named at open, read from the files as discover read it
   * (false when they cannot tell: a bare repository, an unusual layout): a stamp of git's state taken
   * after opening then matches what the process reads.
   */
  headUnmoved(): boolean {
    if (!this.worktree) return false;
    const now = discover(this.worktree);
    return now !== null && now.gitDir === this.gitDir && now.head === this.headAtOpen;
  }

  /** Where objects are written: objects/ of the repository (a linked worktree's main one), or $GIT_OBJECT_DIRECTORY. */
  get objectsDir(): string {
    if (this.env.GIT_OBJECT_DIRECTORY) return resolve(this.cwd, this.env.GIT_OBJECT_DIRECTORY);
    let common = this.gitDir;
    try {
      common = resolve(this.gitDir, readFileSync(join(this.gitDir, 'commondir'), 'utf8').trim());
    } catch {
      /* not a linked worktree */
    }
    return join(common, 'objects');
  }

  run(args: readonly string[], opts: Omit<RunOptions, 'cwd'> = {}) {
    return run(args, { baseEnv: this.env, ...opts, cwd: this.cwd });
  }

  async text(args: readonly string[], opts: Omit<RunOptions, 'cwd'> = {}): Promise<string> {
    return runText(args, { baseEnv: this.env, ...opts, cwd: this.cwd });
  }

  /**
   * A tree by object name (`<rev>:<path>` or an oid); null when there is none. Big parsed trees are
   * kept by object id (the `trees` cache): immutable, so a long-running server re-reads one only once.
   */
  async readTree(name: string): Promise<{ oid: string; entries: TreeEntry[] } | null> {
    const trees = cache<TreeEntry[]>('trees');
    const known = trees.get(name);
    if (known) return { oid: name, entries: known };
    const obj = await this.cat.contents(name);
    if (obj?.type !== 'tree') return null;
    const entries = parseTree(obj.data, this.oidBytes);
    if (entries.length >= 256) trees.set(obj.oid, entries, 64 + obj.data.length * 3); // only big trees are worth keeping
    return { oid: obj.oid, entries };
  }

  async readBlob(name: string): Promise<Buffer | null> {
    const obj = await this.cat.contents(name);
    return obj && obj.type === 'blob' ? obj.data : null;
  }

  /** A boolean from git config (`git config --type=bool`), or null when it is not set. */
  async configBool(key: string): Promise<boolean | null> {
    const r = await this.run(['config', '--type=bool', '--get', key], { okCodes: [1, 128] });
    return r.code === 0 ? r.stdout.toString().trim() === 'true' : null;
  }

  /** The object id a name resolves to, or null. */
  async oid(name: string): Promise<string | null> {
    return (await this.cat.info(name))?.oid ?? null;
  }

  close(): void {
    this.cat.close();
  }
}

/**
 * Finds a plain working copy's repository from the files git keeps, as `git rev-parse` would, without
 * starting git (a process costs milliseconds on every command). Anything unusual (GIT_* variables that
 * move the repository, a bare repository, config extensions such as SHA-256 or reftable, another
 * owner, a symbolic ref chain) is left to git: null.
 */
/**
 * The working copy around `start`, found from the files as git would find it, with HEAD's commit; null
 * when only git can tell (GIT_DIR and friends, a bare repository, an include or extension in config).
 */
export function discover(start: string): { top: string; gitDir: string; head: string | null } | null {
  for (const v of [
    'GIT_DIR',
    'GIT_WORK_TREE',
    'GIT_COMMON_DIR',
    'GIT_CEILING_DIRECTORIES',
    'GIT_DISCOVERY_ACROSS_FILESYSTEM',
    'GIT_OBJECT_DIRECTORY',
  ]) {
    if (process.env[v] !== undefined) return null;
  }
  const read = (p: string): string | null => {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return null;
    }
  };
  let d = start;
  for (;;) {
    const dotGit = join(d, '.git');
    const st = statSync(dotGit, { throwIfNoEntry: false });
    if (st?.isDirectory() || st?.isFile()) {
      let gitDir = dotGit;
      if (st.isFile()) {
        const m = /^gitdir: (.+)$/m.exec(read(dotGit) ?? '');
        if (!m) return null;
        gitDir = resolve(d, m[1]!.trim());
      }
      return readRepo(d, gitDir, read);
    }
    if (read(join(d, 'HEAD')) !== null && statSync(join(d, 'objects'), { throwIfNoEntry: false })?.isDirectory())
      return null; // bare: ask git
    const up = resolve(d, '..');
    if (up === d) return null;
    d = up;
  }
}

function readRepo(
  top: string,
  gitDir: string,
  read: (p: string) => string | null,
): { top: string; gitDir: string; head: string | null } | null {
  const gst = statSync(gitDir, { throwIfNoEntry: false });
  if (!gst?.isDirectory() || (process.getuid && gst.uid !== process.getuid())) return null; // safe.directory is git's to judge
  const commonRel = read(join(gitDir, 'commondir'));
  const common = commonRel === null ? gitDir : resolve(gitDir, commonRel.trim());
  const config = read(join(common, 'config'));
  if (
    config === null ||
    /^\s*\[\s*extensions\b/im.test(config) ||
    /^\s*(bare\s*=\s*(true|yes|on|1)\b|worktree\s*=)/im.test(config)
  )
    return null;
  if (/^\s*\[\s*include/im.test(config)) return null; // an included file could say any of that
  if (statSync(join(common, 'reftable'), { throwIfNoEntry: false })) return null;
  const headText = read(join(gitDir, 'HEAD'))?.trim();
  if (!headText) return null;
  if (/^[0-9a-f]{40}$/.test(headText)) return { top, gitDir, head: headText };
  const m = /^ref: (refs\/\S+)$/.exec(headText);
  if (!m) return null;
  const loose = read(join(common, m[1]!))?.trim();
  if (loose !== undefined) return /^[0-9a-f]{40}$/.test(loose) ? { top, gitDir, head: loose } : null;
  const packed = read(join(common, 'packed-refs')) ?? '';
  const line = packed.split('\n').find((l) => l.endsWith(` ${m[1]}`));
  const oid = line?.slice(0, 40);
  return { top, gitDir, head: oid && /^[0-9a-f]{40}$/.test(oid) ? oid : null };
}
