// dit server's push rule in the pre-receive hook: every entry a push adds that the repository did not hold
// is checked: it may not speak for another account without that account's signature, and what goes beyond
// the reader's rights needs write access (model/trust/push-rule.ts decides; this gathers the entries, their
// verdicts and who wrote what they touch).
import { appendFileSync, readFileSync } from 'node:fs';
import type * as v from 'valibot';
import { filesUnder } from '../git/diff.js';
import { heldObjects } from '../git/held-objects.js';
import type { Git } from '../git/repo.js';
import { ticketEntrySchema } from '../model/entries/index.js';
import { ENTRY_FILE, entryId, fileId, type Loaded, parseEntry } from '../model/entry-file.js';
import { PACK_FILE, parsePack } from '../model/entry-pack.js';
import { labelDefEntrySchema } from '../model/label-def.js';
import { milestoneEntrySchema } from '../model/milestone.js';
import type { Author } from '../model/schema.js';
import { type PushedEntry, pushRefusal, type TrustSnapshot } from '../model/trust/push-rule.js';
import { needsFacts, type TicketFacts } from '../model/trust/reader-rights.js';
import { canonicalBytes } from '../model/trust/signed-entry.js';
import { serverKeySet } from '../store/trust/server-key-set.js';
import { verdictsOf } from '../store/trust/verdicts.js';
import { COLLECTIONS, type Collection, DIT_DIR, JOURNAL_REF } from '../store/view/journals.js';

const SCHEMAS: Record<Collection, v.GenericSchema> = {
  tickets: ticketEntrySchema,
  milestones: milestoneEntrySchema,
  labels: labelDefEntrySchema,
};
const ZERO = /^0+$/;

interface Candidate {
  collection: Collection;
  journal: string;
  data: Buffer;
}

/** `<collection>/<journal>/<file>`, under `.dit/` on code refs; null for anything else. */
function place(path: string, code: boolean): { collection: Collection; journal: string; file: string } | null {
  const parts = path.split('/');
  if (code) {
    if (parts[0] !== DIT_DIR) return null;
    parts.shift();
  }
  const [collection, journal, file, ...more] = parts;
  if (!collection || !journal || !file || more.length || !COLLECTIONS.includes(collection as Collection)) return null;
  return { collection: collection as Collection, journal, file };
}

/**
 * The refusal for this push under the server's rule, or null. Only on `dit server` (it sets
 * `DIT_TRUST_FILE`), and not where the repository says `dit.verify false`.
 */
