/**
 * A hand-built BotDeps and BotEvent for the currency and games tests: real database, fake chat.
 * No platform has private messages until `setWhispers` gives one them (delivered or refused).
 */
import type { Pool } from '@homelab/db/client/pool';
import { resolveViewer } from '@homelab/db/stream/currency';
import type { UserLevel } from '@homelab/db/stream/events';
import { type BotSettings, readBotSettings } from '@homelab/db/stream/settings';
import type { BotDeps, BotEvent, Feature, LiveState } from '../bot/types';
import { insertChannel, insertTenant } from '../chat/testing';
import type { JoinedChannel } from '../chat/types';
import { createLogger } from '../log';

export async function botHarness(pool: Pool, settingsInput: Record<string, unknown> = {}) {
  const tenantId = await insertTenant(pool.sql);
  const channels: JoinedChannel[] = [];
  for (const platform of ['twitch', 'kick'] as const) {
    const channelId = await insertChannel(pool.sql, tenantId, { platform });
    channels.push({
      channelId,
      tenantId,
      platform,
      platformChannelId: `owner-${platform}`,
      login: `owner_${platform}`,
      botIsModerator: true,
      liveChatId: null,
      chatMode: 'webhook',
    });
  }
  let now = 1_800_000_000_000;
  const sent: { channelId: string; text: string }[] = [];
  const whispered: { channelId: string; userName: string; text: string }[] = [];
  /** platform → whether its private messages are delivered; absent: the platform has none. */
  const whispers = new Map<JoinedChannel['platform'], boolean>();
  const live = new Map<string, boolean>();
  let settings: BotSettings = readBotSettings(settingsInput);
  const deps: BotDeps = {
    pool,
    log: createLogger({ level: 'error' }),
    clock: { now: () => now, setTimeout: () => 0, clearTimeout: () => {} },
    channels: () => channels,
    channel: (id) => channels.find((c) => c.channelId === id),
    send: (channelId, text) => {
      sent.push({ channelId, text });
      return true;
    },
    settings: async () => settings,
    live: (channelId): LiveState => ({
      live: live.get(channelId) ?? false,
      startedAt: null,
      title: null,
      game: null,
      viewers: null,
    }),
    platform: {
      channelInfo: async () => null,
      followedAt: async () => null,
      broadcaster: async () => null,
      moderate: async () => ({ ok: false, reason: 'refused' }),
      setChatSettings: async () => ({ ok: false, reason: 'refused' }),
    },
  };
  let eventId = 1;

  function event(
    channel: JoinedChannel,
    user: string,
    text: string,
    extra: { level?: UserLevel; badges?: Record<string, string> } = {},
  ): BotEvent {
    const command = /^!(\S+)\s*(.*)$/.exec(text);
    const replies = sent;
    let viewer: Promise<string> | null = null;
    return {
      event: {
        id: eventId++,
        tenantId,
        channelId: channel.channelId,
        platform: channel.platform,
        kind: command ? 'command' : 'message',
        platformEventId: `e${eventId}`,
        userId: `${channel.platform}-${user}`,
        userName: user,
        text,
        detail: {
          level: extra.level ?? 'everyone',
          badges: extra.badges ?? {},
          ...(command ? { command: command[1], args: command[2]!.split(/\s+/).filter(Boolean) } : {}),
        },
        at: new Date(now).toISOString(),
      },
      channel,
      level: extra.level ?? 'everyone',
      settings,
      viewerId: () => {
        viewer ??= resolveViewer(pool.db, {
          tenantId,
          platform: channel.platform,
          platformUserId: `${channel.platform}-${user}`,
          userName: user,
        });
        return viewer;
      },
      whisper: async (text) => {
        if (!whispers.get(channel.platform)) return false;
        whispered.push({ channelId: channel.channelId, userName: user, text });
        return true;
      },
      reply: (text, options) => {
        if (options?.as !== 'whisper') return void replies.push({ channelId: channel.channelId, text });
        if (whispers.get(channel.platform))
          return void whispered.push({ channelId: channel.channelId, userName: user, text });
        replies.push({ channelId: channel.channelId, text: `@${user} ${text}` });
      },
      allows: async () => true,
      handled: false,
    };
  }

  /** Runs `text` as chat does: onEvent, then the built-in the command names. */
  async function say(feature: Feature, channel: JoinedChannel, user: string, text: string, extra = {}) {
    const ctx = event(channel, user, text, extra);
    await feature.onEvent?.(ctx);
    if (ctx.event.kind !== 'command') return ctx;
    const name = String(ctx.event.detail.command).toLowerCase();
    const builtin = feature.commands?.find((c) => c.name === name || c.aliases?.includes(name));
    if (builtin && (builtin.enabled?.(settings) ?? true))
      await builtin.run(ctx, ctx.event.detail.args as string[]);
    return ctx;
  }

  async function viewer(channel: JoinedChannel, user: string) {
    return resolveViewer(pool.db, {
      tenantId,
      platform: channel.platform,
      platformUserId: `${channel.platform}-${user}`,
      userName: user,
    });
  }

  async function balance(viewerId: string) {
    const [row] = await pool.sql<{ balance: string }[]>`select balance from viewers where id = ${viewerId}`;
    return row ? Number(row.balance) : null;
  }

  return {
    tenantId,
    twitch: channels[0]!,
    kick: channels[1]!,
    deps,
    sent,
    say,
    event,
    viewer,
    balance,
    whispered,
    lastReply: () => sent.at(-1)?.text ?? '',
    lastWhisper: () => whispered.at(-1)?.text ?? '',
    /** Gives `platform` private messages that are delivered (true) or refused (false). */
    setWhispers: (platform: JoinedChannel['platform'], deliver: boolean) => whispers.set(platform, deliver),
    setLive: (channelId: string, on: boolean) => live.set(channelId, on),
    advance: (ms: number) => {
      now += ms;
    },
    now: () => now,
    setSettings: (input: Record<string, unknown>) => {
      settings = readBotSettings(input);
    },
  };
}
