/**
 * The go-live job handlers: each delivery is a row of the jobs table, so a restart mid-queue loses
 * nothing. A post carries a nonce derived from its delivery key with enforce_nonce, so a retry after
 * Discord accepted the message (but before its id was stored) gets the same message back, not a second one.
 */
import { createHash } from 'node:crypto';
import { DiscordApiError, type DiscordRest } from '@homelab/db/discord/rest';
import type { Sql } from 'postgres';
import { type BackoffOptions, backoffDelay } from '../../backoff';
import { RetryJobError } from '../../jobs/policy';
import type { JobContext, JobHandler } from '../../runner';
import { buildGoLiveMessage } from './message';
import { isQuietTime } from './quiet-hours';
import { goLiveJobKinds, guildSettings, streamerById } from './store';

/** The go-live queue retries quickly: 1 s, 2 s, 4 s … up to a minute. */
export const goLiveRetry: BackoffOptions = { baseMs: 1_000, maxMs: 60_000 };

/** Discord accepts a nonce of at most 25 characters. */
export function deliveryNonce(key: string) {
  return createHash('sha256').update(key).digest('hex').slice(0, 25);
}

const unknownMessage = 10008;

type Payload = { streamerId?: string; sessionId?: string | null; key?: string; ping?: boolean };

type SessionRow = { announced_at: string | null; started_ms: number };

export type DeliveryDeps = { sql: Sql; rest: () => DiscordRest | null; retry?: BackoffOptions };

export function createGoLiveDelivery(deps: DeliveryDeps): Record<string, JobHandler> {
  const { sql } = deps;
  const retry = deps.retry ?? goLiveRetry;

  function guarded(
    work: (payload: Payload, rest: DiscordRest, job: JobContext) => Promise<unknown>,
  ): JobHandler {
    return async (payload, job) => {
      const rest = deps.rest();
      if (!rest) throw new Error('The Discord bot is not configured (DISCORD_BOT_TOKEN is not set).');
      try {
        return await work(payload as Payload, rest, job);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new RetryJobError(message, backoffDelay(job.attempt, retry), { cause: error });
      }
    };
  }

  async function session(id: string | null | undefined) {
    if (!id) return null;
    const [row] = await sql<SessionRow[]>`
      select announced_at::text, (extract(epoch from started_at) * 1000)::float8 as started_ms
      from go_live_sessions where id = ${id}`;
    return row ?? null;
  }

  const post = guarded(async (payload, rest) => {
    const streamer = payload.streamerId ? await streamerById(sql, payload.streamerId) : null;
    const guild = streamer ? await guildSettings(sql, streamer.guild_id) : null;
    const current = await session(payload.sessionId);
    if (!streamer || !guild || !current) return { skipped: 'streamer or session gone' };
    if (current.announced_at) return { skipped: 'already posted' };
    const channelId = guild.go_live_channel_id;
    if (!channelId) return { skipped: 'no go-live channel' };
    const message = buildGoLiveMessage(streamer, guild, {
      ping: payload.ping !== false,
      ended: streamer.state === 'offline',
    });
    const created = await rest.post<{ id: string; channel_id: string }>(`/channels/${channelId}/messages`, {
      ...message,
      nonce: deliveryNonce(payload.key ?? `post:${payload.sessionId}`),
      enforce_nonce: true,
    });
    await sql.begin(async (tx) => {
      await tx`
        update go_live_streamers set post_channel_id = ${created.channel_id ?? channelId}, post_message_id = ${created.id}
        where id = ${streamer.id}`;
      await tx`update go_live_sessions set announced_at = now() where id = ${payload.sessionId ?? null}`;
    });
    return { messageId: created.id };
  });

  const edit = guarded(async (payload, rest) => {
    const streamer = payload.streamerId ? await streamerById(sql, payload.streamerId) : null;
    const guild = streamer ? await guildSettings(sql, streamer.guild_id) : null;
    const current = await session(payload.sessionId);
    if (!streamer || !guild) return { skipped: 'streamer gone' };
    if (current && !current.announced_at) throw new Error('The announcement is not posted yet.');
    if (!streamer.post_channel_id || !streamer.post_message_id) return { skipped: 'no post to edit' };
    const ping =
      !!guild.go_live_mention_role_id &&
      !isQuietTime(guild.go_live_quiet_hours, guild.timezone, current?.started_ms ?? Date.now());
    const message = buildGoLiveMessage(streamer, guild, { ping, ended: streamer.state === 'offline' });
    try {
      await rest.patch(`/channels/${streamer.post_channel_id}/messages/${streamer.post_message_id}`, message);
    } catch (error) {
      if (error instanceof DiscordApiError && (error.status === 404 || error.code === unknownMessage)) {
        // Deleted by a moderator: nothing left to edit.
        await sql`
          update go_live_streamers set post_channel_id = null, post_message_id = null
          where id = ${streamer.id} and post_message_id = ${streamer.post_message_id}`;
        return { skipped: 'post deleted' };
      }
      throw error;
    }
    return { edited: streamer.post_message_id };
  });

  const remove = guarded(async (payload, rest) => {
    const p = payload as Payload & { channelId?: string | null; messageId?: string | null };
    const streamer = p.streamerId ? await streamerById(sql, p.streamerId) : null;
    const channelId = p.channelId ?? streamer?.post_channel_id;
    const messageId = p.messageId ?? streamer?.post_message_id;
    if (!channelId || !messageId) return { skipped: 'no post to delete' };
    try {
      await rest.delete(`/channels/${channelId}/messages/${messageId}`);
    } catch (error) {
      if (!(error instanceof DiscordApiError && (error.status === 404 || error.code === unknownMessage)))
        throw error;
    }
    await sql`
      update go_live_streamers set post_channel_id = null, post_message_id = null
      where id = ${p.streamerId ?? null} and post_message_id = ${messageId}`;
    return { deleted: messageId };
  });

  const role = guarded(async (payload, rest) => {
    const p = payload as Payload & { guildId?: string; userId?: string; roleId?: string; add?: boolean };
    if (!p.guildId || !p.userId || !p.roleId) return { skipped: 'incomplete' };
    const path = `/guilds/${p.guildId}/members/${p.userId}/roles/${p.roleId}`;
    const reason = p.add ? 'Went live' : 'Stream ended';
    try {
      if (p.add) await rest.put(path, undefined, { reason });
      else await rest.delete(path, { reason });
    } catch (error) {
      // The member left: there is no role to give or take.
      if (error instanceof DiscordApiError && error.status === 404) return { skipped: 'member gone' };
      throw error;
    }
    return { role: p.roleId, add: !!p.add };
  });

  return {
    [goLiveJobKinds.post]: post,
    [goLiveJobKinds.edit]: edit,
    [goLiveJobKinds.delete]: remove,
    [goLiveJobKinds.role]: role,
  };
}
