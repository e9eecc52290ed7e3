/**
 * Kick chat per channel against the fakes: a webhook-mode channel starts no Chromium and opens no
 * socket; for a socket-mode one a real headless Chromium reads the channel JSON from the fake
 * kick.com, the Pusher socket subscribes to its chatroom, a pushed chat line arrives as a
 * ChatEvent (subs and gifts do not: webhooks bring those), the socket pings after
 * activity_timeout, reconnects and resubscribes after a drop, and a line a webhook already stored
 * is not emitted again. A channel switched while held (the lease renewal reads chat_mode) starts or
 * stops reading the socket. Sending goes to the fake public chat API in both modes.
 */
import { existsSync } from 'node:fs';
import type { Pool } from '@homelab/db/client/pool';
import type { ChatEvent } from '@homelab/db/stream/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeKickApi, startFakeKickApi } from '../../../../e2e/fakes/kick-api/server';
import { type FakeKickWeb, kickChatMessage, startFakeKickWeb } from '../../../../e2e/fakes/kick-web/server';
import { createLogger } from '../../log';
import { privateDatabaseUrl, testPool } from '../../testing/database';
import { createChatManager } from '../manager';
import type { ConnectionDeps, JoinedChannel, PlatformConnection } from '../types';
import { createKickSocketConnection, type KickSocketConfig, lookupChatroomWithChromium } from './kick-socket';
import { seedChannel, testEncryptionKey } from './testing';

const quiet = createLogger({ write: () => {} });
// Its own database: the fake Kick numbers broadcasters as other Kick tests' fakes do.
const databaseUrl = await privateDatabaseUrl();
const chromium = process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/bin/chromium';

type SocketStatus = { socket: { state: string; reconnects: number } };
const socketOf = (connection: PlatformConnection) => (connection.status() as SocketStatus).socket;

function socketConfig(pool: Pool, api: FakeKickApi, web: FakeKickWeb): KickSocketConfig {
  return {
    pool,
    sql: pool.sql,
    apiBaseUrl: api.url,
    encryptionKey: testEncryptionKey,
    webBaseUrl: web.webBaseUrl,
    pusherUrl: web.pusherUrl,
    executablePath: chromium,
    pongTimeoutMs: 2_000,
    backoff: { minMs: 50, maxMs: 500 },
  };
}

/** A Kick channel on both fakes and in the database, linked with a token the fake API accepts. */
async function kickChannel(
  pool: Pool,
  api: FakeKickApi,
  web: FakeKickWeb,
  prefix: string,
  chatMode: JoinedChannel['chatMode'],
) {
  const slug = `${prefix}${crypto.randomUUID().slice(0, 6)}`;
  const broadcasterId = api.addChannel(slug).broadcaster_user_id;
  const chatroomId = web.addChannel(slug);
  const grant = api.oauth.issueToken(broadcasterId) as { access_token: string };
  const channel = await seedChannel(pool, {
    platform: 'kick',
    provider: 'kick',
    platformChannelId: String(broadcasterId),
    login: slug,
    accessToken: grant.access_token,
    chatMode,
  });
  return { channel, chatroomId, broadcasterId };
}

