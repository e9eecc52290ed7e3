/**
 * YouTube live chat through the Data API. Every call spends the tenant's daily quota budget
 * (stream_channels.quota_budget; YouTube's day resets at midnight Pacific), so the polling interval
 * stretches to make the budget last the day, never polling faster than YouTube asks, and the
 * streamer is told when reading will pause because the budget runs out first.
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
import { normalizeYoutubeItem, type YoutubeChatItem } from './youtube-normalize';

export { normalizeYoutubeItem } from './youtube-normalize';

/** Quota costs in units (YouTube Data API v3). */
export const youtubeCosts = {
  listBroadcasts: 1,
  listMessages: 5,
  insertMessage: 50,
  listVideos: 1,
  listChannels: 1,
  deleteMessage: 50,
  insertBan: 50,
  deleteBan: 50,
} as const;

export type YoutubeConnectionConfig = {
  pool: Pool;
  /** GOOGLE_API_BASE_URL (https://www.googleapis.com). */
  baseUrl: string;
  encryptionKey?: string;
  /** The longest the bot waits between reads before it lets the budget run out early instead (default 30 s). */
  maxIntervalMs?: number;
  /** How often an offline channel is checked for a live broadcast (default 60 s). */
  offlineCheckMs?: number;
  /** Wait after a failed call (default 15 s). */
  errorBackoffMs?: number;
  fetch?: typeof fetch;
  now?: () => Date;
};

const pacific = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/Los_Angeles',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** The quota day (YYYY-MM-DD in America/Los_Angeles) and the milliseconds left until it resets. */
export function quotaDay(now: Date): { day: string; msUntilReset: number } {
  const parts = Object.fromEntries(pacific.formatToParts(now).map((p) => [p.type, p.value]));
  const elapsed =
    (Number(parts.hour) * 3600 + Number(parts.minute) * 60 + Number(parts.second)) * 1000 +
    now.getMilliseconds();
  // On the two DST change days the day is an hour shorter or longer; the error is one hour of budget spread.
  return {
    day: `${parts.year}-${parts.month}-${parts.day}`,
    msUntilReset: Math.max(1_000, 86_400_000 - elapsed),
  };
}

/**
 * How long to wait before the next read: the budget left spread over the rest of the day, never
 * sooner than YouTube's pollingIntervalMillis, never longer than maxIntervalMs. When the cap wins,
 * the budget runs out before the day resets, and `runsOutInMs` says when.
 */
export function youtubePollDelay(o: {
  budget: number;
  used: number;
  pollingIntervalMillis: number;
  msUntilReset: number;
  maxIntervalMs: number;
}): { delayMs: number; exhausted: boolean; runsOutInMs: number | null } {
  const calls = Math.floor((o.budget - o.used) / youtubeCosts.listMessages);
  if (calls <= 0) return { delayMs: o.msUntilReset, exhausted: true, runsOutInMs: 0 };
  const spread = o.msUntilReset / calls;
  const delayMs = Math.max(o.pollingIntervalMillis, Math.min(spread, o.maxIntervalMs));
  const runsOutInMs = delayMs * calls < o.msUntilReset ? Math.round(delayMs * calls) : null;
  return { delayMs: Math.round(delayMs), exhausted: false, runsOutInMs };
}

class YoutubeApiError extends Error {
  override name = 'YoutubeApiError';
  constructor(
    readonly status: number,
    readonly reason: string | null,
    message: string,
  ) {
    super(message);
  }
}

type ChannelRun = {
  channel: JoinedChannel;
  controller: AbortController;
  state: 'finding' | 'offline' | 'live' | 'quota_wait' | 'error';
  liveChatId: string | null;
  pageToken: string | null;
  /** Items older than this are the chat's backlog from before the bot joined. */
  readFrom: number;
  used: number;
  budget: number;
  day: string | null;
  nextPollInMs: number | null;
  /** The quota day a notice was written for, so the streamer is told once a day. */
  noticedDay: string | null;
  lastEventAt: string | null;
  lastError: string | null;
};

