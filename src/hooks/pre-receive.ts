// What a server accepts as a push of the shared journal: a fast-forward that only adds valid entry
// files (or entry packs, whose packed entry files it may delete: `dit gc`). Anything else would
// rewrite history others have, so it is refused with what to do instead.
import type * as v from 'valibot';
import { changedFiles } from '../git/diff.js';
import { isAncestor } from '../git/refs.js';
import type { Git } from '../git/repo.js';
import { ATTACHMENT_FILE } from '../model/entries/attach.js';
import { ticketEntrySchema } from '../model/entries/index.js';
import { ENTRY_FILE, fileId, parseEntry } from '../model/entry-file.js';
import { PACK_FILE, parsePack } from '../model/entry-pack.js';
import { labelDefEntrySchema } from '../model/label-def.js';
import { milestoneEntrySchema } from '../model/milestone.js';
import { COLLECTIONS, type Collection, JOURNAL_REF } from '../store/view/journals.js';
import type { HookIo } from './io.js';

const SCHEMAS: Record<Collection, v.GenericSchema> = {
  tickets: ticketEntrySchema,
  milestones: milestoneEntrySchema,
  labels: labelDefEntrySchema,
};
const OWNER: Record<Collection, string> = { tickets: 'ticket', milestones: 'milestone', labels: 'label' };
const ZERO = /^0+$/;
const MAX_ENTRY = 1024 * 1024;
const MAX_FILES = 200_000;
const SYNC = "Run `dit sync` to merge your journal with the server's and push the result.";

/** Null when the update may go in; otherwise why not (one line, shown to the person pushing). */
export async function checkJournalUpdate(git: Git, oldOid: string, newOid: string): Promise<string | null> {
  if (ZERO.test(newOid)) return `${JOURNAL_REF} may not be deleted here: it holds everyone's tickets.`;
  const old = ZERO.test(oldOid) ? null : oldOid;
  if (old && !(await isAncestor(git, old, newOid))) {
    return `${JOURNAL_REF} may only move forward: this push would drop entries others have. ${SYNC}`;
  }
  const changes = await changedFiles(git, old, newOid);
  if (changes.length > MAX_FILES)
    return `this push adds more than ${MAX_FILES} journal files at once; push it in parts.`;
  const deleted: typeof changes = [];
  for (const c of changes) {
    if (c.status === 'D') {
      deleted.push(c);
      continue;
    }
    if (c.status !== 'A')
      return `${JOURNAL_REF}: ${c.path} is changed; entries are written once and never changed. ${SYNC}`;
    const problem = await checkAdded(git, c.path, c.newMode, c.newOid);
    if (problem) return `${JOURNAL_REF}: ${c.path}: ${problem}; the push was refused. ${SYNC}`;
  }
  // a deleted entry (a loose file, or a whole pack) must live on in a pack of the same journal
  const covered = new Map<string, Set<string>>();
  for (const c of deleted) {
    const dir = c.path.slice(0, c.path.lastIndexOf('/'));
    let ids = covered.get(dir);
    if (!ids) covered.set(dir, (ids = await idsIn(git, `${newOid}:${dir}`)));
    const file = c.path.slice(dir.length + 1);
    const gone = ENTRY_FILE.test(file)
      ? [ENTRY_FILE.exec(file)![1]!]
      : PACK_FILE.test(file)
        ? await packIds(git, c.oldOid)
        : null;
    if (!gone || gone.some((id) => !ids.has(id))) {
      return `${JOURNAL_REF}: ${c.path} is deleted and its entries are not kept in a pack; entries are never deleted. ${SYNC}`;
    }
  }
  return null;
}

/** The entry ids a journal folder holds, loose and packed. */
async function idsIn(git: Git, treeName: string): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const e of (await git.readTree(treeName))?.entries ?? []) {
    const loose = ENTRY_FILE.exec(e.name);
    if (loose) ids.add(loose[1]!);
    else if (PACK_FILE.test(e.name)) for (const id of await packIds(git, e.oid)) ids.add(id);
  }
  return ids;
}

async function packIds(git: Git, oid: string): Promise<string[]> {
  const data = await git.readBlob(oid);
  const r = data ? parsePack(data) : null;
  return r?.ok ? r.entries.map((b) => fileId(b)) : [];
}

