// Opens a repository: where it lives, whether it is bare, and the processes that read it.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DitError } from '../errors.js';
import { CatFile } from './cat-file.js';
import { run, runText, type RunOptions } from './run.js';
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
  ) {
    this.cat = new CatFile(cwd);
  }

  static async open(dir: string): Promise<Git> {
    // one process answers where the repository is and what HEAD is; the fallbacks cover an unborn
    // HEAD (rev-parse HEAD fails) and a bare repository (no top level)
    const ask = ['rev-parse', '--absolute-git-dir', '--is-bare-repository', '--show-object-format', '--show-toplevel', 'HEAD'];
    let r = await run(ask, { cwd: dir, okCodes: [128] });
    if (r.code !== 0 && /not a git repository/i.test(r.stderr)) {
      throw new DitError('not-a-repository', `${resolve(dir)} is not in a git repository; run dit inside a git working copy, or create one with \`git init\``);
    }
    let head: string | null = null;
    if (r.code === 0) {
      const lines = r.stdout.toString('utf8').trimEnd().split('\n');
      head = lines.pop() ?? null;
      r = { ...r, stdout: Buffer.from(lines.join('\n')) };
    } else {
      r = await run(ask.slice(0, -1), { cwd: dir, okCodes: [128] });
      if (r.code !== 0) r = await run(ask.slice(0, -2), { cwd: dir });
    }
    const [gitDir, bare, format, top] = r.stdout.toString('utf8').split('\n');
    if (!gitDir) throw new DitError('not-a-repository', `${resolve(dir)} is not in a git repository`);
    const isBare = bare === 'true' || !top;
    return new Git(isBare ? gitDir : top!, gitDir, isBare ? null : top!, format === 'sha256' ? 32 : 20, head && /^[0-9a-f]{40,64}$/.test(head) ? head : null);
  }

  /** Where objects are written: objects/ of the repository (a linked worktree's main one), or $GIT_OBJECT_DIRECTORY. */
  get objectsDir(): string {
    if (process.env.GIT_OBJECT_DIRECTORY) return resolve(this.cwd, process.env.GIT_OBJECT_DIRECTORY);
    let common = this.gitDir;
    try { common = resolve(this.gitDir, readFileSync(join(this.gitDir, 'commondir'), 'utf8').trim()); } catch { /* not a linked worktree */ }
    return join(common, 'objects');
  }

  run(args: readonly string[], opts: Omit<RunOptions, 'cwd'> = {}) {
    return run(args, { ...opts, cwd: this.cwd });
  }

  async text(args: readonly string[], opts: Omit<RunOptions, 'cwd'> = {}): Promise<string> {
    return runText(args, { ...opts, cwd: this.cwd });
  }

  /** A tree by object name (`<rev>:<path>` or an oid); null when there is none. */
  /** Parsed trees by object id: immutable, so a long-running server re-reads a big tree only once. */
  private readonly trees = new Map<string, TreeEntry[]>();

  async readTree(name: string): Promise<{ oid: string; entries: TreeEntry[] } | null> {
    const known = this.trees.get(name);
    if (known) return { oid: name, entries: known };
    const obj = await this.cat.contents(name);
    if (!obj || obj.type !== 'tree') return null;
    const entries = parseTree(obj.data, this.oidBytes);
    if (entries.length >= 256) { // only big trees are worth keeping; a few dozen at most
      if (this.trees.size >= 32) this.trees.delete(this.trees.keys().next().value!);
      this.trees.set(obj.oid, entries);
    }
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
