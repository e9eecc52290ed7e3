/**
 * Twitch chat over IRC (tmi.js) as the bot account. Many channels share one socket; past
 * `channelsPerConnection` another socket opens. JOINs are paced per socket to Twitch's 20 per
 * 10 s; message sends are paced by the core's queue, so they go straight out here.
 */
import type { Pool } from '@homelab/db/client/pool';
import tmi from 'tmi.js';
import type { LiveState } from '../../bot/types';
import type { Config } from '../../config';
import type {
  ChatSettingsChange,
  ConnectionDeps,
  JoinedChannel,
  ModerationAction,
  NativePollInput,
  PlatformConnection,
  SendResult,
} from '../types';
import { createTokenCache } from './channel-token';
import { createLookupCache } from './lookup-cache';
import { normalizeTwitchMessage, normalizeTwitchNotice, type TwitchTags } from './twitch-normalize';
import { createTwitchBotToken, type TwitchBotToken } from './twitch-token';

export { normalizeTwitchMessage, normalizeTwitchNotice } from './twitch-normalize';

export type TwitchConnectionConfig = NonNullable<Config['twitch']> & {
  /** Channels per IRC socket before another is opened. */
  channelsPerConnection?: number;
  /** Twitch's JOIN limit per socket: `joinsPerWindow` per `joinWindowMs`. */
  joinsPerWindow?: number;
  joinWindowMs?: number;
  /** How long to wait before trying a token that failed again. */
  retryTokenMs?: number;
  /** First wait before a failed JOIN is tried again (doubling to 5 minutes); 15 s by default. */
  retryJoinMs?: number;
  fetch?: typeof fetch;
  /** Where the broadcasters' tokens are read (native polls); without it no native poll is made. */
  pool?: Pool;
  encryptionKey?: string;
  /** Whispers the bot sends at most, per second and per minute (Twitch: 3 and 100). */
  whispersPerSecond?: number;
  whispersPerMinute?: number;
};

type ChannelState = 'waiting' | 'joining' | 'joined' | 'failed';

type Entry = {
  channel: JoinedChannel;
  /** `#login`, the form tmi.js names channels in. */
  room: string;
  shard: Shard | null;
  state: ChannelState;
  lastEventAt: string | null;
  lastError: string | null;
  /** JOINs that failed in a row: Twitch drops one over its limit without a word, so it is asked again. */
  joinFailures: number;
};

type Shard = {
  id: number;
  client: tmi.Client;
  rooms: Set<string>;
  queue: string[];
  joinTimes: number[];
  timer: NodeJS.Timeout | undefined;
  lastError: string | null;
};

/** `{server, port, secure}` for tmi.js from a ws:// or wss:// URL. */
export function ircConnection(ircUrl: string) {
  const url = new URL(ircUrl);
  const secure = url.protocol === 'wss:';
  return { server: url.hostname, port: url.port ? Number(url.port) : secure ? 443 : 80, secure };
}

function missingConfig(config: TwitchConnectionConfig): string[] {
  const missing: string[] = [];
  if (!config.clientId) missing.push('TWITCH_CLIENT_ID');
  if (!config.clientSecret) missing.push('TWITCH_CLIENT_SECRET');
  if (!config.botLogin) missing.push('TWITCH_BOT_LOGIN');
  if (!config.botRefreshToken) missing.push('TWITCH_BOT_REFRESH_TOKEN');
  return missing;
}

// Twitch reads a leading '/' or '.' as a chat command; a reply echoing a viewer must stay a message.
function safeText(text: string): string {
  const line = text.replace(/[\r\n]+/g, ' ');
  if ((line.startsWith('/') || line.startsWith('.')) && !line.startsWith('/me ')) return `\u200b${line}`;
  return line;
}

