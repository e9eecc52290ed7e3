/**
 * What can go wrong talking to Google, as four kinds the rest of the system acts on: the grant is
 * gone (reconnect), too many requests (wait and retry), the daily quota is spent (retrying does not
 * help), the network or Google itself failed (retry). Each maps to one HTTP answer; never a 401,
 * which the web app reads as "your session ended" and signs the browser out.
 */
import type { GoogleErrorKind } from '@homelab/db/google';
import { HttpError } from '../internal/errors';

export class GoogleError extends Error {
  constructor(
    readonly kind: GoogleErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export class AuthRevokedError extends GoogleError {
  override name = 'AuthRevokedError';
  constructor(message = 'Google no longer accepts this account’s grant. Reconnect Google.') {
    super('auth_revoked', message);
  }
}

export class RateLimitedError extends GoogleError {
  override name = 'RateLimitedError';
  constructor(
    message = 'Google is rate limiting requests; try again shortly.',
    /** Seconds Google asked to wait, when it said. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super('rate_limited', message);
  }
}

export class QuotaError extends GoogleError {
  override name = 'QuotaError';
  constructor(message = 'The Google API quota for today is spent; it resets at midnight Pacific time.') {
    super('quota', message);
  }
}

export class NetworkError extends GoogleError {
  override name = 'NetworkError';
  constructor(message = 'Google could not be reached.') {
    super('network', message);
  }
}

/** Google's JSON error body: `{error: {code, message, errors: [{reason}], status}}`. */
type GoogleErrorBody = {
  error?: { code?: number; message?: string; status?: string; errors?: { reason?: string }[] } | string;
  error_description?: string;
};

const rateReasons = new Set(['rateLimitExceeded', 'userRateLimitExceeded']);
const quotaReasons = new Set(['quotaExceeded', 'dailyLimitExceeded']);

/**
 * The error for a failed Google answer (`status` and its parsed body), or null for one the caller
 * made wrong (400, 404...), which is its own problem to report. A 401 here is after a refresh.
 */
export function classifyGoogleFailure(
  status: number,
  body: unknown,
  retryAfter: string | null = null,
): GoogleError | null {
  const error = (body as GoogleErrorBody | null)?.error;
  const detail = typeof error === 'object' && error ? error : {};
  const reasons = (detail.errors ?? []).map((e) => e.reason ?? '');
  const message = typeof detail.message === 'string' ? detail.message : null;
  if (error === 'invalid_grant' || status === 401) return new AuthRevokedError();
  if (status === 429 || reasons.some((r) => rateReasons.has(r))) {
    const seconds = retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) : null;
    return new RateLimitedError(
      message ? `Google is rate limiting requests (${message}); try again shortly.` : undefined,
      seconds,
    );
  }
  if (status === 403 && reasons.some((r) => quotaReasons.has(r)))
    return new QuotaError(message ? `The Google API quota is spent (${message}).` : undefined);
  if (status >= 500)
    return new NetworkError(`Google answered HTTP ${status}${message ? `: ${message}` : ''}.`);
  return null;
}

/** The HTTP answer of a Google failure, for the runner's routes (and through them the API). */
export function toHttpError(error: GoogleError): HttpError {
  switch (error.kind) {
    case 'auth_revoked':
      return new HttpError(409, 'auth_revoked', error.message);
    case 'rate_limited':
      return new HttpError(429, 'rate_limited', error.message);
    case 'quota':
      return new HttpError(429, 'quota', error.message);
    case 'network':
      return new HttpError(502, 'network', error.message);
  }
}

/** Seconds a client should wait before trying again, for the Retry-After of a 429. */
export function retryAfterSeconds(error: GoogleError): number | null {
  if (error instanceof RateLimitedError) return error.retryAfterSeconds ?? 30;
  if (error instanceof QuotaError) return 3600;
  return null;
}
