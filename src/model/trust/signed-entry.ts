// How a signature travels: the last line of the entry file, outside the bytes its id and its signature cover.
import * as v from 'valibot';

export const SIGNATURE_FORMATS = ['ssh', 'openpgp', 'x509'] as const;
export type SignatureFormat = (typeof SIGNATURE_FORMATS)[number];

/** The namespace SSH signatures of entries are made under, so one can never pass as a signed commit ("git"). */
export const SSH_NAMESPACE = 'dit';

/** The bytes of a signature stay bounded: an RSA-8192 SSHSIG is about 2.2 KB, base64 3 KB. */
const MAX_SIGNATURE = 16_384;

export const entrySigSchema = v.strictObject({
  format: v.picklist(SIGNATURE_FORMATS),
  signature: v.pipe(
    v.string(),
    v.maxLength(MAX_SIGNATURE, `must be at most ${MAX_SIGNATURE} characters`),
    v.regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64'),
  ),
});
/** A signature as an entry file carries it: the format, and the binary signature in base64. */
export type EntrySig = v.InferOutput<typeof entrySigSchema>;

const TAIL = '\n}\n';
const KEY = ' "sig": ';

/**
 * An entry's canonical bytes and its signature line. An entry file is `serialize(entry)`; a signed
 * one has one more top-level line, last: `,\n "sig": {...}` before the closing brace. Removing that
 * line gives back the canonical bytes exactly, so the id (the blob id of the canonical bytes, also the
 * file name) and the signed message (those same bytes: every byte the fold reads) ignore signatures.
 * Null when the file has no signature line.
 */
export function splitSigned(bytes: Buffer): { canonical: Buffer; sig: string } | null {
  const n = bytes.length;
  // ends with "\n}\n", and the line before it starts with ` "sig": ` after a comma
  if (n < 16 || bytes[n - 1] !== 0x0a || bytes[n - 2] !== 0x7d || bytes[n - 3] !== 0x0a) return null;
  const start = bytes.lastIndexOf(0x0a, n - 4);
  if (start < 1 || bytes[start - 1] !== 0x2c) return null;
  if (bytes.toString('latin1', start + 1, start + 1 + KEY.length) !== KEY) return null;
  return {
    canonical: Buffer.concat([bytes.subarray(0, start - 1), Buffer.from(TAIL, 'latin1')]),
    sig: bytes.toString('utf8', start + 1 + KEY.length, n - 3),
  };
}

/** The canonical bytes of an entry file: itself when unsigned, without its signature line when signed. */
export function canonicalBytes(bytes: Buffer): Buffer {
  return splitSigned(bytes)?.canonical ?? bytes;
}

/** A signed entry file: the canonical bytes with the signature as their last top-level line. */
export function withSignature(canonical: Buffer, sig: EntrySig): Buffer {
  if (!canonical.subarray(-TAIL.length).equals(Buffer.from(TAIL, 'latin1')) || splitSigned(canonical))
    throw new Error('not the canonical bytes of an unsigned entry');
  const line = `,\n${KEY}${JSON.stringify({ format: sig.format, signature: sig.signature })}${TAIL}`;
  return Buffer.concat([canonical.subarray(0, canonical.length - TAIL.length), Buffer.from(line, 'utf8')]);
}

export type SigRead = { sig: EntrySig | null } | { problem: string };

/**
 * The signature of a parsed entry file, checked against its bytes: a `sig` key must be the signature
 * line `splitSigned` finds, or the id would not be what the file name says. Removes `sig` from `json`.
 */
export function takeSignature(json: Record<string, unknown>, bytes: Buffer): SigRead {
  if (!Object.hasOwn(json, 'sig')) return { sig: null };
  const raw = json.sig;
  delete json.sig;
  if (!splitSigned(bytes)) return { problem: 'sig: the signature must be the last line of the entry file' };
  const r = v.safeParse(entrySigSchema, raw);
  if (!r.success) {
    const issue = r.issues[0];
    const path = issue.path?.map((p: { key: unknown }) => String(p.key)).join('.') ?? '';
    return { problem: `sig${path ? `.${path}` : ''}: ${issue.message}` };
  }
  return { sig: r.output };
}
