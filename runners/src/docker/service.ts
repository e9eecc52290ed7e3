/**
 * The docker runner: Portainer-class container management over the one shared engine connection.
 * It keeps the container inventory current from engine events and serves containers, logs, stats,
 * events and an exec console; the engine being away is a reported state, not a crash.
 */
import type { Sql } from 'postgres';
import type { Logger } from '../log';
import type { Runner, RunnerHandle } from '../runner';
import { acquireEngine, type Engine } from './engine';
import { createExecSessions } from './exec';
import { createInventory, type InventoryOptions } from './inventory';
import { createDockerRoutes, type DockerRoutesOptions } from './routes';
import { createStatsHub, type StatsHubOptions } from './stats';
import { createUpdater, type UpdaterOptions } from './updates/executor';

export type DockerRunnerOptions = DockerRoutesOptions & {
  inventory?: Pick<InventoryOptions, 'resyncMs' | 'coalesceMs'>;
  stats?: Pick<StatsHubOptions, 'mode' | 'pollMs'>;
  retry?: { baseMs: number; maxMs: number };
  /** Container updates need the database for their history; without it the update routes are absent. */
  updates?: UpdaterOptions & { sql: Sql };
};

/** Everything the runner serves, over an engine someone else owns (the runner, or a test). */
export function openDocker(engine: Engine, log: Logger, options: DockerRunnerOptions = {}) {
  const inventory = createInventory({ engine, log, ...options.inventory });
  const stats = createStatsHub({ engine, log, ...options.stats });
  const deps = { engine, log, inventory };
  const exec = createExecSessions(deps);
  const updater = options.updates
    ? createUpdater(
        { ...deps, sql: options.updates.sql, log: log.child({ component: 'updates' }) },
        options.updates,
      )
    : undefined;
  const routes = createDockerRoutes({ ...deps, updater }, stats, options);
  return {
    deps,
    stats,
    exec,
    updater,
    handle: {
      routes,
      sockets: (path, url, socket) => exec.handle(path, url, socket),
      detail: () => {
        const state = engine.state();
        return {
          engine: state.status,
          ...(state.status === 'connected' ? { version: state.version, kind: state.engine } : {}),
          ...(state.status === 'unreachable' ? { error: state.error } : {}),
          containers: inventory.size,
          statsCollectors: stats.active,
          consoles: exec.active,
          updates: updater?.active ?? 0,
        };
      },
      stop() {
        exec.close();
        stats.close();
        inventory.close();
      },
    } satisfies RunnerHandle,
  };
}

export function createDockerRunner(options: DockerRunnerOptions = {}): Runner {
  return {
    name: 'docker',
    async start(ctx) {
      const lease = acquireEngine({
        log: ctx.log.child({ component: 'engine' }),
        host: ctx.config.dockerHost,
        retry: options.retry,
      });
      const updates = ctx.config.updates;
      const docker = openDocker(lease.engine, ctx.log, {
        ...options,
        updates: {
          sql: ctx.pool.sql,
          ...(updates && {
            helperImage: updates.helperImage,
            snapshotRetentionMs: updates.snapshotDays * 86_400_000,
          }),
          ...options.updates,
        },
      });
      const abandoned = await docker.updater!.failAbandoned().catch(() => 0);
      if (abandoned) ctx.log.warn('marked updates a stopped runner left unfinished', { count: abandoned });
      return {
        ...docker.handle,
        stop() {
          docker.handle.stop();
          lease.release();
        },
      };
    },
  };
}
