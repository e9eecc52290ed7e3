import type { Pool } from '@homelab/db/client/pool';
import type { ChatEvent } from '@homelab/db/stream/events';
import { readBotSettings } from '@homelab/db/stream/settings';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotDeps, BotEvent, Feature, LiveState } from '../bot/types';
import type { Clock } from '../chat/clock';
import type { StoredChatEvent } from '../chat/store';
import { insertChannel, insertTenant } from '../chat/testing';
import type { JoinedChannel } from '../chat/types';
import { createLogger } from '../log';
import { testPool } from '../testing/database';
import { streamStatsFeature } from './feature';

const start = Date.parse('2025-01-10T18:00:00Z');

async function setup(pool: Pool) {
  const tenantId = await insertTenant(pool.sql);
  const channelId = await insertChannel(pool.sql, tenantId, { platform: 'twitch' });
  const channel: JoinedChannel = {
    channelId,
    tenantId,
    platform: 'twitch',
    platformChannelId: '1',
    login: 'ada',
    botIsModerator: true,
    liveChatId: null,
    chatMode: 'socket',
  };
  let now = start;
  const clock: Clock & { advance(ms: number): void } = {
    now: () => now,
    setTimeout: () => 0,
    clearTimeout: () => {},
    advance: (ms) => {
      now += ms;
    },
  };
  const live: LiveState = { live: false, startedAt: null, title: null, game: null, viewers: null };
  const deps: BotDeps = {
    pool,
    log: createLogger({ level: 'error' }),
    clock,
    channels: () => [channel],
    channel: (id) => (id === channelId ? channel : undefined),
    send: () => true,
    settings: async () => readBotSettings(undefined),
    live: () => live,
    platform: {
      channelInfo: async () => null,
      followedAt: async () => null,
      broadcaster: async () => null,
      moderate: async () => ({ ok: false, reason: 'refused' }),
      setChatSettings: async () => ({ ok: false, reason: 'refused' }),
    },
  };
  let nextId = 1;
  /** Stores the event in chat_events (the summary reads it) and hands it to the feature. */
  async function event(feature: Feature, e: Partial<ChatEvent> & { kind: ChatEvent['kind'] }) {
    const full: StoredChatEvent = {
      id: nextId++,
      tenantId,
      channelId,
      platform: 'twitch',
      platformEventId: null,
      userId: null,
      userName: null,
      text: null,
      detail: {},
      at: new Date(clock.now()).toISOString(),
      ...e,
    };
    await pool.sql`
      insert into chat_events (tenant_id, channel_id, platform, kind, user_id, user_name, text, detail, at)
      values (${tenantId}, ${channelId}, 'twitch', ${full.kind}, ${full.userId}, ${full.userName}, ${full.text},
        ${JSON.stringify(full.detail)}::text::jsonb, ${full.at})`;
    const ctx: BotEvent = {
      event: full,
      channel,
      level: 'everyone',
      settings: readBotSettings(undefined),
      viewerId: async () => null,
      whisper: async () => false,
      reply: () => {},
      allows: async () => true,
      handled: false,
    };
    await feature.onEvent!(ctx);
  }
  const say = (feature: Feature, user: string, text: string) =>
    event(feature, {
      kind: text.startsWith('!') ? 'command' : 'message',
      userId: `u-${user}`,
      userName: user,
      text,
      detail: text.startsWith('!') ? { command: text.slice(1).split(' ')[0], args: [] } : {},
    });
  const sessions = () =>
    pool.sql<
      {
        id: string;
        ended_at: Date | null;
        peak_viewers: number;
        messages: number;
        chatters: number;
        new_followers: number;
        new_subs: number;
        title: string | null;
        summary: { topChatters?: unknown[]; commands?: unknown[] };
      }[]
    >`select * from stream_sessions where channel_id = ${channelId} order by started_at`;
  const samples = (sessionId: string) =>
    pool.sql<{ viewers: number | null; messages: number; chatters: number }[]>`
      select viewers, messages, chatters from stream_samples where session_id = ${sessionId} order by at`;
  return { tenantId, channel, clock, live, deps, event, say, sessions, samples };
}