export async function checkPushTrust(
  git: Git,
  env: NodeJS.ProcessEnv,
  commands: readonly (readonly [string, string, string])[],
): Promise<string | null> {
  if (!env.DIT_TRUST_FILE) return null;
  if ((await git.configBool('dit.verify')) === false) return null;
  const snapshot = JSON.parse(readFileSync(env.DIT_TRUST_FILE, 'utf8')) as TrustSnapshot;
  const pusher: Author = { name: env.DIT_PUSHER_NAME?.trim() ?? '', email: env.DIT_PUSHER_EMAIL?.trim() ?? '' };

  // the entry files and packs the push's refs hold that they did not before
  const files = new Map<string, { collection: Collection; journal: string; pack: boolean }>();
  const replaced = new Set<string>(); // packs this push deletes: their entries were held
  const tips: { tip: string; code: boolean }[] = [];
  for (const [oldOid, newOid, ref] of commands) {
    if (ZERO.test(newOid)) continue;
    const code = ref !== JOURNAL_REF;
    const tip = code ? await git.oid(`${newOid}^{commit}`) : newOid;
    if (!tip) continue; // a tag of a tree or a blob carries no entries
    tips.push({ tip, code });
    const from = ZERO.test(oldOid) ? null : await git.oid(`${oldOid}^{commit}`);
    const { added, deleted } = await filesUnder(git, from, tip, code ? [DIT_DIR] : COLLECTIONS);
    for (const f of added) {
      const p = place(f.path, code);
      if (p && (ENTRY_FILE.test(p.file) || PACK_FILE.test(p.file)))
        files.set(f.oid, { collection: p.collection, journal: p.journal, pack: PACK_FILE.test(p.file) });
    }
    for (const f of deleted) if (PACK_FILE.test(f.path.slice(f.path.lastIndexOf('/') + 1))) replaced.add(f.oid);
  }
  if (!files.size) return null;
  const heldFiles = await heldObjects(git, [...files.keys()]);
  const candidates: Candidate[] = [];
  for (const [oid, f] of files) {
    if (heldFiles.has(oid)) continue;
    const data = await git.readBlob(oid);
    if (!data) continue;
    if (!f.pack) {
      candidates.push({ collection: f.collection, journal: f.journal, data });
      continue;
    }
    const pack = parsePack(data);
    if (pack.ok)
      for (const e of pack.entries) candidates.push({ collection: f.collection, journal: f.journal, data: e });
  }
  // an entry packed by this push was held when its own file (or a pack the push replaces) was
  const heldIds = new Set<string>();
  for (const oid of replaced) {
    const data = await git.readBlob(oid);
    const pack = data ? parsePack(data) : null;
    if (pack?.ok) for (const e of pack.entries) heldIds.add(fileId(e));
  }
  const blobIds = candidates.map((c) => entryId(c.data));
  const heldBlobs = await heldObjects(git, blobIds);

  const loaded: (Loaded<{ author: Author; time: string }> & { collection: Collection; journal: string })[] = [];
  const seen = new Set<string>();
  candidates.forEach((c, i) => {
    const id = fileId(c.data);
    if (heldBlobs.has(blobIds[i]!) || heldIds.has(id) || seen.has(`${c.collection}/${id}`)) return;
    seen.add(`${c.collection}/${id}`);
    const r = parseEntry(SCHEMAS[c.collection], c.data);
    if (!r.ok) return; // malformed entries are skipped by readers (and refused on the journal by its own check)
    const entry = r.entry as { author: Author; time: string };
    loaded.push({
      id,
      entry,
      collection: c.collection,
      journal: c.journal,
      ...(r.sig ? { signed: { sig: r.sig, canonical: canonicalBytes(c.data) } } : {}),
    });
  });
  if (!loaded.length) return null;

  const used = new Set<string>();
  const keys = serverKeySet(snapshot, env, (fp) => used.add(fp));
  const verdicts = await verdictsOf(loaded, keys, null);
  const pushed: PushedEntry[] = loaded.map((l) => ({
    id: l.id,
    collection: l.collection,
    journal: l.journal,
    entry: l.entry as PushedEntry['entry'],
    verdict: verdicts.get(l.id)!,
  }));
  // who wrote what the rule asks about: the entries of this push first, then the repository's
  const authors = new Map<string, Author | null>();
  for (const l of loaded) if (l.collection === 'tickets') authors.set(l.id, l.entry.author);
  for (const l of loaded) {
    if (l.collection !== 'tickets' || !needsFacts(l.collection, l.entry)) continue;
    const comment = (l.entry as { comment?: unknown }).comment;
    for (const id of [l.journal, ...(typeof comment === 'string' ? [comment] : [])])
      if (!authors.has(id)) authors.set(id, await authorIn(git, l.journal, id, tips));
  }
  const facts = (t: string): TicketFacts => ({
    opener: authors.get(t) ?? null,
    authorOf: (id) => authors.get(id) ?? null,
  });
  const refusal = pushRefusal(pushed, snapshot, pusher, facts);
  if (!refusal && used.size && env.DIT_KEYS_USED_FILE) {
    try {
      appendFileSync(env.DIT_KEYS_USED_FILE, [...used].map((fp) => `${fp}\n`).join(''));
    } catch {
      // a key's last use is a courtesy; the push does not depend on it
    }
  }
  return refusal;
}

/** Who wrote an entry of a ticket (its id is the ticket's for the one that opened it), in the pushed tips or the shared journal. */
async function authorIn(
  git: Git,
  ticket: string,
  entry: string,
  tips: readonly { tip: string; code: boolean }[],
): Promise<Author | null> {
  const roots = [
    ...tips.map((t) => `${t.tip}:${t.code ? `${DIT_DIR}/` : ''}tickets/${ticket}`),
    `${JOURNAL_REF}:tickets/${ticket}`,
    `HEAD:${DIT_DIR}/tickets/${ticket}`,
  ];
  for (const root of roots) {
    const tree = await git.readTree(root).catch(() => null);
    if (!tree) continue;
    for (const e of tree.entries) {
      let bytes: Buffer[] = [];
      if (e.name === `${entry}.json`) bytes = [(await git.readBlob(e.oid)) ?? Buffer.alloc(0)];
      else if (PACK_FILE.test(e.name)) {
        const pack = parsePack((await git.readBlob(e.oid)) ?? Buffer.alloc(0));
        bytes = pack.ok ? pack.entries : [];
      } else continue;
      for (const b of bytes) {
        if (fileId(b) !== entry) continue;
        const r = parseEntry(ticketEntrySchema, b);
        if (r.ok) return (r.entry as { author: Author }).author;
      }
    }
  }
  return null;
}
