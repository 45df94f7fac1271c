// `dit sync`: fetch a remote's shared journal, merge it (a union that cannot conflict), push the result.
import { DitError } from '../../errors.js';
import { ATTACHMENT_FILE } from '../../model/entries/attach.js';
import { ENTRY_FILE } from '../../model/entry-file.js';
import { PACK_FILE } from '../../model/entry-pack.js';
import type { Store } from '../store.js';
import { COLLECTIONS, JOURNAL_REF, REMOTE_JOURNALS } from '../view/journals.js';
import { PATCHSET_REFS } from '../view/merged.js';
import { dropPacked } from '../write/compact.js';
import { keepNamedTips } from './named-tips.js';
import { type Accept, unionChanges } from './union.js';

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
  if (dir.length === 0) return e.dir && (COLLECTIONS as readonly string[]).includes(e.name);
  if (dir.length === 1) return e.dir && /^[0-9a-f]{40}$/.test(e.name);
  return (
    dir.length === 2 &&
    e.plain &&
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
  const vcs = store.vcs;
  if (!/^[A-Za-z0-9][\w.-]*$/.test(remote))
    throw new DitError('usage', `"${remote}" is not a remote name; see \`${vcs.label.listRemotes}\``);
  if (!(await vcs.hasRemote(remote)))
    throw new DitError(
      'not-found',
      `no remote named "${remote}"; add one with \`${vcs.label.addRemote.replace('NAME', remote)}\``,
    );
  const tracking = `${REMOTE_JOURNALS}${remote}/journal`;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    progress(`fetching the shared journal from ${remote}`);
    const theirs = (await vcs.fetchJournal(remote, JOURNAL_REF, tracking)).commit;
    const ours = await vcs.resolve(JOURNAL_REF);
    let merged: SyncResult['merged'] = 'up-to-date';
    let next = ours;
    const dropped: string[] = [];
    if (theirs && theirs !== ours) {
      const ahead = !ours || (await vcs.isAncestor(ours, theirs));
      if (!ahead && (await vcs.isAncestor(theirs, ours))) merged = 'none';
      else {
        // their files are checked on the way in: what is not an entry file or pack stays out of our journal
        const [mine, their] = await Promise.all([ours ? vcs.dirAt(ours, '') : null, vcs.dirAt(theirs, '')]);
        const union = await unionChanges(
          vcs,
          mine,
          their!,
          acceptJournal,
          dropped,
          ours ? (path, entries) => dropPacked(vcs, path, entries) : undefined,
        );
        if (ahead && union.isTheirs) {
          if (!(await vcs.casRef(JOURNAL_REF, theirs, ours, `dit sync: fast-forward from ${remote}`))) continue;
          next = theirs;
          merged = 'fast-forward';
        } else {
          progress('merging the two journals');
          const message = `dit: merge journal from ${remote}${dropped.length ? ` (left out ${dropped.length} files that are not entries)` : ''}`;
          // without a journal of ours, theirs is the base and only what was left out changes
          const changes = ours ? union.changes : dropped.map((path) => ({ path, remove: true as const }));
          const made = await vcs.casCommit(JOURNAL_REF, ours, {
            parents: ours ? [ours, theirs] : [theirs],
            changes,
            message,
            author: await store.identity(),
          });
          if (!made) continue;
          next = made;
          merged = 'merge';
        }
      }
    } else if (theirs === ours) merged = 'up-to-date';
    else merged = 'none';
    let pushed = false;
    if (next && next !== theirs) {
      progress(`pushing the shared journal to ${remote}`);
      if ((await vcs.pushJournal(remote, JOURNAL_REF, tracking, next)) === 'rejected') continue; // the remote moved: fetch and merge again
      pushed = true;
    }
    await syncPatchsets(store, remote, progress);
    store.invalidate();
    // what the merged journal names, its commits here, the merged state follows (a squash merged elsewhere)
    if (!store.bare && vcs.kind === 'git') await keepNamedTips(store).catch(() => 0);
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
  const vcs = store.vcs;
  await vcs.fetchRefs(remote, PATCHSET_REFS);
  // only branches that are exactly a recorded patchset: commits added on top go through refs/for/
  const tips = await vcs.listRefs(PATCHSET_REFS);
  const recorded = new Set(tips.map((t) => t.oid));
  const branches = (await vcs.listRefs('refs/heads/ticket/')).filter((b) => recorded.has(b.oid));
  if (branches.length) {
    progress(`pushing ${branches.length} ticket branch${branches.length === 1 ? '' : 'es'} to ${remote}`);
    const r = await vcs.pushRefs(
      remote,
      branches.map((b) => b.ref),
    );
    if (!r.ok)
      progress(
        `warning: some ticket branches were not pushed (${r.stderr.trim().split('\n').at(-1)}); push them with ${vcs.label.command} push`,
      );
  }
  if (!tips.length) return;
  // tips kept here that the remote lacks (a squash or rebase merged here): git sends only those
  await vcs.pushRefs(
    remote,
    tips.map((t) => t.ref),
  );
}