async function until<T>(read: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value) return value;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.skipIf(!existsSync(chromium))('kick chat socket against the fake kick.com and Pusher', () => {
  let api: FakeKickApi;
  let web: FakeKickWeb;
  let pool: Pool;
  let socketSide: Awaited<ReturnType<typeof kickChannel>>;
  let webhookSide: Awaited<ReturnType<typeof kickChannel>>;
  let connection: PlatformConnection;
  const events: ChatEvent[] = [];

  beforeAll(async () => {
    api = await startFakeKickApi();
    web = await startFakeKickWeb({ activityTimeoutSeconds: 1 });
    pool = testPool(databaseUrl);
    socketSide = await kickChannel(pool, api, web, 'ada', 'socket');
    webhookSide = await kickChannel(pool, api, web, 'bea', 'webhook');
    connection = createKickSocketConnection(
      { emit: (e) => events.push(e), log: quiet, signal: new AbortController().signal },
      socketConfig(pool, api, web),
    );
  }, 60_000);

  afterAll(async () => {
    await connection?.stop();
    await web?.close();
    await api?.close();
    await pool?.sql.end();
  });

  it('starts no Chromium and opens no socket for a channel reading chat by webhook, and sends through the API', async () => {
    const { channel, chatroomId, broadcasterId } = webhookSide;
    await connection.join(channel);
    expect(web.requests).toEqual([]);
    expect(web.connections()).toBe(0);
    expect(socketOf(connection).state).toBe('idle');
    expect(
      web.push(
        chatroomId,
        'App\\Events\\ChatMessageEvent',
        kickChatMessage({ chatroomId, content: 'unheard' }),
      ),
    ).toBe(0);
    expect(await connection.send(channel.channelId, 'hello by webhook')).toMatchObject({ ok: true });
    expect(api.chat.messagesTo(broadcasterId).map((m) => m.content)).toEqual(['hello by webhook']);
  });

  it('finds the chatroom through Chromium, subscribes and normalizes a pushed chat line', async () => {
    const { channel, chatroomId, broadcasterId } = socketSide;
    await connection.join(channel);
    expect(web.requests.map((r) => r.path)).toEqual([`/api/v2/channels/${channel.login}`]);
    expect(web.requests[0]!.userAgent).toMatch(/Chrome/);
    await web.subscribed(chatroomId);
    expect(web.connections()).toBe(1);

    const id = crypto.randomUUID();
    web.push(
      chatroomId,
      'App\\Events\\ChatMessageEvent',
      kickChatMessage({
        chatroomId,
        id,
        content: '!so [emote:37226:KEKW] now',
        userId: 77,
        username: 'Mod',
        badges: [{ type: 'moderator', text: 'Moderator' }],
      }),
    );
    const event = await until(() => events.find((e) => e.platformEventId === id));
    expect(event).toMatchObject({
      channelId: channel.channelId,
      tenantId: channel.tenantId,
      platform: 'kick',
      kind: 'command',
      userId: '77',
      userName: 'Mod',
      text: '!so KEKW now',
      detail: { level: 'moderator', command: 'so', args: ['KEKW', 'now'] },
    });

    expect(await connection.send(channel.channelId, 'hello from the socket side')).toMatchObject({
      ok: true,
    });
    expect(api.chat.messagesTo(broadcasterId).map((m) => m.content)).toEqual(['hello from the socket side']);
  }, 60_000);

  it('leaves subs and gifts to the webhooks, which deliver them in both modes', async () => {
    const { chatroomId } = socketSide;
    web.push(chatroomId, 'App\\Events\\SubscriptionEvent', {
      chatroom_id: chatroomId,
      username: 'subber',
      months: 3,
    });
    web.push(chatroomId, 'App\\Events\\GiftedSubscriptionsEvent', {
      chatroom_id: chatroomId,
      gifted_usernames: ['a', 'b'],
      gifter_username: 'santa',
    });
    const marker = crypto.randomUUID();
    web.push(
      chatroomId,
      'App\\Events\\ChatMessageEvent',
      kickChatMessage({ chatroomId, id: marker, content: 'after the subs' }),
    );
    await until(() => events.find((e) => e.platformEventId === marker));
    expect(events.filter((e) => e.kind === 'sub' || e.kind === 'gift')).toEqual([]);
  });

  it('pings after activity_timeout and stays connected on the pong', async () => {
    const before = web.pings.length;
    await until(() => web.pings.length > before, 5_000);
    expect(socketOf(connection).state).toBe('connected');
  });

  it('reconnects and resubscribes after the socket drops, and reads hosts (no webhook has them)', async () => {
    const { chatroomId } = socketSide;
    web.dropSockets();
    await web.subscribed(chatroomId);
    await until(() => socketOf(connection).state === 'connected');
    expect(socketOf(connection).reconnects).toBe(1);
    web.push(chatroomId, 'App\\Events\\StreamHostEvent', {
      chatroom_id: chatroomId,
      host_username: 'raider',
      number_viewers: 42,
      optional_message: 'raider is hosting',
    });
    const raid = await until(() => events.find((e) => e.kind === 'raid'));
    expect(raid).toMatchObject({ userName: 'raider', detail: { viewers: 42, fromLogin: 'raider' } });
  });

  it('does not emit a chat line a webhook already stored', async () => {
    const { channel, chatroomId } = socketSide;
    const id = crypto.randomUUID();
    await pool.sql`
      insert into chat_events (tenant_id, channel_id, platform, kind, platform_event_id, user_id, user_name, text, detail, at)
      values (${channel.tenantId}, ${channel.channelId}, 'kick', 'message', ${id}, '5', 'viewer', 'once', '{}', now())`;
    web.push(
      chatroomId,
      'App\\Events\\ChatMessageEvent',
      kickChatMessage({ chatroomId, id, content: 'once' }),
    );
    const marker = crypto.randomUUID();
    web.push(
      chatroomId,
      'App\\Events\\ChatMessageEvent',
      kickChatMessage({ chatroomId, id: marker, content: 'next' }),
    );
    await until(() => events.find((e) => e.platformEventId === marker));
    expect(events.filter((e) => e.platformEventId === id)).toEqual([]);
  });

  it('switches held channels between the socket and webhooks, and closes the socket when none reads it', async () => {
    await connection.update!({ ...webhookSide.channel, chatMode: 'socket' });
    await web.subscribed(webhookSide.chatroomId);
    const id = crypto.randomUUID();
    web.push(
      webhookSide.chatroomId,
      'App\\Events\\ChatMessageEvent',
      kickChatMessage({ chatroomId: webhookSide.chatroomId, id, content: 'now by socket' }),
    );
    expect(await until(() => events.find((e) => e.platformEventId === id))).toMatchObject({
      channelId: webhookSide.channel.channelId,
      text: 'now by socket',
    });

    await connection.update!({ ...socketSide.channel, chatMode: 'webhook' });
    await until(() => web.push(socketSide.chatroomId, 'pusher:test', {}) === 0);
    // Sending is the API's in either mode.
    expect(await connection.send(socketSide.channel.channelId, 'still here')).toMatchObject({ ok: true });

    await connection.leave(webhookSide.channel.channelId);
    await until(() => web.connections() === 0);
    expect(socketOf(connection).state).toBe('idle');
  });

  it('says which channel Kick does not have', async () => {
    await expect(
      lookupChatroomWithChromium({ webBaseUrl: web.webBaseUrl, executablePath: chromium }, 'nobody-here'),
    ).rejects.toThrow('Kick has no channel nobody-here');
  }, 60_000);
});

