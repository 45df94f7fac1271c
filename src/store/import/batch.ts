// What every importer shares: validated entries gathered in memory, only new ones written, in one commit.
import type * as v from 'valibot';
import { DitError } from '../../errors.js';
import { ticketEntrySchema } from '../../model/entries/index.js';
import { checkEntry, entryFileName, entryId, serialize } from '../../model/entry-file.js';
import { formerSaying, importedSaying, withIds } from '../../model/import/attribution.js';
import { SourceProblem } from '../../model/import/source.js';
import { labelDefEntrySchema } from '../../model/label-def.js';
import { milestoneEntrySchema } from '../../model/milestone.js';
import type { FileBytes as BulkFile } from '../../vcs/port.js';
import type { Store } from '../store.js';
import { writeBulk } from '../sync/transfer.js';
import { loadJournal, type Owner } from '../view/journal-load.js';
import type { Collection, JournalParts, Warning } from '../view/journals.js';
import type { View } from '../view/view.js';
import type { Target } from '../write/write.js';

const SCHEMAS: Record<Collection, v.GenericSchema> = {
  tickets: ticketEntrySchema,
  milestones: milestoneEntrySchema,
  labels: labelDefEntrySchema,
};

export interface Skipped {
  where: string;
  problem: string;
}

/** What an import did: counts of what the source holds, and how many entries were new. */
export interface ImportReport {
  counts: Record<string, number>;
  entries: number;
  added: number;
  commit: string | null;
  warnings: Warning[];
  skipped: Skipped[];
}

/**
 * Entries of one import. `add` validates each entry as readers will (a bad one is a problem of the
 * record it came from); `write` drops the ones the view already has and commits the rest at once.
 */
export class ImportBatch {
  private readonly files = new Map<
    string,
    BulkFile & { collection: Collection; journal: string; name: string; id: string; entry: Record<string, unknown> }
  >();
  readonly warnings: Warning[] = [];
  readonly skipped: Skipped[] = [];
  /** This import's ids of entries an earlier import wrote in the shape before origins → that import's ids. */
  private readonly same = new Map<string, string>();
  /** Paths the record being read added, so a skipped record leaves nothing behind. */
  private added: string[] | null = null;

  constructor(private readonly skipBad: boolean) {}

  get size(): number {
    return this.files.size;
  }

  /** Validates and keeps an entry; returns its id. Throws a SourceProblem naming `where`. */
  add(collection: Collection, journal: string, entry: object, where: string): string {
    const r = checkEntry(SCHEMAS[collection], entry);
    if (!r.ok) throw new SourceProblem(where, `it maps to an entry dit cannot store (${r.problem})`);
    const data = serialize(entry);
    const id = entryId(data);
    const name = entryFileName(id);
    const path = `${collection}/${journal}/${name}`;
    if (!this.files.has(path)) {
      this.files.set(path, { path, data, collection, journal, name, id, entry: entry as Record<string, unknown> });
      this.added?.push(path);
    }
    return id;
  }

  /**
   * Runs `fn` for one record: a problem stops the import naming `file` and the position, unless
   * --skip-bad, which records it and leaves out what the record would have added. A `fatal` problem
   * (a file that is not JSON at all) stops the import even then.
   */
  record<T>(file: string, fn: () => T, fatal = false): T | undefined {
    const outer = this.added;
    const added: string[] = [];
    this.added = added;
    try {
      return fn();
    } catch (err) {
      if (!(err instanceof SourceProblem)) throw err;
      const problem = `${file}: ${err.where}: ${err.message}`;
      if (!this.skipBad || fatal)
        throw new DitError('bad-input', `${problem}; nothing was imported (--skip-bad leaves such records out)`, {
          file,
          where: err.where,
        });
      for (const k of added) this.files.delete(k);
      this.skipped.push({ where: `${file}: ${err.where}`, problem: err.message });
      return undefined;
    } finally {
      this.added = outer;
      outer?.push(...added.filter((k) => this.files.has(k)));
    }
  }

  warn(path: string, problem: string): void {
    this.warnings.push({ path, problem });
  }

