/**
 * How functions call the runners: every request signed, bounded by a timeout, and behind a circuit
 * breaker so that a runner that is down costs one fast failure instead of a timeout per request.
 * The breaker's state lives in the isolate's memory; that is only a shortcut, the truth about
 * runners is what they report in PostgreSQL.
 */
import { signRequest } from './signing';

export class RunnerUnavailableError extends Error {
  constructor(
    readonly runner: string,
    readonly reason: string,
  ) {
    super(`The ${runner} runner is not reachable (${reason}).`);
    this.name = 'RunnerUnavailableError';
  }
}

type Breaker = { failures: number; openUntil: number };
const breakers = new Map<string, Breaker>();

export type RunnerClientOptions = {
  baseUrl: string;
  secret: string;
  /** Consecutive failures that open the breaker. */
  threshold?: number;
  /** How long an open breaker refuses calls before letting one through again. */
  cooldownMs?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
};

export type RunnerCall = {
  runner: string;
  method?: string;
  path: string;
  body?: unknown;
  requestId?: string;
  /** Bounds the wait for the response headers; a stream (SSE) is not cut once it has started. */
  timeoutMs?: number;
  /** Extra headers, e.g. `upgrade: websocket` to open a WebSocket to a runner. */
  headers?: Record<string, string>;
  /**
   * A body streamed as it arrives (an upload) instead of `body`: signed as unsigned-streaming, which
   * runners accept only on the routes that opt in. Give its content-type in `headers`.
   */
  stream?: ReadableStream<Uint8Array>;
};

export function createRunnerClient(options: RunnerClientOptions) {
  const opts = { threshold: 3, cooldownMs: 5_000, timeoutMs: 5_000, ...options };
  // workerd refuses a fetch called as a method of another object ("Illegal invocation").
  const doFetch: typeof fetch = options.fetch ?? ((input, init) => fetch(input, init));
  const base = opts.baseUrl.replace(/\/$/, '');
  const breaker = breakers.get(base) ?? { failures: 0, openUntil: 0 };
  breakers.set(base, breaker);

  function failed() {
    breaker.failures += 1;
    if (breaker.failures >= opts.threshold) breaker.openUntil = Date.now() + opts.cooldownMs;
  }

  async function call({
    runner,
    method = 'GET',
    path,
    body,
    requestId,
    timeoutMs,
    headers: extra,
    stream,
  }: RunnerCall) {
    if (breaker.openUntil > Date.now())
      throw new RunnerUnavailableError(runner, 'circuit open after repeated failures');
    const pathWithQuery = `/${runner}${path}`;
    const bytes = body === undefined ? undefined : new TextEncoder().encode(JSON.stringify(body));
    const headers: Record<string, string> = {
      ...extra,
      ...(await signRequest({
        secret: opts.secret,
        method,
        pathWithQuery,
        body: bytes,
        streamingBody: stream !== undefined,
      })),
      ...(bytes ? { 'content-type': 'application/json' } : {}),
      ...(requestId ? { 'x-request-id': requestId } : {}),
    };
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs ?? opts.timeoutMs);
    try {
      const res = await doFetch(`${base}${pathWithQuery}`, {
        method,
        headers,
        body: stream ?? bytes,
        signal: controller.signal,
        // Node's fetch needs it for a stream body; workerd ignores it.
        ...(stream ? { duplex: 'half' } : {}),
      } as RequestInit);
      if (res.status >= 500 && res.status !== 503) failed();
      else breaker.failures = 0;
      if (res.status === 503) {
        const text = await res.text();
        throw new RunnerUnavailableError(runner, text.slice(0, 1_000) || 'runner not ready');
      }
      return res;
    } catch (error) {
      if (error instanceof RunnerUnavailableError) throw error;
      failed();
      throw new RunnerUnavailableError(runner, error instanceof Error ? error.message : 'request failed');
    } finally {
      clearTimeout(timer);
    }
  }

  async function json<T>(input: RunnerCall): Promise<T> {
    const res = await call(input);
    if (!res.ok) throw new RunnerUnavailableError(input.runner, `answered ${res.status}`);
    return (await res.json()) as T;
  }

  return { call, json, breakerOpen: () => breaker.openUntil > Date.now() };
}
export type RunnerClient = ReturnType<typeof createRunnerClient>;