describe.skipIf(!existsSync(chromium))("kick chat mode followed by the chat runner's leases", () => {
  let api: FakeKickApi;
  let web: FakeKickWeb;
  let pool: Pool;
  let manager: ReturnType<typeof createChatManager>;
  const events: ChatEvent[] = [];

  beforeAll(async () => {
    api = await startFakeKickApi();
    web = await startFakeKickWeb();
    // The lease loop takes every enabled channel of its database: this describe has one of its own.
    pool = testPool(await privateDatabaseUrl());
    manager = createChatManager({
      sql: pool.sql,
      log: quiet,
      holder: 'kick-mode-test',
      signal: new AbortController().signal,
      connect: (deps: ConnectionDeps) => [
        createKickSocketConnection(
          {
            ...deps,
            emit: (e) => {
              events.push(e);
              deps.emit(e);
            },
          },
          socketConfig(pool, api, web),
        ),
      ],
      lease: { leaseMs: 60_000, renewMs: 60_000 },
    });
  }, 60_000);

  afterAll(async () => {
    await manager?.stop();
    await web?.close();
    await api?.close();
    await pool?.sql.end();
  });

  it('reads a channel by socket once its streamer switches it, and stops when they switch back', async () => {
    const { channel, chatroomId } = await kickChannel(pool, api, web, 'cyd', 'webhook');
    await manager.start();
    expect(manager.leases.get(channel.channelId)).toMatchObject({ chatMode: 'webhook' });
    expect(web.connections()).toBe(0);
    expect(web.requests).toEqual([]);

    await pool.sql`update stream_channels set chat_mode = 'socket' where id = ${channel.channelId}`;
    await manager.leases.cycle();
    expect(manager.leases.get(channel.channelId)).toMatchObject({ chatMode: 'socket' });
    await web.subscribed(chatroomId);
    const id = crypto.randomUUID();
    web.push(
      chatroomId,
      'App\\Events\\ChatMessageEvent',
      kickChatMessage({ chatroomId, id, content: 'hello socket' }),
    );
    await until(() => events.find((e) => e.platformEventId === id));
    // Through the pipeline into chat_events, as a webhook's line would be.
    const stored = () =>
      pool.sql`select text from chat_events where channel_id = ${channel.channelId} and platform_event_id = ${id}`;
    for (let tries = 0; (await stored()).length === 0 && tries < 100; tries++)
      await new Promise((r) => setTimeout(r, 50));
    expect(await stored()).toEqual([{ text: 'hello socket' }]);

    await pool.sql`update stream_channels set chat_mode = 'webhook' where id = ${channel.channelId}`;
    await manager.leases.cycle();
    await until(() => web.connections() === 0);
    expect(manager.leases.get(channel.channelId)).toMatchObject({ chatMode: 'webhook' });
  }, 60_000);
});