  /** Writes the entries the view does not hold yet in one commit; returns it (null when nothing was new). */
  async write(
    store: Store,
    view: View,
    target: Target,
    message: string,
  ): Promise<{ commit: string | null; added: number }> {
    const journals = new Map<string, string[]>();
    for (const [path, f] of this.files) {
      const key = `${f.collection}/${f.journal}`;
      const list = journals.get(key);
      if (list) list.push(path);
      else journals.set(key, [path]);
    }
    // a journal the view already has: keep only the files it lacks (a second import adds nothing); one
    // listing per collection, as looking each id up in a tree of thousands costs git a parse per lookup
    const listed = new Map<Collection, Map<string, JournalParts>>();
    for (const c of new Set([...this.files.values()].map((f) => f.collection))) listed.set(c, await view.journalsOf(c));
    await Promise.all(
      [...journals].map(async ([key, paths]) => {
        const [collection, journal] = key.split('/') as [Collection, string];
        const parts = listed.get(collection)?.get(journal);
        if (!parts) return;
        const have = await existingNames(store, parts);
        if (have.size) for (const p of paths) if (have.has(this.files.get(p)!.name)) this.files.delete(p);
        await this.dropFormer(store, collection, parts, paths);
      }),
    );
    if (!this.files.size) return { commit: null, added: 0 };
    const added = this.files.size;
    const commit = await writeBulk(
      store,
      target,
      [...this.files.values()].map((f) => ({ path: f.path, data: f.data })),
      message,
    );
    return { commit, added };
  }

  /**
   * Drops the entries of `paths` (in import order) that an import made before entries had an origin
   * already wrote: the same kind, time and payload, with the person this import keeps as origin as its
   * author. Their bytes differ (author, origin), so their ids do; without this a second import would add
   * every comment again. Each held entry stands for one new entry at most.
   */
  private async dropFormer(store: Store, collection: Collection, parts: JournalParts, paths: readonly string[]) {
    const left = paths.filter((p) => this.files.has(p) && importedSaying(this.files.get(p)!.entry, NO_IDS) !== null);
    if (!left.length) return;
    const held = await loadJournal(store.vcs, parts, SCHEMAS[collection], OWNERS[collection]);
    const former = new Map<string, string[]>();
    for (const e of held.entries) {
      const says = formerSaying(e.entry as Record<string, unknown>);
      if (says === null) continue;
      const ids = former.get(says);
      if (ids) ids.push(e.id);
      else former.set(says, [e.id]);
    }
    if (!former.size) return;
    for (const p of paths) {
      const f = this.files.get(p);
      if (!f) continue;
      const says = importedSaying(f.entry, this.same);
      const was = says === null ? undefined : former.get(says)?.shift();
      if (was !== undefined) {
        this.same.set(f.id, was);
        this.files.delete(p);
        continue;
      }
      // a new entry naming one that was held already (an edit of an old comment): it names the held one
      const entry = withIds(f.entry, this.same);
      if (entry === f.entry) continue;
      const data = serialize(entry);
      const id = entryId(data);
      const name = entryFileName(id);
      const path = `${f.collection}/${f.journal}/${name}`;
      this.files.delete(p);
      this.files.set(path, { ...f, path, data, name, id, entry });
      this.same.set(f.id, id);
    }
  }
}

const NO_IDS: ReadonlyMap<string, string> = new Map();

/** Whose journal each collection's entries name (journal-load.ts). */
const OWNERS: Record<Collection, Owner> = { tickets: 'ticket', milestones: 'milestone', labels: 'label' };

/** Entry file names one journal holds in the view (code tree, shared journals, uncommitted files). */
async function existingNames(store: Store, parts: JournalParts): Promise<Set<string>> {
  const names = new Set<string>();
  await Promise.all(
    parts.trees.map(async (t) => {
      for (const e of (await store.vcs.readDir(t.tree))?.entries ?? []) names.add(e.name);
    }),
  );
  for (const [name, f] of parts.loose ?? []) {
    if (f.key === null && !f.data) names.delete(name);
    else names.add(name);
  }
  return names;
}
