// Reading HTML form posts: fields as strings, repeated fields as lists, and where a form returns to.
import type { Context } from 'hono';

export type Form = Record<string, string | File | (string | File)[]>;

/** One field's text; browsers send textarea lines as CRLF, read as LF. */
export const str = (form: Form, name: string): string | undefined => {
  const v = form[name];
  const one = Array.isArray(v) ? v[0] : v;
  return typeof one === 'string' ? one.replace(/\r\n?/g, '\n') : undefined;
};

/** Every value of a repeated field (checkboxes). */
export const all = (form: Form, name: string): string[] => {
  const v = form[name];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string');
};

/**
 * A GET page's query parameter if it is one of the allowed ones (a bad one is no filter). Form posts
 * read their values through store/input.ts instead, which refuses a bad value rather than drop it.
 */
export const pick = <T extends string>(v: string | undefined, allowed: readonly T[]): T | undefined =>
  v && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;

/** Labels typed into one box, comma separated. */
export const splitLabels = (s: string | undefined) =>
  (s ?? '')
    .split(',')
    .map((l) => l.trim())
    .filter(Boolean);

/** The form body, with repeated fields kept. */
export const formOf = (c: Context): Promise<Form> => c.req.parseBody({ all: true });

/** Where a form returns to: the page it was on, if that is a path on this server. */
export function backTo(form: Form, fallback: string): string {
  const back = str(form, 'back');
  return back?.startsWith('/') && !back.startsWith('//') && !back.includes('\\') ? back : fallback;
}

export const withBranch = (path: string, branch: string | undefined) =>
  branch ? `${path}?branch=${encodeURIComponent(branch)}` : path;
