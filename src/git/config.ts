// Repository configuration through `git config`: read, set, add once, and list whole sections (Gitblit milestones).
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { commonDir } from './refs.js';
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

/** Makes a multi-valued key hold exactly `values`, in order (none: the key goes). */
export async function setAllConfig(git: Git, key: string, values: readonly string[]): Promise<void> {
  await git.run(['config', '--unset-all', key], { okCodes: [5] });
  for (const value of values) await git.run(['config', '--add', key, value]);
}

export interface ConfigEntry {
  section: string;
  subsection: string | null;
  key: string;
  value: string;
}

/** Entries of the repository's local config whose section is one of `sections` (lower case). */
export async function localConfig(git: Git, sections: readonly string[]): Promise<ConfigEntry[]> {
  const pattern = `^(${sections.map((s) => s.replace(/[^a-z0-9-]/g, '')).join('|')})\\.`;
  const r = await git.run(['config', '--local', '-z', '--get-regexp', pattern], { okCodes: [1] });
  return parseConfigZ(r.stdout.toString('utf8'));
}

/** `git config -z` output: `name\nvalue\0` per entry; the subsection is what lies between the first and last dot. */
export function parseConfigZ(text: string): ConfigEntry[] {
  const out: ConfigEntry[] = [];
  for (const item of text.split('\0')) {
    if (!item) continue;
    const nl = item.indexOf('\n');
    const name = nl < 0 ? item : item.slice(0, nl);
    const value = nl < 0 ? 'true' : item.slice(nl + 1);
    const first = name.indexOf('.');
    const last = name.lastIndexOf('.');
    if (first < 0) continue;
    out.push({
      section: name.slice(0, first).toLowerCase(),
      subsection: last > first ? name.slice(first + 1, last) : null,
      key: name.slice(last + 1).toLowerCase(),
      value,
    });
  }
  return out;
}

/** Every key matching `pattern` (a git config regexp) in every scope git reads, in git's order, as name and value. */
export async function configMatching(git: Git, pattern: string): Promise<{ name: string; value: string }[]> {
  const r = await git.run(['config', '-z', '--get-regexp', pattern], { okCodes: [1] });
  if (r.code !== 0) return [];
  return r.stdout
    .toString('utf8')
    .split('\0')
    .filter(Boolean)
    .map((item) => {
      const nl = item.indexOf('\n');
      return nl < 0 ? { name: item, value: '' } : { name: item.slice(0, nl), value: item.slice(nl + 1) };
    });
}

/** A fingerprint of the repository's and the user's config files: what a cache of config values is keyed by. */
export function configStamp(git: Git): string {
  const home = git.env.HOME ?? homedir();
  return [join(commonDir(git), 'config'), join(home, '.gitconfig'), join(home, '.config', 'git', 'config')]
    .map((f) => {
      const s = statSync(f, { bigint: true, throwIfNoEntry: false });
      return s ? `${s.ino}:${s.mtimeNs}:${s.size}` : '-';
    })
    .join('\0');
}
