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

const channelState = (connection: PlatformConnection, channelId: string) =>
  (connection.status().channels as Record<string, { state: string }>)[channelId]?.state;

function twitchChannel(login: string, id: string): JoinedChannel {
  return {
    channelId: crypto.randomUUID(),
    tenantId: crypto.randomUUID(),
    platform: 'twitch',
    platformChannelId: id,
    login,
    botIsModerator: true,
    liveChatId: null,
    chatMode: 'webhook',
  };
}

describe('twitch moderation against the fake Helix', () => {
  let twitch: FakeTwitch;
  let connection: PlatformConnection;
  let ada: JoinedChannel;
  let grace: JoinedChannel;

  beforeAll(async () => {
    twitch = await startFakeTwitch();
    ada = twitchChannel('ada', twitch.addUser({ login: 'ada' }).id);
    grace = twitchChannel('grace', twitch.addUser({ login: 'grace' }).id);
    // The bot moderates ada's channel, not grace's.
    twitch.setModerator('ada', twitch.botLogin, true);
    const grant = twitch.oauth.issueToken(twitch.bot.id, [
      'chat:read',
      'chat:edit',
      'moderator:manage:banned_users',
      'moderator:manage:chat_messages',
      'moderator:manage:chat_settings',
    ]) as { refresh_token: string };
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
    await connection.join(grace);
    await waitFor(
      () =>
        channelState(connection, ada.channelId) === 'joined' &&
        channelState(connection, grace.channelId) === 'joined',
    );
  });

  afterAll(async () => {
    await connection.stop();
    await twitch.close();
  });

  it("deletes a viewer's message as the bot, and Twitch clears it in chat", async () => {
    const troll = twitch.addUser({ login: 'troll1' });
    const messageId = twitch.say('ada', { login: 'troll1', text: 'buy followers' });
    expect(await connection.moderate!(ada.channelId, { kind: 'delete', messageId })).toEqual({ ok: true });
    expect(twitch.moderation.actions().at(-1)).toMatchObject({
      kind: 'delete',
      broadcasterId: ada.platformChannelId,
      moderatorId: twitch.bot.id,
      messageId,
    });
    const clearMsg = twitch.requests.find((r) => r.path === '/helix/moderation/chat');
    expect(clearMsg?.query).toContain(`message_id=${messageId}`);
    expect(troll.id).toBeTruthy();
    const unknown = await connection.moderate!(ada.channelId, { kind: 'delete', messageId: 'nope' });
    expect(unknown).toMatchObject({ ok: false, reason: 'refused' });
  });

  it('times a user out, lifts the timeout, then bans and unbans them', async () => {
    const spammer = twitch.addUser({ login: 'spammer1' });
    const timeout = await connection.moderate!(ada.channelId, {
      kind: 'timeout',
      userId: spammer.id,
      durationS: 600,
      reason: 'links',
    });
    expect(timeout).toEqual({ ok: true });
    expect(twitch.moderation.isBanned('ada', spammer.id)).toBe(true);
    const ban = twitch.moderation.ban('ada', spammer.id)!;
    expect(ban.endsAt! - ban.createdAt).toBe(600_000);
    expect(twitch.moderation.actions().at(-1)).toMatchObject({
      kind: 'timeout',
      userId: spammer.id,
      durationS: 600,
      reason: 'links',
    });

    expect(await connection.moderate!(ada.channelId, { kind: 'unban', userId: spammer.id })).toEqual({
      ok: true,
    });
    expect(twitch.moderation.isBanned('ada', spammer.id)).toBe(false);

    expect(
      await connection.moderate!(ada.channelId, { kind: 'ban', userId: spammer.id, reason: 'again' }),
    ).toEqual({ ok: true });
    expect(twitch.moderation.ban('ada', 'spammer1')).toMatchObject({ endsAt: null, reason: 'again' });
    // Twitch refuses to ban a banned user again, and the refusal says so.
    const twice = await connection.moderate!(ada.channelId, { kind: 'ban', userId: spammer.id, reason: 'x' });
    expect(twice).toMatchObject({
      ok: false,
      reason: 'refused',
      detail: expect.stringContaining('already banned'),
    });
    expect(await connection.moderate!(ada.channelId, { kind: 'unban', userId: spammer.id })).toEqual({
      ok: true,
    });
    expect(twitch.moderation.isBanned('ada', spammer.id)).toBe(false);
  });

  it('is refused where the bot is not a moderator, with a detail naming the scope', async () => {
    const viewer = twitch.addUser({ login: 'viewer1' });
    const result = await connection.moderate!(grace.channelId, {
      kind: 'ban',
      userId: viewer.id,
      reason: 'spam',
    });
    expect(result).toMatchObject({ ok: false, reason: 'refused' });
    if (result.ok) return;
    expect(result.detail).toContain('403');
    expect(result.detail).toContain('not one of the broadcaster');
    expect(result.detail).toContain('moderator:manage:banned_users');
    expect(twitch.moderation.isBanned('grace', viewer.id)).toBe(false);
    expect(await connection.setChatSettings!(grace.channelId, { followersOnly: true })).toMatchObject({
      ok: false,
      reason: 'refused',
    });
    expect(await connection.moderate!(crypto.randomUUID(), { kind: 'unban', userId: viewer.id })).toEqual({
      ok: false,
      reason: 'not_joined',
    });
  });

  it('turns follower-only and slow mode on and off', async () => {
    expect(await connection.setChatSettings!(ada.channelId, { followersOnly: true, slowS: 1 })).toEqual({
      ok: true,
    });
    expect(twitch.moderation.chatSettings('ada')).toMatchObject({
      follower_mode: true,
      slow_mode: true,
      // Twitch's shortest slow mode is 3 seconds.
      slow_mode_wait_time: 3,
    });
    const patch = twitch.requests
      .filter((r) => r.method === 'PATCH' && r.path === '/helix/chat/settings')
      .at(-1)!;
    expect(JSON.parse(patch.body)).toEqual({ follower_mode: true, slow_mode: true, slow_mode_wait_time: 3 });
    expect(patch.query).toContain(`moderator_id=${twitch.bot.id}`);

    expect(await connection.setChatSettings!(ada.channelId, { slowS: 0 })).toEqual({ ok: true });
    expect(twitch.moderation.chatSettings('ada')).toMatchObject({
      follower_mode: true,
      slow_mode: false,
      slow_mode_wait_time: null,
    });
    expect(await connection.setChatSettings!(ada.channelId, { followersOnly: false })).toEqual({ ok: true });
    expect(twitch.moderation.chatSettings('ada').follower_mode).toBe(false);
  });

  it('waits out a 429 as long as Ratelimit-Reset says', async () => {
    twitch.helix.rateLimit(0, 30_000);
    try {
      const viewer = twitch.addUser({ login: 'viewer2' });
      const result = await connection.moderate!(ada.channelId, { kind: 'unban', userId: viewer.id });
      expect(result).toMatchObject({ ok: false, reason: 'rate_limited' });
      if (result.ok) return;
      expect(result.retryInMs).toBeGreaterThan(20_000);
      expect(result.retryInMs).toBeLessThanOrEqual(31_000);
    } finally {
      twitch.helix.rateLimit(800);
    }
  });
});

