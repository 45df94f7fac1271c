// The one place an error becomes an HTTP answer, for `dit serve` and `dit server` alike: a DitError's
// status from the closed set, JSON `{ error: { code, message, data } }` for scripts, a page for people.
import type { Context, Env, ErrorHandler } from 'hono';
import { DitError, type ErrorCode, type HttpStatus, isDitError, statusOf } from '../errors.js';

/** Refusals come before anything is read: a page for them needs no git read (plain text in `dit serve`). */
export const REFUSALS = new Set<ErrorCode>([
  'too-large',
  'bad-host',
  'cross-origin',
  'bad-token',
  'bad-path',
  'bad-credentials',
  'too-many',
]);

export interface ErrorAnswer<E extends Env = Env> {
  /** Whether this request wants JSON (the API, or a script that asked for it). */
  json: (c: Context<E>) => boolean;
  /** The page for an error; null answers plain text. */
  page: (c: Context<E>, err: DitError, status: HttpStatus, title: string) => Promise<Response | null> | Response | null;
  /** The message of an `internal` error: where the details went. */
  internal: string;
  /** Where a bug's details go. */
  log: (thrown: unknown) => void;
}

/** The title of an error page, from what went wrong. */
export function errorTitle(err: DitError, status: number): string {
  if ('path' in err.data && err.code === 'not-found') return 'Page not found';
  if (status === 404) return 'Not found';
  if (status === 403 || status === 401) return 'Not allowed';
  if (status >= 500) return 'Something went wrong';
  return 'That did not work';
}

export function errorAnswer<E extends Env = Env>(opts: ErrorAnswer<E>): ErrorHandler<E> {
  return async (thrown, c) => {
    if (!isDitError(thrown)) opts.log(thrown);
    const err = isDitError(thrown) ? thrown : new DitError('internal', opts.internal);
    const status = statusOf(err.code);
    if (status === 503) c.header('Retry-After', '2');
    if (isDitError(err, 'too-many')) c.header('Retry-After', String(err.data.retryAfter));
    if (opts.json(c)) return c.json({ error: err.toJSON() }, status);
    const page = await Promise.resolve(opts.page(c, err, status, errorTitle(err, status))).catch((e: unknown) => {
      opts.log(e);
      return null;
    });
    return page ?? c.text(`${err.message}\n`, status);
  };
}

/** Whether a request asks for JSON rather than a page (an `Accept` naming JSON and not HTML). */
export const acceptsJson = (c: Context): boolean => {
  const accept = c.req.header('accept') ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
};
