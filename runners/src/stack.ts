/**
 * Assembles the runners process: database pool, supervisor, job worker and internal API, started
 * and stopped in the right order. main.ts runs it; integration tests run it on a random port.
 */
import { createPool } from '@homelab/db/client/pool';
import type { Config } from './config';
import { createInternalApp, serveInternalApi } from './internal/server';
import { queueStats } from './jobs/queue';
import { createJobWorker, type JobWorkerOptions } from './jobs/worker';
import type { Logger } from './log';
import type { Runner } from './runner';
import { createSupervisor, type SupervisorOptions } from './supervisor';

export type StackOptions = {
  config: Config;
  log: Logger;
  runners: Runner[];
  supervisor?: Partial<
    Pick<SupervisorOptions, 'restart' | 'heartbeatMs' | 'startTimeoutMs' | 'stopTimeoutMs'>
  >;
  worker?: Partial<Pick<JobWorkerOptions, 'pollMs' | 'stuckAfterMs' | 'jobTimeoutMs' | 'retry'>>;
};

export async function startStack({ config, log, runners, ...tuning }: StackOptions) {
  const known = new Set(runners.map((runner) => runner.name));
  const unknown =
    config.enabledRunners === 'all' ? [] : config.enabledRunners.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new Error(
      `RUNNERS_ENABLED names unknown runners: ${unknown.join(', ')} (known: ${[...known].join(', ')})`,
    );
  }
  const pool = createPool(config.databaseUrl, { applicationName: 'homelab-runners', max: 5 });
  let worker: ReturnType<typeof createJobWorker> | undefined;
  const supervisor = createSupervisor({
    runners,
    enabled: config.enabledRunners,
    pool,
    config,
    log,
    onRunning: (name) => worker?.wake(name),
    ...tuning.supervisor,
  });
  worker = createJobWorker({
    sql: pool.sql,
    log,
    handlersFor: supervisor.jobsFor,
    runningRunners: supervisor.runningNames,
    ...tuning.worker,
  });
  const app = createInternalApp({
    secret: config.runnerSecret,
    log,
    runners: supervisor,
    queueStats: () => queueStats(pool.sql),
    peerUrl: config.peerUrl,
  });
  const server = await serveInternalApi(app, { host: config.host, port: config.port }).catch(
    async (error) => {
      await pool.sql.end({ timeout: 1 });
      throw error;
    },
  );
  supervisor.start();
  worker.start();

  let stopping: Promise<void> | undefined;
  return {
    url: server.url,
    port: server.port,
    supervisor,
    worker,
    pool,
    /** Stops taking jobs, stops the runners (which ends their streams), closes the server, ends the pool. */
    stop() {
      stopping ??= (async () => {
        await worker.stop();
        await supervisor.stop();
        await server.close();
        await pool.sql.end({ timeout: 2 });
      })();
      return stopping;
    },
  };
}
export type Stack = Awaited<ReturnType<typeof startStack>>;
