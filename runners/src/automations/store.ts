/**
 * The automations tables in SQL: hooks, the outbox's fan-out into deliveries, claiming deliveries
 * that are due and recording how each attempt went, and the delivery log as the API shows it.
 */
import type { AutomationDelivery, AutomationHook, AutomationSummary } from '@homelab/db/automations';
import type { Sql } from 'postgres';

export type HookRow = {
  id: string;
  name: string;
  url: string;
  events: string[];
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
  failures_24h: number;
  last_status: AutomationDelivery['status'] | null;
  last_at: Date | null;
};

export type HookFields = { name: string; url: string; events: string[]; enabled: boolean };

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

export function toHook(row: HookRow): AutomationHook {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    events: row.events,
    enabled: row.enabled,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
    failures24h: Number(row.failures_24h),
    lastDelivery: row.last_status && row.last_at ? { status: row.last_status, at: iso(row.last_at)! } : null,
  };
}

export async function listHooks(sql: Sql, id?: string): Promise<HookRow[]> {
  return sql<HookRow[]>`
    select h.id, h.name, h.url, h.events, h.enabled, h.created_at, h.updated_at,
      (select count(*)::int from automation_deliveries d
        where d.hook_id = h.id and d.status = 'failed' and d.created_at > now() - interval '24 hours') as failures_24h,
      last.status as last_status, last.at as last_at
    from automation_hooks h
    left join lateral (
      select d.status, coalesce(d.delivered_at, d.created_at) as at from automation_deliveries d
      where d.hook_id = h.id order by d.id desc limit 1
    ) last on true
    where ${id ? sql`h.id = ${id}` : sql`true`}
    order by h.name`;
}

export async function findHook(sql: Sql, id: string): Promise<HookRow | null> {
  const [row] = await listHooks(sql, id);
  return row ?? null;
}

export async function insertHook(sql: Sql, id: string, fields: HookFields, secretSealed: string) {
  await sql`
    insert into automation_hooks (id, name, url, events, enabled, secret_sealed)
    values (${id}, ${fields.name}, ${fields.url}, ${fields.events}, ${fields.enabled}, ${secretSealed})`;
}

/** False when there is no such hook. */
export async function updateHook(sql: Sql, id: string, fields: HookFields, secretSealed: string | null) {
  const rows = await sql`
    update automation_hooks set name = ${fields.name}, url = ${fields.url}, events = ${fields.events},
      enabled = ${fields.enabled}, secret_sealed = coalesce(${secretSealed}, secret_sealed), updated_at = now()
    where id = ${id} returning id`;
  return rows.length > 0;
}

export async function deleteHook(sql: Sql, id: string) {
  const rows = await sql`delete from automation_hooks where id = ${id} returning id`;
  return rows.length > 0;
}

/**
 * Turns waiting events into one delivery per enabled hook that wants them. Locked rows are skipped,
 * so two passes at once never fan out the same event twice (the unique index would refuse anyway).
 */
export async function fanOut(sql: Sql, batch = 200): Promise<number> {
  const rows = await sql<{ id: number }[]>`
    with due as (
      select id, type from automation_events where fanned_out_at is null
      order by id limit ${batch} for update skip locked
    ), queued as (
      insert into automation_deliveries (hook_id, event_id)
      select h.id, due.id from due
      join automation_hooks h on h.enabled and (cardinality(h.events) = 0 or due.type = any(h.events))
      where due.type <> 'test'
      on conflict (hook_id, event_id) do nothing
    )
    update automation_events e set fanned_out_at = now() from due where e.id = due.id
    returning e.id`;
  return rows.length;
}

export type ClaimedDelivery = {
  id: number;
  attempts: number;
  hook_id: string;
  url: string;
  secret_sealed: string;
  event_id: number;
  type: string;
  payload: Record<string, unknown>;
  occurred_at: Date;
};

/**
 * Takes up to `limit` due deliveries of enabled hooks and counts the attempt. Their next attempt
 * moves past the send timeout first, so a process that dies mid-send leaves them to be retried.
 */
export async function claimDue(sql: Sql, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
  return sql<ClaimedDelivery[]>`
    with claimed as (
      update automation_deliveries d
      set attempts = d.attempts + 1, next_attempt_at = now() + ${leaseMs} * interval '1 millisecond'
      where d.id in (
        select d2.id from automation_deliveries d2
        join automation_hooks h on h.id = d2.hook_id and h.enabled
        where d2.status = 'pending' and d2.next_attempt_at <= now()
        order by d2.next_attempt_at, d2.id limit ${limit}
        for update of d2 skip locked
      )
      returning d.id, d.attempts, d.hook_id, d.event_id
    )
    select c.id, c.attempts, c.hook_id, h.url, h.secret_sealed, e.id as event_id, e.type, e.payload,
      e.created_at as occurred_at
    from claimed c
    join automation_hooks h on h.id = c.hook_id
    join automation_events e on e.id = c.event_id`;
}

export type AttemptResult = {
  responseStatus: number | null;
  durationMs: number;
  error: string | null;
  /** null: delivered. */
  retryInMs: number | null;
  /** No more tries: failed for good. */
  gaveUp: boolean;
};

