// Reading a repository's own config file (`git config --local`), e.g. the milestones Gitblit keeps there.
import type { Git } from './repo.js';

export interface ConfigEntry { section: string; subsection: string | null; key: string; value: string }

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
