// Test reference: writes a parsed query back as query text that parses to the same description.
import { OPEN_STATUSES, PRIORITIES, SEVERITIES, STATUSES, TYPES } from '../../model/fields.js';
import { REASONS } from '../qualifiers.js';
import type { Expr, Query, Term, TextTerm } from '../types.js';

const CLOSED = STATUSES.filter((s) => !OPEN_STATUSES.includes(s));
const FIRST = { type: TYPES[0], status: STATUSES[0], priority: PRIORITIES[0], severity: SEVERITIES[0], review: 'none' };
const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const quote = (v: string, force = false): string =>
  force || v === '' || /[\s()"]/.test(v) || /^[<>=]|\.\./.test(v) ? `"${v}"` : v;
const day = (iso: string): string | null => (iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : null);
const PERSON = {
  author: 'author',
  responsible: 'responsible',
  mentions: 'mentions',
  watchers: 'watched-by',
  participants: 'participant',
};

/** One term as text, and the field its text repeats would merge on (see qualifiers.ts), if any. */
function term(t: Term): { text: string; group: string | null } {
  switch (t.op) {
    case 'text':
      return { text: t.phrase ? `"${t.words.join(' ')}"` : t.words[0]!, group: null };
    case 'label':
      return { text: `label:${quote(t.value)}`, group: null };
    case 'eq':
      return { text: `${t.field}:${quote(t.value)}`, group: t.field };
    case 'none':
      if (t.field === 'tip') return { text: 'no:patchset', group: null }; // has:patchset parses to NOT of this
      return { text: `no:${t.field === 'labels' ? 'label' : t.field}`, group: t.field === 'labels' ? null : t.field };
    case 'id':
      return { text: `id:${quote(t.prefix)}`, group: 'id' };
    case 'origin':
      return { text: `origin:${quote(t.value)}`, group: 'origin' };
    case 'fixed-in':
      return { text: `fixed-in:${quote(t.rev)}`, group: null };
    case 'person': {
      const v = typeof t.value === 'string' ? quote(t.value, t.value === 'me') : 'me';
      return {
        text: `${PERSON[t.field]}:${v}`,
        group: t.field === 'author' || t.field === 'responsible' ? t.field : null,
      };
    }
    case 'enum': {
      const v = t.values;
      if (t.field === 'status' && same(v, OPEN_STATUSES)) return { text: 'is:open', group: 'status' };
      if (t.field === 'status' && same(v, CLOSED)) return { text: 'is:closed', group: 'status' };
      if (v.length === 1) return { text: `${t.field}:${v[0]}`, group: t.field };
      if (t.field === 'status')
        for (const [reason, statuses] of Object.entries(REASONS))
          if (same(v, statuses)) return { text: `reason:${reason}`, group: 'reason' };
      if (t.field === 'priority' || t.field === 'severity') {
        const order: readonly string[] = t.field === 'priority' ? PRIORITIES : SEVERITIES;
        const lo = order.indexOf(v[0] ?? '');
        if (v.length === 0) return { text: `${t.field}:<${order[0]}`, group: null };
        if (same(v, order.slice(lo, lo + v.length))) {
          if (lo + v.length === order.length) return { text: `${t.field}:>=${v[0]}`, group: null };
          if (lo === 0) return { text: `${t.field}:<=${v[v.length - 1]}`, group: null };
          return { text: `${t.field}:${v[0]}..${v[v.length - 1]}`, group: t.field };
        }
      }
      // not something one qualifier says (the parser never makes these): spell it out
      if (v.length === 0) return { text: `(${t.field}:${FIRST[t.field]} -${t.field}:${FIRST[t.field]})`, group: null };
      return { text: `(${v.map((x) => `${t.field}:${x}`).join(' OR ')})`, group: null };
    }
    case 'date': {
      const at = (iso: string) => day(iso) ?? iso;
      const last = (iso: string) => {
        const end = Date.parse(iso);
        return day(iso) ? new Date(end - 86_400_000).toISOString().slice(0, 10) : new Date(end - 1).toISOString();
      };
      if (t.from === null && t.to === null) return { text: `${t.field}:*..*`, group: t.field };
      if (t.to === null) return { text: `${t.field}:>=${at(t.from!)}`, group: null };
      if (t.from === null) return { text: `${t.field}:<${at(t.to)}`, group: null };
      const a = at(t.from);
      const b = day(t.from) ? last(t.to) : new Date(Date.parse(t.to) - 1).toISOString();
      return { text: `${t.field}:${a === b ? a : `${a}..${b}`}`, group: t.field };
    }
    case 'count': {
      const name = t.field === 'commentCount' ? 'comments' : 'votes';
      if (t.min === null && t.max === null) return { text: `${name}:*..*`, group: t.field };
      if (t.max === null) return { text: `${name}:>=${t.min}`, group: null };
      if (t.min === null) return { text: t.max < 0 ? `${name}:<0` : `${name}:<=${t.max}`, group: null };
      return { text: `${name}:${t.min === t.max ? t.min : `${t.min}..${t.max}`}`, group: t.field };
    }
  }
}

function expr(e: Expr): { text: string; group: string | null } {
  if (e.op === 'not') {
    const inner = e.of.op === 'and' || e.of.op === 'or' ? `(${expr(e.of).text})` : expr(e.of).text;
    return { text: `-${inner}`, group: null };
  }
  if (e.op === 'or')
    return { text: e.of.map((c) => (c.op === 'or' ? `(${expr(c).text})` : expr(c).text)).join(' OR '), group: null };
  if (e.op === 'and') {
    const seen = new Set<string>();
    const parts = e.of.map((c) => {
      if (c.op === 'and' || c.op === 'or') return `(${expr(c).text})`;
      const p = expr(c);
      if (p.group === null) return p.text;
      // a second plain value of the same field would merge into an OR; parentheses keep it apart
      if (seen.has(p.group)) return `(${p.text})`;
      seen.add(p.group);
      return p.text;
    });
    return { text: parts.join(' '), group: null };
  }
  return term(e);
}

function firstText(e: Expr): TextTerm | null {
  if (e.op === 'text') return e;
  if (e.op === 'not') return firstText(e.of);
  if (e.op === 'and' || e.op === 'or')
    for (const c of e.of) {
      const t = firstText(c);
      if (t) return t;
    }
  return null;
}

export function printQuery(q: Query): string {
  const parts = [expr(q.filter).text];
  const fields = firstText(q.filter)?.fields; // in: speaks of every word, so the first word's fields are all's
  if (fields) parts.push(`in:${fields.join(',')}`);
  if (q.branch !== null) parts.push(`branch:${quote(q.branch)}`);
  if (q.sort !== (q.text.length > 0 ? 'relevance' : 'created-desc')) parts.push(`sort:${q.sort}`);
  return parts.filter((p) => p !== '').join(' ');
}
