/**
 * The chat features' engine, run inside the chat runner: every event of a channel this process
 * holds goes to the features in order (one channel's events one after another, so entries and
 * votes keep chat's order), then a command goes to the built-in that answers its name, then to
 * custom commands. Studio changes arrive by NOTIFY 'bot' ({tenantId, kind: 'config'}) and drop
 * the tenant's caches; {kind: 'announce', text} says something in every held channel of the tenant.
 */

import type { Pool } from '@homelab/db/client/pool';
import { resolveViewer } from '@homelab/db/stream/currency';
import { type UserLevel, userLevels } from '@homelab/db/stream/events';
import { type BotSettings, readBotSettings } from '@homelab/db/stream/settings';
import { z } from 'zod';
import type { Clock } from '../chat/clock';
import type { ChatManager } from '../chat/manager';
import type { JoinedChannel } from '../chat/types';
import type { Logger } from '../log';
import type {
  BotChatEvent,
  BotDeps,
  BotEvent,
  BuiltinCommand,
  Feature,
  FeatureFactory,
  LiveState,
  PlatformLookups,
} from './types';

export type BotEngineOptions = {
  pool: Pool;
  log: Logger;
  clock: Clock;
  manager: ChatManager;
  features: FeatureFactory[];
  /** Between feature ticks; 5 s by default. */
  tickMs?: number;
  /** Between live-state lookups of each held channel; 60 s by default. */
  liveEveryMs?: number;
};

/** What one chat message may hold: YouTube refuses live chat messages over 200 characters. */
const maxChatLength: Record<JoinedChannel['platform'], number> = { twitch: 500, kick: 500, youtube: 200 };
const viewerCacheSize = 50_000;
const notification = z.discriminatedUnion('kind', [
  z.object({ tenantId: z.string().uuid(), kind: z.literal('config') }),
  /** Viewers were linked (merged): the account → viewer cache of the tenant is stale. */
  z.object({ tenantId: z.string().uuid(), kind: z.literal('viewers') }),
  z.object({
    tenantId: z.string().uuid(),
    kind: z.literal('announce'),
    text: z.string().min(1).max(2_000),
    platforms: z.array(z.enum(['twitch', 'youtube', 'kick'])).optional(),
  }),
]);

