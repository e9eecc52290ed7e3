/**
 * SQL of monitors: create, change, delete and list them. Database URLs in a monitor's settings are
 * sealed before they are stored (associated data: the monitor id) and never leave as they are: the
 * API view shows them with the password masked. Every view carries the monitor's uptime over a day,
 * a week, a month and a year, computed for all listed monitors in one query.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { decryptSecret, encryptSecret } from '@homelab/db/crypto';
import type { Monitor, MonitorConfig, MonitorInput, MonitorState, MonitorType } from '@homelab/db/monitoring';
import type { Sql } from 'postgres';
import { HttpError } from '../internal/errors';

/** A monitor as stored: its config holds sealed URLs for postgres and redis monitors. */
export type MonitorRow = {
  id: string;
  name: string;
  type: MonitorType;
  config: MonitorConfig;
  intervalSeconds: number;
  timeoutMs: number;
  retries: number;
  tags: string[];
  domain: string | null;
  paused: boolean;
  pushToken: string | null;
  channelIds: string[];
  state: MonitorState;
  stateSince: string;
  failures: number;
  lastCheckAt: string | null;
  lastLatencyMs: number | null;
  lastMessage: string | null;
  lastDetail: Record<string, unknown> | null;
  createdAt: string;
  updatedAt: string;
};

export type Uptime = Monitor['uptime'];

// Timestamps leave PostgreSQL as ISO text: the pool is drizzle's, which turns postgres.js's own
// date parsing off.
const columns = (sql: Sql) => sql`
  id, name, type, config, interval_seconds as "intervalSeconds", timeout_ms as "timeoutMs", retries, tags,
  domain, paused, push_token as "pushToken", channel_ids as "channelIds", state,
  to_json(state_since) #>> '{}' as "stateSince", failures,
  to_json(last_check_at) #>> '{}' as "lastCheckAt", last_latency_ms as "lastLatencyMs",
  last_message as "lastMessage", last_detail as "lastDetail",
  to_json(created_at) #>> '{}' as "createdAt", to_json(updated_at) #>> '{}' as "updatedAt"`;

const sealedTypes = new Set(['postgres', 'redis']);

export function needsKey(config: MonitorConfig) {
  return sealedTypes.has(config.type);
}

function requireKey(key: string | undefined): string {
  if (!key)
    throw new HttpError(
      503,
      'encryption_key_missing',
      'Set ENCRYPTION_KEY on the runners to store database URLs (openssl rand -base64 32).',
    );
  return key;
}

async function sealConfig(
  config: MonitorConfig,
  id: string,
  key: string | undefined,
): Promise<MonitorConfig> {
  if (config.type !== 'postgres' && config.type !== 'redis') return config;
  return { ...config, url: await encryptSecret(config.url, requireKey(key), id) };
}

/**
 * The API only ever shows a database URL masked; an edit that sends the masked URL back unchanged
 * keeps the stored one instead of sealing the asterisks as the new password.
 */
async function keepUnchangedSecret(
  current: MonitorRow,
  config: MonitorConfig,
  id: string,
  key: string | undefined,
): Promise<MonitorConfig> {
  const stored = current.config;
  if (
    (config.type === 'postgres' || config.type === 'redis') &&
    stored.type === config.type &&
    config.url.includes('****')
  ) {
    try {
      if (maskUrl(await decryptSecret(stored.url, requireKey(key), id)) === config.url) {
        return { ...config, url: stored.url };
      }
    } catch {
      // A URL sealed with another key cannot be compared: the new one is sealed as given.
    }
  }
  return sealConfig(config, id, key);
}

/** postgres://user:secret@host/db → postgres://user:****@host/db. */
export function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '****';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:****@');
  }
}

async function publicConfig(row: MonitorRow, key: string | undefined): Promise<Record<string, unknown>> {
  const config = row.config;
  if (config.type !== 'postgres' && config.type !== 'redis') return config;
  try {
    return { ...config, url: maskUrl(await decryptSecret(config.url, requireKey(key), row.id)) };
  } catch {
    return { ...config, url: '(sealed with another key)' };
  }
}

