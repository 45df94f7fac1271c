// Reading qualifier values: comparisons (>=x), ranges (a..b), dates, counts and ordered enumerations.
// Each reader throws a plain `ValueError` that the parser turns into an error pointing into the query.
import { nearest } from './lex.js';

/** A problem with part of a value: `offset` and `length` are relative to the value's start. */
export class ValueError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly length: number,
    readonly suggestion: string | null = null,
    readonly detail: string | null = null,
  ) {
    super(message);
  }
}

export type Comparison = '>' | '>=' | '<' | '<=';

/** A value as written: `x` or `=x`, a comparison `>=x`, or an inclusive range `a..b` (`*` = open end). */
export type Shape =
  | { kind: 'is'; value: string; at: number }
  | { kind: 'cmp'; cmp: Comparison; value: string; at: number }
  | { kind: 'range'; from: string | null; to: string | null; at: number; toAt: number };

export function shapeOf(raw: string): Shape {
  const op = /^(>=|<=|>|<|=)/.exec(raw)?.[1];
  if (op !== undefined) {
    const value = raw.slice(op.length);
    if (value === '') throw new ValueError(`a value must follow \`${op}\``, 0, op.length);
    return op === '=' ? { kind: 'is', value, at: 1 } : { kind: 'cmp', cmp: op as Comparison, value, at: op.length };
  }
  const dots = raw.indexOf('..');
  if (dots < 0) return { kind: 'is', value: raw, at: 0 };
  const from = raw.slice(0, dots);
  const to = raw.slice(dots + 2);
  if (from === '' || to === '')
    throw new ValueError('a range needs both ends, as in a..b (use * for an open end)', 0, raw.length);
  return { kind: 'range', from: from === '*' ? null : from, to: to === '*' ? null : to, at: 0, toAt: dots + 2 };
}

/** Whether a value is a comparison; repeated comparisons on a field narrow (AND), other values widen (OR). */
export const isComparison = (s: Shape): boolean => s.kind === 'cmp';

/** Values of an ordered enumeration the shape selects, in `order`. */
export function selectOrdered(shape: Shape, order: readonly string[], what: string): string[] {
  const rank = (v: string, at: number): number => {
    const i = order.indexOf(v.toLowerCase());
    if (i < 0) {
      throw new ValueError(
        `unknown value \`${v}\` for ${what}:`,
        at,
        v.length,
        nearest(v, order),
        `${what}: takes one of ${order.join(' < ')}`,
      );
    }
    return i;
  };
  let lo = 0;
  let hi = order.length - 1;
  if (shape.kind === 'is') lo = hi = rank(shape.value, shape.at);
  else if (shape.kind === 'range') {
    if (shape.from !== null) lo = rank(shape.from, shape.at);
    if (shape.to !== null) hi = rank(shape.to, shape.toAt);
    if (lo > hi)
      throw new ValueError(
        `the range starts after it ends (${what}: runs ${order.join(' < ')})`,
        0,
        shape.toAt + (shape.to ?? '*').length,
      );
  } else {
    const r = rank(shape.value, shape.at);
    if (shape.cmp === '>') lo = r + 1;
    if (shape.cmp === '>=') lo = r;
    if (shape.cmp === '<') hi = r - 1;
    if (shape.cmp === '<=') hi = r;
  }
  return order.slice(lo, hi + 1);
}

const DAY = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** The instants a date covers, [start, end): a whole UTC day for YYYY-MM-DD, one millisecond for a time. */
export function dateSpan(text: string, at: number): [number, number] {
  const bad = () =>
    new ValueError(
      `\`${text}\` is not a date; write YYYY-MM-DD or an ISO time such as 2026-01-31T12:00:00Z`,
      at,
      text.length,
    );
  const m = DATE.exec(text);
  if (!m) throw bad();
  const n = (i: number): number => Number(m[i] ?? 0);
  const [y, mo, d, h, mi, s] = [n(1), n(2), n(3), n(4), n(5), n(6)];
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) throw bad();
  const date = new Date(0); // not Date.UTC, which reads years below 100 as 19xx
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, Number((m[7] ?? '0').padEnd(3, '0')));
  if (date.getUTCDate() !== d) throw bad(); // 2026-02-30
  const start = date.getTime();
  if (m[4] === undefined) return [start, start + DAY];
  const zone = m[8] ?? 'Z';
  const offset =
    zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  return [start - offset, start - offset + 1];
}

/** The half-open interval of instants a date value selects, as ISO strings. */
export function dateBounds(shape: Shape): { from: string | null; to: string | null } {
  const iso = (ms: number) => new Date(ms).toISOString();
  if (shape.kind === 'is') {
    const [a, b] = dateSpan(shape.value, shape.at);
    return { from: iso(a), to: iso(b) };
  }
  if (shape.kind === 'range') {
    const from = shape.from === null ? null : dateSpan(shape.from, shape.at)[0];
    const to = shape.to === null ? null : dateSpan(shape.to, shape.toAt)[1];
    if (from !== null && to !== null && from >= to)
      throw new ValueError('the range starts after it ends', 0, shape.toAt + (shape.to ?? '').length);
    return { from: from === null ? null : iso(from), to: to === null ? null : iso(to) };
  }
  const [a, b] = dateSpan(shape.value, shape.at);
  if (shape.cmp === '>') return { from: iso(b), to: null };
  if (shape.cmp === '>=') return { from: iso(a), to: null };
  if (shape.cmp === '<') return { from: null, to: iso(a) };
  return { from: null, to: iso(b) };
}

/** The inclusive bounds a count value selects. */
export function countBounds(shape: Shape, what: string): { min: number | null; max: number | null } {
  const num = (text: string, at: number): number => {
    if (!/^\d{1,9}$/.test(text))
      throw new ValueError(
        `\`${text}\` is not a count; ${what}: takes a whole number such as ${what}:>5 or ${what}:2..10`,
        at,
        text.length,
      );
    return Number(text);
  };
  if (shape.kind === 'is') {
    const n = num(shape.value, shape.at);
    return { min: n, max: n };
  }
  if (shape.kind === 'range') {
    const min = shape.from === null ? null : num(shape.from, shape.at);
    const max = shape.to === null ? null : num(shape.to, shape.toAt);
    if (min !== null && max !== null && min > max)
      throw new ValueError('the range starts after it ends', 0, shape.toAt + (shape.to ?? '').length);
    return { min, max };
  }
  const n = num(shape.value, shape.at);
  if (shape.cmp === '>') return { min: n + 1, max: null };
  if (shape.cmp === '>=') return { min: n, max: null };
  if (shape.cmp === '<') return { min: null, max: n - 1 };
  return { min: null, max: n };
}
