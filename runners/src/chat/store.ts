/** The chat core's SQL: event rows in and out, retention, and the notices a streamer reads. */
import type { ChatEvent } from '@homelab/db/stream/events';
import type { Sql } from 'postgres';

/** A ChatEvent as stored: with its row id, which orders a tenant's stream. */
export type StoredChatEvent = ChatEvent & { id: number };

type EventRow = {
  id: string | number;
  tenant_id: string;
  channel_id: string;
  platform: ChatEvent['platform'];
  kind: ChatEvent['kind'];
  platform_event_id: string | null;
  user_id: string | null;
  user_name: string | null;
  text: string | null;
  detail: Record<string, unknown>;
  at: Date | string;
};

function fromRow(row: EventRow): StoredChatEvent {
  return {
    id: Number(row.id),
    tenantId: row.tenant_id,
    channelId: row.channel_id,
    platform: row.platform,
    kind: row.kind,
    platformEventId: row.platform_event_id,
    userId: row.user_id,
    userName: row.user_name,
    text: row.text,
    detail: row.detail ?? {},
    at: row.at instanceof Date ? row.at.toISOString() : new Date(row.at).toISOString(),
  };
}

/**
 * One INSERT for the whole batch, its rows passed as one JSON array (one parameter, however many
 * rows); ids are assigned in array order, so they pair with `events` by position.
 */
export async function insertChatEvents(sql: Sql, events: ChatEvent[]): Promise<number[]> {
  if (events.length === 0) return [];
  const rows = JSON.stringify(
    events.map((e) => ({
      tenant_id: e.tenantId,
      channel_id: e.channelId,
      platform: e.platform,
      kind: e.kind,
      platform_event_id: e.platformEventId,
      user_id: e.userId,
      user_name: e.userName,
      text: e.text,
      detail: e.detail,
      at: e.at,
    })),
  );
  const inserted = await sql<{ id: string }[]>`
    insert into chat_events (tenant_id, channel_id, platform, kind, platform_event_id, user_id, user_name, text, detail, at)
    select tenant_id, channel_id, platform, kind, platform_event_id, user_id, user_name, text, coalesce(detail, '{}'), at
    from jsonb_to_recordset(${rows}::text::jsonb) as r(
      tenant_id uuid, channel_id uuid, platform text, kind text, platform_event_id text,
      user_id text, user_name text, text text, detail jsonb, at timestamptz)
    returning id`;
  return inserted.map((r) => Number(r.id)).sort((a, b) => a - b);
}

/** A tenant's events after `afterId` except `exceptIds` (already known), oldest first. */
export async function chatEventsAfter(
  sql: Sql,
  tenantId: string,
  afterId: number,
  limit: number,
  exceptIds: number[] = [],
): Promise<StoredChatEvent[]> {
  const rows = await sql<EventRow[]>`
    select id, tenant_id, channel_id, platform, kind, platform_event_id, user_id, user_name, text, detail, at
    from chat_events
    where tenant_id = ${tenantId} and id > ${afterId}
      and not (id = any(${sql.array(exceptIds.map(String))}::bigint[]))
    order by id limit ${limit}`;
  return rows.map(fromRow);
}

export async function lastChatEventId(sql: Sql): Promise<number> {
  const [row] = await sql<{ id: string | null }[]>`select max(id) as id from chat_events`;
  return Number(row?.id ?? 0);
}

/** Deletes events older than `days`, in slices so a big backlog never holds one long lock. */
export async function deleteOldChatEvents(sql: Sql, days: number): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await sql`
      delete from chat_events where id in (
        select id from chat_events where at < now() - make_interval(days => ${days}) limit 10000)`;
    total += deleted.count;
    if (deleted.count < 10_000) return total;
  }
}

export async function insertSendFailedNotice(
  sql: Sql,
  notice: { tenantId: string; message: string; detail: Record<string, unknown> },
): Promise<void> {
  await sql`
    insert into stream_notices (tenant_id, kind, message, detail)
    values (${notice.tenantId}, 'send_failed', ${notice.message}, ${JSON.stringify(notice.detail)}::text::jsonb)`;
}
