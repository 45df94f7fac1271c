// `dit import --git-bug`: this repository's refs/bugs/* (git-bug's own format) with authors from refs/identities/*.
import { usage } from '../../errors.js';
import { readCommit } from '../../git/log.js';
import { listRefs } from '../../git/refs.js';
import type { Git } from '../../git/repo.js';
import { entryId, serialize } from '../../model/entry-file.js';
import { attribution } from '../../model/import/attribution.js';
import {
  emptyGitBugStats,
  GIT_BUG_FORMAT,
  gitBugEntries,
  identityAuthor,
  type Pack,
  readPack,
} from '../../model/import/git-bug.js';
import { rawElements, SourceProblem } from '../../model/import/source.js';
import type { Author } from '../../model/schema.js';
import { gitOf } from '../open.js';
import type { Store } from '../store.js';
import type { Target } from '../write/write.js';
import { ImportBatch, type ImportReport } from './batch.js';
import type { ImportOptions } from './gitblit.js';

/** Every commit of a bug's DAG (breadth first from the ref, as git-bug reads it) with its pack. */
async function readPacks(git: Git, ref: string, tip: string): Promise<Pack[]> {
  const seen = new Set([tip]);
  const queue = [tip];
  const packs: Pack[] = [];
  while (queue.length) {
    const hash = queue.shift()!;
    const commit = await readCommit(git, hash);
    if (!commit) throw new SourceProblem(`commit ${hash.slice(0, 7)}`, 'it is missing from the repository');
    for (const p of commit.parents)
      if (!seen.has(p)) {
        seen.add(p);
        queue.push(p);
      }
    const tree = await git.readTree(`${hash}^{tree}`);
    const names = tree?.entries ?? [];
    const num = (prefix: string) => {
      const e = names.find((x) => x.name.startsWith(prefix));
      return e ? Number(e.name.slice(prefix.length)) : null;
    };
    const version = num('version-');
    if (version !== GIT_BUG_FORMAT) {
      throw new SourceProblem(
        `commit ${hash.slice(0, 7)}`,
        version === null
          ? 'it has no version-N entry: not a git-bug bug'
          : `git-bug format version ${version}; dit reads version ${GIT_BUG_FORMAT} (git-bug 0.8 and later)`,
      );
    }
    const ops = names.find((x) => x.name === 'ops');
    if (!ops) {
      if (commit.parents.length > 1) continue; // a merge commit carries no operations
      throw new SourceProblem(`commit ${hash.slice(0, 7)}`, 'it has no ops blob');
    }
    const blob = (await git.readBlob(ops.oid))?.toString('utf8') ?? '';
    const edit = num('edit-clock-');
    if (edit === null) throw new SourceProblem(`commit ${hash.slice(0, 7)}`, 'it has no edit-clock-N entry');
    packs.push(readPack(hash, blob, rawElements(blob, 'ops'), { edit, create: num('create-clock-') }));
  }
  if (!packs.length) throw new SourceProblem(ref, 'it holds no operations');
  return packs;
}

export async function importGitBug(store: Store, target: Target, opts: ImportOptions = {}): Promise<ImportReport> {
  // git-bug keeps its bugs in git refs: there are none to read in another system
  const git = gitOf(
    store.vcs,
    'dit import-from git-bug',
    'import them in a git clone that has refs/bugs/*, then `dit export` there and `dit import` here',
  );
  const reading = store.progress('git-bug: reading', 'bugs');
  const refs = (await listRefs(git, 'refs/bugs/')).filter((r) => /^refs\/bugs\/[0-9a-f]{64}$/.test(r.ref));
  if (!refs.length)
    throw usage(
      'this repository has no git-bug bugs (refs/bugs/*); fetch them first: git fetch origin "+refs/bugs/*:refs/bugs/*" "+refs/identities/*:refs/identities/*"',
    );
  const identities = new Map<string, Author>();
  const who = async (id: string): Promise<Author> => {
    let a = identities.get(id);
    if (!a) {
      const blob = await git.readBlob(`refs/identities/${id}:version`).catch(() => null);
      identities.set(id, (a = identityAuthor(blob?.toString('utf8') ?? null, id)));
    }
    return a;
  };
  const batch = new ImportBatch(!!opts.skipBad);
  const by = attribution(await store.identity(), 'git-bug');
  const view = await store.view();
  const known = new Map<string, string>();
  for (const s of await view.summaries()) if (s.origin?.startsWith('git-bug#')) known.set(s.origin, s.id);
  const stats = emptyGitBugStats();
  let tickets = 0;
  let done = 0;
  for (const r of refs) {
    const bugId = r.ref.slice('refs/bugs/'.length);
    let packs: Pack[] = [];
    const read = await readPacks(git, r.ref, r.oid).then(
      (p) => {
        packs = p;
        return true;
      },
      (err: unknown) => {
        batch.record(r.ref, () => {
          throw err;
        });
        return false;
      },
    );
    if (!read) continue;
    for (const p of packs) await who(p.author);
    const ok = batch.record(r.ref, () => {
      const mapped = gitBugEntries(
        bugId,
        packs,
        (id) => by(identities.get(id)!),
        (where, problem) => batch.warn(`${r.ref}: ${where}`, problem),
        stats,
      );
      const existing = known.get(`git-bug#${bugId}`);
      const id = existing ?? entryId(serialize(mapped.create));
      if (!existing) batch.add('tickets', id, mapped.create, 'its create operation');
      for (const e of mapped.rest(id)) batch.add('tickets', id, e, `its ${String(e.kind)} entry`);
      return true;
    });
    if (ok) tickets++;
    if (++done % 50 === 0) reading.update(done, refs.length);
  }
  if (stats.metadata)
    batch.warn('refs/bugs', `${stats.metadata} set-metadata operations (bridge bookkeeping) are not imported`);
  const counts: Record<string, number> = {
    tickets,
    comments: stats.comments,
    'comment edits': stats.edits,
    'title changes': stats.titles,
    'label changes': stats.labels,
    'status changes': stats.statuses,
  };
  const entries = batch.size;
  reading.end();
  const { commit, added } = await batch.write(store, view, target, `dit: import ${tickets} git-bug bugs`);
  return { counts, entries, added, commit, warnings: batch.warnings, skipped: batch.skipped };
}
