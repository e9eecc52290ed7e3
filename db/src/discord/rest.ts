/**
 * The one Discord REST client, for functions (workerd) and runners (Node): fetch only, with
 * Discord's rate limits honoured (per-route buckets, the global limit, Retry-After on 429) and
 * exponential backoff on 5xx, so a burst of work slows down instead of getting the bot banned.
 */

export type DiscordRestOptions = {
  /** Sent as `Authorization: <authorization> <token>`. */
  token?: string;
  /** 'Bot' (default) for the bot token; 'Bearer' for a person's OAuth2 access token. */
  authorization?: DiscordAuthorization;
  /** Default https://discord.com; requests go to `${baseUrl}/api/v10${path}`. */
  baseUrl?: string;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** 429 and 5xx retries, default 3. */
  maxRetries?: number;
  /** Longest wait (Retry-After or an empty bucket) before throwing instead, default 10_000. */
  maxWaitMs?: number;
};

export type DiscordAuthorization = 'Bot' | 'Bearer';

export type DiscordMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export type DiscordRequestInit = {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  /** X-Audit-Log-Reason, shown in the guild's audit log. */
  reason?: string;
  /** false: no Authorization header (interaction webhooks are authorised by their token). */
  auth?: boolean;
};

export type DiscordRest = {
  request<T = unknown>(method: DiscordMethod, path: string, init?: DiscordRequestInit): Promise<T>;
  get<T = unknown>(path: string, init?: Omit<DiscordRequestInit, 'body'>): Promise<T>;
  post<T = unknown>(path: string, body?: unknown, init?: Omit<DiscordRequestInit, 'body'>): Promise<T>;
  patch<T = unknown>(path: string, body?: unknown, init?: Omit<DiscordRequestInit, 'body'>): Promise<T>;
  put<T = unknown>(path: string, body?: unknown, init?: Omit<DiscordRequestInit, 'body'>): Promise<T>;
  delete<T = unknown>(path: string, init?: Omit<DiscordRequestInit, 'body'>): Promise<T>;
};

export class DiscordApiError extends Error {
  /** Discord's JSON error code (e.g. 50013 Missing Permissions), when the body had one. */
  readonly code?: number;
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    readonly body: unknown,
    detail?: string,
    /** The kind of token the request carried, so a caller can tell whose credential was refused. */
    readonly authorization?: DiscordAuthorization,
  ) {
    const code = isRecord(body) && typeof body.code === 'number' ? body.code : undefined;
    super(`Discord ${method} ${path} failed with ${status}: ${detail ?? describeBody(body, status)}`);
    this.name = 'DiscordApiError';
    this.code = code;
  }
}

export const discordUserAgent = 'DiscordBot (https://github.com/homelabhub, 0.1)';

const defaults = {
  authorization: 'Bot' as DiscordAuthorization,
  baseUrl: 'https://discord.com',
  maxRetries: 3,
  maxWaitMs: 10_000,
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
};

const serverErrorBackoffMs = 500;

type Bucket = {
  limit?: number;
  /** Requests left in this window; counted down locally as requests go out. */
  remaining?: number;
  resetAt: number;
  /** Set while the bucket waits for its reset: every request in the bucket awaits it. */
  pause?: Promise<void>;
};

