// The pager for long output, as git runs it: `sh -c PAGER` fed through a pipe, with LESS=FRX by default.
import { spawn } from 'node:child_process';

export interface Pager {
  write: (text: string) => void;
  /** Ends the pager's input and waits for the user to leave it. */
  close: () => Promise<void>;
}

/** Starts `cmd` (as git would: a shell command) with our stdout and stderr; null when it is none or `cat`. */
export function startPager(cmd: string, env: NodeJS.ProcessEnv, cwd: string): Pager | null {
  if (!cmd.trim() || cmd.trim() === 'cat') return null;
  // git's defaults: less quits when a screen holds it all, passes colours through, leaves the screen alone
  const childEnv = { ...env, LESS: env.LESS ?? 'FRX', LV: env.LV ?? '-c' };
  const child = spawn('sh', ['-c', cmd], { stdio: ['pipe', 'inherit', 'inherit'], env: childEnv, cwd });
  let gone = false;
  const exited = new Promise<void>((resolve) => {
    child.on('error', () => {
      gone = true;
      resolve();
    });
    child.on('close', () => {
      gone = true;
      resolve();
    });
  });
  // the user may quit the pager before reading everything: that is not an error, as with git
  child.stdin.on('error', () => {
    gone = true;
  });
  // Ctrl-C goes to the pager (less uses it); dit waits for the pager to end rather than dying under it
  const ignore = () => {};
  process.on('SIGINT', ignore);
  return {
    write: (text) => {
      if (!gone) child.stdin.write(text);
    },
    close: async () => {
      if (!gone) child.stdin.end();
      await exited;
      process.off('SIGINT', ignore);
    },
  };
}
