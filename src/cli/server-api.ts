// Talking to the `dit server` a clone came from, for commands that act there rather than on the local
// journal (`dit check` and `dit checks` in CI): its API address from the remote's URL, a token from
// DIT_TOKEN, and its errors as the DitErrors they are.
import { DitError, ERRORS, type ErrorCode } from '../errors.js';
import { getConfig } from '../git/config.js';
import type { Store } from '../store/store.js';

export const TOKEN_ENV = 'DIT_TOKEN';

export interface ServerApi {
  /** `http://host:4921/tools/editor/api/` */
  base: string;
  token: string;
}

/** The server behind a remote, when a token says to use it; null to work on the local journal. */
export async function serverOf(store: Store, env: NodeJS.ProcessEnv, remote?: string): Promise<ServerApi | null> {
  const token = env[TOKEN_ENV];
  if (!token && !remote) return null;
  const name = remote ?? 'origin';
  const url = await getConfig(store.git, `remote.${name}.url`);
  if (!url) throw new DitError('not-found', `no remote ${name}; name the dit server's remote with --remote`, { name });
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    u = new URL('file:///');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new DitError(
      'usage',
      `remote ${name} (${url}) is not a dit server over http(s); unset ${TOKEN_ENV} to use the local journal`,
    );
  if (!token)
    throw new DitError('usage', `set ${TOKEN_ENV} to a token of your account on ${u.host} (scope checks or write)`);
  u.username = '';
  u.password = '';
  u.search = '';
  u.pathname = `${u.pathname.replace(/\/+$/, '').replace(/\.git$/, '')}/api/`;
  return { base: u.href, token };
}

/** One API call; an error answer becomes the DitError the server sent (code, message, data). */
export async function callApi<T>(api: ServerApi, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(new URL(path, api.base), {
      method,
      headers: {
        authorization: `Bearer ${api.token}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
  } catch (err) {
    throw new DitError('not-found', `could not reach ${api.base}: ${(err as Error).message}`, { path: api.base });
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: said below
  }
  if (res.ok && json !== null) return json as T;
  const e = (json as { error?: { code?: string; message?: string; data?: unknown } } | null)?.error;
  const code = (e?.code && e.code in ERRORS ? e.code : 'internal') as ErrorCode;
  throw new DitError(
    code,
    `${api.base}: ${e?.message ?? `HTTP ${res.status}: ${text.slice(0, 200)}`}`,
    (e?.data ?? {}) as never,
  );
}