export function createDiscordRest(options: DiscordRestOptions): DiscordRest {
  const opts = { ...defaults, ...options };
  const doFetch = opts.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const apiBase = `${opts.baseUrl.replace(/\/+$/, '')}/api/v10`;
  // Discord names a route's bucket only in its answer: route template → bucket hash.
  const bucketHashes = new Map<string, string>();
  const buckets = new Map<string, Bucket>();
  let globalPause: Promise<void> | undefined;

  function bucketFor(method: DiscordMethod, path: string): Bucket {
    const { template, major } = routeOf(method, path);
    const key = `${bucketHashes.get(template) ?? template}:${major}`;
    let bucket = buckets.get(key);
    if (!bucket) {
      if (buckets.size > 2_000) forgetExpired(buckets);
      bucket = { resetAt: 0 };
      buckets.set(key, bucket);
    }
    return bucket;
  }

  function failure(status: number, method: string, path: string, body: unknown, detail?: string) {
    return new DiscordApiError(status, method, path, body, detail, opts.authorization);
  }

  function tooLong(method: string, path: string, waitMs: number) {
    return failure(
      429,
      method,
      path,
      undefined,
      `rate limited for ${Math.ceil(waitMs / 1000)} s, longer than this caller waits`,
    );
  }

  /** Waits for the global pause and for this route's bucket to have room, then takes one slot. */
  async function acquire(method: DiscordMethod, path: string, shownPath: string) {
    for (;;) {
      if (globalPause) {
        await globalPause;
        continue;
      }
      const bucket = bucketFor(method, path);
      if (bucket.pause) {
        await bucket.pause;
        continue;
      }
      if (bucket.remaining === 0) {
        const waitMs = bucket.resetAt - Date.now();
        if (waitMs > 0) {
          if (waitMs > opts.maxWaitMs) throw tooLong(method, shownPath, waitMs);
          pauseBucket(bucket, waitMs);
          continue;
        }
        bucket.remaining = bucket.limit;
      }
      if (bucket.remaining !== undefined) bucket.remaining--;
      return;
    }
  }

  function pauseBucket(bucket: Bucket, waitMs: number) {
    const pause = opts.sleep(waitMs).then(() => {
      if (bucket.pause === pause) bucket.pause = undefined;
      // The window has passed; the next answer's headers say how much is really left.
      bucket.remaining = bucket.limit;
      bucket.resetAt = 0;
    });
    bucket.pause = pause;
  }

  function pauseEverything(waitMs: number) {
    const pause = opts.sleep(waitMs).then(() => {
      if (globalPause === pause) globalPause = undefined;
    });
    globalPause = pause;
  }

  function learn(method: DiscordMethod, path: string, headers: Headers) {
    const hash = headers.get('x-ratelimit-bucket');
    if (hash) bucketHashes.set(routeOf(method, path).template, hash);
    const bucket = bucketFor(method, path);
    const limit = numberHeader(headers, 'x-ratelimit-limit');
    const remaining = numberHeader(headers, 'x-ratelimit-remaining');
    const resetAfter = numberHeader(headers, 'x-ratelimit-reset-after');
    if (limit !== undefined) bucket.limit = limit;
    if (remaining !== undefined) bucket.remaining = remaining;
    if (resetAfter !== undefined) bucket.resetAt = Date.now() + resetAfter * 1000;
  }

  async function request<T>(method: DiscordMethod, path: string, init: DiscordRequestInit = {}): Promise<T> {
    const shownPath = redactTokens(path);
    const url = new URL(`${apiBase}${path}`);
    for (const [name, value] of Object.entries(init.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = { 'user-agent': discordUserAgent };
    if (init.auth !== false && opts.token) headers.authorization = `${opts.authorization} ${opts.token}`;
    if (init.reason) headers['x-audit-log-reason'] = encodeURIComponent(init.reason);
    let body: string | undefined;
    if (init.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.body);
    }

    for (let attempt = 0; ; attempt++) {
      await acquire(method, path, shownPath);
      const res = await doFetch(url, { method, headers, body });
      learn(method, path, res.headers);
      const payload = await readBody(res);

      if (res.ok) return payload as T;

      if (res.status === 429) {
        const waitMs = retryAfterMs(res.headers, payload);
        if (waitMs > opts.maxWaitMs) throw tooLong(method, shownPath, waitMs);
        if (attempt >= opts.maxRetries) throw failure(429, method, shownPath, payload);
        const global =
          res.headers.get('x-ratelimit-global') === 'true' || (isRecord(payload) && payload.global === true);
        if (global) pauseEverything(waitMs);
        else pauseBucket(bucketFor(method, path), waitMs);
        continue;
      }

      if (res.status >= 500 && attempt < opts.maxRetries) {
        await opts.sleep(serverErrorBackoffMs * 2 ** attempt);
        continue;
      }
      throw failure(res.status, method, shownPath, payload);
    }
  }

  return {
    request,
    get: (path, init) => request('GET', path, init),
    post: (path, body, init) => request('POST', path, { ...init, body }),
    patch: (path, body, init) => request('PATCH', path, { ...init, body }),
    put: (path, body, init) => request('PUT', path, { ...init, body }),
    delete: (path, init) => request('DELETE', path, init),
  };
}

const majorResources = new Set(['channels', 'guilds', 'webhooks']);
const snowflakePattern = /^\d{5,20}$/;

/**
 * A route as Discord buckets it: ids replaced, except the major parameter (channel, guild, or
 * webhook id + token) that Discord limits separately; reactions share one bucket per message.
 */
export function routeOf(method: string, path: string): { template: string; major: string } {
  const segments = path.split('?')[0]!.split('/').filter(Boolean);
  let major = 'global';
  const shape: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const previous = segments[i - 1];
    if (i === 1 && previous && majorResources.has(previous) && snowflakePattern.test(segment)) {
      major = previous === 'webhooks' && segments[2] ? `${segment}/${segments[2]}` : segment;
      shape.push(':major');
      if (previous === 'webhooks' && segments[2]) i++;
      continue;
    }
    if (previous === 'reactions') {
      shape.push('*');
      break;
    }
    if (previous === 'interactions' && snowflakePattern.test(segment)) {
      // Interaction callbacks: /interactions/:id/:token/callback, all in one bucket.
      shape.push(':id', ':token');
      i++;
      continue;
    }
    shape.push(snowflakePattern.test(segment) ? ':id' : segment);
  }
  return { template: `${method} /${shape.join('/')}`, major };
}

