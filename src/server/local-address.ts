// Where the running `dit server` of a root listens, and the secret only processes of the same account
// can read: `dit server ssh-shell` (run by OpenSSH) announces its pushes there, so they mail and post
// webhooks exactly as pushes served by the server itself do.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STATE_DIR } from './accounts.js';

export const PUSHED_PATH = '/-/pushed';
const FILE = 'local-server.json';

/** `url`: where this machine reaches the server; `base`: the address people use (--url), for links the hooks print. */
export function writeLocalAddress(root: string, url: string, base: string, secret: string): void {
  writeFileSync(join(root, STATE_DIR, FILE), `${JSON.stringify({ url, base, secret, pid: process.pid })}\n`, {
    mode: 0o600,
  });
}

export function removeLocalAddress(root: string): void {
  rmSync(join(root, STATE_DIR, FILE), { force: true });
}

export function readLocalAddress(root: string): { url: string; base: string; secret: string } | null {
  try {
    const v = JSON.parse(readFileSync(join(root, STATE_DIR, FILE), 'utf8')) as Record<string, unknown>;
    return typeof v.url === 'string' && typeof v.secret === 'string'
      ? { url: v.url, base: typeof v.base === 'string' ? v.base : v.url, secret: v.secret }
      : null;
  } catch {
    return null;
  }
}

/**
 * Tells the running server a push to `repo` starts (`before`: it notes where the journal is) or ended
 * (`after`: it mails and posts webhooks for what is new). False when no server answers.
 */
export async function announcePush(root: string, phase: 'before' | 'after', repo: string): Promise<boolean> {
  const at = readLocalAddress(root);
  if (!at) return false;
  try {
    const res = await fetch(new URL(PUSHED_PATH.slice(1), at.url), {
      method: 'POST',
      headers: { 'x-dit-pushed': `${phase} ${repo}`, 'x-dit-local-secret': at.secret },
      signal: AbortSignal.timeout(10_000),
    });
    return res.status === 204;
  } catch {
    return false;
  }
}
