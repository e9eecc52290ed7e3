/**
 * SLA escalation: a ticket past its category's first-response or resolution target pings the
 * category's escalation role in the ticket channel, once per kind, and only inside the guild's
 * support hours (outside, it waits for them). The ticket row stays locked while the ping is sent,
 * so a second runner process skips it, and a failed ping rolls back to try again next sweep.
 */
import { DiscordApiError, type DiscordRest } from '@homelab/db/discord/rest';
import type { SupportHours } from '@homelab/db/schema';
import type { Sql } from 'postgres';
import type { Logger } from '../log';
import { withinSupportHours } from './hours';
import { messageNonce } from './nonce';

export type SlaKind = 'first_response' | 'resolution';

type Candidate = {
  id: string;
  guildId: string;
  number: number;
  subject: string;
  channelId: string;
  kind: SlaKind;
  targetMinutes: number;
  roleId: string | null;
  timezone: string;
  supportHours: SupportHours | null;
};

export type Escalated = { ticketId: string; guildId: string; kind: SlaKind };

const batchSize = 50;

async function candidates(sql: Sql, at: string): Promise<Candidate[]> {
  return sql<Candidate[]>`
    select t.id, t.guild_id as "guildId", t.number, t.subject, t.channel_id as "channelId",
      k.kind, k.minutes as "targetMinutes", c.escalation_role_id as "roleId",
      g.timezone, g.support_hours as "supportHours"
    from tickets t
    join ticket_categories c on c.id = t.category_id
    join discord_guilds g on g.guild_id = t.guild_id
    cross join lateral (values
      ('first_response', c.sla_first_response_minutes),
      ('resolution', c.sla_resolution_minutes)
    ) as k(kind, minutes)
    where t.status <> 'closed' and t.channel_id is not null and k.minutes is not null
      and t.created_at < ${at}::timestamptz - k.minutes * interval '1 minute'
      and case k.kind
        when 'first_response' then t.first_response_at is null and t.escalated_at is null
        else not exists (
          select 1 from ticket_events e
          where e.ticket_id = t.id and e.kind = 'escalated' and e.detail->>'sla' = 'resolution')
      end
    order by t.created_at
    limit ${batchSize}`;
}

function escalationText(c: Candidate) {
  const role = c.roleId ? `<@&${c.roleId}> ` : '';
  const target = c.targetMinutes === 1 ? '1 minute' : `${c.targetMinutes} minutes`;
  return c.kind === 'first_response'
    ? `${role}Ticket #${c.number} has had no reply from staff within its ${target} first-response target.`
    : `${role}Ticket #${c.number} is still open past its ${target} resolution target.`;
}

export async function escalateBreaches(
  sql: Sql,
  rest: DiscordRest,
  now: Date,
  log: Logger,
): Promise<Escalated[]> {
  const at = now.toISOString();
  const due = (await candidates(sql, at)).filter((c) => withinSupportHours(c.supportHours, c.timezone, now));
  const escalated: Escalated[] = [];
  for (const c of due) {
    const acted = await sql
      .begin(async (tx) => {
        // Re-checked under the row lock: another process may have escalated it since the candidate query.
        const [still] = await tx<{ id: string }[]>`
        select t.id from tickets t
        where t.id = ${c.id} and t.status <> 'closed'
          and case ${c.kind}::text
            when 'first_response' then t.first_response_at is null and t.escalated_at is null
            else not exists (
              select 1 from ticket_events e
              where e.ticket_id = t.id and e.kind = 'escalated' and e.detail->>'sla' = 'resolution')
          end
        for update skip locked`;
        if (!still) return false;
        const delivered = await ping(rest, c);
        if (c.kind === 'first_response')
          await tx`update tickets set escalated_at = ${at}::timestamptz where id = ${c.id}`;
        await tx`
        insert into ticket_events (guild_id, ticket_id, kind, body, detail, created_at)
        values (${c.guildId}, ${c.id}, 'escalated', ${escalationText(c)},
          ${JSON.stringify({ sla: c.kind, targetMinutes: c.targetMinutes, roleId: c.roleId, delivered })}::jsonb,
          ${at}::timestamptz)`;
        return true;
      })
      .catch((error: unknown) => {
        log.warn('SLA escalation failed; next sweep tries again', {
          ticketId: c.id,
          kind: c.kind,
          err: error,
        });
        return false;
      });
    if (acted) escalated.push({ ticketId: c.id, guildId: c.guildId, kind: c.kind });
  }
  return escalated;
}

/** False when the channel is gone or closed to the bot: retrying every minute would not change that. */
async function ping(rest: DiscordRest, c: Candidate) {
  try {
    await rest.post(`/channels/${c.channelId}/messages`, {
      content: escalationText(c),
      allowed_mentions: { parse: [], roles: c.roleId ? [c.roleId] : [] },
      nonce: messageNonce({ id: c.id, closedAt: null }, `sla-${c.kind}`),
      enforce_nonce: true,
    });
    return true;
  } catch (error) {
    if (error instanceof DiscordApiError && (error.status === 403 || error.status === 404)) return false;
    throw error;
  }
}
