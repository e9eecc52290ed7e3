/**
 * The sysbackup runner's rows: system_backups (one per stored copy) and restore_drills. Finishing a
 * backup and announcing it (automation event `backup.finished`) happen in one transaction.
 */
import type { RestoreDrill, SystemBackup } from '@homelab/db/sysbackup';
import type { Sql } from 'postgres';
import type { DrillResult } from './restore';
import type { RetentionTier } from './retention';
import type { TargetKind } from './targets';

type Tier = RetentionTier | 'manual';

export type BackupRow = {
  id: string;
  status: 'running' | 'done' | 'failed';
  tier: Tier;
  target: TargetKind;
  location: string | null;
  encrypted: boolean;
  size_bytes: string | number | null;
  sha256: string | null;
  contents: SystemBackup['contents'] | string;
  error: string | null;
  started_at: Date | string;
  finished_at: Date | string | null;
};

export type DrillRow = {
  id: string;
  backup_id: string | null;
  status: 'running' | 'passed' | 'failed';
  tables_checked: number;
  rows_checked: string | number;
  detail: RestoreDrill['detail'] | string;
  error: string | null;
  started_at: Date | string;
  finished_at: Date | string | null;
};

/**
 * The runners' pool hands timestamps and jsonb over as text (drizzle turns postgres.js's parsers
 * off), a plain client as Date and objects; both read the same here.
 */
export const toDate = (at: Date | string) => (at instanceof Date ? at : new Date(at));
const iso = (at: Date | string | null) => (at === null ? null : toDate(at).toISOString());
const jsonOf = <T>(value: T | string | null): T | undefined =>
  value === null ? undefined : typeof value === 'string' ? (JSON.parse(value) as T) : value;

export function toBackup(row: BackupRow): SystemBackup {
  return {
    id: row.id,
    status: row.status,
    tier: row.tier,
    target: row.target,
    location: row.location,
    encrypted: row.encrypted,
    sizeBytes: row.size_bytes === null ? null : Number(row.size_bytes),
    sha256: row.sha256,
    contents: jsonOf(row.contents) ?? {},
    error: row.error,
    startedAt: iso(row.started_at) as string,
    finishedAt: iso(row.finished_at),
  };
}

export function toDrill(row: DrillRow): RestoreDrill {
  return {
    id: row.id,
    backupId: row.backup_id,
    status: row.status,
    tablesChecked: row.tables_checked,
    rowsChecked: Number(row.rows_checked),
    detail: jsonOf(row.detail) ?? {},
    error: row.error,
    startedAt: iso(row.started_at) as string,
    finishedAt: iso(row.finished_at),
  };
}

export async function insertBackups(
  sql: Sql,
  rows: { tier: Tier; target: TargetKind; encrypted: boolean }[],
): Promise<BackupRow[]> {
  const inserted: BackupRow[] = [];
  for (const row of rows) {
    const [created] = await sql<BackupRow[]>`
      insert into system_backups (tier, target, encrypted) values (${row.tier}, ${row.target}, ${row.encrypted})
      returning *`;
    if (created) inserted.push(created);
  }
  return inserted;
}

export type BackupOutcome = {
  status: 'done' | 'failed';
  location?: string | null;
  sizeBytes?: number | null;
  sha256?: string | null;
  contents?: SystemBackup['contents'];
  error?: string | null;
};

export async function finishBackup(
  sql: Sql,
  id: string,
  outcome: BackupOutcome,
): Promise<BackupRow | undefined> {
  return sql.begin(async (tx) => {
    const [row] = await tx<BackupRow[]>`
      update system_backups set
        status = ${outcome.status},
        location = ${outcome.location ?? null},
        size_bytes = ${outcome.sizeBytes ?? null},
        sha256 = ${outcome.sha256 ?? null},
        contents = ${JSON.stringify(outcome.contents ?? {})}::jsonb,
        error = ${outcome.error ?? null},
        finished_at = now()
      where id = ${id}
      returning *`;
    if (row) {
      const payload = { kind: 'system', id, status: outcome.status, sizeBytes: outcome.sizeBytes ?? null };
      await tx`select homelab_automation_emit('backup.finished', ${JSON.stringify(payload)}::jsonb)`;
    }
    return row;
  });
}

export async function listBackups(sql: Sql, limit: number) {
  return sql<BackupRow[]>`select * from system_backups order by started_at desc, id limit ${limit}`;
}

export async function allBackups(sql: Sql) {
  return sql<BackupRow[]>`select * from system_backups order by started_at desc`;
}

export async function findBackup(sql: Sql, id: string) {
  const [row] = await sql<BackupRow[]>`select * from system_backups where id = ${id}`;
  return row;
}

/** The newest finished copy a restore can read (Drive copies are offsite only). */
export async function latestRestorable(sql: Sql) {
  const [row] = await sql<BackupRow[]>`
    select * from system_backups
    where status = 'done' and target in ('local', 's3') and location is not null
    order by started_at desc, (target = 'local') desc limit 1`;
  return row;
}

export async function deleteBackups(sql: Sql, ids: string[]) {
  if (ids.length === 0) return;
  await sql`delete from system_backups where id = any(${ids}::uuid[])`;
}

/** Promotes kept scheduled backups to the longest bucket that keeps them; manual ones stay manual. */
export async function setTiers(sql: Sql, tiers: Map<string, RetentionTier>) {
  for (const [id, tier] of tiers)
    await sql`update system_backups set tier = ${tier} where id = ${id} and tier <> 'manual' and tier <> ${tier}`;
}

/** Rows a crash left running can never finish; they are marked failed at start. */
export async function failStale(sql: Sql) {
  await sql`
    update system_backups set status = 'failed', error = 'The runner stopped while this backup ran.', finished_at = now()
    where status = 'running'`;
  await sql`
    update restore_drills set status = 'failed', error = 'The runner stopped while this drill ran.', finished_at = now()
    where status = 'running'`;
}

export async function insertDrill(sql: Sql, backupId: string) {
  const [row] = await sql<
    DrillRow[]
  >`insert into restore_drills (backup_id) values (${backupId}) returning *`;
  if (!row) throw new Error('the drill row was not created');
  return row;
}

export async function finishDrill(sql: Sql, id: string, result: DrillResult) {
  const [row] = await sql<DrillRow[]>`
    update restore_drills set
      status = ${result.status},
      tables_checked = ${result.tablesChecked},
      rows_checked = ${result.rowsChecked},
      detail = ${JSON.stringify({ tablesHashed: result.tablesHashed, mismatches: result.mismatches, database: result.database })}::jsonb,
      error = ${result.error},
      finished_at = now()
    where id = ${id}
    returning *`;
  return row;
}

export async function listDrills(sql: Sql, limit: number) {
  return sql<DrillRow[]>`select * from restore_drills order by started_at desc, id limit ${limit}`;
}
