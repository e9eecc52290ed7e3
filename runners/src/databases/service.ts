/**
 * The databases runner: one-click database containers (PostgreSQL, MariaDB, MySQL, Redis, MongoDB,
 * MinIO) deployed, backed up on a schedule, restored, re-keyed and deleted through the container
 * engine. It refuses to start without ENCRYPTION_KEY, because it would have nowhere safe to keep
 * the passwords it generates.
 */
import { mkdir, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { backupKinds, findTemplate } from '@homelab/db/databases';
import { z } from 'zod';
import { acquireEngine, type Engine, type EngineEvent } from '../docker/engine';
import { usableEncryptionKey } from '../encryption-key';
import type { JobContext, Runner, RunnerContext, RunnerHandle } from '../runner';
import { backupFile, runBackup } from './backups';
import { createBusy } from './busy';
import type { DatabasesDeps } from './deps';
import { createEventBus } from './events';
import { liveOf } from './live';
import { createDatabasesRoutes } from './routes';
import { createBackupScheduler } from './schedule';
import { failInterrupted, failInterruptedBackups, findInstance, listInstances, toInstance } from './store';

export type DatabasesRunnerOptions = {
  /** Host name in connection strings of LAN-exposed instances; defaults to this machine's name. */
  publicHost?: string;
  readiness?: { timeoutMs: number; everyMs: number };
  heartbeatMs?: number;
  /** How long stop() waits for cancelled background work to clean up. */
  stopGraceMs?: number;
};

export function createDatabasesRunner(options: DatabasesRunnerOptions = {}): Runner {
  return { name: 'databases', start: (ctx) => startDatabases(ctx, options) };
}

/**
 * Waits for the engine's first answer, so calls right after a start do not fail as "still
 * connecting"; an engine that is down does not hold the runner back (its routes answer 503).
 */
function firstAnswer(engine: Engine, timeoutMs: number) {
  if (engine.state().status !== 'connecting') return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(done, timeoutMs);
    const off = engine.onState(done);
    function done() {
      clearTimeout(timer);
      off();
      resolve();
    }
  });
}

const backupJobSchema = z.object({
  instanceId: z.uuid(),
  kind: z.enum(backupKinds).default('manual'),
});

async function startDatabases(ctx: RunnerContext, options: DatabasesRunnerOptions): Promise<RunnerHandle> {
  const key = await usableEncryptionKey(
    ctx.config.encryptionKey,
    'the databases runner stores database passwords',
  );
  const backupDir = path.resolve(ctx.config.backupDir);
  await mkdir(backupDir, { recursive: true, mode: 0o700 });

  const interrupted = await failInterrupted(ctx.pool.db);
  if (interrupted.length > 0)
    ctx.log.warn('marked interrupted database operations as failed', {
      instances: interrupted.map((row) => row.name),
    });
  // A dump cut off by the stop is incomplete: its file must not pass for a backup.
  for (const backup of await failInterruptedBackups(ctx.pool.db)) {
    const owner = await findInstance(ctx.pool.db, backup.instanceId);
    if (owner) await rm(backupFile(backupDir, owner.name, backup.fileName), { force: true }).catch(() => {});
  }

  // Shared with the docker runner: one event stream and reconnect loop per engine, not one per runner.
  const { engine, release } = acquireEngine({
    log: ctx.log.child({ component: 'engine' }),
    host: ctx.config.dockerHost,
  });
  await firstAnswer(engine, 5_000);
  const stopping = new AbortController();
  const onRunEnd = () => stopping.abort(new Error('the runner is stopping'));
  ctx.signal.addEventListener('abort', onRunEnd, { once: true });
  const tasks = new Set<Promise<unknown>>();
  const events = createEventBus();
  const busy = createBusy();

  const deps: DatabasesDeps = {
    db: ctx.pool.db,
    engine,
    log: ctx.log,
    key,
    backupDir,
    events,
    busy,
    publicHost: options.publicHost ?? hostname(),
    readiness: options.readiness ?? { timeoutMs: 90_000, everyMs: 500 },
    signal: stopping.signal,
    background(name, task) {
      const running = task().catch((error: unknown) =>
        ctx.log.error('background work failed', { task: name, err: error }),
      );
      tasks.add(running);
      void running.finally(() => tasks.delete(running));
    },
  };

  const scheduler = createBackupScheduler(deps);
  await scheduler.load();

  // A database stopped, crashed or restarted outside the runner: subscribers see its live state change.
  const offEvent = engine.onEvent((event: EngineEvent) => {
    if (
      event.Type !== 'container' ||
      !['start', 'die', 'stop', 'health_status', 'oom'].includes(event.Action)
    )
      return;
    const name = event.Actor.Attributes?.name;
    if (!name?.startsWith('hl-db-')) return;
    deps.background('engine event', async () => {
      const rows = await listInstances(deps.db);
      const row = rows.find((candidate) => candidate.containerName === name);
      if (row)
        events.publish({ type: 'instance', data: { instance: toInstance(row, await liveOf(engine, row)) } });
    });
  });

  async function backupJob(payload: Record<string, unknown>, job: JobContext) {
    const parsed = backupJobSchema.safeParse(payload);
    if (!parsed.success) throw new Error(`The backup job's payload is invalid: ${parsed.error.message}`);
    const instance = await findInstance(deps.db, parsed.data.instanceId);
    // Nothing to retry for: the instance was deleted, or its engine has no backups.
    if (!instance) return { skipped: 'the instance no longer exists' };
    if (!findTemplate(instance.engine)?.supports.backup)
      return { skipped: `${instance.engine} has no backups` };
    // Busy, not running or engine down throw, and the queue retries with backoff.
    const backup = await runBackup(deps, instance.id, parsed.data.kind);
    if (backup.status !== 'done') throw new Error(backup.error ?? 'the backup failed');
    job.log.info('backup job done', { instance: instance.name, file: backup.fileName });
    return { backupId: backup.id, fileName: backup.fileName, sizeBytes: backup.sizeBytes };
  }

  return {
    routes: createDatabasesRoutes(deps, scheduler, { heartbeatMs: options.heartbeatMs }),
    jobs: { backup: backupJob },
    detail: () => ({
      engine: engine.state().status,
      busy: busy.size,
      schedules: scheduler.size,
      subscribers: events.subscribers,
    }),
    async stop() {
      scheduler.stop();
      offEvent();
      // Cancelled work cleans up after itself (a half-made deploy is removed, a partial dump deleted).
      stopping.abort(new Error('the runner is stopping'));
      const grace = new Promise((resolve) => setTimeout(resolve, options.stopGraceMs ?? 10_000).unref());
      await Promise.race([Promise.allSettled([...tasks]), grace]);
      ctx.signal.removeEventListener('abort', onRunEnd);
      events.close();
      release();
    },
  };
}
