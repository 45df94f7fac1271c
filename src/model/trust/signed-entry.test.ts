// The signature line: outside the id and the signed bytes, read back exactly, refused anywhere else.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commentSchema } from '../entries/comment.js';
import { entryId, fileId, parseEntry, serialize } from '../entry-file.js';
import { parsePack, serializePack } from '../entry-pack.js';
import { canonicalBytes, splitSigned, withSignature } from './signed-entry.js';

const entry = {
  v: 1,
  kind: 'comment',
  ticket: 'a'.repeat(40),
  clock: 3,
  time: '2024-05-01T12:00:00.000Z',
  author: { name: 'Ann', email: 'ann@example.com' },
  body: 'a "sig": in the text,\n "sig": on its own line',
};
const sig = { format: 'ssh' as const, signature: Buffer.from('not really a signature').toString('base64') };

test('signing adds one last line; removing it gives the canonical bytes back, so the id stays', () => {
  const canonical = serialize(entry);
  const signed = withSignature(canonical, sig);
  assert.ok(signed.toString().endsWith(`,\n "sig": ${JSON.stringify(sig)}\n}\n`));
  assert.deepEqual(splitSigned(signed)?.canonical, canonical);
  assert.equal(fileId(signed), entryId(canonical));
  assert.equal(fileId(canonical), entryId(canonical), 'an unsigned file is its own canonical bytes');
  assert.equal(splitSigned(canonical), null, 'a "sig" inside a string is not a signature line');
  const r = parseEntry(commentSchema, signed);
  assert.ok(r.ok);
  assert.deepEqual(r.sig, sig);
  assert.equal(Object.hasOwn(r.entry, 'sig'), false, 'the entry itself never holds the signature');
  assert.deepEqual(serialize(r.entry), canonical, 'what the fold reads serializes to the signed bytes');
  const plain = parseEntry(commentSchema, canonical);
  assert.ok(plain.ok);
  assert.equal(plain.sig, null);
});

test('a signature anywhere but the last line, or malformed, makes the entry a problem', () => {
  const moved = Buffer.from(`{\n "sig": ${JSON.stringify(sig)},${serialize(entry).toString().slice(1)}`);
  const a = parseEntry(commentSchema, moved);
  assert.ok(!a.ok && /last line/.test(a.problem));
  const spread = Buffer.from(JSON.stringify({ ...entry, sig }, null, 2));
  assert.ok(!parseEntry(commentSchema, spread).ok, 'a signature spread over lines');
  const badFormat = withSignature(serialize(entry), { format: 'ssh', signature: 'not base64!' } as never);
  const b = parseEntry(commentSchema, badFormat);
  assert.ok(!b.ok && /sig\.signature/.test(b.problem));
  const unknown = withSignature(serialize(entry), { format: 'pgp', signature: 'AAAA' } as never);
  assert.ok(!parseEntry(commentSchema, unknown).ok);
});

test('an entry pack keeps each entry with its signature, keyed by the canonical id', () => {
  const canonical = serialize(entry);
  const signed = withSignature(canonical, sig);
  const other = serialize({ ...entry, clock: 4 });
  const pack = serializePack([signed, other, signed]);
  const back = parsePack(pack);
  assert.ok(back.ok);
  assert.equal(back.entries.length, 2);
  assert.ok(
    back.entries.some((e) => e.equals(signed)),
    'the signature survives packing',
  );
  assert.deepEqual(new Set(back.entries.map(fileId)), new Set([entryId(canonical), entryId(other)]));
  assert.deepEqual(canonicalBytes(signed), canonical);
});
