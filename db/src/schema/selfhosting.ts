/**
 * Running the homelab itself: backups of the whole system (its PostgreSQL and chosen volumes) with
 * their restore drills, deploys from git, and one-click container updates with their snapshots.
 */
import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const systemBackupStatuses = ['running', 'done', 'failed'] as const;
export const systemBackupTiers = ['daily', 'weekly', 'monthly', 'manual'] as const;
export const systemBackupTargets = ['local', 's3', 'drive'] as const;

export const systemBackups = pgTable(
  'system_backups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    status: text('status', { enum: systemBackupStatuses }).notNull().default('running'),
    /** Which retention bucket keeps it; a backup can be promoted from daily to weekly to monthly. */
    tier: text('tier', { enum: systemBackupTiers }).notNull(),
    target: text('target', { enum: systemBackupTargets }).notNull(),
    /** Where the archive is: a path under the backup folder, an S3 key or a Drive file id. */
    location: text('location'),
    encrypted: boolean('encrypted').notNull().default(false),
    sizeBytes: bigint('size_bytes', { mode: 'number' }),
    sha256: text('sha256'),
    /** What it holds: {databases: [...], volumes: [...]}. */
    contents: jsonb('contents').$type<Record<string, unknown>>().notNull().default({}),
    error: text('error'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('system_backups_started_idx').on(t.startedAt)],
);

export const restoreDrillStatuses = ['running', 'passed', 'failed'] as const;

/** A backup restored into a throwaway database and compared, so a backup is known to restore. */
export const restoreDrills = pgTable(
  'restore_drills',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    backupId: uuid('backup_id').references(() => systemBackups.id, { onDelete: 'set null' }),
    status: text('status', { enum: restoreDrillStatuses }).notNull().default('running'),
    tablesChecked: integer('tables_checked').notNull().default(0),
    rowsChecked: bigint('rows_checked', { mode: 'number' }).notNull().default(0),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    error: text('error'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('restore_drills_started_idx').on(t.startedAt)],
);

export const deploymentStatuses = [
  'pending',
  'building',
  'migrating',
  'restarting',
  'succeeded',
  'rolled_back',
  'failed',
] as const;
export const deploymentSources = ['webhook', 'poll', 'manual', 'cli'] as const;

export const deployments = pgTable(
  'deployments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    source: text('source', { enum: deploymentSources }).notNull(),
    branch: text('branch').notNull(),
    fromCommit: text('from_commit'),
    toCommit: text('to_commit').notNull(),
    status: text('status', { enum: deploymentStatuses }).notNull().default('pending'),
    /** The services whose files changed, and so were rebuilt and restarted. */
    services: text('services').array().notNull().default([]),
    /** The steps' output, cut to its last part. */
    log: text('log').notNull().default(''),
    error: text('error'),
    triggeredBy: text('triggered_by'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('deployments_started_idx').on(t.startedAt)],
);

export const containerUpdateStatuses = ['updating', 'succeeded', 'rolled_back', 'failed'] as const;

export const containerUpdates = pgTable(
  'container_updates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    container: text('container').notNull(),
    image: text('image').notNull(),
    fromImageId: text('from_image_id'),
    toImageId: text('to_image_id'),
    /** The volume snapshots taken first: [{volume, snapshot}]. */
    snapshots: jsonb('snapshots').$type<{ volume: string; snapshot: string }[]>().notNull().default([]),
    status: text('status', { enum: containerUpdateStatuses }).notNull().default('updating'),
    error: text('error'),
    startedBy: text('started_by'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('container_updates_started_idx').on(t.startedAt)],
);
