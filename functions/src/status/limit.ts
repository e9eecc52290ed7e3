/**
 * The shared PostgreSQL rate limiter (lib/rate-limit.ts) keyed by something other than the caller:
 * a push token, so one chatty cron job cannot drown its monitor whatever address it calls from.
 * The key is a hash, so the rate_limits table never holds a usable token.
 */
import { type AppContext, db } from '../lib/context';
import { tooManyRequests } from '../lib/errors';
import { hit } from '../lib/rate-limit';

export type KeyedLimit = { name: string; limit: number; windowSeconds: number };

async function digest(value: string) {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value)));
  return Array.from(bytes.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Counts one call against `value`'s window; throws 429 with Retry-After once the limit is passed. */
export async function limitPerKey(c: AppContext, value: string, options: KeyedLimit) {
  const { count, reset } = await hit(db(c), `${options.name}:${await digest(value)}`, options.windowSeconds);
  c.header('ratelimit-limit', String(options.limit));
  c.header('ratelimit-remaining', String(Math.max(0, options.limit - count)));
  if (count > options.limit) {
    const wait = Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000));
    throw tooManyRequests(
      wait,
      `More than ${options.limit} calls a minute for this token; try again in ${wait} s.`,
    );
  }
}
