// `dit import --gitblit`: Gitblit's ticket journals (a folder or refs/meta/gitblit/tickets) and the
// milestones and label colours of the repository's config, in one commit.
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { usage } from '../../errors.js';
import { type ConfigEntry, localConfig } from '../../git/config.js';
import { Git } from '../../git/repo.js';
import { isTree } from '../../git/tree.js';
import { entryId, serialize } from '../../model/entry-file.js';
import { nameId } from '../../model/ids.js';
import { attribution } from '../../model/import/attribution.js';
import {
  emptyStats,
  type GitblitChange,
  gitblitCreate,
  gitblitEntries,
  type MapContext,
  milestonesUsed,
  readJournal,
  ticketNumber,
} from '../../model/import/gitblit.js';
import { jsonDocument } from '../../model/import/source.js';
import { FORMAT_VERSION } from '../../model/schema.js';
import type { Store } from '../store.js';
import { type KeptTip, keepTips, missingTip } from '../view/merged.js';
import type { Target } from '../write/write.js';
import { ImportBatch, type ImportReport } from './batch.js';

export const GITBLIT_REF = 'refs/meta/gitblit/tickets';

interface Journal {
  number: number;
  file: string;
  text: string;
}
interface Source {
  journals: Journal[];
  config: ConfigEntry[];
}

export interface ImportOptions {
  skipBad?: boolean;
}

/** Where the journals are: one ticket folder or journal.json, a folder holding `id/`, or a repository. */
async function readSource(path: string): Promise<Source> {
  const abs = resolve(path);
  const st = await stat(abs).catch(() => null);
  if (!st)
    throw usage(`${path} does not exist; give a Gitblit ticket folder (id/NN/N) or a repository with ${GITBLIT_REF}`);
  if (st.isFile()) return { journals: [await journalFile(abs)], config: [] };
  if (await isFile(join(abs, 'journal.json')))
    return { journals: [await journalFile(join(abs, 'journal.json'))], config: [] };
  const idDir = basename(abs) === 'id' ? abs : (await isDir(join(abs, 'id'))) ? join(abs, 'id') : null;
  if (idDir && !(await isDir(join(abs, 'refs')))) return { journals: await journalFolder(idDir), config: [] };
  return readRepository(abs, path);
}

const isFile = (p: string) =>
  stat(p).then(
    (s) => s.isFile(),
    () => false,
  );
const isDir = (p: string) =>
  stat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );

async function journalFile(file: string): Promise<Journal> {
  const number = ticketNumber(file);
  if (number === null)
    throw usage(`${file}: cannot tell the ticket number; Gitblit keeps journals as id/NN/N/journal.json`);
  return { number, file, text: await readFile(file, 'utf8') };
}

async function journalFolder(idDir: string): Promise<Journal[]> {
  const out: Journal[] = [];
  for (const bucket of (await readdir(idDir, { withFileTypes: true })).filter((d) => d.isDirectory())) {
    const dir = join(idDir, bucket.name);
    for (const t of (await readdir(dir, { withFileTypes: true })).filter(
      (d) => d.isDirectory() && /^\d+$/.test(d.name),
    )) {
      const file = join(dir, t.name, 'journal.json');
      if (await isFile(file)) out.push({ number: Number(t.name), file, text: await readFile(file, 'utf8') });
    }
  }
  return out;
}

