// SSH public keys: the `type base64 comment` line, the wire blob, the SHA256 fingerprint, and a node:crypto key.
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { WireError, WireReader } from './ssh-wire.js';

const CURVES: Record<string, { jwk: string; size: number; hash: string }> = {
  nistp256: { jwk: 'P-256', size: 32, hash: 'sha256' },
  nistp384: { jwk: 'P-384', size: 48, hash: 'sha384' },
  nistp521: { jwk: 'P-521', size: 66, hash: 'sha512' },
};

/** Key types dit verifies in process; security-key (`sk-`) and DSA keys are refused with a reason. */
export const SSH_KEY_TYPES = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'ssh-rsa',
] as const;

export interface SshKey {
  type: string;
  /** The wire blob, as in `authorized_keys` after base64 decoding. */
  blob: Buffer;
  /** `SHA256:` and the unpadded base64 of the blob's SHA-256, as `ssh-keygen -l` prints it. */
  fingerprint: string;
}

export function sshFingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** A key from its blob; the type named inside the blob is the one that counts. */
export function sshKeyFromBlob(blob: Buffer): SshKey | { problem: string } {
  try {
    const type = new WireReader(blob).text();
    return { type, blob: Buffer.from(blob), fingerprint: sshFingerprint(blob) };
  } catch {
    return { problem: 'not an SSH public key' };
  }
}

/**
 * An `authorized_keys`-style line: `[options] type base64 [comment]`, as `ssh-keygen` writes `.pub`
 * files. Returns the key and its comment, or a problem saying what is wrong.
 */
export function parseSshPublicKey(line: string): (SshKey & { comment: string }) | { problem: string } {
  const words = line.trim().split(/\s+/);
  const at = words.findIndex((w) => /^(ssh-|ecdsa-|sk-)/.test(w));
  if (at < 0 || !words[at + 1]) return { problem: 'not an SSH public key (expected "ssh-ed25519 AAAA... comment")' };
  const type = words[at]!;
  const b64 = words[at + 1]!;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return { problem: 'the key is not base64' };
  const key = sshKeyFromBlob(Buffer.from(b64, 'base64'));
  if ('problem' in key) return key;
  if (key.type !== type) return { problem: `the key says it is ${key.type}, the line says ${type}` };
  const problem = publicKeyProblem(key.blob);
  if (problem) return { problem };
  return { ...key, comment: words.slice(at + 2).join(' ') };
}

/** The `type base64` form of a key, as `.pub` files and allowed-signers lines hold it. */
export const sshKeyLine = (key: SshKey): string => `${key.type} ${key.blob.toString('base64')}`;

/** Why a key blob cannot be used for verification here, or null. */
export function publicKeyProblem(blob: Buffer): string | null {
  const k = toKeyObject(blob);
  return 'problem' in k ? k.problem : null;
}

/** A node:crypto public key and what verifying with it takes (the hash for ECDSA, the coordinate size). */
export type CryptoKey =
  | { kind: 'ed25519'; key: KeyObject }
  | { kind: 'ecdsa'; key: KeyObject; hash: string; size: number }
  | { kind: 'rsa'; key: KeyObject };

const b64url = (b: Buffer): string => b.toString('base64url');

export function toKeyObject(blob: Buffer): CryptoKey | { problem: string } {
  try {
    const r = new WireReader(blob);
    const type = r.text();
    if (type === 'ssh-ed25519') {
      const pk = r.string();
      if (pk.length !== 32 || !r.done) return { problem: 'a damaged Ed25519 key' };
      return {
        kind: 'ed25519',
        key: createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64url(pk) }, format: 'jwk' }),
      };
    }
    const ec = /^ecdsa-sha2-(nistp256|nistp384|nistp521)$/.exec(type);
    if (ec) {
      const curve = CURVES[ec[1]!]!;
      if (r.text() !== ec[1]) return { problem: 'an ECDSA key whose curve does not match its type' };
      const q = r.string();
      if (q.length !== 1 + 2 * curve.size || q[0] !== 4 || !r.done) return { problem: 'a damaged ECDSA key' };
      const x = q.subarray(1, 1 + curve.size);
      const y = q.subarray(1 + curve.size);
      const key = createPublicKey({ key: { kty: 'EC', crv: curve.jwk, x: b64url(x), y: b64url(y) }, format: 'jwk' });
      return { kind: 'ecdsa', key, hash: curve.hash, size: curve.size };
    }
    if (type === 'ssh-rsa') {
      const e = r.mpint();
      const n = r.mpint();
      if (!r.done) return { problem: 'a damaged RSA key' };
      if (n.length * 8 < 1024) return { problem: 'an RSA key under 1024 bits' };
      return { kind: 'rsa', key: createPublicKey({ key: { kty: 'RSA', n: b64url(n), e: b64url(e) }, format: 'jwk' }) };
    }
    if (type.startsWith('sk-')) return { problem: `security-key signatures (${type}) are not checked by dit yet` };
    return { problem: `${type} keys are not supported (use ed25519, ECDSA or RSA)` };
  } catch (err) {
    return {
      problem: err instanceof WireError ? 'a damaged SSH key' : `an unusable SSH key (${(err as Error).message})`,
    };
  }
}
