// Every byte the fold reads is signed: flipping any field of any entry kind fails verification.
import assert from 'node:assert/strict';
import { generateKeyPairSync, sign } from 'node:crypto';
import { test } from 'node:test';
import { serialize } from '../entry-file.js';
import { parseAllowedSigners } from './allowed-signers.js';
import { SSH_NAMESPACE } from './signed-entry.js';
import { wireString } from './ssh-wire.js';
import { signedData } from './sshsig.js';
import { allowedSignersKeySet, verifySshEntry } from './verify-ssh.js';

// an Ed25519 key and SSHSIG made here with node:crypto (the agreement with ssh-keygen is src/sign/'s test)
const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
const blob = Buffer.concat([wireString('ssh-ed25519'), wireString(raw)]);
const line = `ssh-ed25519 ${blob.toString('base64')}`;
const keys = allowedSignersKeySet(parseAllowedSigners(`ann@example.com ${line}\n`));

function sshsig(message: Buffer): string {
  const data = signedData(SSH_NAMESPACE, 'sha512', message);
  const s = sign(null, data, privateKey);
  const inner = Buffer.concat([wireString('ssh-ed25519'), wireString(s)]);
  const out = Buffer.concat([
    Buffer.from('SSHSIG'),
    Buffer.from([0, 0, 0, 1]),
    wireString(blob),
    wireString(SSH_NAMESPACE),
    wireString(''),
    wireString('sha512'),
    wireString(inner),
  ]);
  return out.toString('base64');
}

const head = (kind: string) => ({
  v: 1,
  kind,
  ticket: 'a'.repeat(40),
  clock: 7,
  time: '2024-05-01T12:00:00.000Z',
  author: { name: 'Ann', email: 'ann@example.com' },
});
const ENTRIES: Record<string, unknown>[] = [
  {
    v: 1,
    kind: 'create',
    clock: 1,
    time: '2024-05-01T12:00:00.000Z',
    author: { name: 'Ann', email: 'ann@example.com' },
    title: 'T',
    body: 'b',
    type: 'bug',
    labels: ['ui'],
  },
  { ...head('comment'), body: 'hello' },
  { ...head('status'), status: 'fixed', comment: 'done' },
  { ...head('set'), fields: { priority: 'high', milestone: '2.4' } },
  { ...head('label'), add: ['a'], remove: ['b'] },
  { ...head('review'), patchset: 1, revision: 2, score: 2 },
];

/** Every path to a leaf value, and a function giving a copy with that leaf changed. */
function leaves(o: unknown, path: string[] = []): [string, (x: any) => void][] {
  if (o === null || typeof o !== 'object') {
    const change = (x: any) => {
      let cur = x;
      for (const k of path.slice(0, -1)) cur = cur[k];
      const last = path.at(-1)!;
      const v = cur[last];
      cur[last] = typeof v === 'number' ? v + 1 : typeof v === 'string' ? `${v}x` : !v;
    };
    return [[path.join('.'), change]];
  }
  return Object.entries(o).flatMap(([k, v]) => leaves(v, [...path, k]));
}

test('flipping any field of any entry kind makes a verified entry unverified', () => {
  let flipped = 0;
  for (const entry of ENTRIES) {
    const canonical = serialize(entry);
    const sig = { format: 'ssh' as const, signature: sshsig(canonical) };
    const good = verifySshEntry(canonical, sig, 'ann@example.com', String(entry.time), keys);
    assert.equal(good.state, 'verified', `${entry.kind} as signed`);
    for (const [path, change] of leaves(entry)) {
      const copy = structuredClone(entry);
      change(copy);
      const author = (copy.author as { email: string }).email;
      const v = verifySshEntry(serialize(copy), sig, author, String(copy.time), keys);
      assert.equal(v.state, 'unverified', `${entry.kind}: ${path} changed`);
      flipped++;
    }
  }
  assert.ok(flipped >= 40, `${flipped} fields flipped`);
});
