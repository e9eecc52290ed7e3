/**
 * The automations runner: delivers the outbox (events the database triggers write) to the hooks
 * that want them, signed, retried with backoff, every attempt in the delivery log; and turns the
 * container engine's deaths (a non-zero exit) into container.died events.
 */
import { acquireEngine, type Engine } from '../docker/engine';
import type { Runner, RunnerContext, RunnerHandle } from '../runner';
import { containerDeath } from './container-deaths';
import { createDispatcher } from './dispatcher';
import { createAutomationsRoutes } from './routes';
import { emitContainerDied } from './store';

export type AutomationsRunnerOptions = {
  /** Tries per delivery before it is failed; AUTOMATION_MAX_ATTEMPTS, default 6. */
  maxAttempts?: number;
  /** First retry delay, doubling up to an hour; AUTOMATION_RETRY_BASE_MS, default 30 s. */
  retryBaseMs?: number;
  timeoutMs?: number;
  sweepMs?: number;
  /** A given engine (tests); otherwise the process-wide one for DOCKER_HOST. */
  engine?: Engine;
};

export function createAutomationsRunner(options: AutomationsRunnerOptions = {}): Runner {
  return { name: 'automations', start: (ctx) => startAutomations(ctx, options) };
}

async function startAutomations(
  ctx: RunnerContext,
  options: AutomationsRunnerOptions,
): Promise<RunnerHandle> {
  const { sql } = ctx.pool;
  const dispatcher = createDispatcher({
    sql,
    log: ctx.log,
    encryptionKey: ctx.config.encryptionKey,
    policy: {
      maxAttempts: options.maxAttempts ?? ctx.config.automations?.maxAttempts ?? 6,
      baseMs: options.retryBaseMs ?? ctx.config.automations?.retryBaseMs ?? 30_000,
      maxMs: 3_600_000,
    },
    timeoutMs: options.timeoutMs ?? 10_000,
    sweepMs: options.sweepMs ?? 5_000,
    concurrency: 4,
    signal: ctx.signal,
  });

  const lease = options.engine
    ? null
    : acquireEngine({ log: ctx.log.child({ component: 'engine' }), host: ctx.config.dockerHost });
  const engine = options.engine ?? lease!.engine;
  const offEngine = engine.onEvent((event) => {
    const death = containerDeath(event);
    if (!death) return;
    emitContainerDied(sql, death).catch((error) =>
      ctx.log.warn('could not record a container death', { container: death.name, err: error }),
    );
  });
  dispatcher.wake();

  return {
    routes: createAutomationsRoutes({ sql, dispatcher, encryptionKey: ctx.config.encryptionKey }),
    detail: () => ({ lastPassAt: dispatcher.lastPassAt() }),
    async stop() {
      offEngine();
      lease?.release();
      await dispatcher.stop();
    },
  };
}
