// Entry packs: many entries of one journal in one immutable file, so a ticket's history is one file, not dozens.
import { createCipheriv, createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { fileId } from './entry-file.js';

/**
 * A pack is named by its own blob id, like an entry file, so two writers packing the same entries make
 * the same file and a merge never conflicts. Packing deletes the packed entry files (never edits one);
 * a reader takes the union of packs and loose files and de-duplicates entries by id.
 */
export const PACK_FILE = /^pack-([0-9a-f]{40})\.json$/;
export const packFileName = (blobId: string): string => `pack-${blobId}.json`;

/** The version written; version 1 (the entries as JSON strings, in the clear) is still read. */
const PACK_VERSION = 2;

/**
 * The entries' exact bytes (so their ids survive) as JSON strings, one per line, sorted by entry id and
 * de-duplicated: the same entries always give the same text. Version 1 packs are this text itself.
 */
function packText(entries: readonly Buffer[]): Buffer {
  const byId = new Map<string, Buffer>();
  for (const e of entries) byId.set(fileId(e), e); // a signed entry's id ignores its signature line
  const ids = [...byId.keys()].sort();
  const lines = ids.map((id) => JSON.stringify(byId.get(id)!.toString('utf8')));
  return Buffer.from(`{"pack":1,"entries":[\n${lines.join(',\n')}\n]}\n`, 'utf8');
}

/**
 * The keystream that makes a pack's bytes unlike any other file's: git pairs a deleted file with an added
 * one when their contents are 50% alike, so two branches that each packed the same entry files (or
 * repacked the same pack) with different additions met a rename/rename conflict (ticket 8b8e10d). The
 * key is the hash of the pack's text, so the same entries still make the same pack on every clone.
 * Scrambling twice with one key gives the bytes back (a counter-mode keystream, XOR-ed).
 */
function scramble(key: Buffer, data: Buffer): Buffer {
  const c = createCipheriv('aes-128-ctr', key.subarray(0, 16), key.subarray(16, 32));
  return Buffer.concat([c.update(data), c.final()]);
}

/**
 * The canonical bytes of a pack: `{"pack":2,"key":K,"data":D}` where D is the pack text (as version 1
 * wrote it), compressed and then scrambled with K, the SHA-256 of that text. The file stays JSON, so an
 * older dit says "upgrade" rather than "damaged", and it is a third of the text's size.
 */
export function serializePack(entries: readonly Buffer[]): Buffer {
  const text = packText(entries);
  const key = createHash('sha256').update(text).digest();
  const data = scramble(key, deflateRawSync(text, { level: 6 }));
  return Buffer.from(
    `{"pack":${PACK_VERSION},"key":"${key.toString('hex')}","data":"${data.toString('base64')}"}\n`,
    'utf8',
  );
}

export type PackResult = { ok: true; entries: Buffer[] } | { ok: false; problem: string };

type PackJson = { pack?: unknown; entries?: unknown; key?: unknown; data?: unknown };

/** Reads a pack back into its entries' bytes; a damaged or newer pack is a problem, never a throw. */
export function parsePack(data: Buffer): PackResult {
  const o = parseJson(data);
  if (typeof o === 'string') return { ok: false, problem: `entry pack is not valid JSON (${o})` };
  if (typeof o !== 'object' || o === null || typeof o.pack !== 'number')
    return { ok: false, problem: 'not an entry pack (no "pack" version)' };
  if (o.pack === 1) return entriesOf(o);
  if (o.pack === 2) return unscramble(o);
  return {
    ok: false,
    problem:
      o.pack > PACK_VERSION
        ? `entry pack version ${o.pack} is newer than this dit reads; upgrade dit`
        : `entry pack version ${o.pack} is unknown`,
  };
}

function parseJson(data: Buffer): PackJson | string {
  try {
    return JSON.parse(data.toString('utf8')) as PackJson;
  } catch (err) {
    return (err as Error).message;
  }
}

function entriesOf(o: PackJson): PackResult {
  if (!Array.isArray(o.entries) || !o.entries.every((e) => typeof e === 'string'))
    return { ok: false, problem: 'entry pack: "entries" must be a list of strings' };
  return { ok: true, entries: (o.entries as string[]).map((e) => Buffer.from(e, 'utf8')) };
}

/** A version 2 pack's text: the keystream undone with the key, which must be the hash of the text. */
function unscramble(o: PackJson): PackResult {
  if (typeof o.key !== 'string' || !/^[0-9a-f]{64}$/.test(o.key) || typeof o.data !== 'string')
    return { ok: false, problem: 'entry pack: version 2 needs a "key" (64 hex digits) and "data" (base64)' };
  let text: Buffer;
  try {
    text = inflateRawSync(scramble(Buffer.from(o.key, 'hex'), Buffer.from(o.data, 'base64')));
  } catch (err) {
    return { ok: false, problem: `entry pack data is damaged (${(err as Error).message})` };
  }
  if (createHash('sha256').update(text).digest('hex') !== o.key)
    return { ok: false, problem: 'entry pack data is damaged (its text does not match its key)' };
  const inner = parseJson(text);
  if (typeof inner === 'string' || inner?.pack !== 1)
    return { ok: false, problem: 'entry pack data is damaged (not a list of entries)' };
  return entriesOf(inner);
}
