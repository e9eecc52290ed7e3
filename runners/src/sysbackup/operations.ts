/**
 * What the runner does with the engine: a backup run (rows per target, the archive, retention and
 * tier promotion), a restore drill of the newest restorable copy, and a restore into a new
 * database. One backup and one drill at a time; a second request is refused, not queued.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { SystemBackupSettings } from '@homelab/db/sysbackup';
import type Dockerode from 'dockerode';
import type { Sql } from 'postgres';
import { HttpError } from '../internal/errors';
import type { Logger } from '../log';
import { createBackup } from './backup';
import { fingerprintTables, openStable } from './fingerprint';
import { applyRetention } from './prune';
import { createDatabase, restoreBackup, runRestoreDrill } from './restore';
import type { RetentionPolicy } from './retention';
import {
  allBackups,
  type BackupRow,
  deleteBackups,
  findBackup,
  finishBackup,
  finishDrill,
  insertBackups,
  insertDrill,
  latestRestorable,
  setTiers,
  toDate,
} from './store';
import type { BackupTarget, TargetKind } from './targets';

export type OperationsDeps = {
  sql: Sql;
  log: Logger;
  /** The database dumped: the owner's URL when given (it can read every table), else the app's. */
  sourceUrl: string;
  /** A role that may create databases, for drills and restores; null says why not. */
  adminUrl: string | null;
  adminMissingReason: string;
  dir: string;
  key?: string;
  policy: RetentionPolicy;
  /** Usable targets, and why the others are not. */
  targets: BackupTarget[];
  unusable: { kind: TargetKind; reason: string }[];
  volumes: string[];
  docker: () => Dockerode;
  signal: AbortSignal;
};

export type Operations = ReturnType<typeof createOperations>;

