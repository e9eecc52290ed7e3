/**
 * The go-live SQL: streamer rows as machine state, and each transition written with its deliveries
 * (jobs rows) and session bookkeeping in one transaction, so a crash keeps both or neither.
 */
import type { GoLiveState, QuietHours, StreamPlatform } from '@homelab/db/schema';
import type { Sql, TransactionSql } from 'postgres';
import type { Effect, MachineState } from './machine';

export type StreamerRow = {
  id: string;
  guild_id: string;
  discord_user_id: string;
  display_name: string;
  enabled: boolean;
  kick_slug: string | null;
  state: GoLiveState;
  platform: StreamPlatform | null;
  url: string | null;
  title: string | null;
  game: string | null;
  /** Timestamps as epoch milliseconds: the pool hands timestamps back as text. */
  state_since: number;
  live_since: number | null;
  post_channel_id: string | null;
  post_message_id: string | null;
  cooldown_until: number | null;
  /** A session not yet ended: its announcement is posted or queued. */
  open_session: boolean;
};

export type GuildGoLive = {
  guild_id: string;
  name: string;
  timezone: string;
  go_live_channel_id: string | null;
  go_live_template: string;
  go_live_mention_role_id: string | null;
  go_live_live_role_id: string | null;
  go_live_discover_role_id: string | null;
  go_live_auto_discover: boolean;
  go_live_quiet_hours: QuietHours | null;
  go_live_end_action: 'edit' | 'delete';
};

export const goLiveJobKinds = {
  post: 'golive.post',
  edit: 'golive.edit',
  delete: 'golive.delete',
  role: 'golive.role',
} as const;

/** Enough tries for the 1 s → 60 s schedule to ride out about a quarter of an hour of trouble. */
export const goLiveJobMaxAttempts = 20;

const streamerColumns = (sql: Sql | TransactionSql) =>
  sql`id, guild_id, discord_user_id, display_name, enabled, kick_slug, state, platform, url, title, game,
    (extract(epoch from state_since) * 1000)::float8 as state_since,
    (extract(epoch from live_since) * 1000)::float8 as live_since,
    post_channel_id, post_message_id,
    (extract(epoch from cooldown_until) * 1000)::float8 as cooldown_until,
    exists (select 1 from go_live_sessions s where s.streamer_id = go_live_streamers.id and s.ended_at is null)
      as open_session`;

export async function findStreamer(sql: Sql, guildId: string, userId: string) {
  const [row] = await sql<StreamerRow[]>`
    select ${streamerColumns(sql)} from go_live_streamers where guild_id = ${guildId} and discord_user_id = ${userId}`;
  return row ?? null;
}

export async function streamerById(sql: Sql | TransactionSql, id: string) {
  const [row] = await sql<
    StreamerRow[]
  >`select ${streamerColumns(sql)} from go_live_streamers where id = ${id}`;
  return row ?? null;
}

export async function guildStreamers(sql: Sql, guildId: string) {
  return sql<StreamerRow[]>`
    select ${streamerColumns(sql)} from go_live_streamers where guild_id = ${guildId} and enabled`;
}

/** Streamers whose timers may be due: the tick loop's work list. */
export async function timedStreamers(sql: Sql) {
  return sql<StreamerRow[]>`
    select ${streamerColumns(sql)} from go_live_streamers where state in ('pending', 'ending') and enabled`;
}

export async function kickStreamers(sql: Sql) {
  return sql<StreamerRow[]>`
    select ${streamerColumns(sql)} from go_live_streamers where kick_slug is not null and enabled`;
}

export async function guildSettings(sql: Sql | TransactionSql, guildId: string) {
  const [row] = await sql<GuildGoLive[]>`
    select guild_id, name, timezone, go_live_channel_id, go_live_template, go_live_mention_role_id,
      go_live_live_role_id, go_live_discover_role_id, go_live_auto_discover, go_live_quiet_hours, go_live_end_action
    from discord_guilds where guild_id = ${guildId}`;
  return row ?? null;
}

/** Adds a streamer found by discovery; a manual row (or a disabled one) is left as it is. */
export async function discoverStreamer(sql: Sql, guildId: string, userId: string, displayName: string) {
  await sql`
    insert into go_live_streamers (guild_id, discord_user_id, display_name, source)
    values (${guildId}, ${userId}, ${displayName}, 'discovered')
    on conflict (guild_id, discord_user_id) do nothing`;
}

export function machineStateOf(
  row: StreamerRow,
  memory: Pick<MachineState, 'lastEditAt' | 'heldChange'>,
): MachineState {
  return {
    state: row.state,
    stream: row.platform ? { platform: row.platform, url: row.url, title: row.title, game: row.game } : null,
    stateSince: row.state_since,
    liveSince: row.live_since,
    hasPost: row.post_message_id !== null || row.open_session,
    cooldownUntil: row.cooldown_until,
    ...memory,
  };
}

