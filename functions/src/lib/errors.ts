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