async function assertChannels(sql: Sql, channelIds: string[]) {
  if (channelIds.length === 0) return;
  const found = await sql<{ id: string }[]>`
    select id from notification_channels where id = any(${channelIds}::uuid[])`;
  const known = new Set(found.map((row) => row.id));
  const unknown = channelIds.find((id) => !known.has(id));
  if (unknown) throw new HttpError(400, 'invalid_request', `unknown notification channel ${unknown}`);
}

function nameTaken(error: unknown) {
  return (error as { code?: string; constraint_name?: string }).code === '23505';
}

export async function createMonitor(
  sql: Sql,
  key: string | undefined,
  input: MonitorInput,
): Promise<MonitorRow> {
  await assertChannels(sql, input.channelIds);
  const id = randomUUID();
  const config = await sealConfig(input.config, id, key);
  const pushToken = input.config.type === 'push' ? randomBytes(24).toString('base64url') : null;
  try {
    const [row] = await sql<MonitorRow[]>`
      insert into monitors (id, name, type, config, interval_seconds, timeout_ms, retries, tags, domain, paused,
        push_token, channel_ids, state)
      values (${id}, ${input.name}, ${input.config.type}, ${JSON.stringify(config)}::jsonb, ${input.intervalSeconds},
        ${input.timeoutMs}, ${input.retries}, ${input.tags}::text[], ${input.domain}, ${input.paused}, ${pushToken},
        ${input.channelIds}::uuid[], ${input.paused ? 'paused' : 'pending'})
      returning ${columns(sql)}`;
    return row!;
  } catch (error) {
    if (nameTaken(error))
      throw new HttpError(409, 'name_taken', `A monitor named "${input.name}" already exists.`);
    throw error;
  }
}

export async function updateMonitor(
  sql: Sql,
  key: string | undefined,
  id: string,
  input: MonitorInput,
): Promise<MonitorRow> {
  const current = await getMonitor(sql, id);
  await assertChannels(sql, input.channelIds);
  const config = await keepUnchangedSecret(current, input.config, id, key);
  const pushToken =
    input.config.type === 'push' ? (current.pushToken ?? randomBytes(24).toString('base64url')) : null;
  const typeChanged = current.type !== input.config.type;
  try {
    const [row] = await sql<MonitorRow[]>`
      update monitors set name = ${input.name}, type = ${input.config.type}, config = ${JSON.stringify(config)}::jsonb,
        interval_seconds = ${input.intervalSeconds}, timeout_ms = ${input.timeoutMs}, retries = ${input.retries},
        tags = ${input.tags}::text[], domain = ${input.domain}, paused = ${input.paused}, push_token = ${pushToken},
        channel_ids = ${input.channelIds}::uuid[],
        state = case when ${input.paused} then 'paused' when state = 'paused' or ${typeChanged} then 'pending' else state end,
        state_since = case when ${input.paused} <> paused or ${typeChanged} then now() else state_since end,
        updated_at = now()
      where id = ${id}
      returning ${columns(sql)}`;
    if (!row) throw notFound(id);
    return row;
  } catch (error) {
    if (nameTaken(error))
      throw new HttpError(409, 'name_taken', `A monitor named "${input.name}" already exists.`);
    throw error;
  }
}

export async function setPaused(sql: Sql, id: string, paused: boolean): Promise<MonitorRow> {
  const [row] = await sql<MonitorRow[]>`
    update monitors set paused = ${paused}, state = ${paused ? 'paused' : 'pending'}, state_since = now(),
      failures = 0, updated_at = now()
    where id = ${id}
    returning ${columns(sql)}`;
  if (!row) throw notFound(id);
  return row;
}

export async function deleteMonitor(sql: Sql, id: string): Promise<void> {
  const result = await sql`delete from monitors where id = ${id}`;
  if (result.count === 0) throw notFound(id);
}