async function enqueue(tx: TransactionSql, kind: string, payload: Record<string, unknown>) {
  await tx`
    insert into jobs (runner, kind, payload, max_attempts)
    values ('discord', ${kind}, ${JSON.stringify(payload)}::jsonb, ${goLiveJobMaxAttempts})`;
}

async function currentSession(tx: TransactionSql, streamerId: string) {
  const [row] = await tx<{ id: string }[]>`
    select id from go_live_sessions where streamer_id = ${streamerId} order by started_at desc, id limit 1`;
  return row?.id ?? null;
}

/**
 * Writes a transition: the streamer row (only if it still is what the machine read, so a racing
 * writer loses instead of both delivering), the session, and a job per effect.
 */
export async function saveTransition(
  sql: Sql,
  before: StreamerRow,
  next: MachineState,
  effects: Effect[],
  guild: GuildGoLive,
): Promise<boolean> {
  const date = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return sql.begin(async (tx) => {
    const updated = await tx`
      update go_live_streamers set
        state = ${next.state},
        platform = ${next.stream?.platform ?? null},
        url = ${next.stream?.url ?? null},
        title = ${next.stream?.title ?? null},
        game = ${next.stream?.game ?? null},
        state_since = ${date(next.stateSince)}::timestamptz,
        live_since = ${date(next.liveSince)}::timestamptz,
        cooldown_until = ${date(next.cooldownUntil)}::timestamptz,
        updated_at = now()
      where id = ${before.id} and state = ${before.state}
        and (extract(epoch from state_since) * 1000)::float8 = ${before.state_since}::float8`;
    if (updated.count === 0) return false;
    let deliveries = 0;
    for (const effect of effects) {
      const base = { streamerId: before.id, guildId: before.guild_id };
      switch (effect.type) {
        case 'announce': {
          const [session] = await tx<{ id: string }[]>`
            insert into go_live_sessions (guild_id, streamer_id, platform, title, game, started_at)
            values (${before.guild_id}, ${before.id}, ${next.stream?.platform ?? 'twitch'}, ${next.stream?.title ?? null},
              ${next.stream?.game ?? null}, ${date(next.liveSince ?? next.stateSince)}::timestamptz)
            returning id`;
          const sessionId = session?.id;
          await enqueue(tx, goLiveJobKinds.post, {
            ...base,
            sessionId,
            ping: effect.ping,
            key: `post:${sessionId}`,
          });
          deliveries++;
          break;
        }
        case 'update': {
          const sessionId = await currentSession(tx, before.id);
          if (sessionId)
            await tx`
              update go_live_sessions set platform = ${next.stream?.platform ?? 'twitch'}, title = ${next.stream?.title ?? null},
                game = ${next.stream?.game ?? null}, ended_at = null
              where id = ${sessionId}`;
          await enqueue(tx, goLiveJobKinds.edit, {
            ...base,
            sessionId,
            reason: effect.reason,
            key: `edit:${sessionId}:${next.lastEditAt ?? next.stateSince}`,
          });
          deliveries++;
          break;
        }
        case 'end': {
          const sessionId = await currentSession(tx, before.id);
          if (sessionId)
            await tx`update go_live_sessions set ended_at = now() where id = ${sessionId} and ended_at is null`;
          if (effect.action === 'delete')
            await enqueue(tx, goLiveJobKinds.delete, {
              ...base,
              sessionId,
              channelId: before.post_channel_id,
              messageId: before.post_message_id,
              key: `delete:${sessionId}`,
            });
          else
            await enqueue(tx, goLiveJobKinds.edit, {
              ...base,
              sessionId,
              reason: 'ended',
              key: `end:${sessionId}`,
            });
          deliveries++;
          break;
        }
        case 'addLiveRole':
        case 'removeLiveRole': {
          if (!guild.go_live_live_role_id) break;
          await enqueue(tx, goLiveJobKinds.role, {
            ...base,
            userId: before.discord_user_id,
            roleId: guild.go_live_live_role_id,
            add: effect.type === 'addLiveRole',
            key: `role:${before.id}:${next.stateSince}`,
          });
          deliveries++;
          break;
        }
      }
    }
    if (deliveries > 0) await tx`select pg_notify('jobs', 'discord')`;
    return true;
  });
}

export async function discordQueueDepth(sql: Sql) {
  const [row] = await sql<{ depth: number; failed: number }[]>`
    select count(*) filter (where status in ('queued', 'running'))::int as depth,
      count(*) filter (where status = 'failed' and finished_at > now() - interval '24 hours')::int as failed
    from jobs where runner = 'discord' and status in ('queued', 'running', 'failed')`;
  return { depth: row?.depth ?? 0, failed24h: row?.failed ?? 0 };
}
