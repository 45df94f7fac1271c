// Repository configuration through `git config`: read one value, set one, add to a multi-valued key once.
import type { Git } from './repo.js';

/** The value of a key (the last one, as git reads it), or null when unset. */
export async function getConfig(git: Git, key: string): Promise<string | null> {
  const r = await git.run(['config', '--get', key], { okCodes: [1] });
  return r.code === 0 ? r.stdout.toString('utf8').trim() : null;
}

/** A boolean key as git reads it (`yes`, `on`, `1`, `true`); `fallback` when unset. */
export async function getConfigBool(git: Git, key: string, fallback = false): Promise<boolean> {
  const r = await git.run(['config', '--type=bool', '--get', key], { okCodes: [1, 128] });
  return r.code === 0 ? r.stdout.toString('utf8').trim() === 'true' : fallback;
}

export async function getAllConfig(git: Git, key: string): Promise<string[]> {
  const r = await git.run(['config', '--get-all', key], { okCodes: [1] });
  return r.code === 0 ? r.stdout.toString('utf8').split('\n').filter(Boolean) : [];
}

export async function setConfig(git: Git, key: string, value: string): Promise<void> {
  await git.run(['config', key, value]);
}

/** Adds a value to a multi-valued key unless it is there already (so installing twice changes nothing). */
export async function addConfigValue(git: Git, key: string, value: string): Promise<void> {
  if ((await getAllConfig(git, key)).includes(value)) return;
  await git.run(['config', '--add', key, value]);
}