async function readRepository(abs: string, path: string): Promise<Source> {
  const none = () =>
    usage(
      `${path} holds no Gitblit tickets: expected id/NN/N/journal.json files, a ticket folder, or a repository with ${GITBLIT_REF}`,
    );
  let git: Git;
  try {
    git = await Git.open(abs);
  } catch {
    throw none();
  }
  try {
    if (resolve(git.gitDir) !== abs && resolve(git.worktree ?? '') !== abs) throw none(); // a folder inside some other repository
    const root = await git.readTree(`${GITBLIT_REF}^{tree}`);
    if (!root) throw none();
    const journals: Journal[] = [];
    const id = root.entries.find((e) => e.name === 'id' && isTree(e));
    for (const bucket of id ? ((await git.readTree(id.oid))?.entries ?? []).filter(isTree) : []) {
      for (const t of ((await git.readTree(bucket.oid))?.entries ?? []).filter(
        (e) => isTree(e) && /^\d+$/.test(e.name),
      )) {
        const blob = await git.readBlob(`${t.oid}:journal.json`);
        if (blob)
          journals.push({
            number: Number(t.name),
            file: `${GITBLIT_REF}:id/${bucket.name}/${t.name}/journal.json`,
            text: blob.toString('utf8'),
          });
      }
    }
    return { journals, config: await localConfig(git, ['milestone', 'label']) };
  } finally {
    git.close();
  }
}