describe('kick and youtube moderation', () => {
  let pool: Pool;

  beforeAll(async () => {
    pool = testPool(await privateDatabaseUrl());
  });
  afterAll(async () => {
    await pool.sql.end();
  });

  describe('kick against the fake Kick API', () => {
    let kick: FakeKickApi;
    let connection: PlatformConnection;
    let channel: JoinedChannel;
    let unscoped: JoinedChannel;

    beforeAll(async () => {
      kick = await startFakeKickApi();
      const suffix = crypto.randomUUID().slice(0, 6);
      const c = kick.addChannel(`ada${suffix}`);
      const other = kick.addChannel(`bob${suffix}`);
      const grant = kick.oauth.issueToken(c.broadcaster_user_id, [
        'chat:write',
        'moderation:ban',
        'moderation:chat_message:manage',
      ]) as { access_token: string };
      // A streamer who signed in before the moderation scopes were asked for.
      const old = kick.oauth.issueToken(other.broadcaster_user_id, ['chat:write']) as {
        access_token: string;
      };
      channel = await seedChannel(pool, {
        platform: 'kick',
        provider: 'kick',
        platformChannelId: String(c.broadcaster_user_id),
        login: c.slug,
        accessToken: grant.access_token,
      });
      unscoped = await seedChannel(pool, {
        platform: 'kick',
        provider: 'kick',
        platformChannelId: String(other.broadcaster_user_id),
        login: other.slug,
        accessToken: old.access_token,
      });
      connection = createKickConnection(deps(), {
        pool,
        apiBaseUrl: kick.url,
        encryptionKey: testEncryptionKey,
      });
      await connection.join(channel);
      await connection.join(unscoped);
    });

    afterAll(async () => {
      await connection.stop();
      await kick.close();
    });

    it('times out in whole minutes, lifts it, bans, and unbans', async () => {
      const broadcaster = Number(channel.platformChannelId);
      const troll = kick.addChannel(`troll${crypto.randomUUID().slice(0, 6)}`).broadcaster_user_id;
      const userId = String(troll);
      expect(
        await connection.moderate!(channel.channelId, {
          kind: 'timeout',
          userId,
          durationS: 90,
          reason: 'caps',
        }),
      ).toEqual({ ok: true });
      expect(kick.moderation.actions().at(-1)).toMatchObject({
        kind: 'timeout',
        broadcasterUserId: broadcaster,
        userId: troll,
        durationMinutes: 2,
        reason: 'caps',
      });
      expect(kick.moderation.isBanned(broadcaster, troll)).toBe(true);
      expect(await connection.moderate!(channel.channelId, { kind: 'unban', userId })).toEqual({ ok: true });
      expect(kick.moderation.isBanned(broadcaster, troll)).toBe(false);

      expect(
        await connection.moderate!(channel.channelId, { kind: 'ban', userId, reason: 'r'.repeat(300) }),
      ).toEqual({ ok: true });
      expect(kick.moderation.ban(broadcaster, troll)).toMatchObject({
        expiresAt: null,
        reason: 'r'.repeat(100),
      });
      expect(await connection.moderate!(channel.channelId, { kind: 'unban', userId })).toEqual({ ok: true });
      expect(kick.moderation.isBanned(broadcaster, troll)).toBe(false);
      // A timeout of more than a week is Kick's longest.
      await connection.moderate!(channel.channelId, {
        kind: 'timeout',
        userId,
        durationS: 30 * 86_400,
        reason: '',
      });
      expect(kick.moderation.actions().at(-1)).toMatchObject({ durationMinutes: 10_080 });
    });

    it('deletes a message by its id', async () => {
      expect(await connection.moderate!(channel.channelId, { kind: 'delete', messageId: 'msg-123' })).toEqual(
        {
          ok: true,
        },
      );
      expect(kick.moderation.actions().at(-1)).toMatchObject({ kind: 'delete', messageId: 'msg-123' });
      expect(kick.requests.at(-1)).toMatchObject({
        method: 'DELETE',
        path: '/public/v1/chat/msg-123',
        status: 204,
      });
    });

    it('is refused without the moderation scopes, and has no chat settings', async () => {
      const ban = await connection.moderate!(unscoped.channelId, { kind: 'ban', userId: '42', reason: 'x' });
      expect(ban).toMatchObject({
        ok: false,
        reason: 'refused',
        detail: expect.stringContaining('moderation:ban'),
      });
      const del = await connection.moderate!(unscoped.channelId, { kind: 'delete', messageId: 'm' });
      expect(del).toMatchObject({
        ok: false,
        reason: 'refused',
        detail: expect.stringContaining('moderation:chat_message:manage'),
      });
      expect(await connection.setChatSettings!(channel.channelId, { followersOnly: true })).toEqual({
        ok: false,
        reason: 'refused',
        detail: "Kick's public API has no chat settings",
      });
      expect(
        await connection.moderate!(channel.channelId, { kind: 'ban', userId: 'abc', reason: '' }),
      ).toMatchObject({ ok: false, reason: 'refused' });
    });
  });

  describe('youtube against the fake YouTube Data API', () => {
    let yt: FakeYoutubeData;
    let connection: PlatformConnection;

    beforeAll(async () => {
      yt = await startFakeYoutubeData({ pollingIntervalMillis: 20 });
      connection = createYoutubeConnection(deps(), {
        pool,
        baseUrl: yt.url,
        encryptionKey: testEncryptionKey,
      });
    });
    afterAll(async () => {
      await connection.stop();
      await yt.close();
    });

    async function liveChannel(o: { tokenOf?: string } = {}) {
      const account = yt.addChannel({ title: `Ada ${crypto.randomUUID().slice(0, 6)}` });
      const grant = yt.oauth.issueToken(o.tokenOf ?? account.sub) as { access_token: string };
      const broadcast = yt.startBroadcast(account.id);
      const channel = await seedChannel(pool, {
        platform: 'youtube',
        provider: 'google',
        platformChannelId: account.id,
        login: account.customUrl,
        accessToken: grant.access_token,
        quotaBudget: 10_000,
      });
      const joined = { ...channel, liveChatId: broadcast.liveChatId };
      await connection.join(joined);
      await waitFor(() => channelState(connection, joined.channelId) === 'live');
      return { account, broadcast, channel: joined };
    }

    const quotaUsed = async (channelId: string) =>
      (
        await pool.sql<{ quota_used: number }[]>`
          select quota_used from stream_channels where id = ${channelId}`
      )[0]!.quota_used;

    it('deletes a message, times out, lifts the timeout by its ban id, and bans, spending 50 units each', async () => {
      const { broadcast, channel } = await liveChannel();
      const viewer = 'UCviewer0000000000000001';
      const message = yt.chat.say(broadcast.liveChatId, {
        author: { channelId: viewer, displayName: 'troll' },
        text: 'spam',
      });
      const before = await quotaUsed(channel.channelId);
      expect(
        await connection.moderate!(channel.channelId, { kind: 'delete', messageId: message.id }),
      ).toEqual({
        ok: true,
      });
      expect(yt.moderation.isDeleted(message.id)).toBe(true);

      expect(
        await connection.moderate!(channel.channelId, {
          kind: 'timeout',
          userId: viewer,
          durationS: 300,
          reason: 'spam',
        }),
      ).toEqual({ ok: true });
      expect(yt.moderation.bans()).toEqual([
        expect.objectContaining({
          liveChatId: broadcast.liveChatId,
          type: 'temporary',
          banDurationSeconds: 300,
          channelId: viewer,
        }),
      ]);
      expect(yt.moderation.isBanned(broadcast.liveChatId, viewer)).toBe(true);

      expect(await connection.moderate!(channel.channelId, { kind: 'unban', userId: viewer })).toEqual({
        ok: true,
      });
      expect(yt.moderation.isBanned(broadcast.liveChatId, viewer)).toBe(false);
      const unbanCall = yt.requests.find(
        (r) => r.method === 'DELETE' && r.path === '/youtube/v3/liveChat/bans',
      )!;
      expect(unbanCall.status).toBe(204);

      expect(
        await connection.moderate!(channel.channelId, { kind: 'ban', userId: viewer, reason: 'again' }),
      ).toEqual({
        ok: true,
      });
      expect(yt.moderation.bans()).toEqual([
        expect.objectContaining({ type: 'permanent', banDurationSeconds: null }),
      ]);
      expect((await quotaUsed(channel.channelId)) - before).toBeGreaterThanOrEqual(4 * 50);
      // A ban the bot did not make has no id it knows.
      expect(
        await connection.moderate!(channel.channelId, { kind: 'unban', userId: 'UCsomeoneelse' }),
      ).toMatchObject({
        ok: false,
        reason: 'refused',
      });
    });

    it('is refused when the token is not the chat owner, and has no chat settings', async () => {
      const stranger = yt.addChannel({ title: `Stranger ${crypto.randomUUID().slice(0, 6)}` });
      const { channel } = await liveChannel({ tokenOf: stranger.sub });
      const result = await connection.moderate!(channel.channelId, {
        kind: 'ban',
        userId: 'UCviewer0000000000000002',
        reason: 'x',
      });
      expect(result).toMatchObject({ ok: false, reason: 'refused', detail: expect.stringContaining('403') });
      expect(await connection.setChatSettings!(channel.channelId, { slowS: 30 })).toMatchObject({
        ok: false,
        reason: 'refused',
      });
    });
  });
});
