/**
 * The databases runner's SQL: instance and backup rows, and their API shapes. Everything else in
 * this folder decides; this file only reads and writes.
 */

import type { Pool } from '@homelab/db/client/pool';
import type { DatabaseBackup, DatabaseInstance } from '@homelab/db/databases';
import { databaseBackups, databaseInstances } from '@homelab/db/schema';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { HttpError } from '../internal/errors';

export type Db = Pool['db'];
export type InstanceRow = typeof databaseInstances.$inferSelect;
export type NewInstanceRow = typeof databaseInstances.$inferInsert;
export type BackupRow = typeof databaseBackups.$inferSelect;
type InstancePatch = Partial<
  Pick<InstanceRow, 'status' | 'statusDetail' | 'passwordEncrypted' | 'backupSchedule' | 'backupRetention'>
>;

export function toInstance(row: InstanceRow, live?: DatabaseInstance['live']): DatabaseInstance {
  const { passwordEncrypted: _secret, createdAt, updatedAt, ...rest } = row;
  return {
    ...rest,
    cpus: Number(row.cpus),
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
    ...(live !== undefined ? { live } : {}),
  };
}

export function toBackup(row: BackupRow): DatabaseBackup {
  return {
    ...row,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/** A 409 for a second instance with the same name or host port, from the unique indexes. */
function uniqueViolation(error: unknown, row: NewInstanceRow): unknown {
  // drizzle wraps the driver's error; postgres.js puts the SQLSTATE and constraint on it.
  const pg = ((error as { cause?: unknown }).cause ?? error) as { code?: string; constraint_name?: string };
  if (pg.code !== '23505') return error;
  if (pg.constraint_name === 'database_instances_host_port_idx')
    return new HttpError(409, 'port_taken', `Another database already uses host port ${row.hostPort}.`);
  return new HttpError(409, 'name_taken', `A database named "${row.name}" already exists.`);
}

export async function insertInstance(db: Db, row: NewInstanceRow): Promise<InstanceRow> {
  try {
    const [inserted] = await db.insert(databaseInstances).values(row).returning();
    return inserted as InstanceRow;
  } catch (error) {
    throw uniqueViolation(error, row);
  }
}

export async function findInstance(db: Db, id: string): Promise<InstanceRow | undefined> {
  const [row] = await db.select().from(databaseInstances).where(eq(databaseInstances.id, id));
  return row;
}

export async function getInstance(db: Db, id: string): Promise<InstanceRow> {
  const row = await findInstance(db, id);
  if (!row) throw new HttpError(404, 'not_found', `There is no database instance ${id}.`);
  return row;
}

export function listInstances(db: Db): Promise<InstanceRow[]> {
  return db.select().from(databaseInstances).orderBy(asc(databaseInstances.name));
}

export async function updateInstance(
  db: Db,
  id: string,
  patch: InstancePatch,
): Promise<InstanceRow | undefined> {
  const [row] = await db
    .update(databaseInstances)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(databaseInstances.id, id))
    .returning();
  return row;
}

/** Deploys and deletes that were under way when the process stopped cannot resume: they are shown as failed. */
export async function failInterrupted(db: Db): Promise<InstanceRow[]> {
  return db
    .update(databaseInstances)
    .set({
      status: 'failed',
      statusDetail: sql`case ${databaseInstances.status}
        when 'deploying' then 'The runner stopped during the deploy; delete this instance and deploy again.'
        else 'The runner stopped during the delete; delete it again.' end`,
      updatedAt: sql`now()`,
    })
    .where(inArray(databaseInstances.status, ['deploying', 'deleting']))
    .returning();
}

/** Removes the instance and (by cascade) its backup rows, as the last step of a delete. */
export async function deleteInstanceRow(db: Db, id: string) {
  await db.transaction(async (tx) => {
    await tx.delete(databaseBackups).where(eq(databaseBackups.instanceId, id));
    await tx.delete(databaseInstances).where(eq(databaseInstances.id, id));
  });
}

export async function insertBackup(
  db: Db,
  row: Pick<BackupRow, 'instanceId' | 'fileName' | 'kind'>,
): Promise<BackupRow> {
  const [inserted] = await db.insert(databaseBackups).values(row).returning();
  return inserted as BackupRow;
}

export async function finishBackup(
  db: Db,
  id: string,
  result: { status: 'done'; sizeBytes: number } | { status: 'failed'; error: string },
): Promise<BackupRow | undefined> {
  const [row] = await db
    .update(databaseBackups)
    .set({
      status: result.status,
      sizeBytes: result.status === 'done' ? result.sizeBytes : null,
      error: result.status === 'failed' ? result.error : null,
      finishedAt: sql`now()`,
    })
    .where(eq(databaseBackups.id, id))
    .returning();
  return row;
}

export async function getBackup(db: Db, id: string): Promise<BackupRow> {
  const [row] = await db.select().from(databaseBackups).where(eq(databaseBackups.id, id));
  if (!row) throw new HttpError(404, 'not_found', `There is no backup ${id}.`);
  return row;
}

export function listBackups(db: Db, instanceId: string): Promise<BackupRow[]> {
  return db
    .select()
    .from(databaseBackups)
    .where(eq(databaseBackups.instanceId, instanceId))
    .orderBy(desc(databaseBackups.createdAt), desc(databaseBackups.id));
}

/** Backups left 'running' by a process that stopped mid-dump: their files are incomplete. */
export async function failInterruptedBackups(db: Db) {
  return db
    .update(databaseBackups)
    .set({
      status: 'failed',
      error: 'The runner stopped during this backup.',
      finishedAt: sql`now()`,
    })
    .where(eq(databaseBackups.status, 'running'))
    .returning();
}

export async function deleteBackupRows(db: Db, ids: string[]) {
  if (ids.length === 0) return;
  await db.delete(databaseBackups).where(inArray(databaseBackups.id, ids));
}

export function backupOf(db: Db, instanceId: string, backupId: string) {
  return db
    .select()
    .from(databaseBackups)
    .where(and(eq(databaseBackups.instanceId, instanceId), eq(databaseBackups.id, backupId)))
    .then((rows) => rows[0]);
}
