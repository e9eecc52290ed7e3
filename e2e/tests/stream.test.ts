/**
 * The stream bot platform through the whole stack: workerd signs streamers in with the fake
 * Twitch, Kick and Google, takes signed webhooks from Twitch EventSub and Kick; the chat runner
 * joins the fake Twitch IRC, polls the fake YouTube live chat and sends replies through each
 * platform; the tokens runner finds a revoked token and tells the streamer.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type FakeKickApi, kickPayloads, startFakeKickApi } from '../fakes/kick-api/server';
import { type FakeTwitch, startFakeTwitch, events as twitchEvents } from '../fakes/twitch/server';
import { type FakeYoutubeData, startFakeYoutubeData } from '../fakes/youtube-data/server';
import { client } from '../support/http';
import { startTestStack } from '../support/stack';
import {
  approveTwitchStreamer,
  fakeGoogleEnv,
  fakeKickEnv,
  fakeTwitchEnv,
  studioOAuth,
  studioSignIn,
} from '../support/studio';
import { until } from '../support/until';
import { signedInAs } from '../support/users';

type Api = ReturnType<typeof client>;
type Channel = { id: string; platform: string; login: string; connection: { state: string } | null };
type Event = { id: number; kind: string; platform: string; text: string | null; userName: string | null };

const eventsubSecret = 'e2e-eventsub-secret-0123456789';

let twitch: FakeTwitch;
let kick: FakeKickApi;
let youtube: FakeYoutubeData;
let stack: Awaited<ReturnType<typeof startTestStack>>;
let sql: postgres.Sql;
let streamer: Api;
let twitchChannel: Channel;
let kickChannel: Channel;

async function events(api: Api, channelId?: string): Promise<Event[]> {
  const res = await api.call('GET', `/api/stream/events${channelId ? `?channelId=${channelId}` : ''}`);
  expect(res.status).toBe(200);
  return res.json.events;
}

async function channels(api: Api): Promise<Channel[]> {
  const res = await api.call('GET', '/api/stream/channels');
  expect(res.status).toBe(200);
  return res.json.channels;
}

/** Reads the live SSE feed until a `chat` event matches, then closes it. */
async function liveEvent(api: Api, match: (event: Event) => boolean, trigger: () => Promise<unknown>) {
  const controller = new AbortController();
  const res = await fetch(`${stack.url}/api/stream/events/live`, {
    headers: { cookie: api.cookie!, accept: 'text/event-stream' },
    signal: controller.signal,
  });
  expect(res.status).toBe(200);
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  const found = (async () => {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`the live feed ended before the event: ${buffer}`);
      buffer += value;
      for (const line of buffer.split('\n')) {
        if (!line.startsWith('data:')) continue;
        try {
          const event = JSON.parse(line.slice(5)) as Event;
          if (match(event)) return event;
        } catch {}
      }
    }
  })();
  try {
    await trigger();
    return await Promise.race([
      found,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`no live event in 20 s: ${buffer}`)), 20_000),
      ),
    ]);
  } finally {
    controller.abort();
  }
}

beforeAll(async () => {
  [twitch, kick, youtube] = await Promise.all([
    startFakeTwitch(),
    startFakeKickApi(),
    startFakeYoutubeData(),
  ]);
  stack = await startTestStack({
    adminUrl: inject('e2eAdminUrl'),
    label: 'stream',
    env: {
      ...fakeTwitchEnv(twitch),
      TWITCH_EVENTSUB_SECRET: eventsubSecret,
      ...fakeKickEnv(kick),
      ...fakeGoogleEnv(youtube),
      YOUTUBE_API_KEY: youtube.apiKey,
    },
  });
  sql = postgres(stack.ownerUrl, { max: 2, onnotice: () => {} });
}, 120_000);

afterAll(async () => {
  await sql?.end();
  await stack?.stop();
  await Promise.all([twitch?.close(), kick?.close(), youtube?.close()]);
});

