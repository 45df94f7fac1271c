// Runs the real `dit` on a pseudo-terminal (util-linux `script`), for what differs on a terminal: colour, pager, progress.
import { spawnSync } from 'node:child_process';
import { DIT, type Repo } from './helpers.js';

export interface TerminalResult {
  code: number;
  /** What the terminal showed (stdout and stderr together), with the terminal's \r\n made \n. */
  screen: string;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Whether `script` is here; tests fail rather than skip without it (CI must have it). */
export const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

/** `dit ARGS` with stdin, stdout and stderr on a terminal of 200 columns, in the repository. */
export function inTerminal(repo: Repo, args: readonly string[], env: NodeJS.ProcessEnv = {}): TerminalResult {
  if (!hasScript) throw new Error('these tests need `script` from util-linux (apt-get install bsdutils)');
  const cmd = `stty cols 200 rows 50 2>/dev/null; exec ${[process.execPath, DIT, ...args].map(quote).join(' ')}`;
  const r = spawnSync('script', ['-qec', cmd, '/dev/null'], {
    cwd: repo.dir,
    env: { ...repo.env, TERM: 'xterm-256color', ...env },
    encoding: 'utf8',
    input: '',
    timeout: 60_000,
  });
  return { code: r.status ?? -1, screen: (r.stdout ?? '').replace(/\r\n/g, '\n') };
}

/** ANSI escape sequences (colour and cursor), to compare what a terminal shows with what a pipe gets. */
export const ESC = /\x1b\[/;
export const strip = (s: string) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
