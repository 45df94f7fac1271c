// Opens a repository: where it lives, whether it is bare, and the processes that read it.
import { resolve } from 'node:path';
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
  ) {
    this.cat = new CatFile(cwd);
  }

  static async open(dir: string): Promise<Git> {
    let out: string;
    try {
      out = await runText(['rev-parse', '--absolute-git-dir', '--is-bare-repository', '--show-object-format', '--show-toplevel'], { cwd: dir, okCodes: [] });
    } catch (err) {
      const stderr = String((err as DitError).data?.stderr ?? '');
      if (/not a git repository/i.test(stderr)) {
        throw new DitError('not-a-repository', `${resolve(dir)} is not in a git repository; run dit inside a git working copy, or create one with \`git init\``);
      }
      // a bare repository has no top level; ask again without it
      out = await runText(['rev-parse', '--absolute-git-dir', '--is-bare-repository', '--show-object-format'], { cwd: dir });
    }
    const [gitDir, bare, format, top] = out.split('\n');
    if (!gitDir) throw new DitError('not-a-repository', `${resolve(dir)} is not in a git repository`);
    const isBare = bare === 'true' || !top;
    return new Git(isBare ? gitDir : top!, gitDir, isBare ? null : top!, format === 'sha256' ? 32 : 20);
  }

  run(args: readonly string[], opts: Omit<RunOptions, 'cwd'> = {}) {
    return run(args, { ...opts, cwd: this.cwd });
  }

  async text(args: readonly string[], opts: Omit<RunOptions, 'cwd'> = {}): Promise<string> {
    return runText(args, { ...opts, cwd: this.cwd });
  }

  /** A tree by object name (`<rev>:<path>` or an oid); null when there is none. */
  async readTree(name: string): Promise<{ oid: string; entries: TreeEntry[] } | null> {
    const obj = await this.cat.contents(name);
    if (!obj || obj.type !== 'tree') return null;
    return { oid: obj.oid, entries: parseTree(obj.data, this.oidBytes) };
  }

  async readBlob(name: string): Promise<Buffer | null> {
    const obj = await this.cat.contents(name);
    return obj && obj.type === 'blob' ? obj.data : null;
  }

  /** The object id a name resolves to, or null. */
  async oid(name: string): Promise<string | null> {
    return (await this.cat.info(name))?.oid ?? null;
  }

  close(): void {
    this.cat.close();
  }
}
