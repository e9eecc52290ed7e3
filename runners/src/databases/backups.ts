/**
 * Backups: the engine's dump command runs inside the container and its stdout is streamed to
 * <BACKUP_DIR>/<instance>/<time>.<ext> (directory 700, file 600: dumps hold every row). Each backup
 * is a row, so retention, restore and download find it; retention keeps the newest N finished
 * backups (and, apart, the newest N failed rows, so failures never push good backups out).
 */
import { createWriteStream } from 'node:fs';
import { chmod, mkdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { type BackupKind, findTemplate } from '@homelab/db/databases';
import { copyBackupToDrive } from '../google/backup';
import { HttpError } from '../internal/errors';
import { loginOf, openPassword } from './credentials';
import { type DatabasesDeps, errorText } from './deps';
import { execFailure, execIn, succeeded } from './exec';
import { assertAllowed } from './policy';
import {
  type BackupRow,
  deleteBackupRows,
  finishBackup,
  getInstance,
  type InstanceRow,
  insertBackup,
  listBackups,
  toBackup,
} from './store';
import { recipeFor } from './templates';

const safeName = /^[a-z0-9][a-z0-9-]*$/;

/** The instance's backup folder; names come from the database, so they are checked again here. */
export function backupFolder(backupDir: string, instanceName: string) {
  if (!safeName.test(instanceName)) throw new Error(`unsafe instance name for a path: ${instanceName}`);
  return path.join(backupDir, instanceName);
}

export function backupFile(backupDir: string, instanceName: string, fileName: string) {
  if (!/^[\w.-]+$/.test(fileName) || fileName.startsWith('.'))
    throw new Error(`unsafe backup file name: ${fileName}`);
  return path.join(backupFolder(backupDir, instanceName), fileName);
}

/** 2026-05-01T03-00-00.123Z.dump: sorts by time, and has no ':' (awkward on some file systems). */
export function backupFileName(at: Date, extension: string) {
  return `${at.toISOString().replaceAll(':', '-')}.${extension}`;
}

type PreparedBackup = { instance: InstanceRow; backup: BackupRow; release: () => void };

async function prepareBackup(
  deps: DatabasesDeps,
  instanceId: string,
  kind: BackupKind,
): Promise<PreparedBackup> {
  const instance = await getInstance(deps.db, instanceId);
  const template = findTemplate(instance.engine);
  if (!template) throw new Error(`no template for engine ${instance.engine}`);
  assertAllowed('backup', instance, template);
  deps.engine.require();
  const release = deps.busy.acquire(instance.id, 'backup');
  try {
    const extension = recipeFor(instance.engine).backup?.extension ?? 'bin';
    const backup = await insertBackup(deps.db, {
      instanceId: instance.id,
      fileName: backupFileName(new Date(), extension),
      kind,
    });
    deps.events.publish({ type: 'backup', data: { backup: toBackup(backup) } });
    return { instance, backup, release };
  } catch (error) {
    release();
    throw error;
  }
}

async function performBackup(deps: DatabasesDeps, { instance, backup }: PreparedBackup): Promise<BackupRow> {
  const recipe = recipeFor(instance.engine);
  const progress = (message: string, extra?: { done?: boolean; error?: string }) =>
    deps.events.progress(instance.id, 'backup', message, extra);
  const folder = backupFolder(deps.backupDir, instance.name);
  const file = backupFile(deps.backupDir, instance.name, backup.fileName);
  let finished: BackupRow | undefined;
  try {
    if (!recipe.backup) throw new Error(`${instance.engine} has no backup command`);
    await mkdir(folder, { recursive: true, mode: 0o700 });
    await chmod(folder, 0o700);
    progress(`Dumping ${instance.name} to ${backup.fileName}`);
    const login = loginOf(instance, await openPassword(instance, deps.key));
    const command = recipe.backup.command(login);
    const out = createWriteStream(file, { flags: 'wx', mode: 0o600 });
    let result: Awaited<ReturnType<typeof execIn>>;
    try {
      result = await execIn(deps.engine.require(), instance.containerName, command, {
        stdout: out,
        signal: deps.signal,
      });
    } finally {
      out.destroy();
    }
    if (!succeeded(command, result)) throw new Error(execFailure('The dump', result));
    const { size } = await stat(file);
    if (size === 0) throw new Error('The dump was empty.');
    finished = await finishBackup(deps.db, backup.id, { status: 'done', sizeBytes: size });
    progress(`Backed up ${instance.name} (${size} bytes)`, { done: true });
    deps.log.info('database backed up', { instance: instance.name, file: backup.fileName, bytes: size });
    deps.background('copy backup to Google Drive', () => copyBackupToDrive(file, deps.log));
  } catch (error) {
    const reason = errorText(error);
    await rm(file, { force: true }).catch(() => {});
    finished = await finishBackup(deps.db, backup.id, { status: 'failed', error: reason });
    progress(`Backup of ${instance.name} failed: ${reason}`, { done: true, error: reason });
    deps.log.warn('database backup failed', { instance: instance.name, err: error });
  }
  if (finished) deps.events.publish({ type: 'backup', data: { backup: toBackup(finished) } });
  await applyRetention(deps, instance).catch((error: unknown) =>
    deps.log.warn('backup retention failed', { instance: instance.name, err: error }),
  );
  return finished ?? backup;
}

/** Checks and records the backup, answers with its row, and dumps in the background. */
export async function startBackup(deps: DatabasesDeps, instanceId: string, kind: BackupKind) {
  const prepared = await prepareBackup(deps, instanceId, kind);
  deps.background(`backup ${prepared.instance.name}`, () =>
    performBackup(deps, prepared).finally(prepared.release),
  );
  return prepared.backup;
}

/** The same, awaited to the end: for the job queue and the schedule, which need the outcome. */
export async function runBackup(deps: DatabasesDeps, instanceId: string, kind: BackupKind) {
  const prepared = await prepareBackup(deps, instanceId, kind);
  try {
    return await performBackup(deps, prepared);
  } finally {
    prepared.release();
  }
}

export async function applyRetention(deps: DatabasesDeps, instance: InstanceRow) {
  const rows = await listBackups(deps.db, instance.id);
  const keep = instance.backupRetention;
  const excess = [
    ...rows.filter((row) => row.status === 'done').slice(keep),
    ...rows.filter((row) => row.status === 'failed').slice(keep),
  ];
  if (excess.length === 0) return;
  for (const row of excess)
    await rm(backupFile(deps.backupDir, instance.name, row.fileName), { force: true });
  await deleteBackupRows(
    deps.db,
    excess.map((row) => row.id),
  );
  deps.log.info('old backups removed', { instance: instance.name, removed: excess.length, kept: keep });
}

/** The file of a finished backup, for download and restore. */
export async function backupOnDisk(deps: DatabasesDeps, instance: InstanceRow, backup: BackupRow) {
  if (backup.status !== 'done')
    throw new HttpError(409, 'backup_not_done', `Backup ${backup.fileName} is ${backup.status}, not done.`);
  const file = backupFile(deps.backupDir, instance.name, backup.fileName);
  try {
    const { size } = await stat(file);
    return { file, size };
  } catch {
    throw new HttpError(
      409,
      'backup_missing',
      `The file of backup ${backup.fileName} is no longer in ${path.dirname(file)}.`,
    );
  }
}
