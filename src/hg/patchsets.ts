// Patchsets in hg: their changesets kept in bundles under `.hg/dit/kept/`, and the logs and diffs review pages read.
//
// Without evolution (hg's default), `hg commit --amend`, `hg rebase` and `hg histedit` strip the changesets
// they replace (a backup goes to `.hg/strip-backup/`, which nothing reads): a bookmark or a local tag on
// them does not keep them, it is moved to the replacement or left naming nothing. So each patchset's
// changesets (base..tip) are bundled when it is recorded, and an old patchset is read through hg's bundle
// overlay (`-R bundle:ROOT+FILE`), which shows the repository plus the bundle without changing either.
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parsePatch } from '../model/diff.js';
import type { Bounded, CommitInfo, FileStat, LogEntry } from '../vcs/port.js';
import { id } from './history.js';
import type { Hg } from './repo.js';

const keptFile = (hg: Hg, tip: string): string => join(hg.hgDir, 'dit', 'kept', `${tip}.hg`);
const isNode = (s: string) => /^[0-9a-f]{40}$/.test(s);

/** Bundles the changesets of `base..tip` under `.hg/dit/kept/<tip>.hg`, once. */
export async function keepPatchset(hg: Hg, base: string, tip: string): Promise<void> {
  if (!isNode(tip) || !isNode(base)) return;
  const file = keptFile(hg, tip);
  if (existsSync(file)) return;
  await mkdir(join(hg.hgDir, 'dit', 'kept'), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  // exit 1: nothing to bundle (the tip is an ancestor of the base); nothing to keep then
  const r = await hg.run(['bundle', '-q', '-t', 'none-v2', '-r', id(tip), '--base', id(base), '--', tmp], {
    okCodes: [1],
  });
  if (r.code === 0) await rename(tmp, file);
  else await rm(tmp, { force: true });
}

/**
 * What a proposal of `tip` onto the named branch `name` (newest head `head`) is measured against. When
 * `tip` is on another branch, the head. When it is on that branch (a bookmark's line), the branch's
 * newest changeset outside what only `tip` has, else its newest public one that `tip` descends from, else
 * the head itself (then nothing is proposed, and the caller says so).
 */
export async function branchTarget(hg: Hg, name: string, head: string, tip: string): Promise<string> {
  const branch = `branch(${JSON.stringify(`literal:${name}`)})`;
  for (const revset of [
    `${id(tip)} and ${branch}`,
    `max(${branch} - only(${id(tip)}))`,
    `max(${branch} and public() and ::${id(tip)})`,
  ]) {
    const out = (await hg.text(['log', '-r', revset, '-T', '{node}\\0'], { okCodes: [255] })).split('\0')[0] ?? '';
    if (revset.startsWith('id(')) {
      if (out !== tip) return head; // the tip is on another branch: the branch's head is the target
      continue;
    }
    if (isNode(out)) return out;
  }
  return head;
}

/** Of these changesets, those the repository has (not hidden, not stripped). */
async function present(hg: Hg, nodes: readonly string[]): Promise<Set<string>> {
  const valid = [...new Set(nodes)].filter(isNode);
  if (!valid.length) return new Set();
  const out = await hg.text(['log', '-r', valid.map(id).join(' or '), '-T', '{node}\\0'], { okCodes: [255] });
  return new Set(out.split('\0').filter(Boolean));
}

export async function canReview(hg: Hg, commit: string): Promise<boolean> {
  return isNode(commit) && (existsSync(keptFile(hg, commit)) || (await present(hg, [commit])).has(commit));
}

/**
 * The global options that make these changesets readable: none when the repository has them all, the
 * bundle overlay of a kept patchset that one of the missing ones is the tip of, else none (hg then
 * answers with nothing, as for any unknown changeset; callers checked `canReview` first).
 */
async function repoFor(hg: Hg, nodes: readonly string[]): Promise<string[]> {
  const here = await present(hg, nodes);
  for (const n of nodes)
    if (!here.has(n) && isNode(n) && existsSync(keptFile(hg, n))) return ['-R', `bundle:${hg.root}+${keptFile(hg, n)}`];
  return [];
}

const LOG_TEMPLATE =
  '{node}\\x1f{p1node} {p2node}\\x1f{person(author)}\\x1f{email(author)}\\x1f{date|rfc3339date}\\x1f{desc}\\0';

function parseLog(text: string): (LogEntry & { message: string })[] {
  return text
    .split('\0')
    .filter(Boolean)
    .map((rec) => {
      const [commit, parents, name, email, time, ...rest] = rec.split('\x1f');
      const message = rest.join('\x1f').replace(/\s+$/, '');
      return {
        commit: commit!,
        parents: (parents ?? '').split(' ').filter((p) => p && !/^0+$/.test(p)),
        author: { name: name ?? '', email: email ?? '' },
        time: time ?? '',
        subject: (message.split('\n')[0] ?? '').trim(),
        message,
      };
    });
}

/** The changesets of `from..to` (hg's `only()`), oldest first, the newest `max` of them. */
async function series(hg: Hg, from: string | null, to: string, max: number) {
  const range = from ? `only(${id(to)}, ${id(from)})` : `::${id(to)}`;
  const pre = await repoFor(hg, from ? [from, to] : [to]);
  const out = await hg.text(
    [...pre, 'log', '-r', `last(sort(${range}, rev), ${Math.max(1, max)})`, '-T', LOG_TEMPLATE],
    {
      okCodes: [255],
    },
  );
  return parseLog(out);
}

export async function commitsBetween(hg: Hg, from: string | null, to: string, max: number): Promise<CommitInfo[]> {
  return (await series(hg, from, to, max)).map((c) => {
    const nl = c.message.indexOf('\n');
    return {
      commit: c.commit,
      author: c.author,
      subject: c.subject,
      body: nl < 0 ? '' : c.message.slice(nl + 1).trim(),
    };
  });
}

export async function seriesLog(hg: Hg, base: string, tip: string, max: number): Promise<LogEntry[]> {
  return (await series(hg, base, tip, max)).map(({ message: _, ...c }) => c);
}

/**
 * `hg diff --git` between two changesets, for the named paths (none: every file), bounded by bytes. hg
 * writes binary files as a one-line note with `diff.nobinary`, which is rewritten as git words it.
 */
async function diffText(
  hg: Hg,
  from: string,
  to: string,
  paths: readonly string[] | null,
  opts: { maxBytes: number; context?: number },
): Promise<Bounded<string>> {
  if (!isNode(from) || !isNode(to)) return { value: '', truncated: false };
  const pre = await repoFor(hg, [from, to]);
  const args = [
    ...pre,
    '--config',
    'diff.nobinary=true',
    'diff',
    '--git',
    '--nodates',
    `-U${opts.context ?? 3}`,
    '-r',
    id(from),
    '-r',
    id(to),
  ];
  // `path:` patterns are literal names (no globs), rooted at the top of the repository
  if (paths) args.push('--', ...[...new Set(paths)].map((p) => `path:${p}`));
  const out = (await hg.run(args, { okCodes: [1, 255] })).stdout;
  const truncated = out.length > opts.maxBytes;
  const text = out.subarray(0, opts.maxBytes).toString('utf8');
  return {
    value: text.replace(/^Binary file (.+) has changed$/gm, (_m, p: string) => `Binary files a/${p} and b/${p} differ`),
    truncated,
  };
}

export function patchText(
  hg: Hg,
  from: string,
  to: string,
  paths: readonly string[],
  opts: { maxBytes: number; context?: number },
): Promise<Bounded<string>> {
  if (!paths.length) return Promise.resolve({ value: '', truncated: false });
  return diffText(hg, from, to, paths, opts);
}

/** Every file changed, with its status, modes and line counts, read from one `hg diff --git` (no context). */
export async function fileStats(hg: Hg, from: string, to: string, maxBytes: number): Promise<Bounded<FileStat[]>> {
  const text = await diffText(hg, from, to, null, { maxBytes, context: 0 });
  const blocks = text.value.split(/^(?=diff --git )/m).filter((b) => b.startsWith('diff --git '));
  const files: FileStat[] = [];
  for (const block of blocks) {
    const p = parsePatch(block)[0];
    if (!p?.path) continue;
    const mode = (re: RegExp) => re.exec(block)?.[1];
    const status = /^new file mode/m.test(block)
      ? 'A'
      : /^deleted file mode/m.test(block)
        ? 'D'
        : /^rename from /m.test(block)
          ? 'R'
          : /^copy from /m.test(block)
            ? 'C'
            : 'M';
    const lines = p.hunks.flatMap((h) => h.lines);
    files.push({
      status,
      path: p.path,
      oldPath: status === 'R' || status === 'C' ? p.oldPath : null,
      oldMode: mode(/^(?:old mode|deleted file mode) (\d+)$/m) ?? (status === 'A' ? '000000' : '100644'),
      newMode: mode(/^(?:new mode|new file mode) (\d+)$/m) ?? (status === 'D' ? '000000' : '100644'),
      added: p.binary ? null : lines.filter((l) => l.kind === 'add').length,
      removed: p.binary ? null : lines.filter((l) => l.kind === 'del').length,
    });
  }
  return { value: files, truncated: text.truncated };
}
