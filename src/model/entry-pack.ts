// Entry packs: many entries of one journal in one immutable file, so a ticket's history is one file, not dozens.
import { fileId } from './entry-file.js';

/**
 * A pack is named by its own blob id, like an entry file, so two writers packing the same entries make
 * the same file and a merge never conflicts. Packing deletes the packed entry files (never edits one);
 * a reader takes the union of packs and loose files and de-duplicates entries by id.
 */
export const PACK_FILE = /^pack-([0-9a-f]{40})\.json$/;
export const packFileName = (blobId: string): string => `pack-${blobId}.json`;

const PACK_VERSION = 1;

/**
 * The canonical bytes of a pack: each entry's exact bytes (so its id survives) as a JSON string, one per
 * line, sorted by entry id and de-duplicated, so the same entries always make the same pack.
 */
export function serializePack(entries: readonly Buffer[]): Buffer {
  const byId = new Map<string, Buffer>();
  for (const e of entries) byId.set(fileId(e), e); // a signed entry's id ignores its signature line
  const ids = [...byId.keys()].sort();
  const lines = ids.map((id) => JSON.stringify(byId.get(id)!.toString('utf8')));
  return Buffer.from(`{"pack":${PACK_VERSION},"entries":[\n${lines.join(',\n')}\n]}\n`, 'utf8');
}

export type PackResult = { ok: true; entries: Buffer[] } | { ok: false; problem: string };

/** Reads a pack back into its entries' bytes; a damaged or newer pack is a problem, never a throw. */
export function parsePack(data: Buffer): PackResult {
  let json: unknown;
  try {
    json = JSON.parse(data.toString('utf8'));
  } catch (err) {
    return { ok: false, problem: `entry pack is not valid JSON (${(err as Error).message})` };
  }
  const o = json as { pack?: unknown; entries?: unknown };
  if (typeof o !== 'object' || o === null || typeof o.pack !== 'number')
    return { ok: false, problem: 'not an entry pack (no "pack" version)' };
  if (o.pack !== PACK_VERSION) {
    return {
      ok: false,
      problem:
        o.pack > PACK_VERSION
          ? `entry pack version ${o.pack} is newer than this dit reads; upgrade dit`
          : `entry pack version ${o.pack} is unknown`,
    };
  }
  if (!Array.isArray(o.entries) || !o.entries.every((e) => typeof e === 'string'))
    return { ok: false, problem: 'entry pack: "entries" must be a list of strings' };
  return { ok: true, entries: (o.entries as string[]).map((e) => Buffer.from(e, 'utf8')) };
}