function sleep(ms: number, signal: AbortSignal) {
  return new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

export function createYoutubeConnection(
  deps: ConnectionDeps,
  config: YoutubeConnectionConfig,
): PlatformConnection {
  const log = deps.log.child({ platform: 'youtube' });
  const doFetch = config.fetch ?? fetch;
  const now = config.now ?? (() => new Date());
  const maxIntervalMs = config.maxIntervalMs ?? 30_000;
  const offlineCheckMs = config.offlineCheckMs ?? 60_000;
  const errorBackoffMs = config.errorBackoffMs ?? 15_000;
  const tokens = createTokenCache(config.pool, config.encryptionKey);
  const runs = new Map<string, ChannelRun>();
  const { sql } = config.pool;

  async function loadQuota(run: ChannelRun) {
    const [row] = await sql<
      { quota_used: number; quota_day: string | null; quota_budget: number; live_chat_id: string | null }[]
    >`
      select quota_used, quota_day, quota_budget, live_chat_id from stream_channels where id = ${run.channel.channelId}`;
    if (!row) throw new Error('The channel no longer exists.');
    const { day } = quotaDay(now());
    run.budget = row.quota_budget;
    run.day = day;
    run.used = row.quota_day === day ? row.quota_used : 0;
    run.liveChatId ??= row.live_chat_id;
  }

  /** Counts units against today's budget before a call; false when the budget cannot cover it. */
  async function spend(run: ChannelRun, units: number): Promise<boolean> {
    const { day } = quotaDay(now());
    if (run.day !== day) {
      run.day = day;
      run.used = 0;
    }
    if (run.used + units > run.budget) return false;
    const [row] = await sql<{ quota_used: number; quota_budget: number }[]>`
      update stream_channels
      set quota_used = case when quota_day = ${day} then quota_used + ${units} else ${units} end, quota_day = ${day}
      where id = ${run.channel.channelId}
      returning quota_used, quota_budget`;
    if (row) {
      run.used = row.quota_used;
      run.budget = row.quota_budget;
    }
    return true;
  }

  async function notice(run: ChannelRun, message: string, detail: Record<string, unknown>) {
    if (run.noticedDay === run.day) return;
    run.noticedDay = run.day;
    await sql`
      insert into stream_notices (tenant_id, kind, message, detail)
      values (${run.channel.tenantId}, 'quota', ${message}, ${JSON.stringify({ channelId: run.channel.channelId, ...detail })}::jsonb)`;
    log.info('youtube quota notice', { channelId: run.channel.channelId, message });
  }

  async function api(run: ChannelRun, path: string, init: RequestInit = {}) {
    const call = async () =>
      doFetch(`${config.baseUrl}/youtube/v3/${path}`, {
        ...init,
        headers: {
          authorization: `Bearer ${await tokens.get(run.channel.channelId)}`,
          accept: 'application/json',
          ...(init.body ? { 'content-type': 'application/json' } : {}),
        },
        signal: AbortSignal.any([run.controller.signal, AbortSignal.timeout(15_000)]),
      });
    let res = await call();
    if (res.status === 401) {
      tokens.forget(run.channel.channelId);
      res = await call();
    }
    const body = (await res.json().catch(() => ({}))) as Record<string, unknown> & {
      error?: { message?: string; errors?: { reason?: string }[] };
    };
    if (!res.ok) {
      const reason = body.error?.errors?.[0]?.reason ?? null;
      throw new YoutubeApiError(
        res.status,
        reason,
        `YouTube answered ${res.status}${reason ? ` (${reason})` : ''}: ${body.error?.message ?? ''}`.trim(),
      );
    }
    return body;
  }

  async function setLiveChat(run: ChannelRun, liveChatId: string | null) {
    run.liveChatId = liveChatId;
    run.pageToken = null;
    await sql`update stream_channels set live_chat_id = ${liveChatId} where id = ${run.channel.channelId}`;
  }

  /** The live chat of the channel's broadcast that is on air now, if any. */
  async function findLiveChat(run: ChannelRun): Promise<string | null> {
    const body = (await api(run, 'liveBroadcasts?part=snippet&mine=true')) as {
      items?: { snippet?: { liveChatId?: string; actualStartTime?: string; actualEndTime?: string } }[];
    };
    const live = body.items?.find(
      (b) => b.snippet?.liveChatId && b.snippet.actualStartTime && !b.snippet.actualEndTime,
    );
    return live?.snippet?.liveChatId ?? null;
  }

  async function quotaWait(run: ChannelRun) {
    const { msUntilReset } = quotaDay(now());
    run.state = 'quota_wait';
    run.nextPollInMs = msUntilReset;
    await notice(
      run,
      `YouTube chat for ${run.channel.login} has used today's quota budget (${run.budget} units); the bot reads again after midnight Pacific time.`,
      {
        budget: run.budget,
        used: run.used,
        resumesAt: new Date(now().getTime() + msUntilReset).toISOString(),
      },
    );
    await sleep(msUntilReset, run.controller.signal);
  }

  /** One step of the channel's loop; returns how long to wait before the next. */
  async function step(run: ChannelRun): Promise<number> {
    if (!run.liveChatId) {
      run.state = 'finding';
      if (!(await spend(run, youtubeCosts.listBroadcasts))) return -1;
      const found = await findLiveChat(run);
      if (!found) {
        run.state = 'offline';
        return offlineCheckMs;
      }
      await setLiveChat(run, found);
    }
    if (!(await spend(run, youtubeCosts.listMessages))) return -1;
    const params = new URLSearchParams({
      liveChatId: run.liveChatId!,
      part: 'snippet,authorDetails',
      maxResults: '2000',
    });
    if (run.pageToken) params.set('pageToken', run.pageToken);
    let body: {
      items?: YoutubeChatItem[];
      nextPageToken?: string;
      pollingIntervalMillis?: number;
      offlineAt?: string;
    };
    try {
      body = (await api(run, `liveChat/messages?${params}`)) as typeof body;
    } catch (error) {
      if (
        error instanceof YoutubeApiError &&
        (error.reason === 'liveChatEnded' || error.reason === 'liveChatNotFound' || error.status === 404)
      ) {
        await setLiveChat(run, null);
        run.state = 'offline';
        return offlineCheckMs;
      }
      throw error;
    }
    run.state = 'live';
    run.lastError = null;
    for (const item of body.items ?? []) {
      if (item.snippet.publishedAt && Date.parse(item.snippet.publishedAt) < run.readFrom) continue;
      const event = normalizeYoutubeItem(item, run.channel);
      if (!event) continue;
      run.lastEventAt = event.at;
      deps.emit(event);
    }
    if (body.nextPageToken) run.pageToken = body.nextPageToken;
    if (body.offlineAt) {
      await setLiveChat(run, null);
      run.state = 'offline';
      return offlineCheckMs;
    }
    const { msUntilReset } = quotaDay(now());
    const plan = youtubePollDelay({
      budget: run.budget,
      used: run.used,
      pollingIntervalMillis: body.pollingIntervalMillis ?? 5_000,
      msUntilReset,
      maxIntervalMs,
    });
    if (plan.exhausted) return -1;
    // The status shows the stretched interval by the time the streamer reads the notice about it.
    run.nextPollInMs = plan.delayMs;
    if (plan.runsOutInMs !== null) {
      const at = new Date(now().getTime() + plan.runsOutInMs);
      const time = at.toLocaleTimeString('en-US', {
        timeZone: 'America/Los_Angeles',
        hour: 'numeric',
        minute: '2-digit',
      });
      await notice(
        run,
        `YouTube chat for ${run.channel.login} will use up today's quota budget (${run.budget} units) around ${time} Pacific time; the bot stops reading chat then until midnight Pacific.`,
        {
          budget: run.budget,
          used: run.used,
          runsOutAt: at.toISOString(),
          intervalMs: plan.delayMs,
        },
      );
    }
    return plan.delayMs;
  }

  async function loop(run: ChannelRun) {
    const signal = run.controller.signal;
    while (!signal.aborted) {
      let wait: number;
      try {
        if (run.day === null) await loadQuota(run);
        wait = await step(run);
        if (wait < 0) {
          await quotaWait(run);
          continue;
        }
      } catch (error) {
        if (signal.aborted) return;
        run.state = 'error';
        run.lastError = error instanceof Error ? error.message : String(error);
        if (!(error instanceof ChannelTokenError))
          log.warn('youtube chat poll failed', { channelId: run.channel.channelId, error: run.lastError });
        wait =
          error instanceof YoutubeApiError && error.reason === 'quotaExceeded'
            ? quotaDay(now()).msUntilReset
            : errorBackoffMs;
      }
      run.nextPollInMs = wait;
      await sleep(wait, signal);
    }
  }

  async function send(channelId: string, text: string): Promise<SendResult> {
    const run = runs.get(channelId);
    if (!run) return { ok: false, reason: 'not_joined' };
    if (!run.liveChatId)
      return { ok: false, reason: 'refused', detail: 'The channel has no live chat right now.' };
    try {
      if (!(await spend(run, youtubeCosts.insertMessage)))
        return {
          ok: false,
          reason: 'refused',
          detail: `Today's YouTube quota budget (${run.budget} units) cannot cover a message.`,
        };
      const body = (await api(run, 'liveChat/messages?part=snippet', {
        method: 'POST',
        body: JSON.stringify({
          snippet: {
            liveChatId: run.liveChatId,
            type: 'textMessageEvent',
            textMessageDetails: { messageText: text },
          },
        }),
      })) as { id?: string };
      return body.id ? { ok: true, platformMessageId: body.id } : { ok: true };
    } catch (error) {
      if (error instanceof YoutubeApiError && (error.status === 429 || error.reason === 'rateLimitExceeded'))
        return { ok: false, reason: 'rate_limited', retryInMs: 2_000, detail: error.message };
      return { ok: false, reason: 'refused', detail: error instanceof Error ? error.message : String(error) };
    }
  }

  const lookups = createLookupCache(55_000);
  /** The video behind each channel's live chat, so a live lookup costs one videos.list unit. */
  const videoOfChat = new Map<string, { liveChatId: string; videoId: string }>();

  async function videoIdOf(run: ChannelRun): Promise<string | null> {
    const known = videoOfChat.get(run.channel.channelId);
    if (known && known.liveChatId === run.liveChatId) return known.videoId;
    if (!(await spend(run, youtubeCosts.listBroadcasts))) return null;
    const body = (await api(run, 'liveBroadcasts?part=snippet&mine=true')) as {
      items?: { id: string; snippet?: { liveChatId?: string } }[];
    };
    const match = body.items?.find((b) => b.snippet?.liveChatId === run.liveChatId);
    if (!match || !run.liveChatId) return null;
    videoOfChat.set(run.channel.channelId, { liveChatId: run.liveChatId, videoId: match.id });
    return match.id;
  }

  // Only a channel whose chat loop found a live chat is looked up: the loop already checks offline
  // channels for a broadcast, and every lookup spends the streamer's quota. YouTube has no game.
  async function channelInfo(channelId: string): Promise<LiveState | null> {
    const run = runs.get(channelId);
    if (!run) return null;
    if (!run.liveChatId) {
      if (run.state !== 'offline') return null;
      return { live: false, startedAt: null, title: null, game: null, viewers: null };
    }
    return lookups.get(`${channelId}:info:${run.liveChatId}`, async () => {
      const videoId = await videoIdOf(run);
      if (!videoId || !(await spend(run, youtubeCosts.listVideos))) return null;
      const body = (await api(
        run,
        `videos?part=liveStreamingDetails,snippet&id=${encodeURIComponent(videoId)}`,
      )) as {
        items?: {
          snippet?: { title?: string };
          liveStreamingDetails?: {
            actualStartTime?: string;
            actualEndTime?: string;
            concurrentViewers?: string;
          };
        }[];
      };
      const video = body.items?.[0];
      if (!video) return null;
      const details = video.liveStreamingDetails ?? {};
      const live = !!details.actualStartTime && !details.actualEndTime;
      const viewers = Number(details.concurrentViewers);
      return {
        live,
        startedAt: live ? details.actualStartTime! : null,
        title: video.snippet?.title ?? null,
        game: null,
        viewers: live && Number.isFinite(viewers) ? viewers : null,
      };
    });
  }

  async function broadcaster(channelId: string, login: string) {
    const run = runs.get(channelId);
    const handle = login.replace(/^@/, '');
    if (!run || !/^[A-Za-z0-9._-]{3,30}$/.test(handle)) return null;
    return lookups.get(`broadcaster:${handle.toLowerCase()}`, async () => {
      if (!(await spend(run, youtubeCosts.listChannels))) return null;
      const body = (await api(run, `channels?part=snippet&forHandle=${encodeURIComponent(handle)}`)) as {
        items?: { id: string; snippet?: { title?: string; customUrl?: string } }[];
      };
      const found = body.items?.[0];
      if (!found) return null;
      const custom = found.snippet?.customUrl ?? `@${handle}`;
      return {
        login: custom.replace(/^@/, ''),
        displayName: found.snippet?.title ?? handle,
        game: null,
        url: `https://www.youtube.com/${custom.startsWith('@') ? custom : `@${custom}`}`,
      };
    });
  }

  /**
   * Channel → banned user's channel id → the liveChatBan id YouTube gave: lifting a ban takes that
   * id, so a ban made before the runner restarted can only be lifted in YouTube Studio.
   */
  const banIds = new Map<string, Map<string, string>>();

  function failed(error: unknown): SendResult {
    if (error instanceof YoutubeApiError && (error.status === 429 || error.reason === 'rateLimitExceeded'))
      return { ok: false, reason: 'rate_limited', retryInMs: 2_000, detail: error.message };
    if (error instanceof YoutubeApiError && error.status >= 500)
      return { ok: false, reason: 'rate_limited', retryInMs: 5_000, detail: error.message };
    return { ok: false, reason: 'refused', detail: error instanceof Error ? error.message : String(error) };
  }

  async function moderate(channelId: string, action: ModerationAction): Promise<SendResult> {
    const run = runs.get(channelId);
    if (!run) return { ok: false, reason: 'not_joined' };
    const cost =
      action.kind === 'delete'
        ? youtubeCosts.deleteMessage
        : action.kind === 'unban'
          ? youtubeCosts.deleteBan
          : youtubeCosts.insertBan;
    const banned = banIds.get(channelId) ?? new Map<string, string>();
    banIds.set(channelId, banned);
    const banId = action.kind === 'unban' ? banned.get(action.userId) : undefined;
    if (action.kind === 'unban' && !banId)
      return {
        ok: false,
        reason: 'refused',
        detail: 'This ban was not made by the bot since it started; lift it in YouTube Studio.',
      };
    if (action.kind !== 'delete' && action.kind !== 'unban' && !run.liveChatId)
      return { ok: false, reason: 'refused', detail: 'The channel has no live chat right now.' };
    try {
      if (run.day === null) await loadQuota(run);
      if (!(await spend(run, cost)))
        return {
          ok: false,
          reason: 'refused',
          detail: `Today's YouTube quota budget (${run.budget} units) cannot cover a moderation call.`,
        };
      if (action.kind === 'delete') {
        await api(run, `liveChat/messages?id=${encodeURIComponent(action.messageId)}`, { method: 'DELETE' });
        return { ok: true };
      }
      if (action.kind === 'unban') {
        try {
          await api(run, `liveChat/bans?id=${encodeURIComponent(banId!)}`, { method: 'DELETE' });
        } catch (error) {
          // A ban YouTube no longer has (lifted in Studio) leaves nothing to lift.
          if (!(error instanceof YoutubeApiError && error.status === 404)) throw error;
        }
        banned.delete(action.userId);
        return { ok: true };
      }
      const snippet: Record<string, unknown> = {
        liveChatId: run.liveChatId,
        type: action.kind === 'timeout' ? 'temporary' : 'permanent',
        bannedUserDetails: { channelId: action.userId },
      };
      if (action.kind === 'timeout') snippet.banDurationSeconds = Math.max(1, Math.round(action.durationS));
      const body = (await api(run, 'liveChat/bans?part=snippet', {
        method: 'POST',
        body: JSON.stringify({ snippet }),
      })) as { id?: string };
      if (body.id) banned.set(action.userId, body.id);
      return { ok: true };
    } catch (error) {
      return failed(error);
    }
  }

  async function leave(channelId: string) {
    const run = runs.get(channelId);
    if (!run) return;
    runs.delete(channelId);
    videoOfChat.delete(channelId);
    lookups.forget(`${channelId}:`);
    run.controller.abort();
    tokens.forget(channelId);
  }

  deps.signal.addEventListener(
    'abort',
    () => {
      for (const id of [...runs.keys()]) void leave(id);
    },
    { once: true },
  );

  return {
    platform: 'youtube',
    async join(channel) {
      if (runs.has(channel.channelId)) return;
      const run: ChannelRun = {
        channel,
        controller: new AbortController(),
        state: 'finding',
        liveChatId: channel.liveChatId,
        pageToken: null,
        readFrom: now().getTime() - 5_000,
        used: 0,
        budget: 0,
        day: null,
        nextPollInMs: null,
        noticedDay: null,
        lastEventAt: null,
        lastError: null,
      };
      runs.set(channel.channelId, run);
      void loop(run);
    },
    leave,
    send,
    channelInfo,
    // YouTube tells a channel who subscribed only for public subscriptions, one viewer at a time
    // with their channel id, at a quota cost per chat command: followers-only falls back to badges.
    followedAt: async () => null,
    broadcaster,
    moderate,
    async setChatSettings(channelId) {
      if (!runs.has(channelId)) return { ok: false, reason: 'not_joined' };
      return {
        ok: false,
        reason: 'refused',
        detail: "YouTube's Data API has no chat settings (slow mode, members-only) to change.",
      };
    },
    status() {
      const channels: Record<string, unknown> = {};
      for (const [id, r] of runs)
        channels[id] = {
          login: r.channel.login,
          state: r.state,
          liveChatId: r.liveChatId,
          quotaUsed: r.used,
          quotaBudget: r.budget,
          nextPollInMs: r.nextPollInMs,
          lastEventAt: r.lastEventAt,
          lastError: r.lastError,
        };
      return {
        state: config.encryptionKey ? 'connected' : 'not_configured',
        detail: config.encryptionKey
          ? undefined
          : 'ENCRYPTION_KEY is missing: YouTube tokens cannot be read.',
        joined: runs.size,
        channels,
      };
    },
    async stop() {
      for (const id of [...runs.keys()]) await leave(id);
    },
  };
}
