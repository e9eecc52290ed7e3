/**
 * The one way anything in the runners tells the owner something: notify() records a delivery per
 * enabled channel and wakes the sender. Deliveries are grouped by key so that one outage sends one
 * `opened` and one `resolved`, and an outage that ends before its `opened` went out (a flap, or a
 * channel that was failing) sends a single message saying it went down and came back.
 */
import type { Sql, TransactionSql } from 'postgres';

export type NotifyEvent = {
  groupKey: string;
  kind: 'opened' | 'resolved' | 'test' | 'info';
  title: string;
  body: string;
  channelIds: string[];
  payload: Record<string, unknown>;
};

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type GroupRow = {
  id: number;
  event: string;
  status: string;
  title: string;
  body: string;
  payload: unknown;
  createdAt: string;
};

/** Records the event's deliveries in one transaction and wakes the sender once it is committed. */
export async function notify(sql: Sql, event: NotifyEvent): Promise<void> {
  const ids = [...new Set(event.channelIds.filter((id) => uuidPattern.test(id)))];
  if (ids.length === 0) return;
  const inserted = await sql.begin(async (tx) => {
    // Two notify() calls for the same key (an incident resolving as it opens) must not both see
    // "nothing yet" and insert twice.
    await tx`select pg_advisory_xact_lock(hashtext(${`notifications:${event.groupKey}`}))`;
    const channels = await tx<{ id: string }[]>`
      select id from notification_channels where id = any(${ids}::uuid[]) and enabled`;
    let count = 0;
    for (const { id } of channels) if (await recordFor(tx, id, event)) count++;
    return count;
  });
  if (inserted > 0) await sql`select pg_notify('notifications', '')`;
}

/** Applies the grouping rules for one channel; true when something is waiting to be sent. */
async function recordFor(tx: TransactionSql, channelId: string, event: NotifyEvent): Promise<boolean> {
  if (event.kind === 'test' || event.kind === 'info') {
    await insertDelivery(tx, channelId, event, event.title, event.body, event.payload);
    return true;
  }
  const group = await tx<GroupRow[]>`
    select id, event, status, title, body, payload, to_json(created_at) #>> '{}' as "createdAt"
    from notification_deliveries
    where channel_id = ${channelId} and group_key = ${event.groupKey} and event in ('opened', 'resolved')
    order by id
    for update`;
  if (event.kind === 'opened') {
    // A second `opened` of the same outage (a retried check, a restarted runner) says nothing new.
    if (group.length > 0) return false;
    await insertDelivery(tx, channelId, event, event.title, event.body, event.payload);
    return true;
  }
  if (group.some((row) => row.event === 'resolved')) return false;
  const pendingOpened = group.find((row) => row.event === 'opened' && row.status === 'pending');
  if (!pendingOpened) {
    await insertDelivery(tx, channelId, event, event.title, event.body, event.payload);
    return true;
  }
  const merged = mergeOutage(pendingOpened, event);
  // Attempts and the next attempt time stay: a channel that is failing keeps its backoff.
  await tx`
    update notification_deliveries
    set event = 'resolved', title = ${merged.title}, body = ${merged.body},
      payload = ${JSON.stringify(merged.payload)}::jsonb
    where id = ${pendingOpened.id}`;
  return true;
}

function insertDelivery(
  tx: TransactionSql,
  channelId: string,
  event: NotifyEvent,
  title: string,
  body: string,
  payload: Record<string, unknown>,
) {
  // JSON goes as text: the pool is drizzle's, which turns postgres.js's own JSON serializer off.
  return tx`
    insert into notification_deliveries (channel_id, event, group_key, title, body, payload)
    values (${channelId}, ${event.kind}, ${event.groupKey}, ${title}, ${body}, ${JSON.stringify(payload)}::jsonb)`;
}

/** The one message for an outage whose `opened` never went out. */
export function mergeOutage(
  opened: Pick<GroupRow, 'title' | 'body' | 'payload' | 'createdAt'>,
  resolved: NotifyEvent,
) {
  const openedPayload = (opened.payload ?? {}) as Record<string, unknown>;
  const downAt = new Date(opened.createdAt).toISOString();
  return {
    title: resolved.title,
    body: `Went down and came back (down since ${downAt}).\n\n${opened.title}\n${opened.body}\n\n${resolved.body}`,
    payload: {
      ...resolved.payload,
      merged: true,
      opened: { title: opened.title, body: opened.body, payload: openedPayload, at: downAt },
    },
  };
}
