// Running the real `dit` to see whether the CLI's quick path answered (from the derived store, with no git
// or hg) or the whole CLI did, and what the whole CLI says, so a test compares the two answers.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { DIT } from './helpers.js';

interface WorkingCopy {
  dir: string;
  env: NodeJS.ProcessEnv;
}

/** `dit ARGS` (must exit 0), with whether the quick path answered it (`DIT_TRACE_QUICK` says so on stderr). */
export function quickly(r: WorkingCopy, ...args: string[]): { out: string; quick: boolean } {
  const res = spawnSync(process.execPath, [DIT, ...args], {
    cwd: r.dir,
    env: { ...r.env, DIT_TRACE_QUICK: '1' },
    encoding: 'utf8',
  });
  assert.equal(res.status, 0, res.stderr);
  return { out: res.stdout, quick: res.stderr.includes('answered from the derived store') };
}

/** What the whole CLI prints for `dit ARGS`, the quick path turned off. */
export const whole = (r: WorkingCopy, ...args: string[]): string =>
  spawnSync(process.execPath, [DIT, ...args], { cwd: r.dir, env: { ...r.env, DIT_NO_QUICK: '1' }, encoding: 'utf8' })
    .stdout;

/**
 * Let time pass: the quick path trusts no file changed within the last 50 ms (git's racy case), nor a git
 * config file within 100 ms, so a test waits past that before expecting it to answer.
 */
export const settle = (ms = 120): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};