/** Imports every journal of the source; counts are what the source holds, `added` what was new here. */
export async function importGitblit(
  store: Store,
  path: string,
  target: Target,
  opts: ImportOptions = {},
): Promise<ImportReport> {
  const reading = store.progress('gitblit: reading', 'tickets');
  const source = await readSource(path);
  if (!source.journals.length) throw usage(`${path} holds no Gitblit journals (id/NN/N/journal.json)`);
  source.journals.sort((a, b) => a.number - b.number);
  const batch = new ImportBatch(!!opts.skipBad);
  const view = await store.view();
  const known = new Map<string, string>();
  for (const s of await view.summaries()) if (s.origin?.startsWith('gitblit#')) known.set(s.origin, s.id);
  const head = await store.head();
  const ids = new Map<number, string>();
  const ctx: MapContext = {
    idOf: (n) => ids.get(n) ?? known.get(`gitblit#${n}`) ?? null,
    defaultTarget: head.ref?.replace(/^refs\/heads\//, '') ?? 'master',
    warn: () => {},
    by: attribution(await store.identity(), 'Gitblit'),
  };

  // first the creating entries, in number order, so a description can link to the tickets before it
  const parsed: { j: Journal; changes: GitblitChange[]; create: Record<string, unknown> }[] = [];
  for (const j of source.journals) {
    batch.record(j.file, () => {
      const changes = readJournal(jsonDocument(j.text));
      ctx.warn = (where, problem) => batch.warn(`${j.file}: ${where}`, problem);
      const create = gitblitCreate(j.number, changes[0]!, ctx);
      const id = known.get(`gitblit#${j.number}`) ?? entryId(serialize(create));
      ids.set(j.number, id);
      parsed.push({ j, changes, create });
    });
  }
  const stats = emptyStats();
  const milestones = new Map<string, string>();
  let done = 0;
  let tickets = 0;
  const tips: KeptTip[] = [];
  for (const { j, changes, create } of parsed) {
    const ok = batch.record(j.file, () => {
      const id = ids.get(j.number)!;
      ctx.warn = (where, problem) => batch.warn(`${j.file}: ${where}`, problem);
      const s = emptyStats();
      const entries = gitblitEntries(j.number, id, create, changes, ctx, s);
      const existing = known.has(`gitblit#${j.number}`);
      for (const [i, e] of entries.entries()) {
        if (i === 0 && existing) continue; // imported before: its id stays, whatever links its text now has
        batch.add('tickets', id, e, `${describeEntry(e)} of ticket ${j.number}`);
      }
      for (const e of entries)
        if (e.kind === 'patchset' && typeof e.tip === 'string' && typeof e.number === 'number')
          tips.push({ ticket: id, number: e.number, tip: e.tip });
      for (const k of Object.keys(s) as (keyof typeof s)[]) stats[k] += s[k];
      for (const [name, time] of milestonesUsed(changes))
        if (!milestones.has(name) || time < milestones.get(name)!) milestones.set(name, time);
      return true;
    });
    if (ok) tickets++;
    if (++done % 25 === 0) reading.update(done, parsed.length);
  }
  const defined = await definitions(batch, store, view, source.config, milestones);
  const counts: Record<string, number> = {
    tickets,
    comments: stats.comments,
    'patchset changes': stats.patchsets,
    reviews: stats.reviews,
    milestones: defined.milestones,
  };
  if (defined.labels) counts.labels = defined.labels;
  if (stats.edits) counts['comment edits'] = stats.edits;
  if (stats.deletions) counts['comment deletions'] = stats.deletions;
  // the tips first, as a push keeps them: an entry must not name a commit gc could take away
  const missing = await keepTips(store.vcs, tips, 'dit: keep imported Gitblit patchsets');
  for (const t of missing.slice(0, 20)) batch.warn('patchsets', missingTip(t));
  if (missing.length > 20)
    batch.warn('patchsets', `... and ${missing.length - 20} more patchsets without their commit`);
  const entries = batch.size;
  reading.end();
  const { commit, added } = await batch.write(
    store,
    view,
    target,
    `dit: import ${tickets} Gitblit tickets from ${basename(resolve(path))}`,
  );
  return { counts, entries, added, commit, warnings: batch.warnings, skipped: batch.skipped };
}

const describeEntry = (e: Record<string, unknown>) => `its ${String(e.kind)} entry (clock ${String(e.clock)})`;

/**
 * Milestones (config `[milestone "x"]` status, due, color, and every name the journals use) and label
 * colours (`[label "x"] color`). Names the view defines already are left as they are.
 */
async function definitions(
  batch: ImportBatch,
  store: Store,
  view: Awaited<ReturnType<Store['view']>>,
  config: ConfigEntry[],
  used: Map<string, string>,
) {
  const me = await store.identity();
  const have = new Set((await view.milestones()).map((m) => m.name));
  const firstUse = [...used.values()].sort()[0] ?? '2000-01-01T00:00:00Z';
  const conf = new Map<string, Record<string, string>>();
  const labels = new Map<string, string>();
  for (const c of config) {
    if (!c.subsection) continue;
    if (c.section === 'milestone') conf.set(c.subsection, { ...conf.get(c.subsection), [c.key]: c.value });
    if (c.section === 'label' && c.key === 'color') labels.set(c.subsection, c.value);
  }
  const names = new Set([...used.keys(), ...conf.keys()]);
  for (const name of names) {
    if (have.has(name)) continue;
    const c = conf.get(name) ?? {};
    const fields: Record<string, unknown> = {
      name,
      state: /^(closed|abandoned|resolved|fixed|merged|declined|wontfix|invalid)$/i.test(c.status ?? '')
        ? 'closed'
        : 'open',
    };
    if (c.due && /^\d{4}-\d{2}-\d{2}$/.test(c.due)) fields.due = c.due;
    const color = hex(c.color);
    if (color) fields.color = color;
    const id = nameId('milestone', name);
    batch.record('config', () =>
      batch.add(
        'milestones',
        id,
        {
          v: FORMAT_VERSION,
          kind: 'create',
          milestone: id,
          clock: 1,
          time: used.get(name) ?? firstUse,
          author: me,
          fields,
        },
        `milestone "${name}"`,
      ),
    );
  }
  let labelCount = 0;
  for (const [name, value] of labels) {
    const color = hex(value);
    if (!color) {
      batch.warn(`config: label "${name}"`, `colour "${value}" is not #rrggbb; left out`);
      continue;
    }
    const id = nameId('label', name);
    const r = batch.record('config', () =>
      batch.add(
        'labels',
        id,
        { v: FORMAT_VERSION, kind: 'define', label: id, clock: 1, time: firstUse, author: me, name, color },
        `label "${name}"`,
      ),
    );
    if (r) labelCount++;
  }
  return { milestones: names.size, labels: labelCount };
}

function hex(value: string | undefined): string | null {
  const m = /^#?([0-9a-f]{6}|[0-9a-f]{3})$/i.exec(value?.trim() ?? '');
  if (!m) return null;
  const h = m[1]!.toLowerCase();
  return h.length === 3 ? [...h].map((c) => c + c).join('') : h;
}
