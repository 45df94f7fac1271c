// What a server accepts as a push of the shared journal: a fast-forward that only adds valid entry
// files. Anything else would rewrite history others have, so it is refused with what to do instead.
import type * as v from 'valibot';
import { changedFiles } from '../git/diff.js';
import { isAncestor } from '../git/refs.js';
import type { Git } from '../git/repo.js';
import { ENTRY_FILE, parseEntry } from '../model/entry-file.js';
import { ticketEntrySchema } from '../model/entries/index.js';
import { labelDefEntrySchema } from '../model/label-def.js';
import { milestoneEntrySchema } from '../model/milestone.js';
import { COLLECTIONS, JOURNAL_REF, type Collection } from './journals.js';

const SCHEMAS: Record<Collection, v.GenericSchema> = { tickets: ticketEntrySchema, milestones: milestoneEntrySchema, labels: labelDefEntrySchema };
const OWNER: Record<Collection, string> = { tickets: 'ticket', milestones: 'milestone', labels: 'label' };
const ZERO = /^0+$/;
const MAX_ENTRY = 1024 * 1024;
const MAX_FILES = 200_000;
const SYNC = 'Run `dit sync` to merge your journal with the server\'s and push the result.';

/** Null when the update may go in; otherwise why not (one line, shown to the person pushing). */
export async function checkJournalUpdate(git: Git, oldOid: string, newOid: string): Promise<string | null> {
  if (ZERO.test(newOid)) return `${JOURNAL_REF} may not be deleted here: it holds everyone's tickets.`;
  const old = ZERO.test(oldOid) ? null : oldOid;
  if (old && !(await isAncestor(git, old, newOid))) {
    return `${JOURNAL_REF} may only move forward: this push would drop entries others have. ${SYNC}`;
  }
  const changes = await changedFiles(git, old, newOid);
  if (changes.length > MAX_FILES) return `this push adds more than ${MAX_FILES} journal files at once; push it in parts.`;
  for (const c of changes) {
    if (c.status !== 'A') return `${JOURNAL_REF}: ${c.path} is ${c.status === 'D' ? 'deleted' : 'changed'}; entries are written once and never changed or deleted. ${SYNC}`;
    const problem = await checkEntryFile(git, c.path, c.newMode, c.newOid);
    if (problem) return `${JOURNAL_REF}: ${c.path}: ${problem}; the push was refused. ${SYNC}`;
  }
  return null;
}

async function checkEntryFile(git: Git, path: string, mode: string, oid: string): Promise<string | null> {
  const [collection, journal, file, ...more] = path.split('/');
  if (!COLLECTIONS.includes(collection as Collection) || !journal || !file || more.length) return 'not an entry file (COLLECTION/ID/ENTRY.json)';
  if (mode !== '100644') return 'not a plain file';
  if (!/^[0-9a-f]{40}$/.test(journal)) return 'the folder is not a journal id';
  const m = ENTRY_FILE.exec(file);
  if (!m) return 'the file name is not an entry id';
  if (m[1] !== oid) return 'the file name is not the hash of its content';
  const data = await git.readBlob(oid);
  if (!data) return 'its content is missing';
  if (data.length > MAX_ENTRY) return 'it is larger than 1 MiB';
  const col = collection as Collection;
  const r = parseEntry(SCHEMAS[col], data);
  if (!r.ok) return r.problem;
  const e = r.entry as Record<string, unknown>;
  const owner = col === 'tickets' ? (e.kind === 'create' ? oid : e.ticket) : e[OWNER[col]];
  if (owner !== journal) return `it belongs to ${OWNER[col]} ${String(owner).slice(0, 12)}, not ${journal.slice(0, 12)}`;
  return null;
}
