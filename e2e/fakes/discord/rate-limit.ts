/**
 * Discord's rate limits: a bucket per route and major parameter (channel, guild, webhook), the
 * X-RateLimit-* headers on every response, a 429 with Retry-After and `{message, retry_after,
 * global}` when a bucket is empty, and a global limit. Tests tighten a bucket, trigger a global
 * limit or stage an outage (5xx, or a 403) to exercise a client's waits and retries.
 */
import { createHash } from 'node:crypto';
import { DiscordError } from './http';

export type RateLimitRule = {
  /** Requests per window (default: `remaining`, else 50). */
  limit?: number;
  /** Window length in milliseconds (default: `resetAfter`, else 1000). */
  windowMs?: number;
  /** Requests left in the first window (default: `limit`). */
  remaining?: number;
  /** Seconds until the first window resets, like X-RateLimit-Reset-After (default: the window). */
  resetAfter?: number;
};

type Rule = {
  id: number;
  match: string;
  limit: number;
  windowMs: number;
  remaining?: number;
  resetAfterMs?: number;
};
type Window = { resetAt: number; used: number };

export type OutageOptions = {
  /** The request takes effect and only its answer is lost on the way back (a timeout after Discord acted). */
  afterEffect?: boolean;
  /** Discord's JSON error code and message for the refusal (e.g. 10003 "Unknown Channel"). */
  code?: number;
  message?: string;
};

export type RouteInfo = { method: string; path: string; routeKey: string; major: string };

export function createRateLimiter(defaults: { limit: number; windowMs: number }) {
  let nextRule = 1;
  const rules: Rule[] = [];
  const windows = new Map<string, Window>();
  const outages: ({ match: string; status: number; times: number } & OutageOptions)[] = [];
  let globalUntil = 0;

  const matches = (match: string, route: RouteInfo) =>
    match === route.routeKey ||
    match === `${route.method} ${route.path}` ||
    (match.startsWith('/') && route.path.startsWith(match));

  return {
    rateLimit(match: string, rule: RateLimitRule) {
      const limit = rule.limit ?? rule.remaining ?? 50;
      const windowMs = rule.windowMs ?? (rule.resetAfter !== undefined ? rule.resetAfter * 1000 : 1000);
      const entry: Rule = {
        id: nextRule++,
        match,
        limit,
        windowMs,
        ...(rule.remaining !== undefined ? { remaining: rule.remaining } : {}),
        ...(rule.resetAfter !== undefined ? { resetAfterMs: rule.resetAfter * 1000 } : {}),
      };
      rules.push(entry);
      return { clear: () => rules.splice(rules.indexOf(entry), 1) };
    },
    clearRateLimits() {
      rules.length = 0;
      windows.clear();
    },
    /** Every request is refused with a global 429 for `retryAfterMs`, as when a bot exceeds 50/s. */
    globalLimit(options: { retryAfterMs?: number } = {}) {
      globalUntil = Date.now() + (options.retryAfterMs ?? 1000);
    },
    outage(match: string, status: number, times = 1, options: OutageOptions = {}) {
      outages.push({ match, status, times, ...options });
    },

    /** Throws the error of a staged outage (a 5xx, or 403 Missing Permissions), if one applies. */
    checkOutage(route: RouteInfo, afterEffect = false) {
      const outage = outages.find(
        (o) => o.times > 0 && Boolean(o.afterEffect) === afterEffect && matches(o.match, route),
      );
      if (!outage) return;
      outage.times--;
      if (outage.code !== undefined || outage.message !== undefined)
        throw new DiscordError(outage.status, outage.code ?? 0, outage.message ?? `${outage.status}`);
      // A 403 is Discord refusing the bot a permission; anything else is Discord's server failing.
      if (outage.status === 403) throw new DiscordError(403, 50013, 'Missing Permissions');
      const text =
        outage.status === 502
          ? 'Bad Gateway'
          : outage.status === 503
            ? 'Service Unavailable'
            : 'Internal Server Error';
      throw new DiscordError(outage.status, 0, `${outage.status}: ${text}`);
    },

    /** Counts the request in its bucket; returns the headers to send, or a 429 to answer with. */
    take(
      route: RouteInfo,
      options: { global: boolean },
    ): { headers: Record<string, string>; limited: Record<string, unknown> | null } {
      const now = Date.now();
      if (options.global && globalUntil > now) {
        const retryAfter = (globalUntil - now) / 1000;
        return {
          headers: {
            'retry-after': String(Math.ceil(retryAfter)),
            'x-ratelimit-global': 'true',
            'x-ratelimit-scope': 'global',
          },
          limited: {
            message: 'You are being rate limited.',
            retry_after: round(retryAfter),
            global: true,
            code: 0,
          },
        };
      }
      const rule = [...rules].reverse().find((r) => matches(r.match, route));
      const limit = rule?.limit ?? defaults.limit;
      const windowMs = rule?.windowMs ?? defaults.windowMs;
      const bucket = createHash('sha1').update(route.routeKey).digest('hex').slice(0, 32);
      const key = `${rule?.id ?? 0}:${bucket}:${route.major}`;
      let window = windows.get(key);
      if (!window) {
        window = {
          resetAt: now + (rule?.resetAfterMs ?? windowMs),
          used: rule?.remaining !== undefined ? Math.max(0, limit - rule.remaining) : 0,
        };
        windows.set(key, window);
      } else if (window.resetAt <= now) {
        window.resetAt = now + windowMs;
        window.used = 0;
      }
      const resetAfter = (window.resetAt - now) / 1000;
      const headers: Record<string, string> = {
        'x-ratelimit-limit': String(limit),
        'x-ratelimit-remaining': String(Math.max(0, limit - window.used - 1)),
        'x-ratelimit-reset': (window.resetAt / 1000).toFixed(3),
        'x-ratelimit-reset-after': resetAfter.toFixed(3),
        'x-ratelimit-bucket': bucket,
      };
      if (window.used >= limit) {
        headers['x-ratelimit-remaining'] = '0';
        return {
          headers: { ...headers, 'retry-after': String(Math.ceil(resetAfter)), 'x-ratelimit-scope': 'user' },
          limited: {
            message: 'You are being rate limited.',
            retry_after: round(resetAfter),
            global: false,
            code: 0,
          },
        };
      }
      window.used++;
      return { headers, limited: null };
    },
  };
}
export type RateLimiter = ReturnType<typeof createRateLimiter>;

const round = (seconds: number) => Math.round(seconds * 1000) / 1000;
