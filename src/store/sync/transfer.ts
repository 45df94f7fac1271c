// Export every journal as JSON lines, and import them (or plain tickets from elsewhere) in one commit.
// Over 300 lines: export and import are one format read and written in both directions; they change together.

import * as v from 'valibot';
import { DitError } from '../../errors.js';
import { ticketEntrySchema } from '../../model/entries/index.js';
import { checkEntry, entryFileName, entryId, type Loaded, serialize } from '../../model/entry-file.js';
import { compare, nameId, shortId } from '../../model/ids.js';
import { labelDefEntrySchema } from '../../model/label-def.js';
import { milestoneEntrySchema } from '../../model/milestone.js';
import { entriesFromPlain, normalizeTime, type PlainTicket } from '../../model/plain.js';
import { FORMAT_VERSION } from '../../model/schema.js';
import type { Ticket } from '../../model/ticket.js';
import { entrySigSchema, withSignature } from '../../model/trust/signed-entry.js';
import type { FileBytes as BulkFile } from '../../vcs/port.js';
import type { Store } from '../store.js';
import { type Collection, DIT_DIR, JOURNAL_REF, type Warning } from '../view/journals.js';
import { type KeptTip, keepTips, missingTip } from '../view/merged.js';
import type { View } from '../view/view.js';
import { packForImport } from '../write/compact.js';
import { writeLocked } from '../write/lock.js';
import { applyImport } from '../write/recover.js';
import { signFiles } from '../write/sign.js';
import type { Target } from '../write/write.js';

interface RawEntry {
  id: string;
  entry: unknown;
  /** The entry's signature, when it has one: it travels with the entry (the id ignores it). */
  sig?: unknown;
}

/** An entry as `dit export` writes it: its id, its fields and, when signed, its signature. */
const rawOf = (e: Loaded<unknown>): RawEntry =>
  e.signed ? { id: e.id, entry: e.entry, sig: e.signed.sig } : { id: e.id, entry: e.entry };

/** One JSON object per ticket, milestone and label, each with its raw entries for a lossless round trip. */
export async function* exportLines(view: View): AsyncGenerator<string> {
  const ids = await view.ids();
  const tickets: Ticket[] = [];
  for (const id of ids) {
    const t = await view.ticketById(id);
    if (t) tickets.push(t);
  }
  tickets.sort((a, b) => Date.parse(a.created) - Date.parse(b.created) || compare(a.id, b.id));
  for (const t of tickets) {
    const entries = (await view.ticketEntries(t.id)).sort(
      (a, b) => a.entry.clock - b.entry.clock || compare(a.id, b.id),
    );
    yield JSON.stringify({
      kind: 'ticket',
      id: t.id,
      title: t.title,
      body: t.body,
      type: t.type,
      status: t.status,
      priority: t.priority,
      severity: t.severity,
      labels: t.labels,
      milestone: t.milestone,
      responsible: t.responsible,
      topic: t.topic,
      watchers: t.watchers,
      votes: t.votes,
      author: t.author,
      created: t.created,
      updated: t.updated,
      comments: t.comments
        .filter((c) => !c.deleted)
        .map((c) => ({ id: c.id, author: c.author, created: c.time, body: c.body })),
      patchsets: t.patchsets,
      reviews: t.reviews,
      entries: entries.map(rawOf),
    });
  }
  for (const m of await view.milestones()) {
    const entries = await view.milestoneEntries(m.id);
    yield JSON.stringify({ kind: 'milestone', ...m, entries: entries.map(rawOf) });
  }
  for (const d of await view.labelDefs()) {
    const entries = await view.labelDefEntries(d.id);
    yield JSON.stringify({ kind: 'label', ...d, entries: entries.map(rawOf) });
  }
}

export interface ImportResult {
  tickets: number;
  milestones: number;
  labels: number;
  entries: number;
  commit: string | null;
  warnings: Warning[];
}

const SCHEMAS: Record<Collection, v.GenericSchema> = {
  tickets: ticketEntrySchema,
  milestones: milestoneEntrySchema,
  labels: labelDefEntrySchema,
};

/**
 * Reads JSON lines: `dit export` output (raw entries, written as they are, so ids survive) or plain
 * tickets (fields and comments, turned into entries). Everything goes into one commit; a bad line
 * is reported with its number and nothing is written.
 */
