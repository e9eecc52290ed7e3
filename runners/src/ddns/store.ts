/**
 * The ddns runner's SQL: records (passwords sealed per row), their history, and the public IP kept in
 * settings for everyone else (the DNS monitor compares answers with it).
 */
import type { Sql } from 'postgres';
import type { SourceAnswer } from './public-ip';

export type RecordRow = {
  id: string;
  provider: 'zoneedit' | 'dyndns2';
  hostname: string;
  serverUrl: string;
  username: string;
  passwordSealed: string;
  enabled: boolean;
  lastIp: string | null;
  lastStatus: string | null;
  lastError: string | null;
  failures: number;
  nextAttemptAt: string | null;
  updatedAt: string;
};

/** A record as the API shows it: never the password, sealed or not. */
export type DdnsRecord = Omit<RecordRow, 'passwordSealed'>;

export type HistoryRow = {
  id: number;
  recordId: string | null;
  hostname: string | null;
  at: string;
  kind: 'ip_changed' | 'updated' | 'failed';
  oldIp: string | null;
  newIp: string | null;
  detail: string | null;
};

export type PublicIpSetting = { ip: string; at: string; sources: SourceAnswer[] };

export const publicIpKey = 'network.public_ip';

// Timestamps come back as text: the pool is drizzle's, which turns postgres.js's date parsing off.
// Normalised to ISO here so the API always speaks one form.
const iso = (value: string | Date | null) => (value === null ? null : new Date(value).toISOString());

const recordColumns = (sql: Sql) => sql`
  id, provider, hostname, server_url as "serverUrl", username, password_sealed as "passwordSealed",
  enabled, last_ip as "lastIp", last_status as "lastStatus", last_error as "lastError", failures,
  next_attempt_at as "nextAttemptAt", updated_at as "updatedAt"`;

function toRow(raw: RecordRow): RecordRow {
  return { ...raw, nextAttemptAt: iso(raw.nextAttemptAt), updatedAt: iso(raw.updatedAt) as string };
}

export function toRecord(row: RecordRow): DdnsRecord {
  const { passwordSealed: _sealed, ...rest } = row;
  return rest;
}

export async function listRecords(sql: Sql): Promise<RecordRow[]> {
  const rows = await sql<
    RecordRow[]
  >`select ${recordColumns(sql)} from ddns_records order by hostname, provider`;
  return rows.map(toRow);
}

export async function findRecord(sql: Sql, id: string): Promise<RecordRow | undefined> {
  const [row] = await sql<RecordRow[]>`select ${recordColumns(sql)} from ddns_records where id = ${id}`;
  return row && toRow(row);
}

export type RecordFields = {
  provider: 'zoneedit' | 'dyndns2';
  hostname: string;
  serverUrl: string;
  username: string;
  enabled: boolean;
};

/** Inserts with the id chosen up front, since the sealed password is bound to it. */
export async function insertRecord(sql: Sql, id: string, fields: RecordFields, passwordSealed: string) {
  const [row] = await sql<RecordRow[]>`
    insert into ddns_records (id, provider, hostname, server_url, username, password_sealed, enabled)
    values (${id}, ${fields.provider}, ${fields.hostname}, ${fields.serverUrl}, ${fields.username},
      ${passwordSealed}, ${fields.enabled})
    returning ${recordColumns(sql)}`;
  return toRow(row as RecordRow);
}

/** An edit clears the failure state: whatever needed a person has presumably been fixed. */
export async function replaceRecord(sql: Sql, id: string, fields: RecordFields, passwordSealed: string) {
  const [row] = await sql<RecordRow[]>`
    update ddns_records set provider = ${fields.provider}, hostname = ${fields.hostname},
      server_url = ${fields.serverUrl}, username = ${fields.username}, password_sealed = ${passwordSealed},
      enabled = ${fields.enabled}, last_ip = null, last_status = null, last_error = null, failures = 0,
      next_attempt_at = null, updated_at = now()
    where id = ${id}
    returning ${recordColumns(sql)}`;
  return row && toRow(row);
}

export async function deleteRecord(sql: Sql, id: string): Promise<boolean> {
  const result = await sql`delete from ddns_records where id = ${id}`;
  return result.count > 0;
}

export type AttemptResult =
  | { ok: true; ip: string; status: 'updated' | 'unchanged'; detail: string }
  | {
      ok: false;
      ip: string;
      status: 'failed' | 'needs_attention';
      detail: string;
      nextAttemptAt: string | null;
    };

/** Stores the outcome of one provider call and its history line, together. */
export async function recordAttempt(sql: Sql, record: RecordRow, result: AttemptResult) {
  await sql.begin(async (tx) => {
    if (result.ok) {
      await tx`
        update ddns_records set last_ip = ${result.ip}, last_status = ${result.status}, last_error = null,
          failures = 0, next_attempt_at = null, updated_at = now()
        where id = ${record.id}`;
    } else {
      await tx`
        update ddns_records set last_status = ${result.status}, last_error = ${result.detail},
          failures = failures + 1, next_attempt_at = ${result.nextAttemptAt}, updated_at = now()
        where id = ${record.id}`;
    }
    await tx`
      insert into ddns_history (record_id, kind, old_ip, new_ip, detail)
      values (${record.id}, ${result.ok ? 'updated' : 'failed'}, ${record.lastIp}, ${result.ip}, ${result.detail})`;
  });
}

export async function readPublicIp(sql: Sql): Promise<PublicIpSetting | null> {
  const [row] = await sql<
    { value: PublicIpSetting }[]
  >`select value from settings where key = ${publicIpKey}`;
  return row?.value ?? null;
}

/** Stores the agreed IP; a different one than before also leaves an ip_changed line. */
export async function storePublicIp(
  sql: Sql,
  value: PublicIpSetting,
): Promise<{ changed: boolean; oldIp: string | null }> {
  return (await sql.begin(async (tx) => {
    const [previous] = await tx<{ value: PublicIpSetting }[]>`
      select value from settings where key = ${publicIpKey} for update`;
    const oldIp = previous?.value.ip ?? null;
    await tx`
      insert into settings (key, value) values (${publicIpKey}, ${JSON.stringify(value)}::jsonb)
      on conflict (key) do update set value = excluded.value, updated_at = now()`;
    const changed = oldIp !== value.ip;
    if (changed)
      await tx`
        insert into ddns_history (record_id, kind, old_ip, new_ip, detail)
        values (null, 'ip_changed', ${oldIp}, ${value.ip},
          ${`agreed by ${value.sources.filter((s) => s.ip === value.ip).length} of ${value.sources.length} sources`})`;
    return { changed, oldIp };
  })) as { changed: boolean; oldIp: string | null };
}

export async function listHistory(sql: Sql, limit: number, recordId?: string): Promise<HistoryRow[]> {
  const rows = await sql<HistoryRow[]>`
    select h.id::int as id, h.record_id as "recordId", r.hostname, h.at, h.kind, h.old_ip as "oldIp",
      h.new_ip as "newIp", h.detail
    from ddns_history h left join ddns_records r on r.id = h.record_id
    where ${recordId ?? null}::uuid is null or h.record_id = ${recordId ?? null}
    order by h.at desc, h.id desc limit ${limit}`;
  return rows.map((row) => ({ ...row, at: iso(row.at) as string }));
}
