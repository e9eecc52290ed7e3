/** The tickets runner's SQL: a closed ticket with what its transcript needs, stored transcripts, and job progress. */
import type { TicketMode, TicketStatus, TranscriptAttachment } from '@homelab/db/schema';
import type { Sql } from 'postgres';

export type ClosedTicket = {
  id: string;
  guildId: string;
  number: number;
  subject: string;
  channelId: string | null;
  openerId: string;
  openerName: string;
  status: TicketStatus;
  claimedBy: string | null;
  claimerName: string | null;
  openedAt: Date;
  closedAt: Date | null;
  closedByName: string | null;
  closeReason: string | null;
  categoryName: string | null;
  mode: TicketMode | null;
  guildName: string;
  timezone: string;
  surveyEnabled: boolean;
  transcriptChannelId: string | null;
};

type ClosedTicketRow = Omit<ClosedTicket, 'openedAt' | 'closedAt'> & {
  openedMs: number;
  closedMs: number | null;
};

// Times leave PostgreSQL as epoch milliseconds: the pool's drizzle parsers hand timestamps back as text.
export async function loadTicket(sql: Sql, ticketId: string): Promise<ClosedTicket | null> {
  const [row] = await sql<ClosedTicketRow[]>`
    select t.id, t.guild_id as "guildId", t.number, t.subject, t.channel_id as "channelId",
      t.opener_id as "openerId", t.opener_name as "openerName", t.status, t.claimed_by as "claimedBy",
      (select e.actor_name from ticket_events e
        where e.ticket_id = t.id and e.kind = 'claimed' and e.actor_id = t.claimed_by
        order by e.id desc limit 1) as "claimerName",
      (extract(epoch from t.created_at) * 1000)::float8 as "openedMs",
      (extract(epoch from t.closed_at) * 1000)::float8 as "closedMs",
      case when t.closed_by is not null then
        (select e.actor_name from ticket_events e
          where e.ticket_id = t.id and e.kind = 'closed' order by e.id desc limit 1)
      end as "closedByName",
      t.close_reason as "closeReason", c.name as "categoryName", c.mode,
      g.name as "guildName", g.timezone, g.survey_enabled as "surveyEnabled",
      g.transcript_channel_id as "transcriptChannelId"
    from tickets t
    join discord_guilds g on g.guild_id = t.guild_id
    left join ticket_categories c on c.id = t.category_id
    where t.id = ${ticketId}`;
  if (!row) return null;
  const { openedMs, closedMs, ...rest } = row;
  return { ...rest, openedAt: new Date(openedMs), closedAt: closedMs === null ? null : new Date(closedMs) };
}

export async function saveTranscript(
  sql: Sql,
  row: {
    ticketId: string;
    guildId: string;
    html: string;
    text: string;
    messageCount: number;
    attachments: TranscriptAttachment[];
  },
) {
  await sql`
    insert into ticket_transcripts (ticket_id, guild_id, html, text, message_count, attachments)
    values (${row.ticketId}, ${row.guildId}, ${row.html}, ${row.text}, ${row.messageCount},
      ${JSON.stringify(row.attachments)}::jsonb)
    on conflict (ticket_id) do update set html = excluded.html, text = excluded.text,
      message_count = excluded.message_count, attachments = excluded.attachments, created_at = now()`;
}

export async function transcriptMessageCount(sql: Sql, ticketId: string) {
  const [row] = await sql<{ n: number }[]>`
    select message_count as n from ticket_transcripts where ticket_id = ${ticketId}`;
  return row?.n ?? 0;
}

/**
 * Steps of a transcript job already done, kept on the job row itself: a retry skips them even
 * after Discord's nonce window (a few minutes) has passed.
 */
export async function markJobStep(sql: Sql, jobId: number, step: string) {
  await sql`
    update jobs set payload = jsonb_set(payload, '{done}',
      coalesce(payload->'done', '[]'::jsonb) || to_jsonb(${step}::text))
    where id = ${jobId}`;
}
