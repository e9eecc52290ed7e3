/**
 * Calls to another runner's internal routes, signed like functions' calls, for actions whose state
 * lives in that runner (a monitor check records through the monitors runner's batcher, a database
 * delete goes through the databases runner's locks). The runners serve them on this process's
 * internal port.
 */
import { createRunnerClient } from '../../internal/client';
import type { ToolContext } from './types';

type Call = { method?: string; path: string; body?: unknown; timeoutMs?: number };

function localHost(host: string) {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** The JSON answer of a runner route; its error message (the API's one shape) when it refuses. */
export async function callRunner<T>(
  ctx: Pick<ToolContext, 'config'>,
  runner: string,
  call: Call,
): Promise<T> {
  const client = createRunnerClient({
    baseUrl: `http://${localHost(ctx.config.host)}:${ctx.config.port}`,
    secret: ctx.config.runnerSecret,
    timeoutMs: call.timeoutMs ?? 30_000,
  });
  const res = await client.call({ runner, ...call });
  const text = await res.text();
  const body = text ? (JSON.parse(text) as unknown) : null;
  if (!res.ok) {
    const message = (body as { error?: { message?: string } } | null)?.error?.message;
    throw new Error(message ?? `The ${runner} runner answered ${res.status}.`);
  }
  return body as T;
}
