// Commit graph questions patchsets ask: merge bases, counts, messages, ref transactions, merges without a work tree.
import { DitError } from '../errors.js';
import type { CommitInfo } from '../vcs/port.js';
import type { Git } from './repo.js';

export type { CommitInfo };

/** The best common ancestor of two commits, or null when their histories are unrelated. */
export async function mergeBase(git: Git, a: string, b: string): Promise<string | null> {
  const r = await git.run(['merge-base', a, b], { okCodes: [1] });
  return r.code === 0 ? r.stdout.toString('utf8').trim() || null : null;
}

/** How many commits `to` has that `from` lacks (`git rev-list --count from..to`). */
export async function countCommits(git: Git, from: string | null, to: string): Promise<number> {
  const out = await git.text(['rev-list', '--count', to, ...(from ? [`^${from}`] : []), '--']);
  return Number(out.trim());
}

/** Commits in `from..to`, oldest first, with their messages split into subject and body. */
export async function commitsBetween(git: Git, from: string | null, to: string, max = 1000): Promise<CommitInfo[]> {
  const out = await git.text([
    'log',
    '-z',
    '--reverse',
    `--max-count=${max}`,
    '--format=%H%x1f%an%x1f%ae%x1f%B',
    to,
    ...(from ? [`^${from}`] : []),
    '--',
  ]);
  return out
    .split('\0')
    .filter(Boolean)
    .map((rec) => {
      const [commit, name, email, ...rest] = rec.replace(/^\n/, '').split('\x1f');
      const message = rest.join('\x1f').replace(/\s+$/, '');
      const nl = message.indexOf('\n');
      return {
        commit: commit!,
        author: { name: name ?? '', email: email ?? '' },
        subject: (nl < 0 ? message : message.slice(0, nl)).trim(),
        body: nl < 0 ? '' : message.slice(nl + 1).trim(),
      };
    });
}

/** Files changed between two commits with lines added and removed (binary files count 0). */
export async function diffStat(
  git: Git,
  from: string,
  to: string,
): Promise<{ files: number; added: number; removed: number }> {
  const out = await git.text(['diff', '--numstat', '-z', '--no-renames', from, to, '--']);
  let files = 0,
    added = 0,
    removed = 0;
  for (const rec of out.split('\0')) {
    const m = /^(\d+|-)\t(\d+|-)\t/.exec(rec);
    if (!m) continue;
    files++;
    added += m[1] === '-' ? 0 : Number(m[1]);
    removed += m[2] === '-' ? 0 : Number(m[2]);
  }
  return { files, added, removed };
}

export interface RefUpdate {
  ref: string;
  next: string;
  expected?: string | null;
}

/**
 * Moves several refs in one transaction (`update-ref --stdin`): all or none. `expected` (an oid, or
 * null for "must not exist") makes each a compare-and-swap; leaving it out forces the update.
 */
export async function updateRefs(git: Git, updates: readonly RefUpdate[], message: string): Promise<void> {
  const zero = '0'.repeat(git.oidBytes * 2);
  const lines = [
    'start',
    ...updates.map((u) => `update ${u.ref} ${u.next}${u.expected !== undefined ? ` ${u.expected ?? zero}` : ''}`),
    'prepare',
    'commit',
  ];
  const r = await git.run(['update-ref', '-m', message, '--stdin'], {
    input: `${lines.join('\n')}\n`,
    okCodes: [1, 128],
  });
  if (r.code !== 0)
    throw new DitError(
      'conflict',
      `could not move ${updates.map((u) => u.ref).join(', ')}: ${r.stderr.trim()}; try again`,
    );
}

/** Refs matching the patterns whose tips `commit` reaches (one walk for all of them). */
export async function refsMergedInto(
  git: Git,
  commit: string,
  patterns: readonly string[],
): Promise<{ ref: string; oid: string }[]> {
  const out = await git.text(['for-each-ref', `--merged=${commit}`, '--format=%(objectname) %(refname)', ...patterns]);
  return out
    .split('\n')
    .filter(Boolean)
    .map((l) => ({ oid: l.slice(0, l.indexOf(' ')), ref: l.slice(l.indexOf(' ') + 1) }));
}

let mergeBaseSupported: boolean | undefined;

export type MergeTreeResult = { clean: true; tree: string } | { clean: false; tree: string; conflicts: string[] };

/** Merges two commits' trees without touching a work tree (`git merge-tree --write-tree`, git 2.38+). */
export async function mergeTree(
  git: Git,
  ours: string,
  theirs: string,
  mergeBaseOid?: string,
): Promise<MergeTreeResult> {
  const args = ['merge-tree', '--write-tree', '-z', '--name-only', '--no-messages'];
  let r =
    mergeBaseOid && mergeBaseSupported !== false
      ? await git.run([...args, `--merge-base=${mergeBaseOid}`, ours, theirs], { okCodes: [1, 129] })
      : null;
  if (r && r.code === 129) {
    mergeBaseSupported = false;
    r = null;
  }
  // git before 2.40 has no --merge-base: the merge base it finds itself gives the same tree when
  // replaying a linear series (the changes already replayed appear on both sides alike)
  r ??= await git.run([...args, ours, theirs], { okCodes: [1] });
  const parts = r.stdout.toString('utf8').split('\0');
  const tree = parts[0]!.trim();
  if (r.code === 0) return { clean: true, tree };
  const conflicts = [...new Set(parts.slice(1).filter((p) => p && !p.startsWith('\n')))];
  return { clean: false, tree, conflicts };
}

