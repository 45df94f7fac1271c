// The closed set of errors dit raises; each has a stable code and says what to do next.
export type ErrorCode =
  | 'usage'
  | 'not-a-repository'
  | 'unknown-ticket'
  | 'ambiguous-id'
  | 'invalid-value'
  | 'not-found'
  | 'exists'
  | 'no-identity'
  | 'git-failed'
  | 'conflict'
  | 'bad-input'
  | 'busy'
  | 'stale-lock'
  | 'unknown-branch';

export class DitError extends Error {
  readonly code: ErrorCode;
  readonly data: Record<string, unknown>;
  constructor(code: ErrorCode, message: string, data: Record<string, unknown> = {}) {
    super(message);
    this.name = 'DitError';
    this.code = code;
    this.data = data;
  }
}

export const usage = (message: string, data?: Record<string, unknown>) => new DitError('usage', message, data);
export const invalid = (message: string, data?: Record<string, unknown>) => new DitError('invalid-value', message, data);
