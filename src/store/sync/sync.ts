// `dit sync`: fetch a remote's shared journal, merge it (a union that cannot conflict), push the result.
import { DitError } from '../../errors.js';
import { casRef, isAncestor } from '../../git/refs.js';
import { isTree } from '../../git/tree.js';
import { commitTree, unionTrees, type Accept } from '../../git/write.js';
import { ENTRY_FILE } from '../../model/entry-file.js';
import { PACK_FILE } from '../../model/entry-pack.js';
import { ATTACHMENT_FILE } from '../../model/entries/attach.js';
import { COLLECTIONS, JOURNAL_REF, REMOTE_JOURNALS } from '../view/journals.js';
import { dropPacked } from '../write/compact.js';
import type { Store } from '../store.js';
import { fetchRefs, pushRefs } from '../../git/commits.js';
import { listRefs } from '../../git/refs.js';
import { PATCHSET_REFS } from '../view/merged.js';
import { keepNamedTips } from './named-tips.js';

export interface SyncResult {
  remote: string;
  fetched: boolean;
  merged: 'none' | 'fast-forward' | 'merge' | 'up-to-date';
  pushed: boolean;
  attempts: number;
  /** Paths in the remote's journal that are not entry files (a stray blob, a gitlink): left out, never merged. */
  dropped: string[];
}

/**
 * What a shared journal may hold: <collection>/<40-hex id>/<entry file or entry pack>, plain files, and a
 * ticket's attachments (`<blob>.file`), nothing else.
 */
const acceptJournal: Accept = (dir, e) => {
  if (dir.length === 0) return isTree(e) && (COLLECTIONS as readonly string[]).includes(e.name);
  if (dir.length === 1) return isTree(e) && /^[0-9a-f]{40}$/.test(e.name);
  return (
    dir.length === 2 &&
    e.mode === '100644' &&
    (ENTRY_FILE.test(e.name) || PACK_FILE.test(e.name) || (dir[0] === 'tickets' && ATTACHMENT_FILE.test(e.name)))
  );
};

const ATTEMPTS = 8;

/** Where a remote's journal is tracked, and the refspec that a plain `git fetch` of that remote now has too. */
export async function fetchJournalToo(store: Store, remote: string): Promise<{ tracking: string; refspec: string }> {
  const tracking = `${REMOTE_JOURNALS}${remote}/journal`;
  const refspec = `+${JOURNAL_REF}:${tracking}`;
  const fetchSpecs = (await store.git.run(['config', '--get-all', `remote.${remote}.fetch`], { okCodes: [1] })).stdout
    .toString()
    .split('\n');
  if (!fetchSpecs.includes(refspec)) await store.git.run(['config', '--add', `remote.${remote}.fetch`, refspec]);
  return { tracking, refspec };
}

