// Opens a Mercurial working copy: where it lives (found by walking up to `.hg/`, as hg does) and its one command server.
import { join, resolve } from 'node:path';
import { DitError } from '../errors.js';
import { CommandServer, type HgResult, type HgRunOptions } from './command-server.js';
import { extensionFile } from './extension.js';
import { hgFolders } from './where.js';

export class Hg {
  readonly cmd: CommandServer;
  private constructor(
    /** The working copy's top folder. */
    readonly root: string,
    /** Its `.hg` folder. */
    readonly hgDir: string,
    /** Where the store is (`.hg/store`, or the shared source's for a share). */
    readonly storeDir: string,
    readonly env: NodeJS.ProcessEnv,
  ) {
    // dit's extension goes into its own hg only, written under .hg/dit/ once per version
    let ext: Promise<string> | null = null;
    this.cmd = new CommandServer(root, env, async () => {
      ext ??= extensionFile(join(hgDir, 'dit'));
      return ['--config', `extensions.dit=${await ext}`];
    });
  }

  /** The working copy `dir` is in, or null when no `.hg/` is above it. */
  static find(dir: string): string | null {
    return hgFolders(dir)?.root ?? null;
  }

  static open(dir: string, opts: { env?: NodeJS.ProcessEnv } = {}): Hg {
    const where = hgFolders(dir);
    if (!where)
      throw new DitError('not-a-repository', `${resolve(dir)} is not in a Mercurial working copy`, {
        dir: resolve(dir),
      });
    return new Hg(where.root, where.hgDir, where.storeDir, opts.env ?? process.env);
  }

  run(args: readonly string[], opts?: HgRunOptions): Promise<HgResult> {
    return this.cmd.run(args, opts);
  }

  async text(args: readonly string[], opts?: HgRunOptions): Promise<string> {
    return (await this.cmd.run(args, opts)).stdout.toString('utf8');
  }

  close(): void {
    this.cmd.close();
  }
}