function notFound(id: string) {
  return new HttpError(404, 'monitor_not_found', `No monitor ${id}.`);
}

export async function findMonitor(sql: Sql, id: string): Promise<MonitorRow | null> {
  const [row] = await sql<MonitorRow[]>`select ${columns(sql)} from monitors where id = ${id}`;
  return row ?? null;
}

export async function getMonitor(sql: Sql, id: string): Promise<MonitorRow> {
  const row = await findMonitor(sql, id);
  if (!row) throw notFound(id);
  return row;
}

export type MonitorFilter = { tag?: string; domain?: string; state?: string };

export async function listMonitors(sql: Sql, filter: MonitorFilter = {}): Promise<MonitorRow[]> {
  return sql<MonitorRow[]>`
    select ${columns(sql)} from monitors
    where (${filter.tag ?? null}::text is null or ${filter.tag ?? null}::text = any(tags))
      and (${filter.domain ?? null}::text is null or domain = ${filter.domain ?? null})
      and (${filter.state ?? null}::text is null or state = ${filter.state ?? null})
    order by name`;
}

export async function monitorByPushToken(sql: Sql, token: string): Promise<MonitorRow | null> {
  const [row] = await sql<MonitorRow[]>`select ${columns(sql)} from monitors where push_token = ${token}`;
  return row ?? null;
}

/**
 * Uptime ratios of many monitors in one pass over monitor_results. Compaction moves rows from raw to
 * minute to hour rather than copying them, so each check is counted once whatever its resolution.
 */
export async function uptimeOf(sql: Sql, ids: string[], now = new Date()): Promise<Map<string, Uptime>> {
  const result = new Map<string, Uptime>();
  if (ids.length === 0) return result;
  const rows = await sql<
    { id: string; day: number | null; week: number | null; month: number | null; year: number | null }[]
  >`
    with windows as (select ${now.toISOString()}::timestamptz as now)
    select monitor_id as id,
      (sum(up_checks) filter (where at >= now - interval '1 day'))::float8
        / nullif(sum(checks) filter (where at >= now - interval '1 day'), 0) as day,
      (sum(up_checks) filter (where at >= now - interval '7 days'))::float8
        / nullif(sum(checks) filter (where at >= now - interval '7 days'), 0) as week,
      (sum(up_checks) filter (where at >= now - interval '30 days'))::float8
        / nullif(sum(checks) filter (where at >= now - interval '30 days'), 0) as month,
      sum(up_checks)::float8 / nullif(sum(checks), 0) as year
    from monitor_results, windows
    where monitor_id = any(${ids}::uuid[]) and at >= now - interval '365 days'
    group by monitor_id`;
  for (const row of rows)
    result.set(row.id, { day: row.day, week: row.week, month: row.month, year: row.year });
  return result;
}

const noUptime: Uptime = { day: null, week: null, month: null, year: null };

/** The API view of monitors: sealed URLs masked, push URL spelled out, uptime attached. */
export async function viewMonitors(
  sql: Sql,
  key: string | undefined,
  rows: MonitorRow[],
): Promise<Monitor[]> {
  const uptime = await uptimeOf(
    sql,
    rows.map((row) => row.id),
  );
  return Promise.all(
    rows.map(async (row) => ({
      id: row.id,
      name: row.name,
      type: row.type,
      config: await publicConfig(row, key),
      intervalSeconds: row.intervalSeconds,
      timeoutMs: row.timeoutMs,
      retries: row.retries,
      tags: row.tags,
      domain: row.domain,
      paused: row.paused,
      channelIds: row.channelIds,
      pushUrl: row.pushToken ? `/api/push/${row.pushToken}` : null,
      state: row.state,
      stateSince: row.stateSince,
      lastCheckAt: row.lastCheckAt,
      lastLatencyMs: row.lastLatencyMs,
      lastMessage: row.lastMessage,
      lastDetail: row.lastDetail,
      uptime: uptime.get(row.id) ?? noUptime,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    })),
  );
}