async function checkAdded(git: Git, path: string, mode: string, oid: string): Promise<string | null> {
  const [collection, journal, file, ...more] = path.split('/');
  if (!COLLECTIONS.includes(collection as Collection) || !journal || !file || more.length)
    return 'not an entry file (COLLECTION/ID/ENTRY.json)';
  if (mode !== '100644') return 'not a plain file';
  if (!/^[0-9a-f]{40}$/.test(journal)) return 'the folder is not a journal id';
  const pack = PACK_FILE.exec(file);
  if (pack) {
    if (pack[1] !== oid) return "the pack's name is not the hash of its content";
    const data = await git.readBlob(oid);
    if (!data) return 'its content is missing';
    const r = parsePack(data);
    if (!r.ok) return r.problem;
    for (const bytes of r.entries) {
      const problem = checkEntry(collection as Collection, journal, fileId(bytes), bytes);
      if (problem) return `entry ${fileId(bytes).slice(0, 12)}: ${problem}`;
    }
    return null;
  }
  const attached = ATTACHMENT_FILE.exec(file);
  if (attached && collection === 'tickets') {
    // an attachment's bytes: named by their own hash, so they cannot be swapped under their entry
    return attached[1] === oid ? null : "the attachment's name is not the hash of its content";
  }
  const m = ENTRY_FILE.exec(file);
  if (!m) return 'the file name is not an entry id';
  const data = await git.readBlob(oid);
  if (!data) return 'its content is missing';
  // the name is the hash of the canonical bytes: the file's own for an unsigned entry, without the signature line for a signed one
  if (m[1] !== (m[1] === oid ? oid : fileId(data))) return 'the file name is not the hash of its content';
  return checkEntry(collection as Collection, journal, m[1]!, data);
}

function checkEntry(col: Collection, journal: string, id: string, data: Buffer): string | null {
  if (data.length > MAX_ENTRY) return 'it is larger than 1 MiB';
  const r = parseEntry(SCHEMAS[col], data);
  if (!r.ok) return r.problem;
  const e = r.entry as Record<string, unknown>;
  const owner = col === 'tickets' ? (e.kind === 'create' ? id : e.ticket) : e[OWNER[col]];
  if (owner !== journal)
    return `it belongs to ${OWNER[col]} ${String(owner).slice(0, 12)}, not ${journal.slice(0, 12)}`;
  return null;
}

/** The pre-receive hook: every update of the shared journal in a push is checked; one bad update refuses the push. */
export async function preReceiveHook(io: HookIo): Promise<number> {
  let input = '';
  for await (const chunk of io.stdin) input += chunk.toString();
  const commands = input
    .split('\n')
    .map((l) => l.trim().split(' '))
    .filter((p) => p.length === 3);
  // someone `dit server` knows may only read: proposals and patchsets (refs/for/...) are all they push
  if (io.env.DIT_PUSHER_ROLE?.trim().toLowerCase() === 'read') {
    const other = commands.find((c) => !c[2]!.startsWith('refs/for/'));
    if (other) {
      io.err(
        `dit: push refused: ${io.env.DIT_PUSHER_NAME || 'you'} may read this repository but not update ${other[2]}; ` +
          'push a proposal to refs/for/<branch> (or refs/for/<ticket id>) instead, or ask an administrator for write access\n',
      );
      return 1;
    }
  }
  const updates = commands.filter((p) => p[2] === JOURNAL_REF);
  if (!updates.length && !io.env.DIT_TRUST_FILE) return 0;
  const { Git } = await import('../git/repo.js');
  const git = await Git.open(io.cwd);
  try {
    for (const [oldOid, newOid] of updates) {
      const problem = await checkJournalUpdate(git, oldOid!, newOid!);
      if (problem) {
        io.err(`dit: push refused: ${problem}\n`);
        return 1;
      }
    }
    // on dit server: no entry speaks for another account without its signature, state changes need write
    const { checkPushTrust } = await import('./push-trust.js');
    const refusal = await checkPushTrust(git, io.env, commands as [string, string, string][]);
    if (refusal) {
      io.err(`dit: push refused: ${refusal}\n`);
      return 1;
    }
    return 0;
  } finally {
    git.close();
  }
}