describe('signing in with Twitch', () => {
  it('makes a tenant with the Twitch channel', async () => {
    const ada = approveTwitchStreamer(twitch, { login: 'adaplays', displayName: 'AdaPlays' });
    streamer = await studioSignIn(stack.url, 'twitch');
    const me = await streamer.call('GET', '/api/stream/me');
    expect(me.status).toBe(200);
    expect(me.json.tenant).toMatchObject({ id: expect.any(String) });
    expect(me.json.accounts).toEqual([
      expect.objectContaining({ provider: 'twitch', username: 'AdaPlays', state: 'connected' }),
    ]);
    expect(me.json.channels).toEqual([
      expect.objectContaining({ platform: 'twitch', platformChannelId: ada.id, login: 'adaplays' }),
    ]);
    twitchChannel = me.json.channels[0];
  });
});

describe('Twitch chat', () => {
  it('joins the channel, turns a viewer message into an event (stored and live) and sends a reply', async () => {
    await until(
      'the chat runner to join the Twitch channel',
      () => channels(streamer),
      (list) => list.find((c) => c.id === twitchChannel.id)?.connection?.state === 'joined',
      30_000,
    );

    const live = await liveEvent(
      streamer,
      (e) => e.text === 'hello from the fake chat',
      async () => twitch.say('adaplays', { login: 'viewer_one', text: 'hello from the fake chat' }),
    );
    expect(live).toMatchObject({ platform: 'twitch', kind: 'message', userName: 'viewer_one' });
    const stored = await until(
      'the message in /api/stream/events',
      () => events(streamer, twitchChannel.id),
      (list) => list.some((e) => e.text === 'hello from the fake chat'),
    );
    expect(stored.find((e) => e.text === 'hello from the fake chat')).toMatchObject({
      platform: 'twitch',
      kind: 'message',
    });

    const sent = await streamer.call('POST', `/api/stream/channels/${twitchChannel.id}/messages`, {
      text: 'Thanks for stopping by!',
    });
    expect(sent.status).toBe(202);
    const arrived = await until(
      'the reply in the fake IRC',
      () => twitch.sent('adaplays'),
      (list) => list.some((m) => m.text === 'Thanks for stopping by!'),
    );
    expect(arrived.find((m) => m.text === 'Thanks for stopping by!')?.login).toBe(twitch.botLogin);
  });
});

describe('Twitch EventSub', () => {
  it('turns a signed follow into an event and refuses a mis-signed one', async () => {
    const ada = twitch.user('adaplays');
    twitch.eventsub.subscribe({
      type: 'channel.follow',
      condition: { broadcaster_user_id: ada.id, moderator_user_id: ada.id },
      callback: `${stack.url}/webhooks/twitch/eventsub`,
      secret: eventsubSecret,
    });
    const follower = twitch.addUser({ login: 'new_follower' });
    const res = await twitch.eventsub.send('channel.follow', twitchEvents.follow(ada, follower));
    expect(res.status).toBeGreaterThanOrEqual(200);
    expect(res.status).toBeLessThan(300);
    const follows = await until(
      'the follow event',
      () => events(streamer, twitchChannel.id),
      (list) => list.some((e) => e.kind === 'follow'),
    );
    expect(follows.filter((e) => e.kind === 'follow')).toEqual([
      expect.objectContaining({ platform: 'twitch', userName: expect.stringMatching(/new_follower/i) }),
    ]);

    const replay = await twitch.eventsub.replay(res.messageId);
    expect(replay.status).toBeLessThan(300);

    const forger = twitch.addUser({ login: 'forged_follower' });
    const forged = await twitch.eventsub.send('channel.follow', twitchEvents.follow(ada, forger), {
      badSignature: true,
    });
    expect(forged.status).toBe(401);
    const [row] = await sql`
      select count(*)::int as n from webhook_deliveries where provider = 'twitch' and message_id = ${forged.messageId}`;
    expect(row!.n).toBe(0);
    const after = await events(streamer, twitchChannel.id);
    expect(after.filter((e) => e.kind === 'follow')).toHaveLength(1);
  });
});

