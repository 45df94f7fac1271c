// Reading hg's history through revsets and explicit templates: commits that name tickets, one commit, paths a commit changed.
import type { CommitMessage } from '../vcs/port.js';
import { JOURNAL_BRANCH } from './names.js';
import type { Hg } from './repo.js';

/** Fields of one changeset: node, date, author name and email, description, graft source, parents. */
const TEMPLATE =
  '{node}\\x1f{date|hgdate}\\x1f{person(author)}\\x1f{email(author)}\\x1f{get(extras, "source")}\\x1f{p1node}\\x1f{p2node}\\x1f{desc}\\0';

export const id = (node: string) => `id(${JSON.stringify(node)})`;
const set = (nodes: readonly string[]) => nodes.map(id).join(' or ');

export interface HgCommit extends CommitMessage {
  parents: string[];
}

/**
 * Parses TEMPLATE records. hg keeps one date, the author's, which graft keeps, so it is both times; a
 * graft's source (hg graft records it whether or not --log wrote it in the message) is added as the
 * line `hg graft --log` writes, so a fix carried by a graft is found as a cherry-pick is.
 */
export function parseCommits(text: string): HgCommit[] {
  const out: HgCommit[] = [];
  for (const rec of text.split('\0')) {
    if (!rec) continue;
    const [node, date, name, email, source, p1, p2, ...rest] = rec.split('\x1f');
    let message = rest.join('\x1f');
    if (source && /^[0-9a-f]{40}$/.test(source) && !message.includes(`(grafted from ${source}`))
      message = `${message.replace(/\n*$/, '')}\n(grafted from ${source})`;
    const time = new Date(Number((date ?? '0').split(' ')[0]) * 1000).toISOString();
    const nullId = /^0+$/;
    out.push({
      commit: node!,
      time,
      authorTime: time,
      author: { name: name ?? '', email: email ?? '' },
      message,
      parents: [p1, p2].filter((p): p is string => !!p && !nullId.test(p)),
    });
  }
  return out;
}

/** Words that make a commit worth reading: a `#<hex>` id, a backout, a git-style revert line. */
const NAMING = 'grep(r"(?i)#[0-9a-f]{7}|backed out changeset|this reverts commit")';

export async function commitsNamingTickets(
  hg: Hg,
  tips: readonly string[],
  exclude: readonly string[],
): Promise<HgCommit[]> {
  if (!tips.length) return [];
  const range = exclude.length ? `only(${set(tips)}, ${set(exclude)})` : `::(${set(tips)})`;
  return parseCommits(await hg.text(['log', '-r', `sort((${range}) and ${NAMING}, -rev)`, '-T', TEMPLATE]));
}

export async function commitsWithClosingWords(hg: Hg, tip: string): Promise<HgCommit[]> {
  const words = 'grep(r"(?i)(fix|fixe[sd]|close[sd]?|resolve[sd]?)\\s*:?\\s+#\\w")';
  return parseCommits(await hg.text(['log', '-r', `sort(::${id(tip)} and ${words}, -rev)`, '-T', TEMPLATE]));
}

/** One changeset by node or prefix, or null. */
export async function readCommit(hg: Hg, rev: string): Promise<HgCommit | null> {
  if (!/^[0-9a-f]{4,40}$/i.test(rev)) return null;
  const r = await hg.run(['log', '-r', `id(${JSON.stringify(rev.toLowerCase())})`, '-T', TEMPLATE], { okCodes: [255] });
  return r.code === 0 ? (parseCommits(r.stdout.toString('utf8'))[0] ?? null) : null;
}

/** Paths of a status listing (`hg status` with a template), NUL-separated. */
const paths = (text: string) => text.split('\0').filter(Boolean);

export async function deletedPaths(hg: Hg, commit: string, prefix: string): Promise<string[]> {
  const r = await hg.run(
    ['status', '--change', commit, '--removed', '-T', '{path}\\0', `path:${prefix.replace(/\/$/, '')}`],
    {
      okCodes: [255],
    },
  );
  return r.code === 0 ? paths(r.stdout.toString('utf8')) : [];
}

export async function addedPaths(hg: Hg, from: string | null, to: string): Promise<string[]> {
  if (!from) return paths(await hg.text(['files', '-r', to, '-T', '{path}\\0'], { okCodes: [1] }));
  return paths(await hg.text(['status', '--rev', from, '--rev', to, '--added', '-T', '{path}\\0']));
}

export async function commitAuthors(hg: Hg, max: number): Promise<{ name: string; email: string }[]> {
  const out = await hg.text([
    'log',
    '-r',
    // a pattern, not a literal name: hg aborts on `branch("dit/journal")` before the journal's first write
    `reverse(not branch(${JSON.stringify(`re:^${JOURNAL_BRANCH}$`)}))`,
    '-l',
    String(max),
    '-T',
    '{person(author)}\\x1f{email(author)}\\0',
  ]);
  return out
    .split('\0')
    .filter(Boolean)
    .map((r) => {
      const [name, email] = r.split('\x1f');
      return { name: name ?? '', email: email ?? '' };
    });
}
