// Diffs for reviewing: per-file counts, patch text for chosen files and range-diffs, every read bounded in bytes.
import type { Bounded, FileStat, LogEntry } from '../vcs/port.js';
import type { Git } from './repo.js';

export type { Bounded, FileStat, LogEntry };

const DIFF_FLAGS = ['--no-color', '--no-ext-diff', '--no-textconv', '-M', '--submodule=short'];

/** Every file changed from `from` to `to`, with lines added and removed; at most `maxBytes` of output is read. */
export async function fileStats(git: Git, from: string, to: string, maxBytes = 4 << 20): Promise<Bounded<FileStat[]>> {
  const r = await git.run(['diff', ...DIFF_FLAGS, '-z', '--raw', '--numstat', from, to, '--'], { maxBytes });
  const parts = r.stdout.toString('utf8').split('\0');
  const files: FileStat[] = [];
  let i = 0;
  // raw records first: ":old new oid oid status\0path\0[path2\0]"
  while (i < parts.length && parts[i]!.startsWith(':')) {
    const m = /^:(\d+) (\d+) [0-9a-f]+ [0-9a-f]+ ([A-Z])\d*$/.exec(parts[i]!);
    const status = m?.[3] ?? 'M';
    const two = status === 'R' || status === 'C';
    const a = parts[i + 1];
    const b = two ? parts[i + 2] : undefined;
    i += two ? 3 : 2;
    if (a === undefined || (two && b === undefined)) break; // cut off mid-record
    files.push({
      status,
      path: two ? b! : a,
      oldPath: two ? a : null,
      oldMode: m?.[1] ?? '100644',
      newMode: m?.[2] ?? '100644',
      added: null,
      removed: null,
    });
  }
  // then numstat: "added\tremoved\tpath\0" or, for a rename, "added\tremoved\t\0old\0new\0"
  let n = 0;
  while (i < parts.length && n < files.length) {
    const m = /^(\d+|-)\t(\d+|-)\t([\s\S]*)$/.exec(parts[i]!);
    if (!m) {
      i++;
      continue;
    }
    i += m[3] === '' ? 3 : 1;
    const f = files[n++]!;
    f.added = m[1] === '-' ? null : Number(m[1]);
    f.removed = m[2] === '-' ? null : Number(m[2]);
  }
  return { value: files, truncated: !!r.truncated };
}

/** A path as a pathspec that matches only itself (no globs, no magic from a hostile name). */
const literal = (path: string): string => `:(literal)${path}`;

/**
 * The unified diff of the named files (both sides of a rename must be named), with `context` lines;
 * at most `maxBytes` of it. No paths asks for nothing (an empty answer, not the whole diff).
 */
export async function patchText(
  git: Git,
  from: string,
  to: string,
  paths: readonly string[],
  opts: { maxBytes: number; context?: number },
): Promise<Bounded<string>> {
  if (!paths.length) return { value: '', truncated: false };
  const r = await git.run(
    [
      'diff',
      ...DIFF_FLAGS,
      `-U${opts.context ?? 3}`,
      '--src-prefix=a/',
      '--dst-prefix=b/',
      '--full-index',
      from,
      to,
      '--',
      ...[...new Set(paths)].map(literal),
    ],
    { maxBytes: opts.maxBytes },
  );
  return { value: r.stdout.toString('utf8'), truncated: !!r.truncated };
}

/** `git range-diff` of two series (base..tip each): how each commit changed between them. */
export async function rangeDiff(
  git: Git,
  a: { base: string; tip: string },
  b: { base: string; tip: string },
  maxBytes: number,
): Promise<Bounded<string>> {
  const r = await git.run(['range-diff', '--no-color', `${a.base}..${a.tip}`, `${b.base}..${b.tip}`], {
    maxBytes,
    okCodes: [1, 128],
  });
  if (!r.truncated && r.code !== 0) return { value: '', truncated: false };
  return { value: r.stdout.toString('utf8'), truncated: !!r.truncated };
}

/** Commits in `base..tip`, oldest first, at most `max` (the newest `max` when there are more). */
export async function seriesLog(git: Git, base: string, tip: string, max: number): Promise<LogEntry[]> {
  const out = await git.text([
    'log',
    '-z',
    `--max-count=${max}`,
    '--format=%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%s',
    tip,
    `^${base}`,
    '--',
  ]);
  return out
    .split('\0')
    .filter(Boolean)
    .map((rec) => {
      const [commit, parents, name, email, time, ...subject] = rec.replace(/^\n/, '').split('\x1f');
      return {
        commit: commit!,
        parents: (parents ?? '').split(' ').filter(Boolean),
        author: { name: name ?? '', email: email ?? '' },
        time: time ?? '',
        subject: subject.join('\x1f'),
      };
    })
    .reverse();
}
