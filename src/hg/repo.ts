// Opens a Mercurial working copy: where it lives (found by walking up to `.hg/`, as hg does) and its one command server.
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DitError } from '../errors.js';
import { CommandServer, type HgResult, type HgRunOptions } from './command-server.js';
import { extensionFile } from './extension.js';

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
    let d = resolve(dir);
    for (;;) {
      if (statSync(join(d, '.hg'), { throwIfNoEntry: false })?.isDirectory()) return d;
      const up = resolve(d, '..');
      if (up === d) return null;
      d = up;
    }
  }

  static open(dir: string, opts: { env?: NodeJS.ProcessEnv } = {}): Hg {
    const root = Hg.find(dir);
    if (!root)
      throw new DitError('not-a-repository', `${resolve(dir)} is not in a Mercurial working copy`, {
        dir: resolve(dir),
      });
    const hgDir = join(root, '.hg');
    let storeDir = join(hgDir, 'store');
    try {
      storeDir = join(resolve(root, readFileSync(join(hgDir, 'sharedpath'), 'utf8').trim()), 'store'); // a share
    } catch {
      /* not a share */
    }
    return new Hg(root, hgDir, storeDir, opts.env ?? process.env);
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