export async function importLines(
  store: Store,
  lines: AsyncIterable<string>,
  target: Target,
  progress: (n: number) => void = () => {},
): Promise<ImportResult> {
  const files = new Map<string, BulkFile>();
  const result: ImportResult = { tickets: 0, milestones: 0, labels: 0, entries: 0, commit: null, warnings: [] };
  const milestonesSeen = new Map<string, string>(); // plain tickets' milestone names -> earliest use
  const definedMilestones = new Set<string>();
  const add = (
    collection: Collection,
    journal: string,
    entry: unknown,
    lineNo: number,
    expectId?: string,
    sig?: unknown,
  ) => {
    const r = checkEntry(SCHEMAS[collection], entry);
    if (!r.ok)
      throw new DitError(
        'bad-input',
        `line ${lineNo}: entry ${expectId ? `${shortId(expectId)} ` : ''}is not valid: ${r.problem}; nothing was imported`,
      );
    const canonical = serialize(entry as object); // as given: validation must not reorder keys (that would change ids)
    const id = entryId(canonical);
    let data = canonical;
    if (sig !== undefined) {
      const s = v.safeParse(entrySigSchema, sig);
      if (!s.success)
        throw new DitError(
          'bad-input',
          `line ${lineNo}: the signature of entry ${shortId(id)} is not valid; nothing was imported`,
        );
      data = withSignature(canonical, s.output);
    }
    if (expectId && id !== expectId)
      result.warnings.push({
        path: `line ${lineNo}`,
        problem: `entry ${shortId(expectId)} re-serialises as ${shortId(id)}`,
      });
    const time = (entry as { time?: unknown }).time;
    if (typeof time === 'string' && Date.parse(time) > Date.now() + 24 * 3600_000) {
      result.warnings.push({
        path: `line ${lineNo}`,
        problem: `entry ${shortId(id)} is dated ${time}, in the future: it will count as the latest change until then`,
      });
    }
    const path = `${collection}/${journal}/${entryFileName(id)}`;
    if (!files.has(path)) {
      files.set(path, { path, data });
      result.entries++;
    }
  };
  const tips: KeptTip[] = [];
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (!line.trim()) continue;
    let obj: Record<string, unknown>;
    try {
      obj = JSON.parse(line) as Record<string, unknown>;
    } catch (err) {
      throw new DitError('bad-input', `line ${lineNo} is not JSON (${(err as Error).message}); nothing was imported`);
    }
    const kind = obj.kind ?? 'ticket';
    const raw = Array.isArray(obj.entries) ? (obj.entries as RawEntry[]) : null;
    try {
      if (kind === 'ticket' && raw) {
        const create = raw.find((e) => (e.entry as { kind?: string })?.kind === 'create');
        const id = typeof obj.id === 'string' ? obj.id : create?.id;
        if (!id) throw new Error('it has entries but no ticket id');
        for (const e of raw) {
          add('tickets', id, e.entry, lineNo, e.id, e.sig);
          const ps = e.entry as { kind?: unknown; number?: unknown; tip?: unknown };
          if (ps?.kind === 'patchset' && typeof ps.number === 'number' && typeof ps.tip === 'string')
            tips.push({ ticket: id, number: ps.number, tip: ps.tip });
        }
        result.tickets++;
      } else if (kind === 'ticket') {
        const plain = obj as unknown as PlainTicket;
        if (typeof plain.title !== 'string' || typeof plain.created !== 'string')
          throw new Error('a ticket needs at least "title" and "created"');
        const { id, entries } = entriesFromPlain(plain, await store.identity());
        for (const e of entries) add('tickets', id, e, lineNo);
        if (plain.milestone) {
          const when = normalizeTime(plain.created);
          const prev = milestonesSeen.get(plain.milestone);
          if (!prev || when < prev) milestonesSeen.set(plain.milestone, when);
        }
        result.tickets++;
      } else if ((kind === 'milestone' || kind === 'label') && typeof obj.name === 'string') {
        const collection = kind === 'milestone' ? 'milestones' : 'labels';
        const id = nameId(kind, obj.name);
        if (kind === 'milestone') definedMilestones.add(obj.name);
        if (raw) for (const e of raw) add(collection, id, e.entry, lineNo, e.id, e.sig);
        else add(collection, id, plainDefinition(kind, id, obj, await store.identity()), lineNo);
        result[kind === 'milestone' ? 'milestones' : 'labels']++;
      } else {
        throw new Error(`unknown kind ${JSON.stringify(kind)}`);
      }
    } catch (err) {
      if (err instanceof DitError) throw err;
      throw new DitError('bad-input', `line ${lineNo}: ${(err as Error).message}; nothing was imported`);
    }
    if (lineNo % 1000 === 0) progress(lineNo);
  }
  // plain tickets name milestones; define the ones the input did not, so they can be listed and edited
  const me = await store.identity();
  for (const [name, time] of milestonesSeen) {
    if (definedMilestones.has(name)) continue;
    const id = nameId('milestone', name);
    add(
      'milestones',
      id,
      { v: FORMAT_VERSION, kind: 'create', milestone: id, clock: 1, time, author: me, fields: { name, state: 'open' } },
      lineNo,
    );
    result.milestones++;
  }
  // patchset tips are kept as a push keeps them, before any entry names them
  for (const t of await keepTips(store.vcs, tips, 'dit: keep imported patchsets'))
    result.warnings.push({ path: 'patchsets', problem: missingTip(t) });
  if (!files.size) return result;
  // one entry pack per journal: a new repository starts with one file per ticket, not one per entry
  result.commit = await writeBulk(
    store,
    target,
    packForImport(await signMine(store, target, [...files.values()])),
    `dit: import ${result.tickets} tickets`,
  );
  return result;
}