export async function recordAttempt(sql: Sql, id: number, result: AttemptResult) {
  const status = result.error === null ? 'delivered' : result.gaveUp ? 'failed' : 'pending';
  await sql`
    update automation_deliveries set
      status = ${status},
      response_status = ${result.responseStatus},
      last_error = ${result.error},
      duration_ms = ${result.durationMs},
      delivered_at = ${status === 'delivered' ? sql`now()` : sql`delivered_at`},
      next_attempt_at = ${result.retryInMs !== null ? sql`now() + ${result.retryInMs} * interval '1 millisecond'` : sql`next_attempt_at`}
    where id = ${id}`;
}

/** A `test` event for one hook only: written already fanned out, with its one delivery. */
export async function queueTest(sql: Sql, hookId: string): Promise<number> {
  const [row] = await sql<{ id: number }[]>`
    with event as (
      insert into automation_events (type, payload, fanned_out_at)
      values ('test', ${JSON.stringify({ message: 'A test event from HomeLabHub.', hookId })}::jsonb, now())
      returning id
    )
    insert into automation_deliveries (hook_id, event_id) select ${hookId}, id from event
    returning id`;
  return Number(row!.id);
}

/** A fresh set of attempts, the first one now. False when there is no such delivery. */
export async function replayDelivery(sql: Sql, id: number) {
  const rows = await sql`
    update automation_deliveries set status = 'pending', attempts = 0, next_attempt_at = now(),
      last_error = null, response_status = null, duration_ms = null, delivered_at = null
    where id = ${id} returning id`;
  return rows.length > 0;
}

type DeliveryRow = {
  id: number;
  hook_id: string;
  hook_name: string;
  event_id: number;
  type: string;
  status: AutomationDelivery['status'];
  attempts: number;
  response_status: number | null;
  last_error: string | null;
  duration_ms: number | null;
  next_attempt_at: Date;
  created_at: Date;
  delivered_at: Date | null;
};

function toDelivery(row: DeliveryRow): AutomationDelivery {
  return {
    id: Number(row.id),
    hookId: row.hook_id,
    hookName: row.hook_name,
    eventId: Number(row.event_id),
    event: row.type,
    status: row.status,
    attempts: row.attempts,
    responseStatus: row.response_status,
    lastError: row.last_error,
    durationMs: row.duration_ms,
    nextAttemptAt: row.status === 'pending' ? iso(row.next_attempt_at) : null,
    createdAt: iso(row.created_at)!,
    deliveredAt: iso(row.delivered_at),
  };
}

export type DeliveryFilter = {
  hookId?: string;
  status?: AutomationDelivery['status'];
  before?: number;
  limit: number;
};

export async function listDeliveries(sql: Sql, filter: DeliveryFilter) {
  const rows = await sql<DeliveryRow[]>`
    select d.id, d.hook_id, h.name as hook_name, d.event_id, e.type, d.status, d.attempts, d.response_status,
      d.last_error, d.duration_ms, d.next_attempt_at, d.created_at, d.delivered_at
    from automation_deliveries d
    join automation_hooks h on h.id = d.hook_id
    join automation_events e on e.id = d.event_id
    where ${filter.hookId ? sql`d.hook_id = ${filter.hookId}` : sql`true`}
      and ${filter.status ? sql`d.status = ${filter.status}` : sql`true`}
      and ${filter.before ? sql`d.id < ${filter.before}` : sql`true`}
    order by d.id desc limit ${filter.limit + 1}`;
  const page = rows.slice(0, filter.limit).map(toDelivery);
  return { deliveries: page, nextBefore: rows.length > filter.limit ? page.at(-1)!.id : null };
}

export async function findDelivery(sql: Sql, id: number): Promise<AutomationDelivery | null> {
  const [row] = await sql<DeliveryRow[]>`
    select d.id, d.hook_id, h.name as hook_name, d.event_id, e.type, d.status, d.attempts, d.response_status,
      d.last_error, d.duration_ms, d.next_attempt_at, d.created_at, d.delivered_at
    from automation_deliveries d
    join automation_hooks h on h.id = d.hook_id
    join automation_events e on e.id = d.event_id
    where d.id = ${id}`;
  return row ? toDelivery(row) : null;
}

export async function readSummary(sql: Sql): Promise<AutomationSummary> {
  const [row] = await sql<{ hooks: number; enabled: number; failures: number; pending: number }[]>`
    select
      (select count(*)::int from automation_hooks) as hooks,
      (select count(*)::int from automation_hooks where enabled) as enabled,
      (select count(*)::int from automation_deliveries
        where status = 'failed' and created_at > now() - interval '24 hours') as failures,
      (select count(*)::int from automation_deliveries where status = 'pending') as pending`;
  return { hooks: row!.hooks, enabled: row!.enabled, failures24h: row!.failures, pending: row!.pending };
}

/** The engine's `die` with a non-zero exit code, as an outbox event like the table triggers write. */
export async function emitContainerDied(sql: Sql, payload: Record<string, unknown>) {
  await sql`select homelab_automation_emit('container.died', ${JSON.stringify(payload)}::jsonb)`;
}

/** Events (and with them their deliveries) older than `days`: the log keeps a month by default. */
export async function pruneEvents(sql: Sql, days: number): Promise<number> {
  const rows = await sql`
    delete from automation_events where created_at < now() - ${days} * interval '1 day'
      and fanned_out_at is not null
      and not exists (select 1 from automation_deliveries d where d.event_id = automation_events.id and d.status = 'pending')
    returning id`;
  return rows.length;
}