export async function sync(
  store: Store,
  remote: string,
  progress: (line: string) => void = () => {},
): Promise<SyncResult> {
  const git = store.git;
  if (!/^[A-Za-z0-9][\w.-]*$/.test(remote))
    throw new DitError('usage', `"${remote}" is not a remote name; see \`git remote -v\``);
  const url = await git.run(['remote', 'get-url', remote], { okCodes: [2, 128] });
  if (url.code !== 0)
    throw new DitError('not-found', `no remote named "${remote}"; add one with \`git remote add ${remote} URL\``);
  const { tracking, refspec } = await fetchJournalToo(store, remote);
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    progress(`fetching ${JOURNAL_REF} from ${remote}`);
    const fetch = await git.run(['fetch', '--quiet', '--no-tags', remote, refspec], { okCodes: [1, 128] });
    const missing = fetch.code !== 0 && /couldn't find remote ref/i.test(fetch.stderr);
    if (fetch.code !== 0 && !missing)
      throw new DitError('git-failed', `could not fetch from ${remote}: ${fetch.stderr.trim()}`);
    if (missing) await git.run(['update-ref', '-d', tracking]);
    const theirs = missing ? null : await git.oid(`${tracking}^{commit}`);
    const ours = await git.oid(`${JOURNAL_REF}^{commit}`);
    let merged: SyncResult['merged'] = 'up-to-date';
    let next = ours;
    const dropped: string[] = [];
    if (theirs && theirs !== ours) {
      const ahead = !ours || (await isAncestor(git, ours, theirs));
      if (!ahead && (await isAncestor(git, theirs, ours))) merged = 'none';
      else {
        // their files are checked on the way in: what is not an entry file or pack stays out of our journal
        const theirTree = (await git.oid(`${theirs}^{tree}`))!;
        const filter = { accept: acceptJournal, dropped };
        const tree = await unionTrees(
          git,
          ours ? `${ours}^{tree}` : null,
          theirTree,
          ours ? (path, entries) => dropPacked(git, path, entries) : undefined,
          [],
          filter,
        );
        if (ahead && tree === theirTree) {
          next = theirs;
          merged = 'fast-forward';
        } else {
          progress('merging the two journals');
          next = await commitTree(
            git,
            tree,
            ours ? [ours, theirs] : [theirs],
            `dit: merge journal from ${remote}${dropped.length ? ` (left out ${dropped.length} files that are not entries)` : ''}`,
          );
          merged = 'merge';
        }
      }
      if (next !== ours && !(await casRef(git, JOURNAL_REF, next!, ours, `dit sync: ${merged} from ${remote}`)))
        continue;
    } else if (theirs === ours) merged = 'up-to-date';
    else merged = 'none';
    let pushed = false;
    if (next && next !== theirs) {
      progress(`pushing ${JOURNAL_REF} to ${remote}`);
      const push = await git.run(['push', '--quiet', remote, `${JOURNAL_REF}:${JOURNAL_REF}`], { okCodes: [1, 128] });
      if (push.code !== 0) {
        // another clone's push won the ref on the remote between our fetch and push: fetch and merge again
        const raced = /cannot lock ref|failed to update ref|but expected/i.test(push.stderr);
        // the remote's hooks refused it (a dit server's push rule): retrying would not help; say what they said
        if (!raced && /\[remote rejected\]/.test(push.stderr)) throw refusedBy(remote, push.stderr);
        if (raced || /rejected|non-fast-forward|fetch first|stale/i.test(push.stderr)) continue; // the remote moved
        throw new DitError('git-failed', `could not push to ${remote}: ${push.stderr.trim()}`);
      }
      await git.run(['update-ref', tracking, next]);
      pushed = true;
    }
    await syncPatchsets(store, remote, progress);
    store.invalidate();
    // what the merged journal names, its commits here, the merged state follows (a squash merged elsewhere)
    if (!store.bare) await keepNamedTips(store).catch(() => 0);
    return { remote, fetched: theirs !== null, merged, pushed, attempts: attempt, dropped };
  }
  throw new DitError('conflict', `${remote} kept changing while syncing; run \`dit sync ${remote}\` again`);
}

/**
 * Patchset tips travel too: the remote's kept tips are fetched (so a clone sees merged state and can
 * check out old patchsets), and proposals made here with `dit propose` push their ticket/<id> branches
 * and tips. A remote with dit's hook refuses pushes to refs/dit/patchsets/; its own copies stand then.
 */
async function syncPatchsets(store: Store, remote: string, progress: (line: string) => void): Promise<void> {
  const git = store.git;
  await fetchRefs(git, remote, [`${PATCHSET_REFS}*:${PATCHSET_REFS}*`]);
  // only branches that are exactly a recorded patchset: commits added on top go through refs/for/
  const tips = await listRefs(git, PATCHSET_REFS);
  const recorded = new Set(tips.map((t) => t.oid));
  const branches = (await listRefs(git, 'refs/heads/ticket/')).filter((b) => recorded.has(b.oid));
  if (branches.length) {
    progress(`pushing ${branches.length} ticket branch${branches.length === 1 ? '' : 'es'} to ${remote}`);
    const r = await pushRefs(
      git,
      remote,
      branches.map((b) => `${b.ref}:${b.ref}`),
    );
    if (!r.ok)
      progress(
        `warning: some ticket branches were not pushed (${r.stderr.trim().split('\n').at(-1)}); push them with git push`,
      );
  }
  if (!tips.length) return;
  // tips kept here that the remote lacks (a squash or rebase merged here): git sends only those
  await pushRefs(
    git,
    remote,
    tips.map((t) => `${t.ref}:${t.ref}`),
  );
}

/** A push the remote's hooks refused, with the lines they printed (`remote: ...`). */
function refusedBy(remote: string, stderr: string): DitError {
  const said = stderr
    .split('\n')
    .filter((l) => l.startsWith('remote: ') && l.trim() !== 'remote:')
    .map((l) => l.slice('remote: '.length))
    .join('\n');
  return new DitError('forbidden', `${remote} refused the push of ${JOURNAL_REF}${said ? `:\n${said}` : ''}`, {});
}
