// Passwords (scrypt with a salt per user) and tokens (random, kept only as a hash): nothing stored can be replayed.
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const N = 16384;
const R = 8;
const P = 1;
const KEY = 32;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY, { N: n, r, p, maxmem: 64 * 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** `scrypt$N$r$p$salt$key`, salt and key in base64: the parameters travel with the hash. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function checkPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const want = Buffer.from(key, 'base64');
  const got = await derive(password, Buffer.from(salt, 'base64'), Number(n), Number(r), Number(p));
  return got.length === want.length && timingSafeEqual(got, want);
}

/** A hash to compare against when no account matches, so a wrong name costs as long as a wrong password. */
let decoy: Promise<string> | null = null;
export async function wasteTime(password: string): Promise<void> {
  decoy ??= hashPassword(randomBytes(8).toString('hex'));
  await checkPassword(password, await decoy);
}

/** A new secret for a person to hold (API token, session): `prefix_` and 32 random bytes. */
export const newSecret = (prefix: string): string => `${prefix}_${randomBytes(32).toString('base64url')}`;

/** What is stored for a secret: a plain SHA-256 suffices for 256 random bits. */
export const secretHash = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export const newPassword = (): string => randomBytes(12).toString('base64url');
