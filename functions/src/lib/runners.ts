/** Reaching the runners from a handler: reads go through the breaker now; work that can wait goes on the queue. */
import { createRunnerClient, type RunnerCall, RunnerUnavailableError } from '@homelab/runners/client';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type AppContext, db } from './context';
import { ApiError, unavailable } from './errors';

export function runners(c: AppContext) {
  const { RUNNERS_URL, RUNNER_SECRET } = c.get('config');
  return createRunnerClient({ baseUrl: RUNNERS_URL, secret: RUNNER_SECRET });
}

export const enc = encodeURIComponent;

/** `?a=1&b=2` of the defined values, or '' when there are none: the query string handed to a runner. */
export function query(params: Record<string, unknown>) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

type RunnerErrorBody = { error?: { code?: unknown; message?: unknown } };

/** The runner's own `{error: {code, message}}`, when its answer carried one. */
function runnerError(text: string): { code: string; message: string } | null {
  try {
    const { error } = JSON.parse(text) as RunnerErrorBody;
    if (typeof error?.code === 'string' && typeof error.message === 'string') {
      return { code: error.code, message: error.message };
    }
  } catch {}
  return null;
}

/** Calls a runner and turns "unreachable" into a clear 503 for the browser. */
export async function callRunner(c: AppContext, runner: string, path: string, timeoutMs?: number) {
  return relay(c, runner, { path, timeoutMs });
}

const passedThrough = new Set([400, 404, 409, 413, 422, 429, 502]);

/**
 * Calls a runner for a request and hands its refusals on: a 400/404/409/429 keeps the runner's code
 * and message (they say what to fix), and a 429 its Retry-After; a runner that is down, or whose dependency is (the container
 * engine), is a 503 with that reason; anything else is a 502 without internals.
 */
export async function relay(
  c: AppContext,
  runner: string,
  call: Omit<RunnerCall, 'runner' | 'requestId'>,
): Promise<Response> {
  let res: Response;
  try {
    res = await runners(c).call({ ...call, runner, requestId: c.get('requestId') });
  } catch (error) {
    if (error instanceof RunnerUnavailableError) {
      const reason = runnerError(error.reason);
      if (reason && reason.code !== 'runner_unavailable' && reason.code !== 'unavailable')
        throw unavailable(reason.code, reason.message);
      throw unavailable(
        'runner_unavailable',
        `The ${runner} runner is not connected right now; it will be retried.`,
      );
    }
    throw error;
  }
  if (res.ok || res.status === 101) return res;
  const text = await res.text();
  const reason = runnerError(text);
  // A runner's 502 names a failed outside step (e.g. a password rotation the database refused).
  if (passedThrough.has(res.status) && reason && reason.code !== 'internal') {
    // An outside platform's rate limit (Google) reaches the browser with when to try again.
    const retryAfter = res.headers.get('retry-after');
    throw new ApiError(
      res.status as ContentfulStatusCode,
      reason.code,
      reason.message,
      undefined,
      retryAfter ? { 'retry-after': retryAfter } : undefined,
    );
  }
  throw new ApiError(
    502,
    'runner_failed',
    `The ${runner} runner could not do this; its logs have the details.`,
  );
}

/** relay() for a JSON answer. */
export async function relayJson<T>(
  c: AppContext,
  runner: string,
  call: Omit<RunnerCall, 'runner' | 'requestId'>,
): Promise<T> {
  const res = await relay(c, runner, call);
  return (await res.json()) as T;
}

const streamHeaders = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
};

/** relay() for a Server-Sent Events stream, passed through event by event. */
export async function relayStream(
  c: AppContext,
  runner: string,
  call: Omit<RunnerCall, 'runner' | 'requestId'>,
): Promise<Response> {
  const res = await relay(c, runner, { timeoutMs: 5_000, ...call });
  if (!res.body) throw unavailable('runner_unavailable', `The ${runner} runner cannot stream right now.`);
  return new Response(res.body, { status: 200, headers: streamHeaders });
}

/**
 * Queues work for a runner in PostgreSQL and wakes it; it runs when the runner is (back) up.
 * JSON goes as text cast to jsonb: drizzle switches off postgres.js's own JSON serializer.
 */
export async function enqueueJob(
  c: AppContext,
  runner: string,
  kind: string,
  payload: Record<string, unknown> = {},
) {
  const { sql } = db(c);
  const [job] = await sql<{ id: number }[]>`
    insert into jobs (runner, kind, payload, request_id)
    values (${runner}, ${kind}, ${JSON.stringify(payload)}::jsonb, ${c.get('requestId')})
    returning id`;
  await sql`select pg_notify('jobs', ${runner})`;
  return { id: Number(job!.id) };
}
