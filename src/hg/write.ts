// Commits without the working copy (the shared journal on its own branch, an import) through dit's extension; the journal's pull and push.
import { DitError, isDitError } from '../errors.js';
import type { CommitSpec } from '../vcs/port.js';
import type { Contents } from './contents.js';
import { JOURNAL_BRANCH } from './names.js';
import type { Hg } from './repo.js';
import { newFileNode } from './snapshot.js';

const field = (k: string, v: string) => `${k}\0${v}\0`;

/**
 * Commits `spec` with dit's extension. On the journal (`branchOf` unset) the commit goes on the named
 * branch `dit/journal` and only if its newest head is still `expected` (checked under hg's store lock):
 * null otherwise. With `branchOf`, on that parent's branch, unconditionally (an import; the caller
 * brings the working copy to it). The working copy, its dirstate and bookmarks are never touched.
 */
export async function journalCommit(
  hg: Hg,
  contents: Contents,
  expected: string | null,
  spec: CommitSpec,
  opts: { branchOf?: string | null } = {},
): Promise<string | null> {
  const onJournal = !('branchOf' in opts);
  let head = '';
  const bodies: Buffer[] = [];
  for (const p of spec.parents) head += field('parent', p);
  if (onJournal)
    head +=
      field('branch', JOURNAL_BRANCH) + field('expect-branch', JOURNAL_BRANCH) + field('expect', expected ?? 'none');
  head += field('user', `${spec.author.name.replace(/[<>\n]/g, '')} <${spec.author.email.replace(/[<>\n]/g, '')}>`);
  head += field('message', spec.message.replace(/\0/g, ''));
  for (const c of spec.changes) {
    if ('remove' in c) head += field('remove', c.path);
    else if ('data' in c) {
      head += field('add', c.path) + field('size', String(c.data.length));
      bodies.push(c.data);
    } else if (spec.parents.length === 2)
      head += field('keep', c.path); // a merge brings their file as it is
    else {
      const data = await contents.readFile(c.key);
      if (!data)
        throw new DitError('not-found', `dit cannot read ${c.path} (file node ${c.key.slice(0, 12)})`, {
          path: c.path,
        });
      head += field('add', c.path) + field('size', String(data.length));
      bodies.push(data);
    }
  }
  const input = Buffer.concat([Buffer.from(`${head}\0`, 'utf8'), ...bodies]);
  const r = await hg.run(['debugdit-commit'], { input, okCodes: [1], retry: false });
  const out = r.stdout.toString('utf8');
  if (r.code === 1 && out.startsWith('conflict')) return null;
  const node = out.trim();
  if (r.code !== 0 || !/^[0-9a-f]{40}$/.test(node))
    throw new DitError('hg-failed', `dit's hg commit failed: ${r.stderr.trim() || out.trim() || `exit ${r.code}`}`);
  // the new commit's folders, from the parent's and the changes, without listing it
  for (const c of spec.changes) if ('data' in c) contents.keep(newFileNode(c.data), c.data);
  const base = spec.changes.every((c) => c.path.startsWith('.dit/')) && !onJournal ? '.dit' : '';
  const parent = spec.parents[0];
  const from = parent ? await contents.root(parent, base).catch(() => undefined) : null;
  if (from !== undefined) {
    const strip = base ? base.length + 1 : 0;
    const edited = await contents.folders.edit(
      from,
      base,
      spec.changes.map((c) => ({ ...c, path: c.path.slice(strip) })),
    );
    if (edited !== undefined && spec.parents.length < 2) contents.known(node, base, edited);
  }
  return node;
}

/**
 * The remote's journal head, or null when the remote has none. Its journal is pulled by the branch's
 * name (`hg pull -b dit/journal`): every head the remote has of it (a plain `hg push -f` can leave two),
 * and nothing of any other branch; views read every head, and the next sync merges them.
 */
async function fetch(hg: Hg, remote: string): Promise<string | null> {
  const r = await hg.run(['identify', '--debug', '-i', '-r', JOURNAL_BRANCH, '--', remote], { okCodes: [255] });
  if (r.code !== 0) {
    if (/unknown revision|unknown branch|not found/i.test(r.stderr)) return null;
    throw new DitError('hg-failed', `could not read ${remote}'s shared journal: ${r.stderr.trim()}`, {
      stderr: r.stderr,
    });
  }
  const theirs = /^[0-9a-f]{40}/.exec(r.stdout.toString('utf8').trim())?.[0];
  if (!theirs) return null;
  await hg.run(['pull', '-q', '-b', JOURNAL_BRANCH, '--', remote], { okCodes: [1] });
  return theirs;
}

/**
 * Pushes the journal by the branch's name (`hg push -b dit/journal`): its head and history, nothing of
 * any other branch. When this clone has another head of the journal besides ours (pulled from another
 * remote, not merged yet), only ours goes, by revision, so that head never becomes a second one there.
 * The first journal pushed to a remote is a root the remote does not have, which hg calls unrelated:
 * that push alone is forced.
 */
async function push(hg: Hg, remote: string, commit: string, heads: readonly string[]): Promise<'pushed' | 'rejected'> {
  const which = heads.length === 1 && heads[0] === commit ? ['-b', JOURNAL_BRANCH] : ['-r', commit];
  for (const force of [false, true]) {
    try {
      await hg.run(['push', '-q', '--new-branch', ...(force ? ['-f'] : []), ...which, '--', remote], {
        okCodes: [1],
      });
      return 'pushed';
    } catch (err) {
      const stderr = isDitError(err, 'hg-failed') ? (err.data.stderr ?? '') : '';
      if (!force && /repository is unrelated/i.test(stderr)) continue;
      if (/new remote head|creates? new|push would/i.test(stderr)) return 'rejected';
      throw err;
    }
  }
  return 'rejected';
}

export const syncJournal = { fetch, push };
