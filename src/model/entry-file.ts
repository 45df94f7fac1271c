// Entry files: canonical bytes, content-derived ids, and validation of what is read back.
import { createHash } from 'node:crypto';
import * as v from 'valibot';
import { FORMAT_VERSION } from './schema.js';
import { canonicalBytes, type EntrySig, takeSignature } from './trust/signed-entry.js';

/** An entry as read from a journal: its id (hash of its canonical bytes) and its validated content. */
export interface Loaded<E> {
  id: string;
  entry: E;
  /** Its signature and the bytes it signs, when the file carries one (see `trust/signed-entry.ts`). */
  signed?: { sig: EntrySig; canonical: Buffer };
}

/** Canonical bytes: keys in insertion order as the writer built them, UTF-8, one trailing newline. */
export function serialize(entry: object): Buffer {
  return Buffer.from(`${JSON.stringify(entry, null, 1)}\n`, 'utf8');
}

/** The id of an entry is the git blob id of its bytes, so `git hash-object` agrees with dit. */
export function entryId(bytes: Buffer): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/**
 * The id of an entry file as read: the blob id of its canonical bytes (the file without its signature
 * line), so signing never changes an id. For an unsigned file that is the file's own blob id.
 */
export function fileId(bytes: Buffer): string {
  return entryId(canonicalBytes(bytes));
}

/** The file name an entry is stored under: its id, so names never collide and never change. */
export const entryFileName = (id: string): string => `${id}.json`;
export const ENTRY_FILE = /^([0-9a-f]{40})\.json$/;

export type ParseResult<E> = { ok: true; entry: E } | { ok: false; problem: string };

/**
 * Validates an entry file against a schema; a malformed or future-version entry is a problem, never a
 * throw. `sig` is the file's signature (the entry itself never holds it), null when unsigned.
 */
export function parseEntry<S extends v.GenericSchema>(
  schema: S,
  data: Buffer | string,
): { ok: true; entry: v.InferOutput<S>; sig: EntrySig | null } | { ok: false; problem: string } {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    return { ok: false, problem: `not valid JSON (${(err as Error).message})` };
  }
  let sig: EntrySig | null = null;
  if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
    const taken = takeSignature(json as Record<string, unknown>, bytes);
    if ('problem' in taken) return { ok: false, problem: taken.problem };
    sig = taken.sig;
  }
  const r = checkEntry(schema, json);
  return r.ok ? { ...r, sig } : r;
}

/** Validates an already parsed entry. */
export function checkEntry<S extends v.GenericSchema>(schema: S, json: unknown): ParseResult<v.InferOutput<S>> {
  if (typeof json === 'object' && json !== null && 'v' in json && json.v !== FORMAT_VERSION) {
    const newer = typeof json.v === 'number' && json.v > FORMAT_VERSION;
    return {
      ok: false,
      problem: newer
        ? `format version ${json.v} is newer than this dit reads (version ${FORMAT_VERSION}); upgrade dit`
        : `format version ${JSON.stringify(json.v)} is not one dit knows (it reads version ${FORMAT_VERSION})`,
    };
  }

  const result = v.safeParse(schema, json);
  // the entry as written, not the schema's output: that reorders keys, and bytes (so ids) must survive
  if (result.success) return { ok: true, entry: json as v.InferOutput<S> };
  const issue = result.issues[0];
  const path = issue.path?.map((p: { key: unknown }) => String(p.key)).join('.') ?? '';
  return { ok: false, problem: `${path ? `${path}: ` : ''}${issue.message}` };
}

/** A problem met while reading an entry file (malformed, unknown version): reported, skipped, never fatal. */
export interface Warning {
  path: string;
  problem: string;
}
