/**
 * A harness for the chat features' tests: a real database, one tenant with a channel per platform,
 * the chat manager with fake connections (their platform lookups answer what the test sets), and
 * the engine with the features under test. `chat()` puts a viewer's line in as the platform would;
 * `settle()` waits until it was stored and handled; `replies()` is what the bot sent in chat and
 * `whispers()` what it sent privately (only platforms named in `whispers` have private messages).
 */

import { createPool } from '@homelab/db/client/pool';
import type { ChatPlatform } from '@homelab/db/schema';
import { type ChatEvent, parseCommand, type UserLevel } from '@homelab/db/stream/events';
import { type Clock, systemClock } from '../chat/clock';
import { createChatManager } from '../chat/manager';
import { fakeConnection, insertChannel, insertTenant } from '../chat/testing';
import type { PlatformConnection } from '../chat/types';
import { createLogger } from '../log';
import { privateDatabaseUrl } from '../testing/database';
import { createBotEngine } from './engine';
import type { FeatureFactory, LiveState } from './types';

export type ChatLine = {
  userId?: string;
  userName?: string;
  level?: UserLevel;
  platform?: ChatPlatform;
  kind?: ChatEvent['kind'];
  detail?: Record<string, unknown>;
  /** Another channel than the platform's test channel (one this process does not hold). */
  channelId?: string;
};

export async function botHarness(options: {
  features: FeatureFactory[];
  clock?: Clock;
  platforms?: ChatPlatform[];
  /** Platforms with private messages, and whether they deliver them (true) or refuse them (false). */
  whispers?: Partial<Record<ChatPlatform, boolean>>;
}) {
  // A database of its own: the lease loop takes every free channel it can see.
  const pool = createPool(await privateDatabaseUrl(), { max: 8 });
  const log = createLogger({ level: 'error' });
  const platforms = options.platforms ?? ['twitch', 'kick', 'youtube'];
  const tenantId = await insertTenant(pool.sql);
  const channelIds = {} as Record<ChatPlatform, string>;
  for (const platform of platforms)
    channelIds[platform] = await insertChannel(pool.sql, tenantId, { platform });

  const live = new Map<string, LiveState>();
  const follows = new Map<string, string>();
  const broadcasters = new Map<
    string,
    { login: string; displayName: string; game: string | null; url: string }
  >();
  const fakes = platforms.map((platform) => fakeConnection(platform));
  const delivers = new Map(Object.entries(options.whispers ?? {}) as [ChatPlatform, boolean][]);
  const whispered: { platform: ChatPlatform; userId: string; text: string }[] = [];
  const abort = new AbortController();
  const manager = createChatManager({
    sql: pool.sql,
    log,
    holder: `bot-test-${crypto.randomUUID().slice(0, 8)}`,
    signal: abort.signal,
    connect: (deps) =>
      fakes.map((fake, i): PlatformConnection => {
        const connection = fake.connect(deps);
        const platform = platforms[i]!;
        return {
          ...connection,
          ...(delivers.has(platform)
            ? {
                whisper: async (_channelId: string, userId: string, text: string) => {
                  if (!delivers.get(platform))
                    return { ok: false, reason: 'refused', detail: 'whispers refused' } as const;
                  whispered.push({ platform, userId, text });
                  return { ok: true } as const;
                },
              }
            : {}),
          channelInfo: async (channelId) => live.get(channelId) ?? null,
          followedAt: async (channelId, userId) => follows.get(`${channelId}:${userId}`) ?? null,
          broadcaster: async (_channelId, login) => broadcasters.get(login.toLowerCase()) ?? null,
        };
      }),
    lease: { leaseMs: 30_000, renewMs: 10_000, acquirePerCycle: 100 },
    pipeline: { flushMs: 5 },
    clock: options.clock,
  });
  await manager.start();
  const engine = createBotEngine({
    pool,
    log,
    clock: options.clock ?? systemClock,
    manager,
    features: options.features,
    tickMs: 3_600_000,
    liveEveryMs: 0,
  });
  await engine.start();
  for (let i = 0; i < 100 && platforms.some((p) => !manager.leases.get(channelIds[p])); i++)
    await new Promise((resolve) => setTimeout(resolve, 20));

  let n = 0;
  const harness = {
    pool,
    tenantId,
    channelIds,
    manager,
    engine,
    /** Sets what the platform says about a channel (live, viewers, title, game). */
    setLive(platform: ChatPlatform, state: Partial<LiveState>) {
      const channelId = channelIds[platform];
      live.set(channelId, {
        live: true,
        startedAt: new Date().toISOString(),
        title: null,
        game: null,
        viewers: null,
        ...live.get(channelId),
        ...state,
      });
    },
    setFollow(platform: ChatPlatform, userId: string, at: string) {
      follows.set(`${channelIds[platform]}:${userId}`, at);
    },
    setBroadcaster(login: string, info: { displayName?: string; game?: string | null; url?: string }) {
      broadcasters.set(login.toLowerCase(), {
        login,
        displayName: info.displayName ?? login,
        game: info.game ?? null,
        url: info.url ?? `https://twitch.tv/${login}`,
      });
    },
    /** A line in chat (a command when it starts with `!`), or a notification with `kind`. */
    chat(text: string | null, line: ChatLine = {}) {
      const platform = line.platform ?? platforms[0]!;
      const fake = fakes[platforms.indexOf(platform)]!;
      const command = text ? parseCommand(text) : null;
      n++;
      fake.emit({
        tenantId,
        channelId: line.channelId ?? channelIds[platform],
        platform,
        kind: line.kind ?? (command ? 'command' : 'message'),
        platformEventId: `evt-${n}-${crypto.randomUUID().slice(0, 6)}`,
        userId: line.userId ?? 'u1',
        userName: line.userName ?? 'viewer1',
        text,
        detail: { level: line.level ?? 'everyone', badges: {}, ...command, ...line.detail },
        at: new Date().toISOString(),
      });
    },
    /** Waits until everything said so far was stored and every feature has seen it. */
    async settle() {
      await manager.pipeline.flush();
      await engine.settle();
      // Kick and YouTube take one message a second: queued replies go out on the queue's timers.
      for (let i = 0; i < 500 && manager.queue.depth() > 0; i++) await new Promise((r) => setTimeout(r, 20));
      await manager.queue.settled();
    },
    /** Texts the bot sent, oldest first (optionally one platform's). */
    replies(platform?: ChatPlatform) {
      return fakes
        .filter((_, i) => !platform || platforms[i] === platform)
        .flatMap((fake) => fake.sent.map((s) => s.text));
    },
    /** Private messages the platforms delivered, oldest first (optionally one platform's). */
    whispers(platform?: ChatPlatform) {
      return whispered.filter((w) => !platform || w.platform === platform);
    },
    /** Whether a platform named in `whispers` delivers private messages from now on. */
    setWhispers(platform: ChatPlatform, deliver: boolean) {
      if (!delivers.has(platform)) throw new Error(`${platform} has no private messages in this harness`);
      delivers.set(platform, deliver);
    },
    clearReplies() {
      for (const fake of fakes) fake.sent.length = 0;
      whispered.length = 0;
    },
    /** Runs every feature's tick once (timers, watch time, stats) at `now`. */
    async tick(now = (options.clock ?? systemClock).now()) {
      for (const feature of engine.features) await feature.tick?.(now);
    },
    async stop() {
      await engine.stop();
      await manager.stop({ release: true });
      abort.abort();
      await pool.sql.end();
    },
  };
  return harness;
}
export type BotHarness = Awaited<ReturnType<typeof botHarness>>;