/** Webhook and interaction tokens are credentials: they stay out of error messages and logs. */
function redactTokens(path: string): string {
  return path
    .replace(/(\/webhooks\/\d+\/)[^/?]+/, '$1:token')
    .replace(/(\/interactions\/\d+\/)[^/?]+/, '$1:token');
}

function forgetExpired(buckets: Map<string, Bucket>) {
  const now = Date.now();
  for (const [key, bucket] of buckets) {
    if (!bucket.pause && bucket.resetAt < now) buckets.delete(key);
  }
}

function numberHeader(headers: Headers, name: string): number | undefined {
  const raw = headers.get(name);
  if (raw === null || raw.trim() === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

/** The body's retry_after (seconds, with fractions) is more precise than the Retry-After header. */
function retryAfterMs(headers: Headers, payload: unknown): number {
  if (isRecord(payload) && typeof payload.retry_after === 'number') {
    return Math.ceil(payload.retry_after * 1000);
  }
  const header = numberHeader(headers, 'retry-after');
  return header !== undefined ? Math.ceil(header * 1000) : 1000;
}

async function readBody(res: Response): Promise<unknown> {
  if (res.status === 204) return undefined;
  const text = await res.text();
  if (!text) return undefined;
  if ((res.headers.get('content-type') ?? '').includes('json')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `{code, message, errors}` → "Invalid Form Body (50035); embeds.0.description: Must be 4096 or fewer…". */
function describeBody(body: unknown, status: number): string {
  if (typeof body === 'string' && body.trim()) return body.trim().slice(0, 300);
  if (!isRecord(body)) return `HTTP ${status}`;
  const message = typeof body.message === 'string' ? body.message : `HTTP ${status}`;
  const parts = [typeof body.code === 'number' && body.code !== 0 ? `${message} (${body.code})` : message];
  const fields = fieldErrors(body.errors, []);
  if (fields.length) parts.push(fields.slice(0, 5).join('; '));
  return parts.join('; ');
}

function fieldErrors(errors: unknown, at: string[]): string[] {
  if (!isRecord(errors)) return [];
  const found: string[] = [];
  for (const [key, value] of Object.entries(errors)) {
    if (key === '_errors' && Array.isArray(value)) {
      const messages = value
        .map((e) => (isRecord(e) && typeof e.message === 'string' ? e.message : undefined))
        .filter(Boolean);
      if (messages.length) found.push(`${at.join('.') || 'body'}: ${messages.join(' ')}`);
    } else {
      found.push(...fieldErrors(value, [...at, key]));
    }
  }
  return found;
}
