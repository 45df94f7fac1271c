// git's allowed-signers file (ssh-keygen(1) ALLOWED SIGNERS): who may sign, with which key, for which namespaces.
import { parseSshPublicKey } from './ssh-key.js';

export interface AllowedSigner {
  /** Comma-separated patterns (`*`, `?`, `!negation`) the signer's identity must match. */
  principals: string;
  /** The key's `SHA256:` fingerprint. */
  fingerprint: string;
  certAuthority: boolean;
  /** Namespace patterns the key may sign for; null means any. */
  namespaces: string | null;
  /** Seconds since 1970; null when open. */
  validAfter: number | null;
  validBefore: number | null;
  line: number;
}

export interface AllowedSigners {
  signers: AllowedSigner[];
  /** Lines ssh-keygen would also skip, with why (dit shows them in `dit doctor`). */
  problems: { line: number; problem: string }[];
}

/** Splits off one word as ssh's `strdelim` does: a quoted run is one word, quotes removed. */
function word(s: string): [string, string] | null {
  const t = s.replace(/^[ \t]+/, '');
  if (!t) return null;
  if (t[0] === '"') {
    const end = t.indexOf('"', 1);
    if (end < 0) return null;
    return [t.slice(1, end), t.slice(end + 1)];
  }
  const m = /^[^ \t]+/.exec(t)!;
  return [m[0], t.slice(m[0].length)];
}

/** Splits an options string at commas outside double quotes, as ssh's option parser reads it. */
function splitOptions(s: string): string[] | null {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of s) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (quoted) return null;
  out.push(cur);
  return out;
}

/** ssh's absolute time: YYYYMMDD or YYYYMMDDHHMM[SS], UTC with a trailing Z, else local time. */
export function parseSshTime(s: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?(Z?)$/.exec(s);
  if (!m) return null;
  const [y, mo, d, h, mi, se] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number) as number[];
  const ms = m[7] ? Date.UTC(y!, mo! - 1, d, h, mi, se) : new Date(y!, mo! - 1, d, h, mi, se).getTime();
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}

export function parseAllowedSigners(text: string): AllowedSigners {
  const signers: AllowedSigner[] = [];
  const problems: AllowedSigners['problems'] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const r = parseLine(raw.trim(), i + 1);
    if (r && 'problem' in r) problems.push({ line: i + 1, problem: r.problem });
    else if (r) signers.push(r);
  });
  return { signers, problems };
}

/** One line: a signer, a problem, or null for a blank line or a comment. */
function parseLine(s: string, line: number): AllowedSigner | { problem: string } | null {
  if (!s || s.startsWith('#')) return null;
  const w = word(s);
  if (!w) return { problem: 'no principals' };
  const [principals, rest] = w;
  // `principals key` or `principals options key`: a key type right after the principals means no options
  let opts: string[] = [];
  let keyText = rest;
  if (!/^[ \t]*(ssh-|ecdsa-|sk-)/.test(rest)) {
    const o = leadingOptions(rest);
    const split = o && splitOptions(o.options);
    if (!o || !split) return { problem: 'options are not readable (unbalanced quotes?)' };
    opts = split;
    keyText = o.rest;
  }
  const key = parseSshPublicKey(keyText);
  if ('problem' in key) return key;
  const signer: AllowedSigner = {
    principals,
    fingerprint: key.fingerprint,
    certAuthority: false,
    namespaces: null,
    validAfter: null,
    validBefore: null,
    line,
  };
  for (const opt of opts) {
    const m = /^([a-zA-Z-]+)(?:="(.*)")?$/.exec(opt);
    const name = m?.[1]?.toLowerCase();
    const value = m?.[2];
    if (name === 'cert-authority' && value === undefined) signer.certAuthority = true;
    else if (name === 'namespaces' && value !== undefined) signer.namespaces = value;
    else if ((name === 'valid-after' || name === 'valid-before') && value !== undefined) {
      const t = parseSshTime(value);
      if (t === null) return { problem: `${name} is not a time: ${value}` };
      if (name === 'valid-after') signer.validAfter = t;
      else signer.validBefore = t;
    } else return { problem: `unknown option ${opt}` };
  }
  return signer;
}

/** The options word at the start of `s` (it may hold quoted spaces), and what follows it. */
function leadingOptions(s: string): { options: string; rest: string } | null {
  const t = s.replace(/^[ \t]+/, '');
  let quoted = false;
  let i = 0;
  for (; i < t.length; i++) {
    const ch = t[i]!;
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === ' ' || ch === '\t')) break;
  }
  if (quoted || i === 0) return null;
  return { options: t.slice(0, i), rest: t.slice(i) };
}

/** ssh's `match_pattern`: `*` any run, `?` one character, everything else literal (case-sensitive). */
function matchPattern(s: string, pattern: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    's',
  );
  return re.test(s);
}

/** ssh's `match_pattern_list`: true when a pattern matches and no `!pattern` does. */
export function matchPatternList(s: string, list: string): boolean {
  let positive = false;
  for (const p of list.split(',')) {
    const negated = p.startsWith('!');
    if (matchPattern(s, negated ? p.slice(1) : p)) {
      if (negated) return false;
      positive = true;
    }
  }
  return positive;
}

/**
 * The line that allows `fingerprint` to sign as `principal` in `namespace` at `time` (seconds), as
 * `ssh-keygen -Y verify -I principal -n namespace -Overify-time=...` decides it; null when none does.
 * Certificate-authority lines never allow a plain key (dit does not verify SSH certificates).
 */
export function allowedFor(
  list: AllowedSigners,
  fingerprint: string,
  principal: string,
  namespace: string,
  time: number,
): AllowedSigner | null {
  for (const s of list.signers) {
    if (s.certAuthority || s.fingerprint !== fingerprint) continue;
    if (!matchPatternList(principal, s.principals)) continue;
    if (s.namespaces !== null && !matchPatternList(namespace, s.namespaces)) continue;
    if (s.validAfter !== null && time < s.validAfter) continue;
    if (s.validBefore !== null && time > s.validBefore) continue;
    return s;
  }
  return null;
}

/** Whom a key may sign as, whatever the namespace (for "a key of someone else"): the principals of its lines. */
export function principalsOf(list: AllowedSigners, fingerprint: string): string[] {
  return list.signers.filter((s) => !s.certAuthority && s.fingerprint === fingerprint).map((s) => s.principals);
}
