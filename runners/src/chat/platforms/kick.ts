/**
 * Kick chat through the official public API. Reading arrives by webhooks (functions store those
 * events), so joining only tracks the channel; sending posts to /public/v1/chat with the
 * channel's linked user token, as that user or as the app's bot.
 */
import type { Pool } from '@homelab/db/client/pool';
import type { LiveState } from '../../bot/types';
import type {
  ConnectionDeps,
  JoinedChannel,
  ModerationAction,
  PlatformConnection,
  SendResult,
} from '../types';
import { ChannelTokenError, createTokenCache } from './channel-token';
import { createLookupCache } from './lookup-cache';

export type KickConnectionConfig = {
  pool: Pool;
  apiBaseUrl: string;
  encryptionKey?: string;
  /** 'bot' posts as the app's bot account into the token's channel; 'user' as the broadcaster. */
  sendAs?: 'user' | 'bot';
  fetch?: typeof fetch;
  timeoutMs?: number;
};

/** Retry-After in seconds (or an HTTP date) as milliseconds; one second when absent. */
function retryAfterMs(header: string | null): number {
  if (!header) return 1_000;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(1_000, seconds * 1000);
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(1_000, at - Date.now()) : 1_000;
}

export function createKickConnection(deps: ConnectionDeps, config: KickConnectionConfig): PlatformConnection {
  const log = deps.log.child({ platform: 'kick' });
  const doFetch = config.fetch ?? fetch;
  const timeoutMs = config.timeoutMs ?? 10_000;
  const sendAs = config.sendAs ?? 'user';
  const tokens = createTokenCache(config.pool, config.encryptionKey);
  const channels = new Map<
    string,
    { channel: JoinedChannel; lastSentAt: string | null; lastError: string | null }
  >();

  async function post(channelId: string, body: Record<string, unknown>) {
    return doFetch(`${config.apiBaseUrl}/public/v1/chat`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await tokens.get(channelId)}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify(body),
      signal: AbortSignal.any([deps.signal, AbortSignal.timeout(timeoutMs)]),
    });
  }

  async function send(channelId: string, text: string, replyTo?: string): Promise<SendResult> {
    const entry = channels.get(channelId);
    if (!entry) return { ok: false, reason: 'not_joined' };
    const broadcaster = Number(entry.channel.platformChannelId);
    const body: Record<string, unknown> = { type: sendAs, content: text };
    // Kick ignores broadcaster_user_id for bot messages (they go to the token's channel) and requires it for user ones.
    if (sendAs === 'user' || Number.isInteger(broadcaster)) body.broadcaster_user_id = broadcaster;
    if (replyTo) body.reply_to_message_id = replyTo;
    let res: Response;
    try {
      res = await post(channelId, body);
      if (res.status === 401) {
        // The tokens runner may have refreshed the row since it was read: read it again once.
        tokens.forget(channelId);
        res = await post(channelId, body);
      }
    } catch (error) {
      if (error instanceof ChannelTokenError) {
        entry.lastError = error.message;
        return { ok: false, reason: 'refused', detail: error.message };
      }
      entry.lastError = `Kick could not be reached: ${(error as Error).message}`;
      return { ok: false, reason: 'rate_limited', detail: entry.lastError, retryInMs: 5_000 };
    }
    if (res.status === 429) {
      await res.body?.cancel();
      return { ok: false, reason: 'rate_limited', retryInMs: retryAfterMs(res.headers.get('retry-after')) };
    }
    const answer = (await res.json().catch(() => ({}))) as {
      data?: { is_sent?: boolean; message_id?: string };
      message?: string;
    };
    if (!res.ok || answer.data?.is_sent === false) {
      entry.lastError = `Kick answered ${res.status}${answer.message ? `: ${answer.message}` : ''}`;
      log.warn('kick refused a chat message', { channelId, status: res.status, message: answer.message });
      if (res.status >= 500)
        return { ok: false, reason: 'rate_limited', detail: entry.lastError, retryInMs: 5_000 };
      return { ok: false, reason: 'refused', detail: entry.lastError };
    }
    entry.lastSentAt = new Date().toISOString();
    entry.lastError = null;
    return answer.data?.message_id ? { ok: true, platformMessageId: answer.data.message_id } : { ok: true };
  }

  const lookups = createLookupCache();

  /** A public API GET with the channel's token; null when Kick refuses it. */
  async function get<T>(channelId: string, path: string): Promise<T | null> {
    const call = async () =>
      doFetch(`${config.apiBaseUrl}/public/v1/${path}`, {
        headers: { authorization: `Bearer ${await tokens.get(channelId)}`, accept: 'application/json' },
        signal: AbortSignal.any([deps.signal, AbortSignal.timeout(timeoutMs)]),
      });
    let res = await call();
    if (res.status === 401) {
      await res.body?.cancel();
      tokens.forget(channelId);
      res = await call();
    }
    if (!res.ok) {
      await res.body?.cancel();
      log.debug('kick lookup refused', { path: path.split('?')[0], status: res.status });
      return null;
    }
    return ((await res.json()) as { data: T }).data;
  }

  /**
   * A moderation call with the channel's token (its user is the broadcaster): 2xx is done,
   * 401/403 means the streamer did not grant `scope` at sign-in, 429 waits as Kick asks.
   */
  async function moderation(
    channelId: string,
    method: 'POST' | 'DELETE',
    path: string,
    scope: string,
    body?: Record<string, unknown>,
  ): Promise<SendResult> {
    if (!channels.has(channelId)) return { ok: false, reason: 'not_joined' };
    const call = async () =>
      doFetch(`${config.apiBaseUrl}/public/v1/${path}`, {
        method,
        headers: {
          authorization: `Bearer ${await tokens.get(channelId)}`,
          accept: 'application/json',
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.any([deps.signal, AbortSignal.timeout(timeoutMs)]),
      });
    let res: Response;
    try {
      res = await call();
      if (res.status === 401) {
        await res.body?.cancel();
        tokens.forget(channelId);
        res = await call();
      }
    } catch (error) {
      if (error instanceof ChannelTokenError) return { ok: false, reason: 'refused', detail: error.message };
      return {
        ok: false,
        reason: 'rate_limited',
        detail: `Kick could not be reached: ${(error as Error).message}`,
        retryInMs: 5_000,
      };
    }
    if (res.ok) {
      await res.body?.cancel();
      return { ok: true };
    }
    if (res.status === 429) {
      await res.body?.cancel();
      return { ok: false, reason: 'rate_limited', retryInMs: retryAfterMs(res.headers.get('retry-after')) };
    }
    const answer = (await res.json().catch(() => ({}))) as { message?: string };
    const detail = `Kick answered ${res.status}${answer.message ? `: ${answer.message}` : ''}`;
    log.debug('kick refused a moderation call', { channelId, path: path.split('/')[0], status: res.status });
    if (res.status >= 500) return { ok: false, reason: 'rate_limited', detail, retryInMs: 5_000 };
    if (res.status === 401 || res.status === 403)
      return {
        ok: false,
        reason: 'refused',
        detail: `${detail} (the channel's Kick sign-in needs ${scope})`,
      };
    return { ok: false, reason: 'refused', detail };
  }

  async function moderate(channelId: string, action: ModerationAction): Promise<SendResult> {
    const entry = channels.get(channelId);
    if (!entry) return { ok: false, reason: 'not_joined' };
    if (action.kind === 'delete') {
      if (!action.messageId) return { ok: false, reason: 'refused', detail: 'no message id' };
      return moderation(
        channelId,
        'DELETE',
        `chat/${encodeURIComponent(action.messageId)}`,
        'moderation:chat_message:manage',
      );
    }
    const broadcaster = Number(entry.channel.platformChannelId);
    const userId = Number(action.userId);
    if (!Number.isSafeInteger(broadcaster) || !Number.isSafeInteger(userId))
      return { ok: false, reason: 'refused', detail: 'not a Kick user id' };
    const target = { broadcaster_user_id: broadcaster, user_id: userId };
    if (action.kind === 'unban')
      return moderation(channelId, 'DELETE', 'moderation/bans', 'moderation:ban', target);
    // Kick takes reasons up to 100 characters and timeouts in whole minutes, 1 to 10080 (a week).
    const reason = [...action.reason].slice(0, 100).join('');
    const body: Record<string, unknown> = { ...target, ...(reason ? { reason } : {}) };
    if (action.kind === 'timeout')
      body.duration = Math.min(10_080, Math.max(1, Math.ceil(action.durationS / 60)));
    return moderation(channelId, 'POST', 'moderation/bans', 'moderation:ban', body);
  }

  type KickChannel = {
    broadcaster_user_id: number;
    slug: string;
    stream_title: string;
    category: { name: string } | null;
    stream: { is_live: boolean; start_time: string; viewer_count: number } | null;
  };

  // The channel answer carries both the live stream and the offline title and category, so one call does.
  async function channelInfo(channelId: string): Promise<LiveState | null> {
    const entry = channels.get(channelId);
    const id = Number(entry?.channel.platformChannelId);
    if (!entry || !Number.isInteger(id)) return null;
    return lookups.get(`${channelId}:info`, async () => {
      const found = await get<KickChannel[]>(channelId, `channels?broadcaster_user_id=${id}`);
      const c = found?.[0];
      if (!c) return null;
      const live = c.stream?.is_live === true;
      return {
        live,
        startedAt: live ? c.stream!.start_time : null,
        title: c.stream_title || null,
        game: c.category?.name || null,
        viewers: live ? c.stream!.viewer_count : null,
      };
    });
  }

  async function broadcaster(channelId: string, login: string) {
    const slug = login.replace(/^@/, '').toLowerCase();
    if (!channels.has(channelId) || !/^[a-z0-9_-]{1,25}$/.test(slug)) return null;
    return lookups.get(`broadcaster:${slug}`, async () => {
      const found = await get<KickChannel[]>(channelId, `channels?slug=${encodeURIComponent(slug)}`);
      const c = found?.[0];
      if (!c) return null;
      const users = await get<{ name: string }[]>(channelId, `users?id=${c.broadcaster_user_id}`);
      return {
        login: c.slug,
        displayName: users?.[0]?.name || c.slug,
        game: c.category?.name || null,
        url: `https://kick.com/${c.slug}`,
      };
    });
  }

  return {
    platform: 'kick',
    async join(channel) {
      channels.set(channel.channelId, { channel, lastSentAt: null, lastError: null });
    },
    async leave(channelId) {
      channels.delete(channelId);
      tokens.forget(channelId);
      lookups.forget(`${channelId}:`);
    },
    send,
    channelInfo,
    // Kick's public API has no follower lookup: followers-only commands fall back to badges.
    followedAt: async () => null,
    broadcaster,
    moderate,
    async setChatSettings(channelId) {
      if (!channels.has(channelId)) return { ok: false, reason: 'not_joined' };
      return { ok: false, reason: 'refused', detail: "Kick's public API has no chat settings" };
    },
    status() {
      const byChannel: Record<
        string,
        { login: string; state: string; lastSentAt: string | null; lastError: string | null }
      > = {};
      for (const [id, e] of channels)
        byChannel[id] = {
          login: e.channel.login,
          state: 'joined',
          lastSentAt: e.lastSentAt,
          lastError: e.lastError,
        };
      return {
        state: config.encryptionKey ? 'connected' : 'not_configured',
        detail: config.encryptionKey ? undefined : 'ENCRYPTION_KEY is missing: Kick tokens cannot be read.',
        sendAs,
        joined: channels.size,
        channels: byChannel,
      };
    },
    async stop() {
      channels.clear();
    },
  };
}