/** Cuts a reply to what chat takes, on a word boundary where one is near. */
export function fitChat(text: string, limit = maxChatLength.twitch): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= limit) return clean;
  const cut = clean.slice(0, limit - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > limit * 0.7 ? cut.slice(0, space) : cut}…`;
}

/** Cuts text to what one message on `platform` holds (chat lines and whispers alike). */
function fitFor(platform: JoinedChannel['platform'], text: string): string {
  return fitChat(text, maxChatLength[platform]);
}

export function levelAtLeast(have: UserLevel, need: UserLevel) {
  return userLevels.indexOf(have) >= userLevels.indexOf(need);
}

export function createBotEngine(options: BotEngineOptions) {
  const { pool, log, manager, clock } = options;
  const settingsCache = new Map<string, Promise<BotSettings>>();
  const viewerCache = new Map<string, string>();
  const liveStates = new Map<string, LiveState & { checkedAt: number }>();
  const chains = new Map<string, Promise<void>>();
  // Kick and YouTube send as the streamer's account and deliver the bot's own lines back as the
  // broadcaster's messages: those echoes are recognised here so no feature answers the bot itself.
  const echoes = new Map<string, Map<string, number>>();
  const echoMs = 60_000;
  const counts = { events: 0, commands: 0, failed: 0 };
  let stopped = false;

  const connection = (channel: JoinedChannel) => manager.connections.get(channel.platform);
  const platform: PlatformLookups = {
    async channelInfo(channel) {
      return (await connection(channel)?.channelInfo?.(channel.channelId)) ?? null;
    },
    async followedAt(channel, userId) {
      return (await connection(channel)?.followedAt?.(channel.channelId, userId)) ?? null;
    },
    async broadcaster(channel, login) {
      return (await connection(channel)?.broadcaster?.(channel.channelId, login)) ?? null;
    },
    async startPoll(channel, poll) {
      return (await connection(channel)?.startPoll?.(channel.channelId, poll)) ?? null;
    },
    async endPoll(channel, pollId, status) {
      return (await connection(channel)?.endPoll?.(channel.channelId, pollId, status)) ?? null;
    },
    async moderate(channel, action) {
      const c = connection(channel);
      if (!c?.moderate)
        return { ok: false, reason: 'refused', detail: `${channel.platform} cannot moderate` };
      return c.moderate(channel.channelId, action);
    },
    async setChatSettings(channel, change) {
      const c = connection(channel);
      if (!c?.setChatSettings)
        return {
          ok: false,
          reason: 'refused',
          detail: `${channel.platform} has no follower-only or slow mode`,
        };
      return c.setChatSettings(channel.channelId, change);
    },
  };

  const deps: BotDeps = {
    pool,
    log,
    clock,
    channels: () => manager.leases.held(),
    channel: (id) => manager.leases.get(id),
    send: (channelId, text, replyTo) => {
      const fitted = fitFor(manager.leases.get(channelId)?.platform ?? 'twitch', text);
      const queued = manager.send(channelId, fitted, replyTo) !== null;
      if (queued) remember(channelId, fitted);
      return queued;
    },
    settings,
    live: (channelId) =>
      liveStates.get(channelId) ?? { live: false, startedAt: null, title: null, game: null, viewers: null },
    platform,
  };

  const features: Feature[] = options.features.map((factory) => factory(deps));
  const builtins = new Map<string, { command: BuiltinCommand; feature: string }>();
  for (const feature of features) {
    for (const command of feature.commands ?? []) {
      for (const name of [command.name, ...(command.aliases ?? [])]) {
        if (builtins.has(name)) throw new Error(`two built-in commands answer !${name}`);
        builtins.set(name, { command, feature: feature.name });
      }
    }
  }

  function remember(channelId: string, text: string) {
    let sent = echoes.get(channelId);
    if (!sent) {
      sent = new Map();
      echoes.set(channelId, sent);
    }
    const now = clock.now();
    for (const [key, at] of sent) if (now - at > echoMs || sent.size > 200) sent.delete(key);
    sent.set(text, now);
  }

  function isEcho(event: BotChatEvent, channel: JoinedChannel) {
    if (event.userId !== channel.platformChannelId || !event.text) return false;
    const sent = echoes.get(channel.channelId);
    const at = sent?.get(event.text.trim());
    if (at === undefined || clock.now() - at > echoMs) return false;
    sent!.delete(event.text.trim());
    return true;
  }

  function settings(tenantId: string): Promise<BotSettings> {
    let cached = settingsCache.get(tenantId);
    if (!cached) {
      cached = pool.sql<{ settings: unknown }[]>`
        select settings from bot_settings where tenant_id = ${tenantId}`.then(
        ([row]) => readBotSettings(row?.settings),
        (error) => {
          settingsCache.delete(tenantId);
          throw error;
        },
      );
      settingsCache.set(tenantId, cached);
    }
    return cached;
  }

  async function viewerOf(event: BotChatEvent): Promise<string | null> {
    if (!event.userId) return null;
    const key = `${event.tenantId}:${event.platform}:${event.userId}`;
    const known = viewerCache.get(key);
    if (known) return known;
    const id = await resolveViewer(pool.db, {
      tenantId: event.tenantId,
      platform: event.platform,
      platformUserId: event.userId,
      userName: event.userName ?? event.userId,
    });
    if (viewerCache.size >= viewerCacheSize) viewerCache.delete(viewerCache.keys().next().value!);
    viewerCache.set(key, id);
    return id;
  }

  function levelOf(event: BotChatEvent, channel: JoinedChannel): UserLevel {
    if (event.userId && event.userId === channel.platformChannelId) return 'broadcaster';
    const level = event.detail.level;
    return typeof level === 'string' && (userLevels as readonly string[]).includes(level)
      ? (level as UserLevel)
      : 'everyone';
  }

  function contextFor(event: BotChatEvent, channel: JoinedChannel, botSettings: BotSettings): BotEvent {
    const level = levelOf(event, channel);
    let viewer: Promise<string | null> | null = null;
    const replyTo = event.platformEventId ?? undefined;
    const canWhisper = () => Boolean(event.userId && connection(channel)?.whisper);
    // Whispers skip the chat queue; one the platform refuses (unverified bot, limits) reports false.
    const whisper = async (text: string): Promise<boolean> => {
      const platformConnection = event.userId ? connection(channel) : undefined;
      if (!platformConnection?.whisper) return false;
      try {
        const result = await platformConnection.whisper(
          channel.channelId,
          event.userId!,
          fitFor(channel.platform, text),
        );
        if (result.ok) return true;
        log.info('whisper not sent', {
          channelId: channel.channelId,
          reason: result.reason,
          detail: result.detail,
        });
      } catch (error) {
        log.warn('whisper failed', { channelId: channel.channelId, err: error });
      }
      return false;
    };
    return {
      event,
      channel,
      level,
      settings: botSettings,
      viewerId: () => {
        viewer ??= viewerOf(event);
        return viewer;
      },
      whisper,
      reply(text, replyOptions) {
        const as = replyOptions?.as ?? 'say';
        const inChat = () => {
          const body = as === 'whisper' && event.userName ? `@${event.userName} ${text}` : text;
          if (!deps.send(channel.channelId, body, as === 'say' ? undefined : replyTo))
            log.debug('reply for a channel this process no longer holds', { channelId: channel.channelId });
        };
        // Without whispers on the platform the answer goes to chat at once, keeping chat's order.
        if (as !== 'whisper' || !canWhisper()) return inChat();
        void whisper(text).then((sent) => {
          if (!sent) inChat();
        });
      },
      async allows(need) {
        if (levelAtLeast(level, need)) return true;
        if (need !== 'follower' || !event.userId) return false;
        const followed = await platform.followedAt(channel, event.userId).catch(() => null);
        return followed !== null;
      },
      handled: false,
    };
  }

  async function handle(event: BotChatEvent) {
    const channel = deps.channel(event.channelId);
    if (!channel || stopped || isEcho(event, channel)) return;
    counts.events++;
    trackLive(event);
    const ctx = contextFor(event, channel, await settings(event.tenantId));
    for (const feature of features) {
      if (!feature.onEvent) continue;
      try {
        await feature.onEvent(ctx);
      } catch (error) {
        counts.failed++;
        log.warn('a chat feature failed on an event', {
          feature: feature.name,
          eventId: event.id,
          err: error,
        });
      }
    }
    if (ctx.handled || event.kind !== 'command') return;
    const command = String(event.detail.command ?? '').toLowerCase();
    const args = Array.isArray(event.detail.args) ? event.detail.args.map(String) : [];
    if (!command) return;
    counts.commands++;
    const builtin = builtins.get(command);
    if (builtin && (builtin.command.enabled?.(ctx.settings) ?? true)) {
      const need =
        typeof builtin.command.minLevel === 'function'
          ? builtin.command.minLevel(ctx.settings)
          : builtin.command.minLevel;
      if (!(await ctx.allows(need))) return;
      try {
        await builtin.command.run(ctx, args);
      } catch (error) {
        counts.failed++;
        log.warn('a built-in command failed', { command, feature: builtin.feature, err: error });
      }
      return;
    }
    for (const feature of features) {
      if (!feature.onCommand) continue;
      try {
        if (await feature.onCommand(ctx, command, args)) return;
      } catch (error) {
        counts.failed++;
        log.warn('a custom command failed', { command, feature: feature.name, err: error });
        return;
      }
    }
  }

  function trackLive(event: BotChatEvent) {
    if (event.kind !== 'stream_online' && event.kind !== 'stream_offline') return;
    const before = deps.live(event.channelId);
    liveStates.set(event.channelId, {
      ...before,
      live: event.kind === 'stream_online',
      startedAt: event.kind === 'stream_online' ? event.at : null,
      title: typeof event.detail.title === 'string' ? event.detail.title : before.title,
      game: typeof event.detail.game === 'string' ? event.detail.game : before.game,
      viewers: event.kind === 'stream_online' ? before.viewers : null,
      checkedAt: clock.now(),
    });
  }

  function enqueue(event: BotChatEvent) {
    if (!deps.channel(event.channelId)) return;
    const previous = chains.get(event.channelId) ?? Promise.resolve();
    const next = previous
      .then(() => handle(event))
      .catch((error) => log.warn('a chat event was not handled', { eventId: event.id, err: error }));
    chains.set(event.channelId, next);
    void next.then(() => {
      if (chains.get(event.channelId) === next) chains.delete(event.channelId);
    });
  }

  async function refreshLive() {
    const every = options.liveEveryMs ?? 60_000;
    for (const channel of deps.channels()) {
      const known = liveStates.get(channel.channelId);
      if (known && clock.now() - known.checkedAt < every) continue;
      const info = await platform.channelInfo(channel).catch((error) => {
        log.debug('live lookup failed', { channelId: channel.channelId, err: error });
        return null;
      });
      if (info) liveStates.set(channel.channelId, { ...info, checkedAt: clock.now() });
      else if (known) known.checkedAt = clock.now();
    }
    for (const id of liveStates.keys()) if (!deps.channel(id)) liveStates.delete(id);
  }

  function onNotify(payload: string) {
    let parsed: z.infer<typeof notification>;
    try {
      parsed = notification.parse(JSON.parse(payload));
    } catch {
      log.debug('ignored a malformed bot notification');
      return;
    }
    if (parsed.kind === 'viewers') {
      const prefix = `${parsed.tenantId}:`;
      for (const key of viewerCache.keys()) if (key.startsWith(prefix)) viewerCache.delete(key);
      return;
    }
    if (parsed.kind === 'config') {
      settingsCache.delete(parsed.tenantId);
      for (const feature of features) feature.invalidate?.(parsed.tenantId);
      return;
    }
    for (const channel of deps.channels()) {
      if (channel.tenantId !== parsed.tenantId) continue;
      if (parsed.platforms && !parsed.platforms.includes(channel.platform)) continue;
      deps.send(channel.channelId, parsed.text);
    }
  }

  let unsubscribe: (() => void) | null = null;
  let listening: { unlisten(): Promise<void> } | null = null;
  let ticker: NodeJS.Timeout | null = null;
  let ticking = false;

  return {
    deps,
    features,
    builtins: () =>
      [...new Set([...builtins.values()].map((b) => b.command))].map((c) => ({
        name: c.name,
        aliases: c.aliases ?? [],
        description: c.description,
      })),
    async start() {
      listening = await pool.sql.listen('bot', onNotify);
      unsubscribe = manager.pipeline.subscribeIncoming(enqueue);
      ticker = setInterval(async () => {
        if (ticking || stopped) return;
        ticking = true;
        try {
          await refreshLive();
          for (const feature of features) {
            await feature
              .tick?.(clock.now())
              .catch((error) =>
                log.warn('a chat feature tick failed', { feature: feature.name, err: error }),
              );
          }
        } finally {
          ticking = false;
        }
      }, options.tickMs ?? 5_000);
      ticker.unref();
    },
    /** Waits until every event handed over so far has been handled (tests, shutdown). */
    async settle() {
      while (chains.size > 0) await Promise.all([...chains.values()]);
    },
    stats: () => ({ ...counts, pending: chains.size }),
    async stop() {
      stopped = true;
      unsubscribe?.();
      if (ticker) clearInterval(ticker);
      await listening?.unlisten().catch(() => {});
      await Promise.all([...chains.values()]);
      for (const feature of features) await feature.stop?.().catch(() => {});
    },
  };
}
export type BotEngine = ReturnType<typeof createBotEngine>;
