/**
 * The shapes of system backups and restore drills, shared by the sysbackup runner that makes them,
 * the API that relays them and the Backups page that shows them.
 */
import { z } from 'zod';
import {
  restoreDrillStatuses,
  systemBackupStatuses,
  systemBackupTargets,
  systemBackupTiers,
} from './schema/selfhosting';

export { restoreDrillStatuses, systemBackupStatuses, systemBackupTargets, systemBackupTiers };

export const systemBackupSchema = z.object({
  id: z.uuid(),
  status: z.enum(systemBackupStatuses),
  tier: z.enum(systemBackupTiers).describe('The retention bucket that keeps it; manual for "Back up now"'),
  target: z.enum(systemBackupTargets),
  location: z.string().nullable().describe('File name in the backup folder, S3 key or Drive file id'),
  encrypted: z.boolean(),
  sizeBytes: z.number().nullable(),
  sha256: z.string().nullable(),
  contents: z.object({
    database: z.string().optional(),
    tables: z.number().optional(),
    rows: z.number().optional(),
    volumes: z.array(z.string()).optional(),
  }),
  error: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type SystemBackup = z.infer<typeof systemBackupSchema>;

export const restoreDrillSchema = z.object({
  id: z.uuid(),
  backupId: z.uuid().nullable(),
  status: z.enum(restoreDrillStatuses),
  tablesChecked: z.number(),
  rowsChecked: z.number(),
  detail: z.object({
    tablesHashed: z.number().optional(),
    mismatches: z.array(z.object({ table: z.string(), expected: z.string(), actual: z.string() })).optional(),
  }),
  error: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type RestoreDrill = z.infer<typeof restoreDrillSchema>;

export const systemBackupSettingsSchema = z.object({
  schedule: z.string().describe('Cron expression (UTC) of the scheduled backup'),
  nextRunAt: z.string().nullable(),
  retention: z.object({ daily: z.number(), weekly: z.number(), monthly: z.number() }),
  targets: z.array(
    z.object({
      kind: z.enum(systemBackupTargets),
      configured: z.boolean(),
      detail: z.string().describe('The folder, bucket or why it is not usable'),
    }),
  ),
  volumes: z.array(z.string()),
  encrypted: z.boolean().describe('SYSTEM_BACKUP_KEY is set: archives are AES-256-GCM encrypted'),
  drill: z.object({ possible: z.boolean(), reason: z.string().nullable() }),
  running: z.object({ backup: z.boolean(), drill: z.boolean() }),
});
export type SystemBackupSettings = z.infer<typeof systemBackupSettingsSchema>;

export const systemBackupListSchema = z.object({ backups: z.array(systemBackupSchema) });
export const restoreDrillListSchema = z.object({ drills: z.array(restoreDrillSchema) });

export const systemBackupListQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const systemRestoreInputSchema = z.object({
  confirm: z.string().describe('The backup id again, to confirm'),
  database: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a new database name: lowercase letters, digits and _')
    .describe('A new database to restore into; the live database is never overwritten from here'),
});
export type SystemRestoreInput = z.infer<typeof systemRestoreInputSchema>;

export const systemRestoreResultSchema = z.object({
  database: z.string(),
  tables: z.number(),
  rows: z.number(),
});
