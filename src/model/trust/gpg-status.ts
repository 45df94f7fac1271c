// What `gpg --status-fd` (and gpgsm's) says about one detached signature, read without running anything.

export interface GpgCheck {
  /** `good`: the signature matches and the key is usable; otherwise why not. */
  result: 'good' | 'bad' | 'no-key' | 'expired-key' | 'revoked-key' | 'expired-signature' | 'error';
  /** The primary key's fingerprint (upper-case hex) when gpg knew the key. */
  primary?: string;
  /** The user id gpg names first, when it knew the key. */
  uid?: string;
  /** gpg's trust in the key (`undefined`, `never`, `marginal`, `fully`, `ultimate`). */
  trust?: string;
  /** The key id gpg names when it could not check (to say which key is missing). */
  keyId?: string;
}

/** Reads the `[GNUPG:]` lines of one verification. */
export function parseGpgStatus(text: string): GpgCheck {
  let result: GpgCheck['result'] | null = null;
  const out: Omit<GpgCheck, 'result'> = {};
  let sigs = 0;
  for (const line of text.split('\n')) {
    const m = /^\[GNUPG:\] (\S+)(?: (.*))?$/.exec(line.trimEnd());
    if (!m) continue;
    const [word, rest = ''] = [m[1]!, m[2]];
    const args = rest.split(' ');
    switch (word) {
      case 'NEWSIG':
        sigs++;
        break;
      case 'GOODSIG':
      case 'EXPSIG':
      case 'EXPKEYSIG':
      case 'REVKEYSIG':
      case 'BADSIG': {
        const kinds = {
          GOODSIG: 'good',
          EXPSIG: 'expired-signature',
          EXPKEYSIG: 'expired-key',
          REVKEYSIG: 'revoked-key',
          BADSIG: 'bad',
        } as const;
        result = kinds[word];
        out.keyId = args[0];
        out.uid = args.slice(1).join(' ');
        if (word === 'BADSIG') sigs = Math.max(sigs, 1);
        break;
      }
      case 'ERRSIG':
        result ??= args[5] === '9' ? 'no-key' : 'error';
        out.keyId = args[0];
        break;
      case 'NO_PUBKEY':
        result ??= 'no-key';
        out.keyId ??= args[0];
        break;
      case 'VALIDSIG':
        // the primary key's fingerprint is the last field; gpgsm's VALIDSIG has none past the signing key's
        out.primary = (args[9] ?? args[0])?.toUpperCase();
        break;
      default:
        if (word.startsWith('TRUST_')) out.trust = word.slice(6).toLowerCase();
    }
  }
  if (sigs > 1) return { result: 'error' };
  if (result === 'good' && !out.primary) return { ...out, result: 'error' };
  return { ...out, result: result ?? 'error' };
}

/** The emails of a key's user ids in `--with-colons` listing output (`uid:` fields 10). */
export function colonEmails(text: string): {
  fingerprint: string | null;
  emails: string[];
  uids: string[];
  revokedUids: string[];
} {
  const emails: string[] = [];
  const uids: string[] = [];
  const revokedUids: string[] = [];
  let fingerprint: string | null = null;
  let primaryDone = false;
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if ((f[0] === 'pub' || f[0] === 'crt' || f[0] === 'crs') && primaryDone) break; // only the first key
    if (f[0] === 'pub' || f[0] === 'crt' || f[0] === 'crs') primaryDone = true;
    if (f[0] === 'fpr' && !fingerprint) fingerprint = f[9]?.toUpperCase() ?? null;
    if (f[0] === 'uid') {
      const uid = unescapeColons(f[9] ?? '');
      const email = /<([^<>\s]+@[^<>\s]+)>/.exec(uid)?.[1] ?? (/^[^<>\s]+@[^<>\s]+$/.test(uid) ? uid : null);
      // validity "r" is a revoked user id: its email no longer belongs to the key
      if (f[1] === 'r') {
        revokedUids.push(uid);
        continue;
      }
      uids.push(uid);
      if (email) emails.push(email);
    }
  }
  return { fingerprint, emails, uids, revokedUids };
}

/** gpg escapes ':' and non-printables in colon listings as `\xNN`. */
const unescapeColons = (s: string): string =>
  s.replace(/\\x([0-9a-fA-F]{2})/g, (_m, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