export function createOperations(deps: OperationsDeps) {
  let backupRunning = false;
  let drillRunning = false;
  const scratch = path.join(deps.dir, '.scratch');

  function targetOf(kind: TargetKind) {
    const target = deps.targets.find((t) => t.kind === kind);
    if (!target) throw new Error(`The ${kind} target is not configured now.`);
    return target;
  }

  /** Inserts the running rows; `perform` then makes the archive and finishes them. */
  async function prepareBackup(tier: 'daily' | 'manual') {
    if (backupRunning) throw new HttpError(409, 'backup_running', 'A system backup is running already.');
    if (deps.targets.length === 0)
      throw new HttpError(
        409,
        'no_target',
        `No backup target is usable: ${deps.unusable.map((u) => `${u.kind}: ${u.reason}`).join('; ')}`,
      );
    backupRunning = true;
    try {
      const rows = await insertBackups(
        deps.sql,
        deps.targets.map((target) => ({ tier, target: target.kind, encrypted: Boolean(deps.key) })),
      );
      return { rows, perform: () => performBackup(rows).finally(() => (backupRunning = false)) };
    } catch (error) {
      backupRunning = false;
      throw error;
    }
  }

  async function performBackup(rows: BackupRow[]) {
    const finished: BackupRow[] = [];
    try {
      const created = await createBackup({
        databaseUrl: deps.sourceUrl,
        volumes: deps.volumes,
        docker: deps.volumes.length > 0 ? deps.docker() : undefined,
        target: deps.targets,
        encryptionKey: deps.key,
        dir: scratch,
        signal: deps.signal,
      });
      const tables = created.manifest.database.tables;
      const contents = {
        database: created.manifest.database.name,
        tables: tables.length,
        rows: tables.reduce((sum, t) => sum + t.rows, 0),
        volumes: created.manifest.volumes.map((v) => v.name),
      };
      for (const row of rows) {
        const copy = created.copies.find((c) => c.target === row.target);
        const done = copy?.location ? { status: 'done' as const } : { status: 'failed' as const };
        const result = await finishBackup(deps.sql, row.id, {
          ...done,
          location: copy?.location ?? null,
          sizeBytes: created.sizeBytes,
          sha256: created.sha256,
          contents,
          error: copy?.error ?? null,
        });
        if (result) finished.push(result);
      }
      deps.log.info('system backup made', {
        name: created.name,
        bytes: created.sizeBytes,
        copies: created.copies,
      });
    } catch (error) {
      const reason = (error as Error).message;
      deps.log.warn('system backup failed', { err: error });
      for (const row of rows) {
        const result = await finishBackup(deps.sql, row.id, { status: 'failed', error: reason });
        if (result) finished.push(result);
      }
    }
    await prune().catch((error: unknown) => deps.log.warn('system backup retention failed', { err: error }));
    return finished;
  }

  async function prune() {
    const rows = await allBackups(deps.sql);
    const byKind = Object.fromEntries(deps.targets.map((t) => [t.kind, t]));
    const outcome = await applyRetention(
      rows.map((row) => ({
        id: row.id,
        startedAt: toDate(row.started_at),
        status: row.status,
        target: row.target,
        location: row.location,
      })),
      deps.policy,
      byKind,
    );
    await deleteBackups(deps.sql, outcome.removed);
    await setTiers(deps.sql, outcome.kept);
    for (const failure of outcome.failures)
      deps.log.warn('an old system backup could not be deleted; retried next run', failure);
    if (outcome.removed.length)
      deps.log.info('old system backups removed', { removed: outcome.removed.length });
  }

  function drillPossible() {
    return deps.adminUrl ? null : deps.adminMissingReason;
  }

  async function prepareDrill() {
    const reason = drillPossible();
    if (reason) throw new HttpError(409, 'drill_not_possible', reason);
    if (drillRunning) throw new HttpError(409, 'drill_running', 'A restore drill is running already.');
    const backup = await latestRestorable(deps.sql);
    if (!backup)
      throw new HttpError(409, 'no_backup', 'There is no finished local or S3 backup to drill yet.');
    drillRunning = true;
    try {
      const drill = await insertDrill(deps.sql, backup.id);
      return { drill, perform: () => performDrill(drill.id, backup).finally(() => (drillRunning = false)) };
    } catch (error) {
      drillRunning = false;
      throw error;
    }
  }

  /** A local copy of a backup's archive, and how to discard it when it was downloaded. */
  async function fetchArchive(backup: BackupRow) {
    if (!backup.location) throw new Error('The backup has no stored archive.');
    const download = path.join(scratch, `.fetch-${backup.id}`);
    await mkdir(download, { recursive: true, mode: 0o700 });
    try {
      const file = await targetOf(backup.target).fetch(backup.location, download);
      return { file, discard: () => rm(download, { recursive: true, force: true }) };
    } catch (error) {
      await rm(download, { recursive: true, force: true });
      throw error;
    }
  }

  async function performDrill(drillId: string, backup: BackupRow) {
    let result: Awaited<ReturnType<typeof runRestoreDrill>>;
    try {
      const archive = await fetchArchive(backup);
      try {
        result = await runRestoreDrill({
          file: archive.file,
          encryptionKey: deps.key,
          adminUrl: deps.adminUrl as string,
          scratch,
          signal: deps.signal,
        });
      } finally {
        await archive.discard();
      }
    } catch (error) {
      result = {
        status: 'failed',
        database: '',
        tablesChecked: 0,
        rowsChecked: 0,
        tablesHashed: 0,
        mismatches: [],
        error: (error as Error).message,
      };
    }
    (result.status === 'passed' ? deps.log.info : deps.log.warn).call(deps.log, 'restore drill finished', {
      backup: backup.id,
      status: result.status,
      error: result.error,
    });
    return finishDrill(deps.sql, drillId, result);
  }

  /** Restores a backup into a new database on the admin URL's server; the live one is never touched. */
  async function restoreInto(backupId: string, database: string) {
    const reason = drillPossible();
    if (reason) throw new HttpError(409, 'restore_not_possible', reason);
    const backup = await findBackup(deps.sql, backupId);
    if (!backup) throw new HttpError(404, 'not_found', `There is no system backup ${backupId}.`);
    if (backup.status !== 'done')
      throw new HttpError(409, 'backup_not_done', `Backup ${backupId} is ${backup.status}, not done.`);
    if (backup.target === 'drive')
      throw new HttpError(
        409,
        'not_restorable',
        'Drive copies are offsite only: restore the local or S3 copy.',
      );
    let url: string;
    try {
      url = await createDatabase(deps.adminUrl as string, database);
    } catch (error) {
      throw new HttpError(409, 'database_exists', (error as Error).message);
    }
    const archive = await fetchArchive(backup);
    try {
      await restoreBackup({
        file: archive.file,
        encryptionKey: deps.key,
        databaseUrl: url,
        scratch,
        noOwner: true,
      });
    } finally {
      await archive.discard();
    }
    const sql = openStable(url);
    try {
      const tables = await fingerprintTables(sql, 0);
      deps.log.info('system backup restored into a new database', { backup: backupId, database });
      return { database, tables: tables.length, rows: tables.reduce((sum, t) => sum + t.rows, 0) };
    } finally {
      await sql.end({ timeout: 5 });
    }
  }

  function settings(schedule: string, nextRunAt: Date | null): SystemBackupSettings {
    const detailOf: Record<TargetKind, string> = {
      local: deps.dir,
      s3: 'S3-compatible bucket',
      drive: "The owner's Google Drive backup folder",
    };
    return {
      schedule,
      nextRunAt: nextRunAt?.toISOString() ?? null,
      retention: deps.policy,
      targets: [
        ...deps.targets.map((t) => ({ kind: t.kind, configured: true, detail: detailOf[t.kind] })),
        ...deps.unusable.map((u) => ({ kind: u.kind, configured: false, detail: u.reason })),
      ],
      volumes: deps.volumes,
      encrypted: Boolean(deps.key),
      drill: { possible: !drillPossible(), reason: drillPossible() },
      running: { backup: backupRunning, drill: drillRunning },
    };
  }

  /** The schedule's run: a backup, then a drill of it when drills are possible. */
  async function scheduled() {
    const { perform } = await prepareBackup('daily');
    const rows = await perform();
    if (!rows.some((row) => row.status === 'done') || drillPossible()) return;
    const { perform: drill } = await prepareDrill();
    await drill();
  }

  return { prepareBackup, prepareDrill, restoreInto, settings, scheduled, prune };
}
