/**
 * Google calls are retried only when waiting can help (rate limited, network): at most three tries
 * in all, the waits exponential from the base (2 s) to a 60 s ceiling, or what Google asked for
 * within those bounds. A revoked grant or a spent quota fails at once.
 */
import { backoffDelay } from '../backoff';
import { type GoogleError, NetworkError, RateLimitedError } from './errors';

export type RetryPolicy = {
  attempts: number;
  baseMs: number;
  maxMs: number;
  sleep: (ms: number) => Promise<void>;
};

export const defaultRetryPolicy: RetryPolicy = {
  attempts: 3,
  baseMs: 2_000,
  maxMs: 60_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export function isRetryable(error: unknown): error is GoogleError {
  return error instanceof RateLimitedError || error instanceof NetworkError;
}

/** The wait after failed try number `attempt`: Google's Retry-After when it gave one, clamped to the policy. */
export function retryDelay(
  attempt: number,
  error: GoogleError,
  policy: Pick<RetryPolicy, 'baseMs' | 'maxMs'>,
) {
  const computed = backoffDelay(attempt, { baseMs: policy.baseMs, maxMs: policy.maxMs });
  const asked =
    error instanceof RateLimitedError && error.retryAfterSeconds !== null
      ? error.retryAfterSeconds * 1000
      : 0;
  return Math.min(policy.maxMs, Math.max(computed, asked, policy.baseMs));
}

export async function withRetry<T>(
  call: () => Promise<T>,
  policy: RetryPolicy = defaultRetryPolicy,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isRetryable(error) || attempt >= policy.attempts) throw error;
      await policy.sleep(retryDelay(attempt, error, policy));
    }
  }
}
