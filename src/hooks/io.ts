// What every hook handler gets from git: its pipes, where the repository is, and the environment.
import type { Readable, Writable } from 'node:stream';

/** What a hook handler gets: git's pipes, where the repository is, and the environment git gave it. */
export interface HookIo {
  cwd: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  stdin: Readable;
  stdout: Writable;
  /** Lines for the pusher: git shows a hook's stderr as `remote: ...`. */
  err: (text: string) => void;
}
export type HookHandler = (io: HookIo) => Promise<number>;
