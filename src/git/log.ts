// Reading history: commits whose messages may name tickets, and who the user is.

import { DitError } from '../errors.js';
import { cachedIdentity } from './identity-cache.js';
import type { Git } from './repo.js';

/** `time` is the commit's (committer) time; `authorTime` the author's, which cherry-picks and rebases keep. */
export interface CommitMessage {
  commit: string;
  time: string;
  authorTime: string;
  author: { name: string; email: string };
  message: string;
}

/**
 * Commits reachable from `tip` (or from every one of several tips) but not from any of `exclude` whose
 * message may name a ticket (`#<hex>`, `#54`, `ticket-54`, `issue-54`, `GH-54`, a tracker's URL: see
 * model/mentions.ts) or says it reverts a commit. git filters in C, so even a long history is
 * one quick pass; revisions go on standard input, so a thousand tags fit.
 */
export async function commitsNamingTickets(
  git: Git,
  tip: string | readonly string[],
  exclude: readonly string[] = [],
): Promise<CommitMessage[]> {
  const tips = typeof tip === 'string' ? [tip] : tip;
  if (!tips.length) return [];
  const args = [
    'log',
    '-z',
    '--format=%H%x1f%ct%x1f%at%x1f%an%x1f%ae%x1f%B',
    '-E',
    '-i',
    '--grep=#[0-9a-f]',
    '--grep=(ticket|issue|gh)-[0-9]',
    '--grep=/(issues|pull|pulls)/[0-9]',
    '--grep=/tickets[/?]',
    '--grep=This reverts commit',
    '--stdin',
    '--',
  ];
  const input = `${[...tips, ...exclude.map((e) => `^${e}`)].join('\n')}\n`;
  const out = (await git.run(args, { input })).stdout.toString('utf8');
  const commits: CommitMessage[] = [];
  for (const record of out.split('\0')) {
    if (!record) continue;
    const [commit, ct, at, name, email, ...rest] = record.replace(/^\n/, '').split('\x1f');
    commits.push({
      commit: commit!,
      time: new Date(Number(ct) * 1000).toISOString(),
      authorTime: new Date(Number(at) * 1000).toISOString(),
      author: { name: name ?? '', email: email ?? '' },
      message: rest.join('\x1f'),
    });
  }
  return commits;
}

/** Commits reachable from `tip` whose message has a closing keyword before a `#word` (for `dit doctor`). */
export async function commitsWithClosingWords(git: Git, tip: string): Promise<CommitMessage[]> {
  const args = [
    'log',
    '-z',
    '--format=%H%x1f%ct%x1f%at%x1f%an%x1f%ae%x1f%B',
    '-E',
    '-i',
    '--grep=(fix|fixe[sd]|close[sd]?|resolve[sd]?)[[:space:]]*:?[[:space:]]+#[[:alnum:]_]',
    tip,
    '--',
  ];
  const out = (await git.run(args)).stdout.toString('utf8');
  return out
    .split('\0')
    .filter(Boolean)
    .map((record) => {
      const [commit, ct, at, name, email, ...rest] = record.replace(/^\n/, '').split('\x1f');
      return {
        commit: commit!,
        time: new Date(Number(ct) * 1000).toISOString(),
        authorTime: new Date(Number(at) * 1000).toISOString(),
        author: { name: name ?? '', email: email ?? '' },
        message: rest.join('\x1f'),
      };
    });
}

/** The configured identity (user.name / user.email, or GIT_AUTHOR_* in the environment). */
export function identity(git: Git): Promise<{ name: string; email: string }> {
  return cachedIdentity(git, () => askIdentity(git));
}

async function askIdentity(git: Git): Promise<{ name: string; email: string }> {
  const r = await git.run(['var', 'GIT_AUTHOR_IDENT'], { okCodes: [128] });
  const m = /^(.*) <(.*)> \d+ [+-]\d{4}$/.exec(r.stdout.toString('utf8').trim());
  if (r.code !== 0 || !m) {
    throw new DitError(
      'no-identity',
      'git does not know who you are; run `git config --global user.name "Your Name"` and `git config --global user.email you@example.com`',
    );
  }
  const [name, email] = [m[1]!, m[2]!];
  // entries hold at most 256 characters of each (model/schema.ts MAX_NAME); say so before any write
  for (const [what, value, example] of [
    ['name', name, '"Your Name"'],
    ['email', email, 'you@example.com'],
  ] as const) {
    if ([...value].length > 256) {
      throw new DitError(
        'no-identity',
        `your git user.${what} is ${[...value].length} characters long and dit records at most 256; set ` +
          `a shorter one with \`git config user.${what} ${example}\` (or GIT_AUTHOR_${what.toUpperCase()})`,
      );
    }
  }
  return { name, email };
}

/** One commit read through the long-lived cat-file process: null when `rev` names no commit. */
export async function readCommit(git: Git, rev: string): Promise<(CommitMessage & { parents: string[] }) | null> {
  if (!/^[0-9a-f]{4,64}$/i.test(rev)) return null;
  const obj = await git.cat.contents(`${rev}^{commit}`);
  if (obj?.type !== 'commit') return null;
  const text = obj.data.toString('utf8');
  const split = text.indexOf('\n\n');
  const headers = (split < 0 ? text : text.slice(0, split)).split('\n');
  const parents = headers.filter((h) => h.startsWith('parent ')).map((h) => h.slice(7));
  const m = /^author (.*) <(.*)> (\d+) [+-]\d{4}$/m.exec(headers.join('\n'));
  return {
    commit: obj.oid,
    parents,
    message: split < 0 ? '' : text.slice(split + 2),
    author: { name: m?.[1] ?? '', email: m?.[2] ?? '' },
    time: new Date(Number(m?.[3] ?? 0) * 1000).toISOString(),
    authorTime: new Date(Number(m?.[3] ?? 0) * 1000).toISOString(),
  };
}

/** Paths under `prefix` that a (one-parent) commit deletes, as `git diff-tree` reports them. */
export async function deletedPaths(git: Git, commit: string, prefix: string): Promise<string[]> {
  const r = await git.run(
    [
      'diff-tree',
      '-r',
      '-z',
      '--no-renames',
      '--no-commit-id',
      '--name-only',
      '--diff-filter=D',
      `${commit}^`,
      commit,
      '--',
      prefix,
    ],
    { okCodes: [128] },
  );
  return r.code === 0 ? r.stdout.toString('utf8').split('\0').filter(Boolean) : [];
}

/** The authors of the newest `max` commits on local branches (mailmap applied), newest first, repeats kept. */
export async function commitAuthors(git: Git, max = 2000): Promise<{ name: string; email: string }[]> {
  const res = await git.run(['log', '--branches', '-z', `--max-count=${max}`, '--format=%aN%x1f%aE'], {
    okCodes: [128],
  });
  if (res.code !== 0) return []; // a repository without commits has no authors yet
  return res.stdout
    .toString('utf8')
    .split('\0')
    .filter(Boolean)
    .map((r) => {
      const [name, email] = r.replace(/^\n/, '').split('\x1f');
      return { name: name ?? '', email: email ?? '' };
    });
}
