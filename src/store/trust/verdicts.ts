// Verdicts on entries (verified, unverified, unsigned), cached by entry id and key set, never per page view.

import { cache } from '../../caches.js';
import type { Loaded } from '../../model/entry-file.js';
import type { Author } from '../../model/schema.js';
import type { Ticket } from '../../model/ticket.js';
import { UNSIGNED, type Verdict, verdictKey } from '../../model/trust/verdict.js';
import { verifySshEntry } from '../../model/trust/verify-ssh.js';
import { type GpgKeyInfo, gpgKeyInfo, gpgVerify } from '../../sign/gpg.js';
import { pool } from '../../sign/run.js';
import type { KeySet } from './key-set.js';

type Entry = Loaded<{ author: Author; time: string }>;

/** Where verdicts are kept between processes: the derived store (cache/verdict-rows.ts), by key set id and verdict key. */
export interface VerdictRows {
  known(keySet: string, keys: readonly string[]): Promise<Map<string, Verdict>>;
  keep(keySet: string, found: readonly (readonly [string, Verdict])[]): Promise<void>;
}

/** gpg processes at once while verifying (each is one process per signature). */
const GPG_WIDTH = 4;

const WHY: Record<string, string> = {
  bad: 'the signature does not match the entry: it was changed after signing',
  'no-key': 'the key is not known here',
  'expired-key': 'the key had expired',
  'revoked-key': 'the key is revoked',
  'expired-signature': 'the signature has expired',
  error: 'gpg could not check the signature',
};

/**
 * The verdict on each entry, by id. Unsigned entries cost nothing; a signed one is checked once per
 * key set and signature (memory, then the derived store) and then only looked up.
 */
export async function verdictsOf(
  entries: readonly Entry[],
  keys: KeySet,
  disk: VerdictRows | null,
): Promise<Map<string, Verdict>> {
  const out = new Map<string, Verdict>();
  const memory = cache<Verdict>('verdicts');
  const signed: [Entry, string][] = [];
  for (const e of entries) {
    if (e.signed) signed.push([e, verdictKey(e.id, e.signed.sig)]);
    else out.set(e.id, UNSIGNED);
  }
  if (!signed.length) return out;
  const misses: [Entry, string][] = [];
  for (const [e, k] of signed) {
    const hit = memory.get(`${keys.id}\0${k}`);
    if (hit) out.set(e.id, hit);
    else misses.push([e, k]);
  }
  const stored =
    misses.length && disk
      ? await disk.known(
          keys.id,
          misses.map(([, k]) => k),
        )
      : new Map<string, Verdict>();
  const todo: Entry[] = [];
  for (const [e, k] of misses) {
    const hit = stored.get(k);
    if (hit) {
      memory.set(`${keys.id}\0${k}`, hit);
      out.set(e.id, hit);
    } else todo.push(e);
  }
  if (!todo.length) return out;
  const infos = new Map<string, Promise<GpgKeyInfo | null>>();
  const ssh = todo.filter((e) => e.signed!.sig.format === 'ssh');
  const gpg = todo.filter((e) => e.signed!.sig.format !== 'ssh');
  const decided: [Entry, Verdict][] = ssh.map((e) => [
    e,
    verifySshEntry(e.signed!.canonical, e.signed!.sig, e.entry.author.email, e.entry.time, keys.ssh),
  ]);
  decided.push(
    ...(await pool(gpg, GPG_WIDTH, async (e): Promise<[Entry, Verdict]> => [e, await verifyGpg(e, keys, infos)])),
  );
  const found: [string, Verdict][] = [];
  for (const [e, v] of decided) {
    const k = verdictKey(e.id, e.signed!.sig);
    memory.set(`${keys.id}\0${k}`, v);
    found.push([k, v]);
    out.set(e.id, v);
    if (v.state === 'verified' && v.key) keys.used?.(v.key);
  }
  await disk?.keep(keys.id, found);
  return out;
}

async function verifyGpg(e: Entry, keys: KeySet, infos: Map<string, Promise<GpgKeyInfo | null>>): Promise<Verdict> {
  const format = e.signed!.sig.format as 'openpgp' | 'x509';
  const program = keys.programs[format];
  const check = await gpgVerify(
    program,
    e.signed!.canonical,
    Buffer.from(e.signed!.sig.signature, 'base64'),
    keys.gpgEnv,
  );
  const key = check.primary;
  if (check.result !== 'good') {
    return {
      state: 'unverified',
      format,
      ...(key ? { key } : check.keyId ? { key: check.keyId } : {}),
      ...(check.uid ? { signer: check.uid } : {}),
      reason: WHY[check.result] ?? WHY.error!,
    };
  }
  const bound = await keys.bindGpg(key!, e.entry.author.email, () => {
    let p = infos.get(`${format}\0${key}`);
    if (!p) infos.set(`${format}\0${key}`, (p = gpgKeyInfo(program, key!, keys.gpgEnv)));
    return p;
  });
  if (bound.ok)
    return {
      state: 'verified',
      format,
      key: key!,
      signer: bound.signer,
      ...(bound.server ? { server: bound.server } : {}),
    };
  return {
    state: 'unverified',
    format,
    key: key!,
    ...(bound.signer ? { signer: bound.signer } : {}),
    reason: bound.reason,
  };
}

/**
 * A ticket as scripts get it (`dit show --json`, the JSON API): each comment and timeline item with
 * its entry's `verification` ({state, format, key, signer}), the ticket's own on its creating entry.
 */
export function withVerification(t: Ticket, verdicts: ReadonlyMap<string, Verdict>) {
  const of = (entry: string) => verdicts.get(entry) ?? UNSIGNED;
  return {
    ...t,
    verification: of(t.id),
    comments: t.comments.map((c) => ({ ...c, verification: of(c.id) })),
    timeline: t.timeline.map((i) => ('entry' in i ? { ...i, verification: of(i.entry) } : i)),
  };
}