describe('stream stats feature', () => {
  let pool: Pool;
  beforeAll(() => {
    pool = testPool();
  });
  afterAll(async () => {
    await pool.sql.end();
  });

  it('opens on stream_online, samples each minute, counts follows and subs, closes with a summary', async () => {
    const t = await setup(pool);
    const feature = streamStatsFeature(t.deps);
    Object.assign(t.live, { live: true, startedAt: new Date(start).toISOString(), viewers: 10 });
    await t.event(feature, { kind: 'stream_online', detail: { title: 'Speedrun', game: 'Celeste' } });
    await feature.tick!(t.clock.now());
    expect(await t.sessions()).toHaveLength(1);

    await t.say(feature, 'ada', 'hello');
    await t.say(feature, 'bob', '!uptime');
    await t.say(feature, 'ada', '!uptime');
    await t.event(feature, { kind: 'follow', userId: 'u-carl', userName: 'carl' });
    await t.event(feature, { kind: 'gift', userId: 'u-dan', userName: 'dan', detail: { count: 5 } });
    await t.event(feature, { kind: 'sub', userId: 'u-eve', userName: 'eve' });
    t.clock.advance(60_000);
    await feature.tick!(t.clock.now());

    t.live.viewers = 25;
    await t.say(feature, 'carl', 'gg');
    t.clock.advance(30_000);
    await feature.tick!(t.clock.now());
    t.clock.advance(30_000);
    await feature.tick!(t.clock.now());

    const [open] = await t.sessions();
    expect(open).toMatchObject({
      ended_at: null,
      title: 'Speedrun',
      peak_viewers: 25,
      messages: 4,
      chatters: 3,
      new_followers: 1,
      new_subs: 6,
    });
    expect(await t.samples(open!.id)).toEqual([
      { viewers: 10, messages: 3, chatters: 2 },
      { viewers: 25, messages: 1, chatters: 1 },
    ]);

    t.live.live = false;
    await t.event(feature, { kind: 'stream_offline' });
    const [closed] = await t.sessions();
    expect(closed!.ended_at).not.toBeNull();
    expect(closed!.summary).toEqual({
      topChatters: [
        { userName: 'ada', messages: 2 },
        { userName: 'bob', messages: 1 },
        { userName: 'carl', messages: 1 },
      ],
      commands: [{ command: 'uptime', uses: 2 }],
    });
  });

  it('opens from the live state and closes after two offline checks', async () => {
    const t = await setup(pool);
    const feature = streamStatsFeature(t.deps);
    await feature.tick!(t.clock.now());
    expect(await t.sessions()).toHaveLength(0);
    Object.assign(t.live, {
      live: true,
      startedAt: new Date(start).toISOString(),
      viewers: 3,
      title: 'Chill',
    });
    await feature.tick!(t.clock.now());
    expect(await t.sessions()).toMatchObject([{ ended_at: null, title: 'Chill', peak_viewers: 3 }]);

    t.live.live = false;
    t.clock.advance(60_000);
    await feature.tick!(t.clock.now());
    expect((await t.sessions())[0]!.ended_at).toBeNull();
    t.clock.advance(60_000);
    await feature.tick!(t.clock.now());
    const [closed] = await t.sessions();
    expect(closed!.ended_at).not.toBeNull();
  });

  it('resumes the open session after a restart instead of opening another', async () => {
    const t = await setup(pool);
    const first = streamStatsFeature(t.deps);
    Object.assign(t.live, { live: true, startedAt: new Date(start).toISOString(), viewers: 8 });
    await first.tick!(t.clock.now());
    await t.say(first, 'ada', 'one');
    await t.say(first, 'bob', 'two');
    await first.stop!();

    const second = streamStatsFeature(t.deps);
    t.clock.advance(60_000);
    await second.tick!(t.clock.now());
    await t.say(second, 'ada', 'three');
    t.clock.advance(60_000);
    await second.tick!(t.clock.now());
    const rows = await t.sessions();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ ended_at: null, messages: 3, chatters: 2 });
  });

  it('opens one session when the online event and a tick race', async () => {
    const t = await setup(pool);
    const feature = streamStatsFeature(t.deps);
    Object.assign(t.live, { live: true, startedAt: new Date(start).toISOString(), viewers: 1 });
    await Promise.all([
      feature.tick!(t.clock.now()),
      t.event(feature, { kind: 'stream_online' }),
      feature.tick!(t.clock.now()),
    ]);
    expect(await t.sessions()).toHaveLength(1);
  });
});