function plainDefinition(
  kind: 'milestone' | 'label',
  id: string,
  obj: Record<string, unknown>,
  author: { name: string; email: string },
): object {
  const time = new Date().toISOString();
  if (kind === 'label') {
    const e: Record<string, unknown> = {
      v: FORMAT_VERSION,
      kind: 'define',
      label: id,
      clock: 1,
      time,
      author,
      name: obj.name,
    };
    if (typeof obj.color === 'string') e.color = obj.color.replace(/^#/, '');
    if (typeof obj.description === 'string') e.description = obj.description;
    return e;
  }
  const fields: Record<string, unknown> = { name: obj.name, state: obj.state === 'closed' ? 'closed' : 'open' };
  if (typeof obj.description === 'string') fields.description = obj.description;
  if (typeof obj.due === 'string') fields.due = obj.due;
  return { v: FORMAT_VERSION, kind: 'create', milestone: id, clock: 1, time, author, fields };
}

/**
 * Entries the importer wrote (imports from other trackers, plain tickets) signed as any write is; other
 * people's entries (restored from `dit export`) keep the signatures they came with, or none.
 */
async function signMine<F extends { path: string; data: Buffer }>(store: Store, target: Target, files: F[]) {
  const me = await store.identity();
  return signFiles(store, target, files, (data) => authoredBy(data, me));
}

/** Whether an entry file's author is `me` (same name and email). */
function authoredBy(data: Buffer, me: { name: string; email: string }): boolean {
  try {
    const a = (JSON.parse(data.toString('utf8')) as { author?: { name?: unknown; email?: unknown } }).author;
    return a?.name === me.name && a?.email === me.email;
  } catch {
    return false;
  }
}

export async function writeBulk(
  store: Store,
  target: Target,
  files: BulkFile[],
  message: string,
): Promise<string | null> {
  const me = await store.identity();
  const signed = await signMine(store, target, files);
  const step = store.progress('writing', 'entries');
  step.update(0, files.length);
  try {
    return await writeFiles(store, target, signed, message, me);
  } finally {
    step.end();
  }
}

async function writeFiles(
  store: Store,
  target: Target,
  files: BulkFile[],
  message: string,
  me: Awaited<ReturnType<Store['identity']>>,
): Promise<string | null> {
  if (target.store === 'shared') {
    const parent = await store.vcs.resolve(JOURNAL_REF);
    const commit = await store.vcs.bulkCommit(JOURNAL_REF, parent, message, me, files);
    store.invalidate();
    return commit;
  }
  return writeLocked(store, 'dit import', async () => {
    const head = await store.head();
    if (!head.ref)
      throw new DitError('usage', 'HEAD is detached; check out a branch to import into it, or use --shared');
    const commit = await store.vcs.bulkCommit(
      null,
      head.oid,
      message,
      me,
      files.map((f) => ({ path: `${DIT_DIR}/${f.path}`, data: f.data })),
    );
    if (!commit) return null; // everything is there already: no empty commit
    await applyImport(store, { ref: head.ref, from: head.oid, to: commit, message });
    return commit;
  });
}
