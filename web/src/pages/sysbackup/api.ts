/** Every call the Backups page makes, to `/api/sysbackup` through the typed client. */

import type { RestoreDrill, SystemBackup, SystemBackupSettings } from '@homelab/db/sysbackup';
import type { SysbackupApi } from '@homelab/functions';
import { apiClient, unwrap } from '../../api/client';

export type { RestoreDrill, SystemBackup, SystemBackupSettings };
export type RestoreResult = { database: string; tables: number; rows: number };

const sysbackup = () => apiClient<SysbackupApi>('sysbackup');

export const listBackups = async (): Promise<SystemBackup[]> =>
  (
    (await unwrap(sysbackup().backups.$get({ query: { limit: '50' } as never }))) as {
      backups: SystemBackup[];
    }
  ).backups;

export const listDrills = async (): Promise<RestoreDrill[]> =>
  ((await unwrap(sysbackup().drills.$get({ query: { limit: '50' } as never }))) as { drills: RestoreDrill[] })
    .drills;

export const readSettings = async (): Promise<SystemBackupSettings> =>
  (await unwrap(sysbackup().settings.$get())) as SystemBackupSettings;

export const backUpNow = async (): Promise<SystemBackup[]> =>
  ((await unwrap(sysbackup().backups.$post())) as { backups: SystemBackup[] }).backups;

export const drillNow = async (): Promise<RestoreDrill> =>
  ((await unwrap(sysbackup().drills.$post())) as { drill: RestoreDrill }).drill;

export const restoreInto = async (id: string, database: string): Promise<RestoreResult> =>
  (await unwrap(
    sysbackup().backups[':id'].restore.$post({ param: { id }, json: { confirm: id, database } }),
  )) as RestoreResult;
