/**
 * The smarthome runner: one long-lived connection to Home Assistant (HOME_ASSISTANT_URL with a
 * long-lived HOME_ASSISTANT_TOKEN). Without them it answers "not configured" and waits.
 */
import type { Runner, RunnerContext, RunnerHandle } from '../runner';
import { createSmartHomeClient } from './client';
import { createSmartHomeRoutes } from './routes';

export type SmartHomeRunnerOptions = {
  healthIntervalMs?: number;
  backoff?: { baseMs: number; maxMs: number };
  queueTtlMs?: number;
  heartbeatMs?: number;
};

export function createSmartHomeRunner(options: SmartHomeRunnerOptions = {}): Runner {
  return { name: 'smarthome', start: (ctx) => startSmartHome(ctx, options) };
}

async function startSmartHome(ctx: RunnerContext, options: SmartHomeRunnerOptions): Promise<RunnerHandle> {
  const client = createSmartHomeClient({
    url: ctx.config.homeAssistant?.url,
    token: ctx.config.homeAssistant?.token,
    log: ctx.log,
    healthIntervalMs: options.healthIntervalMs,
    backoff: options.backoff,
    queueTtlMs: options.queueTtlMs,
  });
  client.start();
  ctx.signal.addEventListener('abort', () => client.stop(), { once: true });
  return {
    routes: createSmartHomeRoutes(client, ctx.log, options.heartbeatMs),
    detail: () => {
      const status = client.status();
      return { state: status.state, queued: status.queued, haVersion: status.haVersion };
    },
    stop() {
      client.stop();
    },
  };
}
