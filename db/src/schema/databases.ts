/**
 * One-click databases: each row is a database container the databases runner deployed, with the
 * engine resources it owns (container, volume, network) and its password encrypted at rest; each
 * backup is a dump file under BACKUP_DIR, recorded here so retention and restore can find it.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  integer,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  backupKinds,
  backupStatuses,
  databaseEngines,
  databaseExposures,
  databaseStatuses,
} from '../databases';

export const databaseInstances = pgTable(
  'database_instances',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    name: text('name').notNull(),
    engine: text('engine', { enum: databaseEngines }).notNull(),
    version: text('version').notNull(),
    image: text('image').notNull(),
    containerName: text('container_name').notNull(),
    volumeName: text('volume_name').notNull(),
    networkName: text('network_name').notNull(),
    hostPort: integer('host_port'),
    expose: text('expose', { enum: databaseExposures }).notNull().default('none'),
    memoryMb: integer('memory_mb').notNull(),
    cpus: numeric('cpus', { precision: 6, scale: 2, mode: 'number' }).notNull(),
    username: text('username').notNull(),
    databaseName: text('database_name'),
    /** encryptSecret(password, ENCRYPTION_KEY, id): the row id is the associated data. */
    passwordEncrypted: text('password_encrypted').notNull(),
    status: text('status', { enum: databaseStatuses }).notNull().default('deploying'),
    statusDetail: text('status_detail'),
    /** A 5-field cron pattern, or null for no scheduled backups. */
    backupSchedule: text('backup_schedule'),
    backupRetention: integer('backup_retention').notNull().default(7),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('database_instances_name_idx').on(t.name),
    // Two databases on one host port would fail only at container start; this refuses it at once.
    uniqueIndex('database_instances_host_port_idx').on(t.hostPort).where(sql`${t.hostPort} is not null`),
  ],
);

export const databaseBackups = pgTable(
  'database_backups',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    instanceId: uuid('instance_id')
      .notNull()
      .references(() => databaseInstances.id, { onDelete: 'cascade' }),
    /** The file's name inside <BACKUP_DIR>/<instance name>/. */
    fileName: text('file_name').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }),
    status: text('status', { enum: backupStatuses }).notNull().default('running'),
    error: text('error'),
    kind: text('kind', { enum: backupKinds }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('database_backups_instance_idx').on(t.instanceId, t.createdAt)],
);