describe('Kick', () => {
  it('links Kick, takes a signed chat webhook once and replies through the chat API', async () => {
    const adaKick = kick.addChannel('adakicks');
    kick.oauth.approveAs(adaKick.broadcaster_user_id);
    const linked = await studioOAuth(stack.url, 'kick', streamer.cookie);
    expect(linked.location).not.toContain('error=');
    streamer = client(stack.url, linked.session);
    const me = await streamer.call('GET', '/api/stream/me');
    expect(me.json.accounts.map((a: { provider: string }) => a.provider).sort()).toEqual(['kick', 'twitch']);
    kickChannel = me.json.channels.find((c: Channel) => c.platform === 'kick');
    expect(kickChannel).toMatchObject({
      login: 'adakicks',
      platformChannelId: String(adaKick.broadcaster_user_id),
    });

    kick.webhooks.setTarget(`${stack.url}/webhooks/kick`);
    const payload = kickPayloads['chat.message.sent']({
      broadcaster: kick.person('adakicks'),
      sender: { user_id: 777_001, username: 'kick_viewer' },
      content: 'hi from kick',
    });
    const first = await kick.webhooks.send('chat.message.sent', payload);
    expect(first.status).toBeLessThan(300);
    const replay = await kick.webhooks.replay(first.messageId);
    expect(replay.status).toBeLessThan(300);
    const seen = await until(
      'the Kick chat event',
      () => events(streamer, kickChannel.id),
      (list) => list.some((e) => e.text === 'hi from kick'),
    );
    expect(seen.filter((e) => e.text === 'hi from kick')).toEqual([
      expect.objectContaining({ platform: 'kick', kind: 'message', userName: 'kick_viewer' }),
    ]);

    const forged = await kick.webhooks.send(
      'chat.message.sent',
      kickPayloads['chat.message.sent']({
        broadcaster: kick.person('adakicks'),
        sender: { user_id: 777_002, username: 'forger' },
        content: 'forged kick message',
      }),
      { badSignature: true },
    );
    expect(forged.status).toBe(401);

    await until(
      'the chat runner to hold the Kick channel',
      () => channels(streamer),
      (list) => list.find((c) => c.id === kickChannel.id)?.connection?.state === 'joined',
      30_000,
    );
    const sent = await streamer.call('POST', `/api/stream/channels/${kickChannel.id}/messages`, {
      text: 'Hello Kick chat',
    });
    expect(sent.status).toBe(202);
    const out = await until(
      'the reply through Kick chat',
      () => kick.chat.messagesTo(adaKick.broadcaster_user_id),
      (list) => list.some((m) => m.content === 'Hello Kick chat'),
    );
    expect(out.find((m) => m.content === 'Hello Kick chat')?.sender_user_id).toBe(
      adaKick.broadcaster_user_id,
    );
    expect((await events(streamer, kickChannel.id)).some((e) => e.text === 'forged kick message')).toBe(
      false,
    );
  });

  it("refuses to link one streamer's Kick account to another streamer", async () => {
    approveTwitchStreamer(twitch, { login: 'bobstreams' });
    const other = await studioSignIn(stack.url, 'twitch');
    const adaKick = kick.channels.get('adakicks')!;
    kick.oauth.approveAs(adaKick.broadcaster_user_id);
    const [before] = await sql`select user_id from oauth_accounts where provider = 'kick'`;

    const attempt = await studioOAuth(stack.url, 'kick', other.cookie);
    expect(attempt.location).toMatch(/^\/studio\/sign-in\?error=account_in_use$/);

    const otherMe = await client(stack.url, attempt.session).call('GET', '/api/stream/me');
    expect(otherMe.json.accounts.map((a: { provider: string }) => a.provider)).toEqual(['twitch']);
    expect(otherMe.json.channels.map((c: Channel) => c.platform)).toEqual(['twitch']);
    const [after] = await sql`select user_id from oauth_accounts where provider = 'kick'`;
    expect(after).toEqual(before);
    const me = await streamer.call('GET', '/api/stream/me');
    expect(me.json.channels.map((c: Channel) => c.platform).sort()).toEqual(['kick', 'twitch']);
  });
});

