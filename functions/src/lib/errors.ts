/**
 * The one HTTP error shape: handlers throw ApiError, app.onError turns it (and anything else)
 * into `{error: {code, message, fields?}}` without a stack trace.
 */
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string[]> } };

export class ApiError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string[]>,
    readonly headers?: Record<string, string>,
  ) {
    super(status, { message });
  }
}

export const badRequest = (message: string, fields?: Record<string, string[]>) =>
  new ApiError(400, 'invalid_request', message, fields);
export const unauthorized = (
  message = 'Sign in first, or send an API key as `Authorization: Bearer <key>`.',
) => new ApiError(401, 'unauthorized', message);
export const forbidden = (message: string) => new ApiError(403, 'forbidden', message);
export const notFound = (message: string) => new ApiError(404, 'not_found', message);
export const conflict = (message: string) => new ApiError(409, 'conflict', message);
export const tooManyRequests = (retryAfterSeconds: number, message: string) =>
  new ApiError(429, 'rate_limited', message, undefined, {
    'retry-after': String(Math.max(1, retryAfterSeconds)),
  });
export const unavailable = (code: string, message: string) => new ApiError(503, code, message);

const statusCodes: Record<number, string> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
  503: 'unavailable',
};

/** Maps any thrown value to a status and a safe body; unknown errors become a generic 500. */
export function toErrorResponse(err: unknown): {
  status: ContentfulStatusCode;
  body: ErrorBody;
  headers: Record<string, string>;
} {
  if (err instanceof ApiError) {
    const body: ErrorBody = { error: { code: err.code, message: err.message } };
    if (err.fields) body.error.fields = err.fields;
    return { status: err.status as ContentfulStatusCode, body, headers: err.headers ?? {} };
  }
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    let message = err.message || 'The request could not be processed.';
    if (/malformed json/i.test(message)) message = 'The request body is not valid JSON.';
    return {
      status,
      body: { error: { code: statusCodes[status] ?? 'error', message } },
      headers: {},
    };
  }
  if (isDatabaseDown(err)) {
    return {
      status: 503,
      body: {
        error: {
          code: 'database_unavailable',
          message: 'The database is not reachable right now. Try again shortly.',
        },
      },
      headers: { 'retry-after': '5' },
    };
  }
  return {
    status: 500,
    body: {
      error: {
        code: 'internal',
        message: 'Something went wrong on the server. The request id in the logs tells what.',
      },
    },
    headers: {},
  };
}

const connectionErrorCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08006', // connection_failure (the pooler's answer while PostgreSQL is down)
  '57P01', // admin_shutdown
  '57P03', // cannot_connect_now (starting up)
]);

/** postgres.js connection failures, in Node and in workerd (where they surface as socket errors). */
export function isDatabaseDown(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: string }).code;
  if (code && connectionErrorCodes.has(code)) return true;
  if (
    /connect(ion)? (refused|failed|timeout)|cannot connect|network connection|socket.*(closed|error)/i.test(
      err.message,
    )
  )
    return true;
  // drizzle wraps the driver's error ("Failed query: …") and keeps it as the cause.
  return err.cause !== undefined && err.cause !== err && isDatabaseDown(err.cause);
}

/** What to log of an error: the driver's own message rather than drizzle's query text with its parameters. */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  if (err.message.startsWith('Failed query:') && err.cause instanceof Error) return describeError(err.cause);
  const code = (err as { code?: string }).code;
  return code ? `${code}: ${err.message}` : err.message;
}

/** zod issues → `{ "field.path": ["message"] }`, the `fields` of a 400. */
export function fieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]) {
  const fields: Record<string, string[]> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || '_';
    fields[key] ??= [];
    fields[key].push(issue.message);
  }
  return fields;
}
