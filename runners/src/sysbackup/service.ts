/**
 * The sysbackup runner: backs the homelab up on SYSTEM_BACKUP_SCHEDULE (its PostgreSQL and the
 * volumes in SYSTEM_BACKUP_VOLUMES) to the SYSTEM_BACKUP_TARGETS, applies the daily/weekly/monthly
 * retention, and proves each scheduled backup restores with a drill into a throwaway database.
 */
import path from 'node:path';
import { Cron } from 'croner';
import { acquireEngine, type EngineLease } from '../docker/engine';
import { uploadBackupToDrive } from '../google/backup';
import type { Runner, RunnerContext, RunnerHandle } from '../runner';
import { createOperations } from './operations';
import { withDatabase } from './pgtools';
import { parseRetention } from './retention';
import { createSysbackupRoutes } from './routes';
import { failStale } from './store';
import { type BackupTarget, driveTarget, localTarget, s3Target, type TargetKind } from './targets';

export type SysbackupRunnerOptions = { schedule?: string };

/**
 * The URL pg_dump reads with: the app role (DATABASE_URL) may not read the migrations' bookkeeping,
 * so the owner's URL, else the admin role on the app's database, else the app's own as a last resort.
 */
export function dumpSource(databaseUrl: string, ownerUrl?: string, adminUrl?: string) {
  if (ownerUrl) return ownerUrl;
  if (adminUrl) return withDatabase(adminUrl, decodeURIComponent(new URL(databaseUrl).pathname.slice(1)));
  return databaseUrl;
}

export function createSysbackupRunner(options: SysbackupRunnerOptions = {}): Runner {
  return { name: 'sysbackup', start: (ctx) => startSysbackup(ctx, options) };
}

async function startSysbackup(ctx: RunnerContext, options: SysbackupRunnerOptions): Promise<RunnerHandle> {
  const { config } = ctx;
  const sql = ctx.pool.sql;
  const settings = config.systemBackup ?? {
    dir: path.join(config.backupDir, 'system'),
    keep: '7,4,6',
    schedule: '30 3 * * *',
    targets: ['local' as const],
    volumes: [],
  };
  const dir = path.resolve(settings.dir);
  const targets: BackupTarget[] = [];
  const unusable: { kind: TargetKind; reason: string }[] = [];
  for (const kind of settings.targets) {
    if (kind === 'local') targets.push(localTarget(dir));
    else if (kind === 's3') {
      const s3 = config.uploads?.s3;
      if (s3) targets.push(s3Target(s3));
      else unusable.push({ kind, reason: 'not configured: set S3_ENDPOINT and S3_BUCKET' });
    } else {
      const google = {
        clientId: config.google?.clientId,
        clientSecret: config.google?.clientSecret,
        tokenBaseUrl: config.google?.tokenBaseUrl ?? 'https://oauth2.googleapis.com',
        apiBaseUrl: config.google?.apiBaseUrl,
        encryptionKey: config.encryptionKey,
      };
      targets.push(driveTarget((file) => uploadBackupToDrive(sql, google, file)));
    }
  }

  let lease: EngineLease | null = null;
  const docker = () => {
    lease ??= acquireEngine({ log: ctx.log.child({ component: 'engine' }), host: config.dockerHost });
    return lease.engine.require();
  };
  const adminUrl = settings.adminUrl ?? settings.ownerUrl ?? null;
  const operations = createOperations({
    sql,
    log: ctx.log,
    sourceUrl: dumpSource(config.databaseUrl, settings.ownerUrl, settings.adminUrl),
    adminUrl,
    adminMissingReason:
      'not possible: needs an owner URL (SYSTEM_BACKUP_ADMIN_URL, a role that may create databases; DATABASE_URL is the app role)',
    dir,
    key: settings.key,
    policy: parseRetention(settings.keep),
    targets,
    unusable,
    volumes: settings.volumes,
    docker,
    signal: ctx.signal,
  });

  await failStale(sql);

  const pending = new Set<Promise<unknown>>();
  const background = (what: string, work: () => Promise<unknown>) => {
    const run = work()
      .catch((error: unknown) => ctx.log.warn(`${what} failed`, { err: error }))
      .finally(() => pending.delete(run));
    pending.add(run);
  };

  const schedule = options.schedule ?? settings.schedule;
  const cron = new Cron(schedule, { protect: true, unref: true, timezone: 'UTC' }, async () => {
    try {
      await operations.scheduled();
    } catch (error) {
      ctx.log.warn('scheduled system backup failed', { err: error });
    }
  });

  return {
    routes: createSysbackupRoutes({
      sql,
      log: ctx.log,
      operations,
      schedule,
      nextRun: () => cron.nextRun(),
      background,
    }),
    jobs: {
      backup: async () => {
        const { perform } = await operations.prepareBackup('manual');
        const rows = await perform();
        return { backups: rows.map((row) => ({ id: row.id, status: row.status })) };
      },
      drill: async () => {
        const { perform } = await operations.prepareDrill();
        const row = await perform();
        return { drill: row ? { id: row.id, status: row.status } : null };
      },
    },
    detail: () => ({
      schedule,
      nextRunAt: cron.nextRun()?.toISOString() ?? null,
      targets: targets.map((t) => t.kind),
    }),
    async stop() {
      cron.stop();
      await Promise.allSettled([...pending]);
      lease?.release();
    },
  };
}
