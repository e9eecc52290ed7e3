/**
 * SQL of notification_deliveries: the sender's claims and outcomes, and the delivery log the API
 * shows. A claim takes a lease (the next attempt time moves past the send's timeout) instead of
 * holding a row lock during the send, so notify() can still merge into a delivery being sent.
 */
import type { ChannelType } from '@homelab/db/monitoring';
import type { Sql } from 'postgres';

export const deliveryStatuses = ['pending', 'sent', 'failed'] as const;

export type DeliveryView = {
  id: number;
  channelId: string;
  channelName: string;
  event: string;
  groupKey: string;
  title: string;
  body: string;
  payload: Record<string, unknown>;
  status: (typeof deliveryStatuses)[number];
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string;
  createdAt: string;
  sentAt: string | null;
};

export type ClaimedDelivery = {
  id: number;
  channelId: string;
  channelType: ChannelType;
  channelEnabled: boolean;
  configSealed: string;
  event: string;
  title: string;
  body: string;
  payload: Record<string, unknown>;
  /** Counting this try. */
  attempts: number;
};

const iso = (value: string | null) => (value === null ? null : new Date(value).toISOString());

function toView(row: DeliveryView): DeliveryView {
  return {
    ...row,
    id: Number(row.id),
    nextAttemptAt: iso(row.nextAttemptAt) as string,
    createdAt: iso(row.createdAt) as string,
    sentAt: iso(row.sentAt),
  };
}

const viewColumns = (sql: Sql) => sql`
  d.id, d.channel_id as "channelId", c.name as "channelName", d.event, d.group_key as "groupKey",
  d.title, d.body, d.payload, d.status, d.attempts, d.last_error as "lastError",
  to_json(d.next_attempt_at) #>> '{}' as "nextAttemptAt", to_json(d.created_at) #>> '{}' as "createdAt", to_json(d.sent_at) #>> '{}' as "sentAt"`;

export async function getDelivery(sql: Sql, id: number): Promise<DeliveryView | null> {
  const [row] = await sql<DeliveryView[]>`
    select ${viewColumns(sql)} from notification_deliveries d
    join notification_channels c on c.id = d.channel_id where d.id = ${id}`;
  return row ? toView(row) : null;
}

/** Newest first; `before` is the id of the last delivery of the previous page. */
export async function listDeliveries(
  sql: Sql,
  query: { channelId?: string; limit: number; before?: number },
): Promise<DeliveryView[]> {
  const rows = await sql<DeliveryView[]>`
    select ${viewColumns(sql)} from notification_deliveries d
    join notification_channels c on c.id = d.channel_id
    where true
      ${query.channelId ? sql`and d.channel_id = ${query.channelId}` : sql``}
      ${query.before ? sql`and d.id < ${query.before}` : sql``}
    order by d.id desc
    limit ${query.limit}`;
  return rows.map(toView);
}

/** A test message, sent even by a disabled channel: the person is checking the settings. */
export async function insertTestDelivery(sql: Sql, channelId: string, channelName: string): Promise<number> {
  const at = new Date().toISOString();
  const [row] = await sql<{ id: string }[]>`
    insert into notification_deliveries (channel_id, event, group_key, title, body, payload)
    values (${channelId}, 'test', ${`test:${crypto.randomUUID()}`}, 'HomeLabHub test notification',
      ${`If you can read this, the channel "${channelName}" works. Sent at ${at}.`},
      ${JSON.stringify({ test: true, at })}::jsonb)
    returning id`;
  return Number(row?.id);
}

/** Puts a failed delivery back in the queue with a fresh set of tries. */
export async function requeueDelivery(
  sql: Sql,
  id: number,
): Promise<'requeued' | 'not_failed' | 'not_found'> {
  const requeued = await sql`
    update notification_deliveries
    set status = 'pending', attempts = 0, next_attempt_at = now(), last_error = null
    where id = ${id} and status = 'failed'
    returning id`;
  if (requeued.length > 0) return 'requeued';
  const [row] = await sql`select 1 from notification_deliveries where id = ${id}`;
  return row ? 'not_failed' : 'not_found';
}

/**
 * Claims up to `limit` due deliveries (or the one `onlyId`) for `leaseMs`: each try is counted now,
 * so a process that dies mid-send still uses up a try and its delivery comes back after the lease.
 */
export async function claimDue(
  sql: Sql,
  limit: number,
  leaseMs: number,
  onlyId?: number,
): Promise<ClaimedDelivery[]> {
  const rows = await sql<ClaimedDelivery[]>`
    with due as (
      select id from notification_deliveries
      where status = 'pending' and next_attempt_at <= now()
        ${onlyId === undefined ? sql`` : sql`and id = ${onlyId}`}
      order by next_attempt_at, id
      limit ${limit}
      for update skip locked)
    update notification_deliveries d
    set attempts = d.attempts + 1, next_attempt_at = now() + ${leaseMs} * interval '1 millisecond'
    from due, notification_channels c
    where d.id = due.id and c.id = d.channel_id
    returning d.id, d.channel_id as "channelId", c.type as "channelType", c.enabled as "channelEnabled",
      c.config_sealed as "configSealed", d.event, d.title, d.body, d.payload, d.attempts`;
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
}

/**
 * Marks the try as delivered, unless notify() merged a `resolved` into the row while it was being
 * sent: the message that went out was the old one, so the merged one is sent next, right away.
 */
export async function markSent(sql: Sql, delivery: ClaimedDelivery): Promise<'sent' | 'changed'> {
  const rows = await sql`
    update notification_deliveries set status = 'sent', sent_at = now(), last_error = null
    where id = ${delivery.id} and status = 'pending' and event = ${delivery.event}
    returning id`;
  if (rows.length > 0) return 'sent';
  await sql`
    update notification_deliveries set next_attempt_at = now(), last_error = null
    where id = ${delivery.id} and status = 'pending'`;
  return 'changed';
}

export async function markFailedTry(
  sql: Sql,
  id: number,
  error: string,
  next: { status: 'pending'; retryInMs: number } | { status: 'failed' },
): Promise<void> {
  await sql`
    update notification_deliveries
    set status = ${next.status}, last_error = ${error},
      next_attempt_at = ${next.status === 'pending' ? sql`now() + ${next.retryInMs} * interval '1 millisecond'` : sql`next_attempt_at`}
    where id = ${id} and status = 'pending'`;
}
