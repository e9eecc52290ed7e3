import type { Pool } from '@homelab/db/client/pool';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeKickApi, startFakeKickApi } from '../../../../e2e/fakes/kick-api/server';
import { type FakeTwitch, startFakeTwitch } from '../../../../e2e/fakes/twitch/server';
import { type FakeYoutubeData, startFakeYoutubeData } from '../../../../e2e/fakes/youtube-data/server';
import { createLogger } from '../../log';
import { privateDatabaseUrl, testPool } from '../../testing/database';
import { waitFor } from '../../testing/helpers';
import type { JoinedChannel, PlatformConnection } from '../types';
import { createKickConnection } from './kick';
import { seedChannel, testEncryptionKey } from './testing';
import { createTwitchConnection } from './twitch';
import { createYoutubeConnection } from './youtube';

const quiet = createLogger({ write: () => {} });
const deps = () => ({ emit: () => {}, log: quiet, signal: new AbortController().signal });

describe('twitch lookups against the fake Helix', () => {
  let twitch: FakeTwitch;
  let connection: PlatformConnection;
  let ada: JoinedChannel;

  beforeAll(async () => {
    twitch = await startFakeTwitch();
    const streamer = twitch.addUser({ login: 'ada', displayName: 'Ada' });
    twitch.addUser({ login: 'grace', displayName: 'Grace' });
    twitch.setChannel('grace', { game_name: 'Celeste', game_id: '504461' });
    twitch.setChannel('ada', { title: 'Chill', game_name: 'Chess', game_id: '743' });
    // The bot is a moderator of ada's channel and was authorized to read its followers.
    twitch.setModerator('ada', twitch.botLogin, true);
    const grant = twitch.oauth.issueToken(twitch.bot.id, [
      'chat:read',
      'chat:edit',
      'moderator:read:followers',
    ]) as { refresh_token: string };
    ada = {
      channelId: crypto.randomUUID(),
      tenantId: crypto.randomUUID(),
      platform: 'twitch',
      platformChannelId: streamer.id,
      login: 'ada',
      botIsModerator: true,
      liveChatId: null,
      chatMode: 'webhook',
    };
    connection = createTwitchConnection(deps(), {
      clientId: twitch.clientId,
      clientSecret: twitch.clientSecret,
      authBaseUrl: twitch.authBaseUrl,
      apiBaseUrl: twitch.apiBaseUrl,
      ircUrl: twitch.ircUrl,
      botLogin: twitch.botLogin,
      botRefreshToken: grant.refresh_token,
    });
    await connection.join(ada);
    await waitFor(
      () =>
        (connection.status().channels as Record<string, { state: string }>)[ada.channelId]?.state ===
        'joined',
    );
  });

  afterAll(async () => {
    await connection.stop();
    await twitch.close();
  });

  it('reads an offline channel, then a live one with viewers, title and game (cached)', async () => {
    expect(await connection.channelInfo!(ada.channelId)).toEqual({
      live: false,
      startedAt: null,
      title: 'Chill',
      game: 'Chess',
      viewers: null,
    });
    await connection.leave(ada.channelId);
    await connection.join(ada);
    const stream = twitch.goLive('ada', { title: 'Ranked', gameName: 'Chess', viewers: 42 });
    expect(await connection.channelInfo!(ada.channelId)).toEqual({
      live: true,
      startedAt: stream.started_at,
      title: 'Ranked',
      game: 'Chess',
      viewers: 42,
    });
    twitch.setStream('ada', { viewers: 50 });
    const calls = twitch.requests.filter((r) => r.path === '/helix/streams').length;
    expect((await connection.channelInfo!(ada.channelId))?.viewers).toBe(42);
    expect(twitch.requests.filter((r) => r.path === '/helix/streams').length).toBe(calls);
    expect(await connection.channelInfo!(crypto.randomUUID())).toBeNull();
  });

  it('tells when a viewer followed, and null for one who does not', async () => {
    const at = new Date('2024-03-01T12:00:00Z');
    const fan = twitch.follow('ada', 'fan1', at);
    const stranger = twitch.addUser({ login: 'stranger' });
    expect(await connection.followedAt!(ada.channelId, fan.id)).toBe('2024-03-01T12:00:00Z');
    expect(await connection.followedAt!(ada.channelId, stranger.id)).toBeNull();
    expect(await connection.followedAt!(ada.channelId, 'not-an-id')).toBeNull();
  });

  it('finds another broadcaster with their last category, and null for an unknown login', async () => {
    expect(await connection.broadcaster!(ada.channelId, '@Grace')).toEqual({
      login: 'grace',
      displayName: 'Grace',
      game: 'Celeste',
      url: 'https://twitch.tv/grace',
    });
    expect(await connection.broadcaster!(ada.channelId, 'nobody_here')).toBeNull();
    expect(await connection.broadcaster!(ada.channelId, 'bad login!')).toBeNull();
  });
});

describe('helix followers without the moderator scope', () => {
  it('shows only the total, so the lookup answers null', async () => {
    const twitch = await startFakeTwitch();
    try {
      const streamer = twitch.addUser({ login: 'ada' });
      const fan = twitch.follow('ada', 'fan1');
      const res = await fetch(
        `${twitch.apiBaseUrl}/helix/channels/followers?broadcaster_id=${streamer.id}&user_id=${fan.id}`,
        { headers: { authorization: `Bearer ${twitch.botAccessToken}`, 'client-id': twitch.clientId } },
      );
      expect(await res.json()).toMatchObject({ total: 0, data: [] });
    } finally {
      await twitch.close();
    }
  });
});

