/**
 * Auto-close: open or awaiting-user tickets quiet for longer than their guild's auto_close_hours
 * close themselves, each with its 'closed' event and transcript job in the same statement, so a
 * ticket is never closed without its transcript queued. SKIP LOCKED plus the status re-check keep
 * two runner processes from closing one ticket twice.
 */
import type { Sql } from 'postgres';

export type AutoClosed = { ticketId: string; guildId: string };

/** Tickets closed in one sweep at most; the next minute takes the rest. */
const batchSize = 100;

export async function autoCloseIdleTickets(sql: Sql, now: Date): Promise<AutoClosed[]> {
  const at = now.toISOString();
  const rows = await sql<{ id: string; guild_id: string }[]>`
    with due as (
      select t.id, g.auto_close_hours as hours
      from tickets t
      join discord_guilds g on g.guild_id = t.guild_id
      where t.status in ('open', 'awaiting_user')
        and g.auto_close_hours is not null
        and t.last_activity_at < ${at}::timestamptz - g.auto_close_hours * interval '1 hour'
      order by t.last_activity_at
      limit ${batchSize}
      for update of t skip locked
    ), closed as (
      update tickets t set status = 'closed', closed_at = ${at}::timestamptz, closed_by = null,
        close_reason = 'Closed after ' || due.hours || case when due.hours = 1 then ' hour' else ' hours' end
          || ' without activity'
      from due
      where t.id = due.id and t.status in ('open', 'awaiting_user')
      returning t.id, t.guild_id, t.close_reason, due.hours
    ), events as (
      insert into ticket_events (guild_id, ticket_id, kind, body, detail, created_at)
      select guild_id, id, 'closed', close_reason, jsonb_build_object('auto', true, 'idleHours', hours),
        ${at}::timestamptz
      from closed
    ), queued as (
      insert into jobs (runner, kind, payload)
      select 'tickets', 'transcript', jsonb_build_object('ticketId', id, 'guildId', guild_id) from closed
    )
    select id, guild_id from closed`;
  if (rows.length > 0) await sql`select pg_notify('jobs', 'tickets')`;
  return rows.map((row) => ({ ticketId: row.id, guildId: row.guild_id }));
}
