/**
 * The alerts runner: every fifteen seconds it judges the system alert rules (host metrics from their
 * recent samples, containers from the shared engine) and opens or closes their incidents.
 */
import { Cron } from 'croner';
import { acquireEngine } from '../docker/engine';
import type { Runner, RunnerContext, RunnerHandle } from '../runner';
import type { ContainerFacts } from './container-watch';
import { createEvaluator } from './evaluator';
import { createAlertsRoutes } from './routes';

export type AlertsRunnerOptions = {
  /** Cron expression (with seconds) of the automatic evaluation; every 15 s by default. */
  schedule?: string;
  /** Replaces the engine as the source of container facts (tests). */
  containers?: () => Promise<ContainerFacts[] | null>;
};

export function createAlertsRunner(options: AlertsRunnerOptions = {}): Runner {
  return { name: 'alerts', start: (ctx) => startAlerts(ctx, options) };
}

async function startAlerts(ctx: RunnerContext, options: AlertsRunnerOptions): Promise<RunnerHandle> {
  // Shared with the docker runner: one event stream and reconnect loop per engine, not one per runner.
  const lease = options.containers
    ? null
    : acquireEngine({ log: ctx.log.child({ component: 'engine' }), host: ctx.config.dockerHost });
  const evaluator = createEvaluator({
    sql: ctx.pool.sql,
    log: ctx.log,
    engine: lease?.engine ?? null,
    sampleIntervalMs: ctx.config.metricsIntervalMs,
    containers: options.containers,
  });
  let lastRunAt: string | null = null;
  const cron = new Cron(options.schedule ?? '*/15 * * * * *', { protect: true, unref: true }, async () => {
    try {
      await evaluator.evaluate();
      lastRunAt = new Date().toISOString();
    } catch (error) {
      ctx.log.warn('alert evaluation failed; next one in 15 s', { err: error });
    }
  });

  return {
    routes: createAlertsRoutes({ sql: ctx.pool.sql, evaluator }),
    jobs: { evaluate: () => evaluator.evaluate() },
    detail: () => ({ lastRunAt }),
    stop() {
      cron.stop();
      lease?.release();
    },
  };
}