describe('kick lookups against the fake Kick API', () => {
  let kick: FakeKickApi;
  let pool: Pool;
  let channel: JoinedChannel;
  let connection: PlatformConnection;
  let slug: string;

  beforeAll(async () => {
    kick = await startFakeKickApi();
    // A database of its own: the fake Kick numbers broadcasters as kick.integration.test.ts does.
    pool = testPool(await privateDatabaseUrl());
    slug = `ada${crypto.randomUUID().slice(0, 6)}`;
    const c = kick.addChannel(slug, { title: 'Offline title', category: 'Chess' });
    kick.addChannel('gracek', { category: 'Celeste' });
    const grant = kick.oauth.issueToken(c.broadcaster_user_id) as { access_token: string };
    channel = await seedChannel(pool, {
      platform: 'kick',
      provider: 'kick',
      platformChannelId: String(c.broadcaster_user_id),
      login: slug,
      accessToken: grant.access_token,
    });
    connection = createKickConnection(deps(), {
      pool,
      apiBaseUrl: kick.url,
      encryptionKey: testEncryptionKey,
    });
    await connection.join(channel);
  });

  afterAll(async () => {
    await connection.stop();
    await kick.close();
    await pool.sql.end();
  });

  it('reads offline, then live with viewers', async () => {
    expect(await connection.channelInfo!(channel.channelId)).toEqual({
      live: false,
      startedAt: null,
      title: 'Offline title',
      game: 'Chess',
      viewers: null,
    });
    await connection.leave(channel.channelId);
    await connection.join(channel);
    const live = kick.goLive(slug, { title: 'Speedrun', category: 'Celeste', viewers: 17 });
    expect(await connection.channelInfo!(channel.channelId)).toEqual({
      live: true,
      startedAt: live.stream.start_time,
      title: 'Speedrun',
      game: 'Celeste',
      viewers: 17,
    });
    const listed = await fetch(
      `${kick.url}/public/v1/livestreams?broadcaster_user_id=${live.broadcaster_user_id}`,
      {
        headers: { authorization: kick.requests.at(-1)!.authorization! },
      },
    ).then((r) => r.json() as Promise<{ data: { viewer_count: number; slug: string }[] }>);
    expect(listed.data).toEqual([expect.objectContaining({ slug, viewer_count: 17 })]);
  });

  it('finds another channel by slug; follows are unknown on Kick', async () => {
    expect(await connection.broadcaster!(channel.channelId, 'GraceK')).toEqual({
      login: 'gracek',
      displayName: 'gracek',
      game: 'Celeste',
      url: 'https://kick.com/gracek',
    });
    expect(await connection.broadcaster!(channel.channelId, 'nobody')).toBeNull();
    expect(await connection.followedAt!(channel.channelId, '1')).toBeNull();
  });
});

describe('youtube lookups against the fake YouTube Data API', () => {
  let yt: FakeYoutubeData;
  let pool: Pool;

  beforeAll(async () => {
    yt = await startFakeYoutubeData({ pollingIntervalMillis: 20 });
    // A database of its own: the fake Kick numbers broadcasters as kick.integration.test.ts does.
    pool = testPool(await privateDatabaseUrl());
  });
  afterAll(async () => {
    await yt.close();
    await pool.sql.end();
  });

  it('reads viewers of the live broadcast, spending quota, and finds channels by handle', async () => {
    const account = yt.addChannel({ title: `Ada ${crypto.randomUUID().slice(0, 6)}` });
    yt.addChannel({ title: 'Grace Hopper', customUrl: '@gracehopper' });
    const grant = yt.oauth.issueToken(account.sub) as { access_token: string };
    const channel = await seedChannel(pool, {
      platform: 'youtube',
      provider: 'google',
      platformChannelId: account.id,
      login: account.customUrl,
      accessToken: grant.access_token,
      quotaBudget: 10_000,
    });
    const connection = createYoutubeConnection(deps(), {
      pool,
      baseUrl: yt.url,
      encryptionKey: testEncryptionKey,
    });
    try {
      const broadcast = yt.startBroadcast(account.id, { title: 'Live now', viewers: 120 });
      await connection.join(channel);
      await waitFor(
        () =>
          (connection.status().channels as Record<string, { state: string }>)[channel.channelId]?.state ===
          'live',
      );
      const info = await connection.channelInfo!(channel.channelId);
      expect(info).toEqual({
        live: true,
        startedAt: broadcast.startedAt,
        title: 'Live now',
        game: null,
        viewers: 120,
      });
      const videoCalls = () => yt.requests.filter((r) => r.path === '/youtube/v3/videos').length;
      const before = videoCalls();
      yt.setViewers(broadcast.id, 150);
      expect((await connection.channelInfo!(channel.channelId))?.viewers).toBe(120);
      expect(videoCalls()).toBe(before);

      expect(await connection.broadcaster!(channel.channelId, '@GraceHopper')).toEqual({
        login: 'gracehopper',
        displayName: 'Grace Hopper',
        game: null,
        url: 'https://www.youtube.com/@gracehopper',
      });
      expect(await connection.broadcaster!(channel.channelId, 'nobody-here')).toBeNull();
      expect(await connection.followedAt!(channel.channelId, 'UCabc')).toBeNull();
      const [row] = await pool.sql<{ quota_used: number }[]>`
        select quota_used from stream_channels where id = ${channel.channelId}`;
      // broadcasts (chat loop + video lookup), videos, channels, chat reads.
      expect(row!.quota_used).toBeGreaterThanOrEqual(1 + 1 + 1 + 1 + 5);
    } finally {
      await connection.stop();
    }
  });
});
