// SSHSIG (OpenSSH's PROTOCOL.sshsig): parsing `ssh-keygen -Y sign` signatures and verifying them with node:crypto.
import { createHash, verify } from 'node:crypto';
import { type SshKey, sshKeyFromBlob, toKeyObject } from './ssh-key.js';
import { WireError, WireReader, wireString } from './ssh-wire.js';

const MAGIC = Buffer.from('SSHSIG', 'latin1');
const ARMOR = /-----BEGIN SSH SIGNATURE-----([\s\S]*?)-----END SSH SIGNATURE-----/;
/** The hashes PROTOCOL.sshsig allows for the message. */
const HASHES = new Set(['sha256', 'sha512']);

export interface Sshsig {
  key: SshKey;
  namespace: string;
  hash: string;
  /** The inner signature: its algorithm name and blob. */
  algorithm: string;
  signature: Buffer;
}

/** The binary SSHSIG inside `ssh-keygen`'s armor (or the binary itself, passed through). */
export function dearmor(text: string | Buffer): Buffer | null {
  const s = typeof text === 'string' ? text : text.toString('latin1');
  const m = ARMOR.exec(s);
  if (m) return Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64');
  const b = typeof text === 'string' ? Buffer.from(text, 'latin1') : text;
  return b.subarray(0, 6).equals(MAGIC) ? b : null;
}

/** `ssh-keygen`'s armor around a binary SSHSIG (lines of 70, as it writes them). */
export function armor(blob: Buffer): string {
  const b64 = blob.toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 70) lines.push(b64.slice(i, i + 70));
  return `-----BEGIN SSH SIGNATURE-----\n${lines.join('\n')}\n-----END SSH SIGNATURE-----\n`;
}

export function parseSshsig(blob: Buffer): Sshsig | { problem: string } {
  try {
    const r = new WireReader(blob);
    if (!r.bytes(6).equals(MAGIC)) return { problem: 'not an SSH signature' };
    const version = r.u32();
    // as ssh-keygen: versions up to the one it writes are read
    if (version > 1) return { problem: `SSH signature version ${version} is newer than dit reads` };
    const key = sshKeyFromBlob(r.string());
    if ('problem' in key) return key;
    const namespace = r.text();
    r.string(); // reserved
    const hash = r.text();
    const inner = new WireReader(r.string());
    if (!r.done) return { problem: 'trailing bytes after the SSH signature' };
    const algorithm = inner.text();
    const signature = inner.string();
    return { key, namespace, hash, algorithm, signature };
  } catch (err) {
    if (err instanceof WireError) return { problem: 'a damaged SSH signature' };
    throw err;
  }
}

/** The bytes the key actually signs: the magic, namespace, reserved, hash name and the message's hash. */
export function signedData(namespace: string, hash: string, message: Buffer): Buffer {
  return Buffer.concat([
    MAGIC,
    wireString(namespace),
    wireString(''),
    wireString(hash),
    wireString(createHash(hash).update(message).digest()),
  ]);
}

export type SshsigCheck = { ok: true; key: SshKey } | { ok: false; problem: string; key?: SshKey };

/**
 * Whether `sig` is a good signature of `message` under `namespace` by the key it carries. This is the
 * cryptographic half of `ssh-keygen -Y verify`; whose key it is is the allowed-signers question.
 */
export function verifySshsig(sig: Sshsig, message: Buffer, namespace: string): SshsigCheck {
  const key = sig.key;
  if (sig.namespace !== namespace)
    return { ok: false, key, problem: `signed for namespace "${sig.namespace}", not "${namespace}"` };
  if (!HASHES.has(sig.hash)) return { ok: false, key, problem: `unsupported message hash ${sig.hash}` };
  const k = toKeyObject(key.blob);
  if ('problem' in k) return { ok: false, key, problem: k.problem };
  const data = signedData(namespace, sig.hash, message);
  let good = false;
  try {
    if (k.kind === 'ed25519') {
      if (sig.algorithm !== 'ssh-ed25519')
        return { ok: false, key, problem: `a ${sig.algorithm} signature by an Ed25519 key` };
      good = sig.signature.length === 64 && verify(null, data, k.key, sig.signature);
    } else if (k.kind === 'ecdsa') {
      if (sig.algorithm !== key.type)
        return { ok: false, key, problem: `a ${sig.algorithm} signature by a ${key.type} key` };
      const inner = new WireReader(sig.signature);
      const rr = inner.mpint();
      const ss = inner.mpint();
      if (!inner.done || rr.length > k.size || ss.length > k.size)
        return { ok: false, key, problem: 'a damaged ECDSA signature' };
      const p1363 = Buffer.concat([pad(rr, k.size), pad(ss, k.size)]);
      good = verify(k.hash, data, { key: k.key, dsaEncoding: 'ieee-p1363' }, p1363);
    } else {
      // PROTOCOL.sshsig: SHA-1 RSA signatures are refused, only rsa-sha2-256 and rsa-sha2-512 count
      const alg = /^rsa-sha2-(256|512)$/.exec(sig.algorithm);
      if (!alg) return { ok: false, key, problem: `RSA signature algorithm ${sig.algorithm} is not allowed` };
      good = verify(`sha${alg[1]}`, data, k.key, sig.signature);
    }
  } catch (err) {
    if (err instanceof WireError) return { ok: false, key, problem: 'a damaged signature' };
    return { ok: false, key, problem: `the signature could not be checked (${(err as Error).message})` };
  }
  return good ? { ok: true, key } : { ok: false, key, problem: 'the signature does not match the entry' };
}

function pad(b: Buffer, size: number): Buffer {
  return b.length === size ? b : Buffer.concat([Buffer.alloc(size - b.length), b]);
}
