// The closed set of errors dit raises: each has a stable code, typed data, one exit code and one HTTP
// status (the table below), and a message that says what to do next.

/** What each error carries for scripts, by code (sent in API errors and `--json` CLI errors). */
export interface ErrorData {
  /** A command line or query dit cannot read; a query error points at the span. */
  usage: { query?: string; position?: number; length?: number; suggestion?: string | null; rev?: string };
  'not-a-repository': { dir?: string };
  /** `reason`: a typed id too short (under `min` characters) or not hex; `origin`: an imported ticket's number nothing carries. */
  'unknown-ticket': { id?: string; reason?: 'too-short' | 'not-hex'; min?: number; origin?: string };
  'ambiguous-id': { id: string; candidates: string[] };
  /** A value the model refuses; `field` names it, `allowed` lists what would do. */
  'invalid-value': { field?: string; value?: string; type?: string; status?: string; allowed?: readonly string[] };
  /** No such branch, commit, milestone, label, route or page. */
  'not-found': { name?: string; rev?: string; path?: string };
  exists: { name?: string };
  'no-identity': Record<string, never>;
  'git-failed': { args?: string[]; code?: number | null; stderr?: string };
  /** What cannot work in this kind of repository (a git-only feature in Mercurial), and what to do instead. */
  unsupported: { feature: string; vcs: 'git' | 'hg'; instead?: string };
  /** Mercurial itself failed, or its command server stopped twice under one command. */
  'hg-failed': { args?: string[]; code?: number | null; stderr?: string };
  /** Someone else changed it first (a ref moved, a comment was edited); retry. */
  conflict: { ref?: string };
  /** A request body that does not match its schema; `field` is the path of the first problem. */
  'bad-input': { field?: string; file?: string; where?: string };
  busy: { lock: string; owner?: unknown; pid?: number };
  'stale-lock': { lock: string };
  'unknown-branch': { branch?: string };
  /** A request body over the server's limit, in bytes. */
  'too-large': { limit: number };
  /** A request for a Host this server does not answer to (DNS rebinding). */
  'bad-host': { host: string | null; expected: string };
  /** A state-changing request from another site. */
  'cross-origin': { origin: string | null };
  /** A state-changing request without the page's token. */
  'bad-token': Record<string, never>;
  /** A request path that tries to leave its place (`..`, encoded slashes, NUL). */
  'bad-path': { path?: string };
  /** Wrong name, password or token, or credentials in a form the server does not take. */
  'bad-credentials': Record<string, never>;
  /** Signed in (or not), but without the permission this needs; `need` is the grant that would do. */
  forbidden: { repo?: string; need?: string };
  /** Too many attempts from this address or at this account; `retryAfter` in seconds. */
  'too-many': { retryAfter: number };
  /** The signing program (ssh-keygen, gpg, gpgsm) failed or is missing; `stderr` is what it said. */
  'sign-failed': { program?: string; code?: number | null; stderr?: string };
  /** A bug in dit; the details went to the server's log. */
  internal: Record<string, never>;
}

export type ErrorCode = keyof ErrorData;

/** How each code leaves dit: the CLI's exit status and the server's HTTP status. */
/** The HTTP statuses errors map to. */
export type HttpStatus = 400 | 401 | 403 | 404 | 409 | 413 | 421 | 429 | 500 | 501 | 503;

export const ERRORS: Record<ErrorCode, { exit: number; status: HttpStatus }> = {
  usage: { exit: 2, status: 400 },
  'not-a-repository': { exit: 3, status: 500 },
  'unknown-ticket': { exit: 4, status: 404 },
  'not-found': { exit: 4, status: 404 },
  'unknown-branch': { exit: 4, status: 404 },
  'ambiguous-id': { exit: 5, status: 409 },
  'invalid-value': { exit: 6, status: 400 },
  'bad-input': { exit: 6, status: 400 },
  exists: { exit: 7, status: 409 },
  'no-identity': { exit: 8, status: 500 },
  conflict: { exit: 9, status: 409 },
  busy: { exit: 9, status: 503 },
  'git-failed': { exit: 10, status: 500 },
  'hg-failed': { exit: 10, status: 500 },
  unsupported: { exit: 15, status: 501 },
  'stale-lock': { exit: 11, status: 503 },
  'too-large': { exit: 12, status: 413 },
  'bad-host': { exit: 13, status: 421 },
  'cross-origin': { exit: 13, status: 403 },
  'bad-token': { exit: 13, status: 403 },
  'bad-path': { exit: 13, status: 400 },
  'bad-credentials': { exit: 13, status: 401 },
  forbidden: { exit: 13, status: 403 },
  'too-many': { exit: 13, status: 429 },
  'sign-failed': { exit: 14, status: 500 },
  internal: { exit: 1, status: 500 },
};

/** Data is optional in the constructor for codes whose data has no required field. */
type DataArg<C extends ErrorCode> =
  Record<string, never> extends ErrorData[C]
    ? [data?: ErrorData[C]]
    : Record<never, never> extends ErrorData[C]
      ? [data?: ErrorData[C]]
      : [data: ErrorData[C]];

export class DitError<C extends ErrorCode = ErrorCode> extends Error {
  readonly code: C;
  readonly data: ErrorData[C];
  constructor(code: C, message: string, ...[data]: DataArg<C>) {
    super(message);
    this.name = 'DitError';
    this.code = code;
    this.data = data ?? ({} as ErrorData[C]);
  }

  /** What scripts get: `{ code, message, data }`, the same from the API and from `dit --json`. */
  toJSON(): { code: C; message: string; data: ErrorData[C] } {
    return { code: this.code, message: this.message, data: this.data };
  }
}

export const usage = (message: string, data?: ErrorData['usage']) => new DitError('usage', message, data);
export const invalid = (message: string, data?: ErrorData['invalid-value']) =>
  new DitError('invalid-value', message, data);

/** The HTTP status of an error code. */
export const statusOf = (code: ErrorCode): HttpStatus => ERRORS[code].status;

/** Whether `err` is a DitError, of one code if given (then its data is typed for that code). */
export function isDitError<C extends ErrorCode = ErrorCode>(err: unknown, code?: C): err is DitError<C> {
  return err instanceof DitError && (code === undefined || err.code === code);
}
