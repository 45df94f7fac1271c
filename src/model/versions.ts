// Version names of tags: semantic versions (v2.4.0, release-2.4.0-rc.1) ordered as versions, and release lines.

export interface Version {
  prefix: string;
  major: number;
  minor: number;
  patch: number;
  pre: string[];
}

const VERSION = /^(\D*(?:\d+\D+)*?)(\d+)\.(\d+)(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

/** Reads a tag name as a version (`v2.4`, `2.4.0`, `release-2.4.1-rc.2`); null when it is none. */
export function parseVersion(name: string): Version | null {
  const m = VERSION.exec(name);
  if (!m) return null;
  return {
    prefix: m[1]!,
    major: Number(m[2]),
    minor: Number(m[3]),
    patch: Number(m[4] ?? 0),
    pre: m[5] ? m[5].split('.') : [],
  };
}

/** The release line a version belongs to: its prefix and major.minor (`v2.4` for v2.4.3). */
export const lineOf = (v: Version): string => `${v.prefix}${v.major}.${v.minor}`;

const cmp = (a: number | string, b: number | string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Semantic-version order: a pre-release comes before its release; numeric identifiers compare as numbers. */
export function compareVersions(a: Version, b: Version): number {
  const c = cmp(a.prefix, b.prefix) || a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (c) return c;
  if (!a.pre.length || !b.pre.length) return b.pre.length - a.pre.length;
  for (let i = 0; i < Math.min(a.pre.length, b.pre.length); i++) {
    const x = a.pre[i]!,
      y = b.pre[i]!;
    const nx = /^\d+$/.test(x),
      ny = /^\d+$/.test(y);
    const d = nx && ny ? Number(x) - Number(y) : nx ? -1 : ny ? 1 : cmp(x, y);
    if (d) return d;
  }
  return a.pre.length - b.pre.length;
}

export interface NamedTag {
  name: string;
  date: number;
}

/** The line a tag is listed under: its version's line, or "other tags" for names that are no version. */
export const OTHER_LINE = 'other tags';
export const tagLine = (name: string): string => {
  const v = parseVersion(name);
  return v ? lineOf(v) : OTHER_LINE;
};

/**
 * Tags in release order: versions by line and then by version, tags that are no version after them by date.
 * Ties (two names for one version, `v1.0` and `v1.0.0`) fall back to the name, so the order is total.
 */
export function sortTags<T extends NamedTag>(tags: readonly T[]): T[] {
  const keyed = tags.map((t) => ({ t, v: parseVersion(t.name) }));
  keyed.sort((a, b) => {
    if (a.v && b.v) return compareVersions(a.v, b.v) || cmp(a.t.name, b.t.name);
    if (a.v || b.v) return a.v ? -1 : 1;
    return a.t.date - b.t.date || cmp(a.t.name, b.t.name);
  });
  return keyed.map((k) => k.t);
}