export function createTwitchConnection(
  deps: ConnectionDeps,
  config: TwitchConnectionConfig,
): PlatformConnection {
  const log = deps.log.child({ platform: 'twitch' });
  const perConnection = config.channelsPerConnection ?? 100;
  const joinsPerWindow = config.joinsPerWindow ?? 20;
  const joinWindowMs = config.joinWindowMs ?? 10_000;
  // Twitch's window starts when its first JOIN arrives, a little after ours: a burst sent the moment
  // ours reopens can land inside theirs and be dropped without a word, so ours stays shut a second longer.
  const pacedWindowMs = joinWindowMs + 1_000;
  const retryJoinMs = config.retryJoinMs ?? 15_000;
  const retryTokenMs = config.retryTokenMs ?? 60_000;
  const missing = missingConfig(config);
  const entries = new Map<string, Entry>();
  const byRoom = new Map<string, Entry>();
  const shards: Shard[] = [];
  let nextShardId = 1;
  let stopped = false;
  let token: TwitchBotToken | null = null;
  let ready = false;
  let starting: Promise<void> | null = null;
  let retryTimer: NodeJS.Timeout | undefined;

  if (missing.length === 0) {
    token = createTwitchBotToken({
      clientId: config.clientId!,
      clientSecret: config.clientSecret!,
      authBaseUrl: config.authBaseUrl,
      refreshToken: config.botRefreshToken!,
      log,
      signal: deps.signal,
      fetch: config.fetch,
    });
  }

  const tmiLogger = {
    info: (message: string) => log.debug(`tmi: ${message}`),
    warn: (message: string) => log.warn(`tmi: ${message}`),
    error: (message: string) => log.warn(`tmi: ${message}`),
  };

  function emitFor(room: string, build: (entry: Entry) => ReturnType<typeof normalizeTwitchNotice>) {
    const entry = byRoom.get(room);
    if (!entry) return;
    const event = build(entry);
    if (!event) return;
    entry.lastEventAt = event.at;
    deps.emit(event);
  }

  function notice(room: string, tags: unknown, text: string | null) {
    emitFor(room, (e) => normalizeTwitchNotice(tags as TwitchTags, text, e.channel));
  }

  function createShard(): Shard {
    const client = new tmi.Client({
      options: {
        skipUpdatingEmotesets: true,
        skipMembership: true,
        joinInterval: joinWindowMs / joinsPerWindow,
      },
      connection: { ...ircConnection(config.ircUrl), reconnect: true, maxReconnectInterval: 30_000 },
      identity: { username: config.botLogin, password: async () => `oauth:${await token!.token()}` },
      logger: tmiLogger,
    });
    const shard: Shard = {
      id: nextShardId++,
      client,
      rooms: new Set(),
      queue: [],
      joinTimes: [],
      timer: undefined,
      lastError: null,
    };
    client.on('message', (room, tags, text, self) => {
      if (self || tags['message-type'] === 'whisper') return;
      emitFor(room, (e) => normalizeTwitchMessage(tags as TwitchTags, text, e.channel));
    });
    client.on('cheer', (room, tags, text) => {
      emitFor(room, (e) => normalizeTwitchMessage(tags as TwitchTags, text, e.channel));
    });
    client.on('subscription', (room, _user, _methods, text, tags) => notice(room, tags, text));
    client.on('resub', (room, _user, _months, text, tags) => notice(room, tags, text));
    client.on('subgift', (room, _user, _streak, _recipient, _methods, tags) => notice(room, tags, null));
    client.on('anonsubgift', (room, _streak, _recipient, _methods, tags) => notice(room, tags, null));
    client.on('submysterygift', (room, _user, _count, _methods, tags) => notice(room, tags, null));
    client.on('anonsubmysterygift', (room, _count, _methods, tags) => notice(room, tags, null));
    // tmi.js passes the raid's tags as a fourth argument its type declarations leave out.
    (client as unknown as NodeJS.EventEmitter).on(
      'raided',
      (room: string, _user: string, _viewers: number, tags: unknown) => notice(room, tags, null),
    );
    client.on('notice', (room, msgid, text) => {
      const entry = byRoom.get(room);
      if (entry && /^(msg_|no_permission|tos_ban)/.test(msgid)) entry.lastError = `${msgid}: ${text}`;
    });
    client.on('connected', () => {
      shard.lastError = null;
      pump(shard);
    });
    client.on('disconnected', (reason) => {
      shard.lastError = String(reason);
      for (const room of shard.rooms) {
        const entry = byRoom.get(room);
        // tmi.js rejoins the rooms it had joined once it reconnects; those not yet joined go back in the queue.
        if (entry && entry.state !== 'joined' && !shard.queue.includes(room)) shard.queue.push(room);
      }
    });
    client.connect().catch((error: unknown) => {
      shard.lastError = String(error);
      log.warn('twitch irc connection failed', { shard: shard.id, error: String(error) });
    });
    shards.push(shard);
    return shard;
  }

  /** Sends queued JOINs while the socket's window has room, then waits for the window to open. */
  function pump(shard: Shard) {
    clearTimeout(shard.timer);
    shard.timer = undefined;
    if (stopped || shard.client.readyState() !== 'OPEN') return;
    while (shard.queue.length > 0) {
      const now = Date.now();
      while (shard.joinTimes.length > 0 && shard.joinTimes[0]! <= now - pacedWindowMs)
        shard.joinTimes.shift();
      if (shard.joinTimes.length >= joinsPerWindow) {
        shard.timer = setTimeout(() => pump(shard), shard.joinTimes[0]! + pacedWindowMs - now);
        return;
      }
      const room = shard.queue.shift()!;
      const entry = byRoom.get(room);
      if (!entry || entry.shard !== shard) continue;
      shard.joinTimes.push(now);
      entry.state = 'joining';
      shard.client.join(room).then(
        () => {
          if (byRoom.get(room) === entry) {
            entry.state = 'joined';
            entry.lastError = null;
            entry.joinFailures = 0;
          }
        },
        (error: unknown) => {
          if (byRoom.get(room) !== entry) return;
          entry.state = 'failed';
          entry.lastError = String(error);
          entry.joinFailures += 1;
          const retryInMs = Math.min(retryJoinMs * 2 ** (entry.joinFailures - 1), 300_000);
          log.warn('twitch join failed; trying again', { channel: room, error: String(error), retryInMs });
          const retry = setTimeout(() => {
            if (stopped || byRoom.get(room) !== entry || entry.state !== 'failed' || entry.shard !== shard)
              return;
            if (!shard.queue.includes(room)) shard.queue.push(room);
            pump(shard);
          }, retryInMs);
          retry.unref();
        },
      );
    }
  }

  function place(entry: Entry) {
    let shard = shards.find((s) => s.rooms.size < perConnection);
    if (!shard) shard = createShard();
    shard.rooms.add(entry.room);
    entry.shard = shard;
    shard.queue.push(entry.room);
    pump(shard);
  }

  async function start() {
    if (!token || stopped) return;
    const ok = await token.start();
    if (stopped) return;
    if (!ok) {
      // A revoked or wrong bot token shows in status; the channels wait and the token is tried again.
      retryTimer = setTimeout(() => {
        starting = null;
        ensureStarted();
      }, retryTokenMs);
      retryTimer.unref();
      return;
    }
    ready = true;
    for (const entry of entries.values()) if (!entry.shard) place(entry);
  }

  function ensureStarted() {
    starting ??= start().catch((error: unknown) => log.error('twitch connection start failed', { error }));
    return starting;
  }

  function dropShard(shard: Shard) {
    clearTimeout(shard.timer);
    shards.splice(shards.indexOf(shard), 1);
    shard.client.removeAllListeners();
    shard.client.disconnect().catch(() => {});
  }

  async function stop() {
    stopped = true;
    clearTimeout(retryTimer);
    token?.stop();
    for (const shard of [...shards]) dropShard(shard);
    entries.clear();
    byRoom.clear();
  }
  deps.signal.addEventListener('abort', () => void stop(), { once: true });

  const lookups = createLookupCache();

  /** A Helix GET with the bot's token; null when Twitch is not configured or refuses the call. */
  async function helix<T>(path: string): Promise<T | null> {
    if (!token || missing.length > 0 || stopped) return null;
    const res = await (config.fetch ?? fetch)(`${config.apiBaseUrl}/helix/${path}`, {
      headers: {
        authorization: `Bearer ${await token.token()}`,
        'client-id': config.clientId!,
        accept: 'application/json',
      },
      signal: AbortSignal.any([deps.signal, AbortSignal.timeout(10_000)]),
    });
    if (!res.ok) {
      await res.body?.cancel();
      log.debug('helix lookup refused', { path: path.split('?')[0], status: res.status });
      return null;
    }
    return (await res.json()) as T;
  }

  type HelixChannel = { broadcaster_id: string; title: string; game_name: string };

  const doFetch = (url: string, init: RequestInit) =>
    (config.fetch ?? fetch)(url, {
      ...init,
      signal: AbortSignal.any([deps.signal, AbortSignal.timeout(10_000)]),
    });

  /** Twitch's {message} of a refused call, for logs. */
  const refusal = async (res: Response) => {
    const body = (await res.json().catch(() => ({}))) as { message?: string };
    return `${res.status}${body.message ? `: ${body.message}` : ''}`;
  };

  // Native polls run with the broadcaster's own token (channel:manage:polls), read from its
  // linked account; the bot's token cannot manage another channel's polls.
  const channelTokens = config.pool ? createTokenCache(config.pool, config.encryptionKey) : null;

  async function asBroadcaster(
    channelId: string,
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    body?: unknown,
  ): Promise<Response | null> {
    if (!channelTokens || !config.clientId || stopped) return null;
    const granted = await channelTokens.read(channelId).catch((error: Error) => {
      log.debug('no broadcaster token for a native poll', { channelId, error: error.message });
      return null;
    });
    if (!granted) return null;
    if (!granted.scopes.includes('channel:manage:polls')) {
      log.debug('the broadcaster did not grant channel:manage:polls', { channelId });
      return null;
    }
    const res = await doFetch(`${config.apiBaseUrl}/helix/${path}`, {
      method,
      headers: {
        authorization: `Bearer ${granted.value}`,
        'client-id': config.clientId,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status === 401) channelTokens.forget(channelId);
    return res;
  }

  async function startPoll(channelId: string, poll: NativePollInput): Promise<string | null> {
    const entry = entries.get(channelId);
    if (!entry) return null;
    try {
      const res = await asBroadcaster(channelId, 'POST', 'polls', {
        broadcaster_id: entry.channel.platformChannelId,
        title: poll.title,
        choices: poll.choices.map((title) => ({ title })),
        duration: poll.durationSeconds,
      });
      if (!res) return null;
      if (!res.ok) {
        log.warn('twitch refused a native poll', { channelId, status: await refusal(res) });
        return null;
      }
      const answer = (await res.json()) as { data?: { id: string }[] };
      return answer.data?.[0]?.id ?? null;
    } catch (error) {
      log.warn('a native twitch poll could not be created', { channelId, error: String(error) });
      return null;
    }
  }

  async function endPoll(
    channelId: string,
    pollId: string,
    status: 'TERMINATED' | 'ARCHIVED',
  ): Promise<number[] | null> {
    const entry = entries.get(channelId);
    if (!entry) return null;
    const broadcasterId = entry.channel.platformChannelId;
    try {
      const ended = await asBroadcaster(channelId, 'PATCH', 'polls', {
        broadcaster_id: broadcasterId,
        id: pollId,
        status,
      });
      if (!ended) return null;
      // A poll whose time ran out has ended already: Twitch refuses to end it again, its votes stay readable.
      if (!ended.ok)
        log.debug('twitch did not end a native poll', { channelId, status: await refusal(ended) });
      else await ended.body?.cancel();
      const res = await asBroadcaster(
        channelId,
        'GET',
        `polls?broadcaster_id=${encodeURIComponent(broadcasterId)}&id=${encodeURIComponent(pollId)}`,
      );
      if (!res) return null;
      if (!res.ok) {
        log.warn('the votes of a native twitch poll could not be read', {
          channelId,
          status: await refusal(res),
        });
        return null;
      }
      const answer = (await res.json()) as { data?: { choices: { votes?: number }[] }[] };
      const choices = answer.data?.[0]?.choices;
      return choices ? choices.map((c) => Math.max(0, Number(c.votes) || 0)) : null;
    } catch (error) {
      log.warn('a native twitch poll could not be ended', { channelId, error: String(error) });
      return null;
    }
  }

  // Twitch allows a bot 3 whispers a second and 100 a minute; past that the engine answers in chat.
  const whisperTimes: number[] = [];
  const whispersPerSecond = config.whispersPerSecond ?? 3;
  const whispersPerMinute = config.whispersPerMinute ?? 100;

  async function whisper(channelId: string, userId: string, text: string): Promise<SendResult> {
    if (!entries.has(channelId)) return { ok: false, reason: 'not_joined' };
    if (!token || missing.length > 0 || stopped)
      return { ok: false, reason: 'refused', detail: 'Twitch is not configured' };
    if (!/^\d{1,20}$/.test(userId)) return { ok: false, reason: 'refused', detail: 'not a Twitch user id' };
    const from = token.info().userId;
    if (!from) return { ok: false, reason: 'refused', detail: "the bot's user id is not known yet" };
    const now = Date.now();
    while (whisperTimes.length > 0 && whisperTimes[0]! <= now - 60_000) whisperTimes.shift();
    const lastSecond = whisperTimes.filter((t) => t > now - 1_000).length;
    if (lastSecond >= whispersPerSecond || whisperTimes.length >= whispersPerMinute)
      return { ok: false, reason: 'rate_limited', detail: 'whisper limit', retryInMs: 1_000 };
    whisperTimes.push(now);
    try {
      const res = await doFetch(
        `${config.apiBaseUrl}/helix/whispers?from_user_id=${from}&to_user_id=${userId}`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${await token.token()}`,
            'client-id': config.clientId!,
            'content-type': 'application/json',
          },
          body: JSON.stringify({ message: text }),
        },
      );
      if (res.ok) {
        await res.body?.cancel();
        return { ok: true };
      }
      const detail = await refusal(res);
      return res.status === 429
        ? { ok: false, reason: 'rate_limited', detail, retryInMs: 1_000 }
        : { ok: false, reason: 'refused', detail };
    } catch (error) {
      return { ok: false, reason: 'refused', detail: String(error) };
    }
  }

  /** Helix's Ratelimit-Reset (epoch seconds) as a wait in milliseconds; one second when absent. */
  const resetInMs = (res: Response) => {
    const reset = Number(res.headers.get('ratelimit-reset'));
    return Number.isFinite(reset) && reset > 0 ? Math.max(1_000, reset * 1000 - Date.now()) : 1_000;
  };

  // Which scope each moderation call needs on the bot's token, for the streamer-facing detail.
  const scopeOf = {
    ban: 'moderator:manage:banned_users',
    delete: 'moderator:manage:chat_messages',
    settings: 'moderator:manage:chat_settings',
  } as const;

  /**
   * A moderation call as the bot (moderator_id is the bot's user id): 2xx is done, 401/403 means the
   * bot is no moderator there or its token lacks the scope, 429 waits for Helix's bucket.
   */
  async function asModerator(
    channelId: string,
    method: 'POST' | 'DELETE' | 'PATCH',
    path: string,
    params: Record<string, string>,
    scope: keyof typeof scopeOf,
    body?: unknown,
  ): Promise<SendResult> {
    const entry = entries.get(channelId);
    if (!entry) return { ok: false, reason: 'not_joined' };
    if (!token || missing.length > 0 || stopped)
      return { ok: false, reason: 'refused', detail: 'Twitch is not configured' };
    const moderatorId = token.info().userId;
    if (!moderatorId) return { ok: false, reason: 'refused', detail: "the bot's user id is not known yet" };
    const query = new URLSearchParams({
      broadcaster_id: entry.channel.platformChannelId,
      moderator_id: moderatorId,
      ...params,
    });
    let res: Response;
    try {
      res = await doFetch(`${config.apiBaseUrl}/helix/${path}?${query}`, {
        method,
        headers: {
          authorization: `Bearer ${await token.token()}`,
          'client-id': config.clientId!,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      return {
        ok: false,
        reason: 'rate_limited',
        detail: `Twitch could not be reached: ${String(error)}`,
        retryInMs: 5_000,
      };
    }
    if (res.ok) {
      await res.body?.cancel();
      return { ok: true };
    }
    const detail = await refusal(res);
    if (res.status === 429) return { ok: false, reason: 'rate_limited', detail, retryInMs: resetInMs(res) };
    if (res.status === 401 || res.status === 403)
      return {
        ok: false,
        reason: 'refused',
        detail: `${detail} (the bot must be a moderator of ${entry.channel.login} and its token needs ${scopeOf[scope]})`,
      };
    if (res.status >= 500) return { ok: false, reason: 'rate_limited', detail, retryInMs: 5_000 };
    return { ok: false, reason: 'refused', detail };
  }

  async function moderate(channelId: string, action: ModerationAction): Promise<SendResult> {
    if (action.kind === 'delete')
      return asModerator(channelId, 'DELETE', 'moderation/chat', { message_id: action.messageId }, 'delete');
    if (!/^\d{1,20}$/.test(action.userId))
      return { ok: false, reason: 'refused', detail: 'not a Twitch user id' };
    if (action.kind === 'unban')
      return asModerator(channelId, 'DELETE', 'moderation/bans', { user_id: action.userId }, 'ban');
    // Twitch takes timeouts of 1 s to 2 weeks and reasons up to 500 characters.
    const reason = [...action.reason].slice(0, 500).join('');
    const data =
      action.kind === 'timeout'
        ? {
            user_id: action.userId,
            duration: Math.min(1_209_600, Math.max(1, Math.round(action.durationS))),
            reason,
          }
        : { user_id: action.userId, reason };
    return asModerator(channelId, 'POST', 'moderation/bans', {}, 'ban', { data });
  }

  async function setChatSettings(channelId: string, change: ChatSettingsChange): Promise<SendResult> {
    const body: Record<string, unknown> = {};
    if (change.followersOnly !== undefined) body.follower_mode = change.followersOnly;
    if (change.slowS !== undefined) {
      body.slow_mode = change.slowS > 0;
      // Twitch's slow mode waits 3 to 120 seconds.
      if (change.slowS > 0) body.slow_mode_wait_time = Math.min(120, Math.max(3, Math.round(change.slowS)));
    }
    if (Object.keys(body).length === 0)
      return entries.has(channelId) ? { ok: true } : { ok: false, reason: 'not_joined' };
    return asModerator(channelId, 'PATCH', 'chat/settings', {}, 'settings', body);
  }

  async function channelInfo(channelId: string): Promise<LiveState | null> {
    const entry = entries.get(channelId);
    if (!entry) return null;
    const id = encodeURIComponent(entry.channel.platformChannelId);
    return lookups.get(`${channelId}:info`, async () => {
      const streams = await helix<{
        data: { started_at: string; title: string; game_name: string; viewer_count: number }[];
      }>(`streams?user_id=${id}`);
      if (!streams) return null;
      const live = streams.data[0];
      if (live)
        return {
          live: true,
          startedAt: live.started_at,
          title: live.title || null,
          game: live.game_name || null,
          viewers: live.viewer_count,
        };
      const channels = await helix<{ data: HelixChannel[] }>(`channels?broadcaster_id=${id}`);
      const info = channels?.data[0];
      return {
        live: false,
        startedAt: null,
        title: info?.title || null,
        game: info?.game_name || null,
        viewers: null,
      };
    });
  }

  // Follow details need moderator:read:followers on a token of the broadcaster or a moderator: the
  // bot's token has it when the bot was authorized with it and is a moderator of the channel.
  async function followedAt(channelId: string, userId: string): Promise<string | null> {
    const entry = entries.get(channelId);
    if (!entry || !/^\d{1,20}$/.test(userId)) return null;
    const broadcaster = entry.channel.platformChannelId;
    if (userId === broadcaster) return null;
    return lookups.get(`${channelId}:follow:${userId}`, async () => {
      const answer = await helix<{ data: { followed_at: string }[] }>(
        `channels/followers?broadcaster_id=${encodeURIComponent(broadcaster)}&user_id=${userId}`,
      );
      return answer?.data[0]?.followed_at ?? null;
    });
  }

  async function broadcaster(channelId: string, login: string) {
    const name = login.replace(/^@/, '').toLowerCase();
    if (!entries.has(channelId) || !/^[a-z0-9_]{1,25}$/.test(name)) return null;
    return lookups.get(`broadcaster:${name}`, async () => {
      const users = await helix<{ data: { id: string; login: string; display_name: string }[] }>(
        `users?login=${name}`,
      );
      const user = users?.data[0];
      if (!user) return null;
      const channels = await helix<{ data: HelixChannel[] }>(`channels?broadcaster_id=${user.id}`);
      return {
        login: user.login,
        displayName: user.display_name || user.login,
        game: channels?.data[0]?.game_name || null,
        url: `https://twitch.tv/${user.login}`,
      };
    });
  }

  return {
    platform: 'twitch',
    channelInfo,
    followedAt,
    broadcaster,
    whisper,
    startPoll,
    endPoll,
    moderate,
    setChatSettings,
    async join(channel) {
      if (entries.has(channel.channelId)) return;
      const room = `#${channel.login.toLowerCase()}`;
      const entry: Entry = {
        channel,
        room,
        shard: null,
        state: 'waiting',
        lastEventAt: null,
        lastError: null,
        joinFailures: 0,
      };
      entries.set(channel.channelId, entry);
      byRoom.set(room, entry);
      if (missing.length > 0) {
        entry.lastError = `Twitch is not configured: ${missing.join(', ')} missing.`;
        return;
      }
      if (ready) place(entry);
      else await ensureStarted();
    },
    async leave(channelId) {
      const entry = entries.get(channelId);
      if (!entry) return;
      entries.delete(channelId);
      byRoom.delete(entry.room);
      lookups.forget(`${channelId}:`);
      const shard = entry.shard;
      if (!shard) return;
      shard.rooms.delete(entry.room);
      const queued = shard.queue.indexOf(entry.room);
      if (queued !== -1) shard.queue.splice(queued, 1);
      if (shard.rooms.size === 0) dropShard(shard);
      else if (entry.state === 'joined' && shard.client.readyState() === 'OPEN')
        await shard.client.part(entry.room).catch(() => {});
    },
    async send(channelId, text, replyTo): Promise<SendResult> {
      const entry = entries.get(channelId);
      if (!entry) return { ok: false, reason: 'not_joined' };
      if (missing.length > 0)
        return { ok: false, reason: 'refused', detail: entry.lastError ?? 'not configured' };
      if (entry.shard?.client.readyState() !== 'OPEN')
        return { ok: false, reason: 'rate_limited', detail: 'not connected to Twitch yet', retryInMs: 5_000 };
      if (entry.state !== 'joined')
        return { ok: false, reason: 'not_joined', detail: entry.lastError ?? entry.state };
      const parent =
        replyTo && /^[A-Za-z0-9-]{1,100}$/.test(replyTo) ? `@reply-parent-msg-id=${replyTo} ` : '';
      try {
        await entry.shard.client.raw(`${parent}PRIVMSG ${entry.room} :${safeText(text)}`);
        return { ok: true };
      } catch (error) {
        return { ok: false, reason: 'refused', detail: String(error) };
      }
    },
    status() {
      const channels: Record<
        string,
        { login: string; state: ChannelState; lastEventAt: string | null; lastError: string | null }
      > = {};
      for (const [id, e] of entries)
        channels[id] = {
          login: e.channel.login,
          state: e.state,
          lastEventAt: e.lastEventAt,
          lastError: e.lastError,
        };
      const tokenInfo = token?.info() ?? null;
      return {
        state:
          missing.length > 0
            ? 'not_configured'
            : tokenInfo?.state === 'error'
              ? 'error'
              : ready && shards.every((s) => s.client.readyState() === 'OPEN')
                ? 'connected'
                : 'connecting',
        detail:
          missing.length > 0 ? `Twitch chat is not configured: ${missing.join(', ')} missing.` : undefined,
        lastError: tokenInfo?.lastError ?? shards.find((s) => s.lastError)?.lastError ?? null,
        token: tokenInfo,
        connections: shards.map((s) => ({
          id: s.id,
          state: s.client.readyState(),
          channels: s.rooms.size,
          queuedJoins: s.queue.length,
        })),
        joined: [...entries.values()].filter((e) => e.state === 'joined').length,
        channels,
      };
    },
    stop,
  };
}
