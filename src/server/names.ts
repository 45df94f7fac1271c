// Repository names on a hosting server: what a name may look like, and where it lives under the root.
import { lstatSync, realpathSync } from 'node:fs';
import { join, sep } from 'node:path';
import { DitError } from '../errors.js';

const SEGMENT = /^[A-Za-z0-9._-]+$/;
const MAX_SEGMENTS = 8;
const MAX_LENGTH = 200;

/**
 * Checks a repository name such as `tools/editor` and returns it; anything that could reach outside
 * the root or inside a repository's own files is refused (`..`, `.`, empty or absolute parts,
 * backslashes, NUL, hidden names), and so is what reads as an option (`-rf`) or as the folder on disk
 * (`x.git`: the server adds `.git` itself, so `x.git` would be a second name for `x`).
 */
export function checkRepoName(raw: string): string {
  const name = raw;
  const problem = nameProblem(name);
  if (problem) {
    throw new DitError(
      'invalid-value',
      `"${raw.slice(0, 100)}" is not a repository name: ${problem}. Use parts of letters, digits, ".", "_" and "-" separated by "/", like tools/editor`,
      { value: raw.slice(0, 200) },
    );
  }
  return name;
}

export function isRepoName(raw: string): boolean {
  return nameProblem(raw) === null;
}

/** Whether a folder under the root (`tools/editor.git`) holds a repository of a valid name. */
export function isRepoFolder(folder: string): boolean {
  return folder.endsWith('.git') && isRepoName(folder.slice(0, -4));
}

function nameProblem(name: string): string | null {
  if (!name) return 'it is empty';
  if (name.length > MAX_LENGTH) return `it is longer than ${MAX_LENGTH} characters`;
  if (name.startsWith('/')) return 'it is absolute';
  const parts = name.split('/');
  if (parts.length > MAX_SEGMENTS) return `it has more than ${MAX_SEGMENTS} parts`;
  for (const part of parts) {
    if (!part) return 'it has an empty part';
    if (!SEGMENT.test(part))
      return `"${part.replace(/[^\x20-\x7e]/g, '?')}" has a character other than letters, digits, ".", "_" and "-"`;
    if (part.startsWith('.')) return `"${part}" starts with a dot`;
    if (part === '-') return '"-" is reserved for the server\'s own pages';
    if (part.startsWith('-')) return `"${part}" starts with "-" (git and shells would read it as an option)`;
    if (/\.git$/i.test(part)) return `"${part}" ends in .git (only the repository folder on disk does)`;
    if (/\.lock$/i.test(part)) return `"${part}" ends in .lock`;
  }
  return null;
}

/** The folder of a repository under the root: `<root>/<name>.git`. */
export function repoDir(root: string, name: string): string {
  return join(root, `${checkRepoName(name)}.git`);
}

/**
 * Whether a repository folder exists and stays inside the root: no part of its path may be a
 * symbolic link that leads elsewhere (a link inside the root to inside the root is fine).
 */
export function existsInRoot(root: string, name: string): boolean {
  const dir = repoDir(root, name);
  try {
    if (!lstatSync(dir).isDirectory() && !lstatSync(dir).isSymbolicLink()) return false;
    const real = realpathSync(dir);
    const top = realpathSync(root);
    return (real + sep).startsWith(top + sep) && real !== top && lstatSync(real).isDirectory();
  } catch {
    return false;
  }
}
