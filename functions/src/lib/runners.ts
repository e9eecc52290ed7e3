/** Reaching the runners from a handler: reads go through the breaker now; work that can wait goes on the queue. */
import { createRunnerClient, RunnerUnavailableError } from '@homelab/runners/client';
import { type AppContext, db } from './context';
import { unavailable } from './errors';

export function runners(c: AppContext) {
  const { RUNNERS_URL, RUNNER_SECRET } = c.get('config');
  return createRunnerClient({ baseUrl: RUNNERS_URL, secret: RUNNER_SECRET });
}

/** Calls a runner and turns "unreachable" into a clear 503 for the browser. */
export async function callRunner(c: AppContext, runner: string, path: string, timeoutMs?: number) {
  try {
    return await runners(c).call({ runner, path, requestId: c.get('requestId'), timeoutMs });
  } catch (error) {
    if (error instanceof RunnerUnavailableError) {
      throw unavailable(
        'runner_unavailable',
        `The ${runner} runner is not connected right now; it will be retried.`,
      );
    }
    throw error;
  }
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