/** Writes a commit object with an explicit author (defaults to git's configured identity). */
export async function commitTreeAs(
  git: Git,
  tree: string,
  parents: readonly string[],
  message: string,
  author?: { name: string; email: string; date?: string },
  committer?: { name: string; email: string },
): Promise<string> {
  const args = ['commit-tree', tree];
  for (const p of parents) args.push('-p', p);
  const env: Record<string, string> = {};
  if (author) {
    env.GIT_AUTHOR_NAME = author.name;
    env.GIT_AUTHOR_EMAIL = author.email;
    if (author.date) env.GIT_AUTHOR_DATE = author.date;
  }
  if (committer) {
    env.GIT_COMMITTER_NAME = committer.name;
    env.GIT_COMMITTER_EMAIL = committer.email;
  }
  return (await git.text(args, { input: message, env })).trim();
}

/** The committer identity git would use (config or GIT_COMMITTER_* in the environment), or null. */
export async function committerIdentity(git: Git): Promise<{ name: string; email: string } | null> {
  const r = await git.run(['var', 'GIT_COMMITTER_IDENT'], { okCodes: [128] });
  const m = /^(.*) <(.*)> \d+ [+-]\d{4}$/.exec(r.stdout.toString('utf8').trim());
  return r.code === 0 && m ? { name: m[1]!, email: m[2]! } : null;
}

/** A commit's author, author date (raw, as git stores it) and full message, for replaying it. */
export async function commitForReplay(
  git: Git,
  commit: string,
): Promise<{ author: { name: string; email: string; date: string }; message: string; parents: string[] }> {
  const out = await git.text(['log', '-1', '-z', '--format=%an%x1f%ae%x1f%ad%x1f%P%x1f%B', '--date=raw', commit, '--']);
  const [name, email, date, parents, ...rest] = out.replace(/\0$/, '').split('\x1f');
  return {
    author: { name: name ?? '', email: email ?? '', date: date ?? '' },
    parents: (parents ?? '').split(' ').filter(Boolean),
    message: rest.join('\x1f'),
  };
}

/** Whether tracked files differ from HEAD in the index or the work tree (untracked files do not count). */
/** Changes to tracked files, staged or not: git's two status letters (index, work tree) and the path. */
export async function localChanges(git: Git): Promise<{ index: string; tree: string; path: string }[]> {
  const out = (await git.run(['status', '--porcelain=v1', '-z', '--untracked-files=no'])).stdout.toString('utf8');
  const fields = out.split('\0');
  const changes: { index: string; tree: string; path: string }[] = [];
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i]!;
    if (f.length < 4) continue;
    changes.push({ index: f[0]!, tree: f[1]!, path: f.slice(3) });
    if (f[0] === 'R' || f[0] === 'C') i++; // a rename or copy is followed by its source path
  }
  return changes;
}

/** Checks out a branch at a commit (`git checkout -B`), creating or moving it. */
export async function checkoutBranch(git: Git, branch: string, commit: string): Promise<void> {
  await git.run(['checkout', '-q', '-B', branch, commit]);
}

/** Fetches refs from a remote into local refs (`+src:dst` forced); false when the remote lacks them. */
export async function fetchRefs(git: Git, remote: string, refspecs: readonly string[]): Promise<boolean> {
  const r = await git.run(['fetch', '--quiet', '--no-tags', remote, ...refspecs], { okCodes: [1, 128] });
  return r.code === 0;
}

/**
 * The refs a remote has under a prefix (`git ls-remote`), without asking anyone for a password: a
 * remote that would prompt answers as unreachable. `error` says why when it could not be asked.
 */
export async function remoteRefs(
  git: Git,
  remote: string,
  prefix: string,
): Promise<{ refs: { ref: string; oid: string }[]; error: string | null }> {
  const r = await git.run(['ls-remote', '--refs', remote, `${prefix}*`], {
    okCodes: [1, 2, 128],
    env: { GIT_TERMINAL_PROMPT: '0' },
  });
  if (r.code !== 0 && r.code !== 2) return { refs: [], error: r.stderr.trim().split('\n').at(-1) ?? `exit ${r.code}` };
  const refs = r.stdout
    .toString('utf8')
    .split('\n')
    .map((l) => l.split('\t'))
    .filter((p): p is [string, string] => p.length === 2 && p[1]!.startsWith(prefix))
    .map(([oid, ref]) => ({ ref, oid }));
  return { refs, error: null };
}

/** Pushes refspecs, reporting failure instead of throwing (a remote may refuse some refs). */
export async function pushRefs(
  git: Git,
  remote: string,
  refspecs: readonly string[],
): Promise<{ ok: boolean; stderr: string }> {
  const r = await git.run(['push', '--quiet', remote, ...refspecs], { okCodes: [1, 128] });
  return { ok: r.code === 0, stderr: r.stderr };
}

/** What a symbolic ref points at (`refs/remotes/origin/HEAD` -> `refs/remotes/origin/main`), or null. */
export async function symbolicRef(git: Git, name: string): Promise<string | null> {
  const r = await git.run(['symbolic-ref', '-q', name], { okCodes: [1, 128] });
  return r.code === 0 ? r.stdout.toString('utf8').trim() || null : null;
}
