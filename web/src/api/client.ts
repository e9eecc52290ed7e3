/**
 * The typed API client: every call to functions goes through `api`, so a changed route breaks the
 * build, and through `unwrap`, so every failure becomes one `ApiError` the UI knows how to show.
 */
import type { AppType } from '@homelab/functions';
import type { ClientResponse } from 'hono/client';
import { hc } from 'hono/client';

export const api = hc<AppType>('/');

/**
 * A client of one of the stream bot's feature routers (mounted at /api/stream, typed apart from
 * AppType, which cannot carry them all): `streamClient<CurrencyApi>().currency.viewers.$get()`.
 */
// biome-ignore lint/suspicious/noExplicitAny: any Hono app type
export const streamClient = <T extends import('hono').Hono<any, any, any>>() => hc<T>('/api/stream');

/**
 * A client of one of mission control's integration routers (mounted at /api/<name>, typed apart
 * from AppType): `apiClient<GamingApi>('gaming').status.$get()`.
 */
// biome-ignore lint/suspicious/noExplicitAny: any Hono app type
export const apiClient = <T extends import('hono').Hono<any, any, any>>(name: string) =>
  hc<T>(`/api/${name}`);

/** The server's one error shape, `{error:{code,message,fields?}}`, plus the HTTP status. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
    /** Seconds from a Retry-After header (429, 503), when the server sent one. */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }
}

// biome-ignore lint/suspicious/noExplicitAny: matches any typed response of the client
type AnyResponse = ClientResponse<any, number, string> | Response;
type OkBody<R> =
  R extends ClientResponse<infer T, infer S, infer _F> ? (S extends 200 | 201 | 202 ? T : never) : unknown;

let onUnauthorized: () => void = () => {};
/** The app registers where a 401 sends the user (the login page, remembering the current path). */
export const setUnauthorizedHandler = (handler: () => void) => {
  onUnauthorized = handler;
};

export interface UnwrapOptions {
  /** Sign-in and the session probe expect 401 as an answer, not as "your session ended". */
  expectUnauthorized?: boolean;
}

/** Awaits a client call and returns its JSON body, or throws an `ApiError` for any non-ok status. */
export async function unwrap<R extends AnyResponse>(
  call: R | Promise<R>,
  options: UnwrapOptions = {},
): Promise<OkBody<R>> {
  let res: Response;
  try {
    res = (await call) as Response;
  } catch {
    throw new ApiError(
      0,
      'network_error',
      'Could not reach HomeLabHub. Check your connection and try again.',
    );
  }
  if (res.ok) return (res.status === 204 ? undefined : await res.json()) as OkBody<R>;

  const body = (await res.json().catch(() => null)) as {
    error?: { code?: string; message?: string; fields?: Record<string, string | string[]> };
  } | null;
  const retryAfter = parseRetryAfter(res.headers.get('Retry-After'));
  const error = new ApiError(
    res.status,
    body?.error?.code ?? `http_${res.status}`,
    body?.error?.message ?? `The server answered ${res.status} ${res.statusText}`.trim(),
    flattenFields(body?.error?.fields),
    retryAfter,
  );
  if (res.status === 401 && !options.expectUnauthorized) onUnauthorized();
  throw error;
}

/** The server lists every problem per field; a form shows them as one line under the field. */
function flattenFields(fields: Record<string, string | string[]> | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields ?? {}).map(([name, messages]) => [
      name,
      Array.isArray(messages) ? messages.join(' ') : messages,
    ]),
  );
}

/** Retry-After is either seconds or an HTTP date. */
function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}
