// Who a page names: a directory from emails to names, initials and a stable colour for avatars. Pure.
import type { Author } from './schema.js';

export interface KnownPerson {
  name: string;
  email: string;
}

/** Reads a people-set entry or a responsible field: "Name <email>", an email, or a name. */
export function readPerson(s: string): KnownPerson {
  const m = /^(.*?)\s*<([^<>]*)>$/.exec(s.trim());
  if (m) return { name: m[1]!, email: m[2]! };
  return s.includes('@') ? { name: '', email: s.trim() } : { name: s.trim(), email: '' };
}

/** What a person is called when only the email is known: its part before the @, like a login. */
export const localPart = (email: string): string => email.slice(0, Math.max(0, email.lastIndexOf('@'))) || email;

/** A lookup from the way entries name people (an email, a name, "Name <email>") to who they are. */
export class Directory {
  private readonly byEmail = new Map<string, KnownPerson>();
  private readonly byName = new Map<string, KnownPerson>();
  private readonly counts = new Map<string, number>();

  constructor(people: Iterable<KnownPerson> = []) {
    for (const p of people) this.add(p);
  }

  /** Adds someone; the first name seen for an email stays (people lists are oldest first). */
  add(p: KnownPerson): void {
    const key = (p.email || `\0${p.name}`).toLowerCase();
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    const email = p.email.toLowerCase();
    const had = this.byEmail.get(email);
    if (email && (!had || (!had.name && p.name))) this.byEmail.set(email, p);
    if (p.name && !email && !this.byName.has(p.name.toLowerCase())) this.byName.set(p.name.toLowerCase(), p);
    else if (p.name && email) {
      const named = this.byName.get(p.name.toLowerCase());
      if (!named?.email) this.byName.set(p.name.toLowerCase(), p);
    }
  }

  /** Everyone, by name then email, once each. */
  all(): KnownPerson[] {
    const seen = new Set<string>();
    const out: KnownPerson[] = [];
    for (const p of [...this.byEmail.values(), ...this.byName.values()]) {
      const k = (p.email || `\0${p.name}`).toLowerCase();
      if (!seen.has(k)) {
        seen.add(k);
        out.push(p);
      }
    }
    return out.sort((a, b) => compare(a.name || a.email, b.name || b.email));
  }

  /** The `n` people named most often (tickets opened, commits written), by name: what a picker lists. */
  top(n: number): KnownPerson[] {
    const all = this.all();
    if (all.length <= n) return all;
    const count = (p: KnownPerson) => this.counts.get((p.email || `\0${p.name}`).toLowerCase()) ?? 0;
    const keep = new Set([...all].sort((a, b) => count(b) - count(a)).slice(0, n));
    return all.filter((p) => keep.has(p));
  }

  /** The person a written key means, with the name filled in when the directory knows it. */
  resolve(who: Author | string): KnownPerson {
    const p = typeof who === 'string' ? readPerson(who) : { name: who.name, email: who.email };
    if (p.name && p.email) return p;
    const known = p.email ? this.byEmail.get(p.email.toLowerCase()) : this.byName.get(p.name.toLowerCase());
    return known ? { name: known.name, email: p.email || known.email } : p;
  }

  /** What a page calls someone: the name, else the email's local part. */
  display(who: Author | string): string {
    const p = this.resolve(who);
    return p.name || localPart(p.email);
  }
}

const compare = (a: string, b: string): number => a.toLowerCase().localeCompare(b.toLowerCase(), 'en');

/** One or two letters for an avatar: the initials of a name, or the first letter of an email. */
export function initials(p: KnownPerson): string {
  const words = (p.name || localPart(p.email)).split(/[\s._-]+/).filter((w) => /\p{L}|\p{N}/u.test(w));
  const first = (w: string | undefined) => (w ? ([...w.replace(/^[^\p{L}\p{N}]+/u, '')][0] ?? '') : '');
  const text = words.length > 1 ? first(words[0]) + first(words[words.length - 1]) : first(words[0]);
  return (text || '?').toUpperCase();
}

/** A stable hue for a person's avatar, from the email (or the name): the same on every page and clone. */
export function avatarHue(p: KnownPerson): number {
  const key = (p.email || p.name).toLowerCase();
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619) >>> 0;
  return h % 360;
}
