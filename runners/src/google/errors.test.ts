import { describe, expect, it } from 'vitest';
import {
  AuthRevokedError,
  classifyGoogleFailure,
  NetworkError,
  QuotaError,
  RateLimitedError,
  retryAfterSeconds,
  toHttpError,
} from './errors';
import { retryDelay, withRetry } from './retry';

const googleError = (code: number, reason: string) => ({
  error: { code, message: reason, errors: [{ reason, domain: 'usageLimits', message: reason }], status: 'X' },
});

describe('classifyGoogleFailure', () => {
  it('reads a refused grant or a 401 after the refresh as revoked', () => {
    expect(classifyGoogleFailure(400, { error: 'invalid_grant' })).toBeInstanceOf(AuthRevokedError);
    expect(classifyGoogleFailure(401, googleError(401, 'authError'))).toBeInstanceOf(AuthRevokedError);
  });

  it('tells rate limits from a spent quota', () => {
    expect(classifyGoogleFailure(429, googleError(429, 'rateLimitExceeded'))).toBeInstanceOf(
      RateLimitedError,
    );
    expect(classifyGoogleFailure(403, googleError(403, 'userRateLimitExceeded'))).toBeInstanceOf(
      RateLimitedError,
    );
    expect(classifyGoogleFailure(403, googleError(403, 'quotaExceeded'))).toBeInstanceOf(QuotaError);
    expect(classifyGoogleFailure(403, googleError(403, 'dailyLimitExceeded'))).toBeInstanceOf(QuotaError);
  });

  it('keeps Retry-After and treats 5xx as a network failure', () => {
    const limited = classifyGoogleFailure(429, null, '7') as RateLimitedError;
    expect(limited.retryAfterSeconds).toBe(7);
    expect(classifyGoogleFailure(503, null)).toBeInstanceOf(NetworkError);
  });

  it('leaves the caller’s own mistakes (400, 404, missing scope) to the caller', () => {
    expect(classifyGoogleFailure(400, googleError(400, 'invalid'))).toBeNull();
    expect(classifyGoogleFailure(404, googleError(404, 'notFound'))).toBeNull();
    expect(classifyGoogleFailure(403, googleError(403, 'insufficientPermissions'))).toBeNull();
  });
});

describe('toHttpError', () => {
  it('never answers 401 (that signs the browser out) and says to reconnect', () => {
    const revoked = toHttpError(new AuthRevokedError());
    expect(revoked.status).toBe(409);
    expect(revoked.code).toBe('auth_revoked');
    expect(revoked.message).toMatch(/Reconnect Google/);
  });

  it('maps limits to 429 with a wait, the network to 502', () => {
    expect(toHttpError(new RateLimitedError(undefined, 12))).toMatchObject({
      status: 429,
      code: 'rate_limited',
    });
    expect(retryAfterSeconds(new RateLimitedError(undefined, 12))).toBe(12);
    expect(toHttpError(new QuotaError())).toMatchObject({ status: 429, code: 'quota' });
    expect(retryAfterSeconds(new QuotaError())).toBeGreaterThan(0);
    expect(toHttpError(new NetworkError())).toMatchObject({ status: 502, code: 'network' });
  });
});

describe('withRetry', () => {
  const policy = (waits: number[]) => ({
    attempts: 3,
    baseMs: 2_000,
    maxMs: 60_000,
    sleep: async (ms: number) => {
      waits.push(ms);
    },
  });

  it('retries rate limits and network failures at most three tries in all, waiting 2 s then 4 s', async () => {
    const waits: number[] = [];
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw calls === 1 ? new RateLimitedError() : new NetworkError();
      }, policy(waits)),
    ).rejects.toBeInstanceOf(NetworkError);
    expect(calls).toBe(3);
    expect(waits).toEqual([2_000, 4_000]);
  });

  it('succeeds once the limit passes', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await withRetry(async () => {
      if (++calls < 3) throw new RateLimitedError();
      return 'ok';
    }, policy(waits));
    expect(result).toBe('ok');
    expect(waits).toHaveLength(2);
  });

  it('does not retry a spent quota or a revoked grant', async () => {
    for (const error of [new QuotaError(), new AuthRevokedError()]) {
      const waits: number[] = [];
      let calls = 0;
      await expect(
        withRetry(async () => {
          calls++;
          throw error;
        }, policy(waits)),
      ).rejects.toBe(error);
      expect(calls).toBe(1);
      expect(waits).toEqual([]);
    }
  });

  it('keeps every wait between 2 and 60 seconds, honouring Retry-After within those bounds', () => {
    const bounds = { baseMs: 2_000, maxMs: 60_000 };
    expect(retryDelay(1, new RateLimitedError(undefined, 0), bounds)).toBe(2_000);
    expect(retryDelay(2, new RateLimitedError(undefined, 30), bounds)).toBe(30_000);
    expect(retryDelay(2, new RateLimitedError(undefined, 3600), bounds)).toBe(60_000);
    expect(retryDelay(10, new NetworkError(), bounds)).toBe(60_000);
  });
});