describe('YouTube', () => {
  it('links Google, polls a live chat message into events and inserts a reply', async () => {
    const adaTube = youtube.addChannel({ title: 'Ada on YouTube', customUrl: '@adaplays' });
    const broadcast = youtube.startBroadcast(adaTube.id, { title: 'Live now' });
    youtube.oauth.approveAs(adaTube.sub);
    const linked = await studioOAuth(stack.url, 'google', streamer.cookie);
    expect(linked.location).not.toContain('error=');
    streamer = client(stack.url, linked.session);
    const me = await streamer.call('GET', '/api/stream/me');
    const ytChannel = me.json.channels.find((c: Channel) => c.platform === 'youtube') as Channel;
    expect(ytChannel).toMatchObject({ platformChannelId: adaTube.id });

    // What was said before the bot joined is backlog it does not replay.
    await until(
      'the chat runner to join the YouTube live chat',
      () => channels(streamer),
      (list) => list.find((c) => c.id === ytChannel.id)?.connection?.state === 'joined',
      30_000,
    );
    youtube.chat.say(broadcast.liveChatId, {
      author: { displayName: 'yt_viewer' },
      text: 'hello from youtube',
    });
    const seen = await until(
      'the YouTube chat message in events',
      () => events(streamer, ytChannel.id),
      (list) => list.some((e) => e.text === 'hello from youtube'),
      // The poll interval stretches to make the day's quota last: at most 30 s between reads.
      45_000,
    );
    expect(seen.find((e) => e.text === 'hello from youtube')).toMatchObject({
      platform: 'youtube',
      kind: 'message',
      userName: 'yt_viewer',
    });

    const sent = await streamer.call('POST', `/api/stream/channels/${ytChannel.id}/messages`, {
      text: 'Hello YouTube chat',
    });
    expect(sent.status).toBe(202);
    await until(
      'the reply inserted into the live chat',
      () => youtube.chat.inserted,
      (list) => list.some((m) => m.text === 'Hello YouTube chat' && m.liveChatId === broadcast.liveChatId),
    );
  }, 100_000);
});

describe('a revoked token', () => {
  it('ends disconnected after a forced refresh, and the streamer is told', async () => {
    const owner = await signedInAs(stack, 'owner', 'rig-owner');
    const tokens = await owner.call('GET', '/api/stream/admin/tokens');
    expect(tokens.status).toBe(200);
    const ada = twitch.user('adaplays');
    const account = tokens.json.accounts.find(
      (a: { provider: string; providerUserId: string }) =>
        a.provider === 'twitch' && a.providerUserId === ada.id,
    );
    expect(account).toMatchObject({ state: 'connected', hasRefreshToken: true });
    expect(JSON.stringify(tokens.json)).not.toMatch(/accessToken|refreshToken"/);

    twitch.oauth.revoke(ada.id);
    const refresh = await owner.call('POST', `/api/stream/admin/tokens/${account.id}/refresh`);
    expect(refresh.status).toBe(202);

    const me = await until(
      'the Twitch account to be disconnected',
      () => streamer.call('GET', '/api/stream/me'),
      (res) =>
        res.json.accounts.find((a: { provider: string }) => a.provider === 'twitch')?.state ===
        'disconnected',
      30_000,
    );
    expect(me.json.accounts.find((a: { provider: string }) => a.provider === 'kick')?.state).toBe(
      'connected',
    );
    const notices = await streamer.call('GET', '/api/stream/notices');
    expect(notices.status).toBe(200);
    expect(notices.json.notices).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'token_revoked', readAt: null })]),
    );
  }, 45_000);
});
