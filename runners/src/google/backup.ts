/**
 * Finished database backups copied to the owner's Drive folder, when they chose one in the
 * settings. The databases runner calls `copyBackupToDrive` after each backup; it does nothing
 * while the google runner is not running or no folder is set, and a failure is only logged:
 * the backup on disk is what counts.
 */
import type { Logger } from '../log';
import { findAccount, type GoogleSettings, isConfigured, type Sql } from './accounts';
import { type GoogleDeps, uploadFile } from './api';

/** Uploads the backup file to the owner's backup folder; null when there is nowhere to put it. */
export async function uploadBackupToDrive(
  sql: Sql,
  config: GoogleSettings,
  filePath: string,
  deps: Partial<GoogleDeps> = {},
) {
  if (!isConfigured(config)) return null;
  const row = await findAccount(sql, null);
  if (!row?.backupFolderId || row.state === 'revoked') return null;
  return uploadFile({ sql, settings: config, ...deps }, row, filePath, row.backupFolderId);
}

let active: { sql: Sql; settings: GoogleSettings } | null = null;

/** Set by the google runner while it runs. */
export function setBackupTarget(target: { sql: Sql; settings: GoogleSettings } | null) {
  active = target;
}

export async function copyBackupToDrive(filePath: string, log: Logger) {
  const target = active;
  if (!target) return;
  try {
    const file = await uploadBackupToDrive(target.sql, target.settings, filePath);
    if (file) log.info('backup copied to Google Drive', { file: file.name, driveId: file.id });
  } catch (error) {
    log.warn('copying the backup to Google Drive failed; the backup itself is kept', { err: error });
  }
}
