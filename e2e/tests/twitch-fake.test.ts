/**
 * The fake Twitch speaks Twitch's protocols faithfully enough for real clients: tmi.js logs in,
 * joins and reads tagged chat; chat limits drop messages the way Twitch does; EventSub
 * deliveries verify against Twitch's signature scheme; and id.twitch.tv's OAuth round trip holds.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import tmi from 'tmi.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { events, type FakeTwitch, type FakeTwitchUser, startFakeTwitch } from '../fakes/twitch/server';

let twitch: FakeTwitch;
let streamer: FakeTwitchUser;
const clients: tmi.Client[] = [];
const servers: Server[] = [];

beforeEach(async () => {
  twitch = await startFakeTwitch();
  streamer = twitch.addUser({ login: 'streamer', displayName: 'Streamer' });
});
afterEach(async () => {
  for (const client of clients.splice(0)) await client.disconnect().catch(() => undefined);
  for (const server of servers.splice(0)) server.close();
  await twitch.close();
});

function waitFor<T>(check: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      const value = check();
      if (value !== undefined && value !== false) return resolve(value);
      if (Date.now() - started > timeoutMs) return reject(new Error('timed out waiting'));
      setTimeout(tick, 20);
    };
    tick();
  });
}

function botClient(password = `oauth:${twitch.botAccessToken}`) {
  const client = new tmi.Client({
    // Real Twitch sends emote-sets; without this tmi.js would fetch them from api.twitch.tv.
    options: { skipUpdatingEmotesets: true },
    connection: { ...twitch.tmiConnection, reconnect: false },
    identity: { username: twitch.botLogin, password },
    channels: ['streamer'],
    logger: { info: () => {}, warn: () => {}, error: () => {} },
  });
  clients.push(client);
  return client;
}

async function joinedBot() {
  const client = botClient();
  const joined = new Promise<void>((resolve) => client.once('join', () => resolve()));
  await client.connect();
  await joined;
  await waitFor(() => twitch.irc.joined('streamer').includes(twitch.botLogin));
  return client;
}

describe('chat over IRC', () => {
  it('lets tmi.js log in, join, read a tagged viewer message and reply', async () => {
    const client = await joinedBot();
    const messages: { tags: tmi.ChatUserstate; text: string; self: boolean }[] = [];
    client.on('message', (_channel, tags, text, self) => messages.push({ tags, text, self }));

    const id = twitch.say('streamer', {
      login: 'viewer1',
      displayName: 'Viewer1',
      subscriber: 12,
      mod: true,
      color: '#1E90FF',
      text: '!uptime please',
    });
    const got = await waitFor(() => messages.find((m) => !m.self));
    expect(got.text).toBe('!uptime please');
    expect(got.tags.id).toBe(id);
    expect(got.tags['display-name']).toBe('Viewer1');
    expect(got.tags.username).toBe('viewer1');
    expect(got.tags['room-id']).toBe(streamer.id);
    expect(got.tags['user-id']).toBe(twitch.user('viewer1').id);
    expect(got.tags.badges).toEqual({ moderator: '1', subscriber: '12' });
    expect(got.tags.mod).toBe(true);
    expect(got.tags.subscriber).toBe(true);
    expect(got.tags.color).toBe('#1E90FF');

    await client.say('streamer', 'Live for 2 hours');
    const sent = await waitFor(() => twitch.sent('streamer')[0]);
    expect(sent).toMatchObject({ channel: '#streamer', login: twitch.botLogin, text: 'Live for 2 hours' });
  });

  it('delivers USERNOTICE and CLEARCHAT in shapes tmi.js understands', async () => {
    const client = await joinedBot();
    const seen: string[] = [];
    client.on('resub', (_c, username, _streak, text, tags) =>
      seen.push(`resub ${username} ${tags['msg-param-cumulative-months']} ${text}`),
    );
    client.on('subgift', (_c, username, _streak, recipient) => seen.push(`subgift ${username} ${recipient}`));
    client.on('raided', (_c, username, viewers) => seen.push(`raid ${username} ${viewers}`));
    client.on('timeout', (_c, username, _reason, seconds) => seen.push(`timeout ${username} ${seconds}`));
    twitch.notice('streamer', { msgId: 'resub', login: 'loyal', months: 7, text: 'seven months!' });
    twitch.notice('streamer', { msgId: 'subgift', login: 'gifter', recipient: 'lucky' });
    twitch.notice('streamer', { msgId: 'raid', login: 'raider', viewers: 42 });
    twitch.clearChat('streamer', { login: 'spammer', seconds: 600 });
    await waitFor(() => seen.length === 4);
    expect(seen).toEqual([
      'resub loyal 7 seven months!',
      'subgift gifter lucky',
      'raid raider 42',
      'timeout spammer 600',
    ]);
  });

  it('refuses a login with a token the OAuth server does not know', async () => {
    const client = botClient('oauth:not-a-real-token');
    await expect(client.connect()).rejects.toMatch(/Login authentication failed/);
  });

  it('drops messages past 20 per 30 s for a non-moderator and allows 100 once modded', async () => {
    const client = await joinedBot();
    for (let i = 1; i <= 25; i++) await client.say('streamer', `message ${i}`);
    await waitFor(() => twitch.sent('streamer').length + twitch.dropped().length >= 25);
    expect(twitch.sent('streamer').map((m) => m.text)).toEqual(
      Array.from({ length: 20 }, (_, i) => `message ${i + 1}`),
    );
    expect(twitch.dropped().map((d) => [d.text, d.reason])).toEqual(
      Array.from({ length: 5 }, (_, i) => [`message ${i + 21}`, 'rate_limit']),
    );

    twitch.setModerator('streamer', twitch.botLogin);
    await waitFor(() => client.isMod('streamer', twitch.botLogin));
    for (let i = 26; i <= 50; i++) await client.say('streamer', `message ${i}`);
    await waitFor(() => twitch.sent('streamer').length >= 45);
    expect(twitch.sent('streamer')).toHaveLength(45);
    expect(twitch.dropped()).toHaveLength(5);
  });
});

/** A tiny EventSub receiver that checks Twitch's signature the documented way. */
async function receiver(secret: string, echoChallenge = true) {
  const seen = new Set<string>();
  const got: { type: string; id: string; body: Record<string, unknown>; duplicate: boolean }[] = [];
  let refused = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const id = String(req.headers['twitch-eventsub-message-id']);
      const timestamp = String(req.headers['twitch-eventsub-message-timestamp']);
      const expected = Buffer.from(
        `sha256=${createHmac('sha256', secret)
          .update(id + timestamp + raw)
          .digest('hex')}`,
      );
      const actual = Buffer.from(String(req.headers['twitch-eventsub-message-signature']));
      if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
        refused++;
        return res.writeHead(403).end();
      }
      const body = JSON.parse(raw) as Record<string, unknown>;
      const type = String(req.headers['twitch-eventsub-message-type']);
      got.push({ type, id, body, duplicate: seen.has(id) });
      seen.add(id);
      if (type === 'webhook_callback_verification' && echoChallenge)
        return res.writeHead(200, { 'content-type': 'text/plain' }).end(String(body.challenge));
      res.writeHead(204).end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/eventsub`,
    got,
    refused: () => refused,
  };
}

async function appToken() {
  const res = await fetch(`${twitch.authBaseUrl}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: twitch.clientId,
      client_secret: twitch.clientSecret,
      grant_type: 'client_credentials',
    }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

const helix = (path: string, accessToken: string, init: RequestInit = {}) =>
  fetch(`${twitch.apiBaseUrl}/helix${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${accessToken}`,
      'client-id': twitch.clientId,
      ...(init.body ? { 'content-type': 'application/json' } : {}),
    },
  });

describe('EventSub webhooks', () => {
  it('verifies the callback, then delivers signed notifications, replays and forgeries', async () => {
    const secret = randomBytes(16).toString('hex');
    const hook = await receiver(secret);
    const follower = twitch.addUser({ login: 'newfan', displayName: 'NewFan' });
    twitch.oauth.issueToken(streamer.id, ['moderator:read:followers']);
    const token = await appToken();

    const created = await helix('/eventsub/subscriptions', token, {
      method: 'POST',
      body: JSON.stringify({
        type: 'channel.follow',
        version: '2',
        condition: { broadcaster_user_id: streamer.id, moderator_user_id: streamer.id },
        transport: { method: 'webhook', callback: hook.url, secret },
      }),
    });
    expect(created.status).toBe(202);
    const { data } = (await created.json()) as { data: { id: string; status: string }[] };
    expect(data[0]!.status).toBe('webhook_callback_verification_pending');
    expect((await twitch.eventsub.settled(data[0]!.id)).status).toBe('enabled');
    expect(hook.got[0]).toMatchObject({ type: 'webhook_callback_verification' });

    const listed = (await (await helix('/eventsub/subscriptions?status=enabled', token)).json()) as {
      data: { id: string }[];
    };
    expect(listed.data.map((s) => s.id)).toEqual([data[0]!.id]);

    const delivered = await twitch.eventsub.send('channel.follow', events.follow(streamer, follower));
    expect(delivered.status).toBe(204);
    const notification = hook.got.at(-1)!;
    expect(notification.type).toBe('notification');
    expect(notification.body.event).toMatchObject({
      user_id: follower.id,
      user_login: 'newfan',
      user_name: 'NewFan',
      broadcaster_user_id: streamer.id,
    });

    await twitch.eventsub.replay(delivered.messageId);
    expect(hook.got.at(-1)).toMatchObject({ id: delivered.messageId, duplicate: true });

    const forged = await twitch.eventsub.send('channel.follow', events.follow(streamer, follower), {
      badSignature: true,
    });
    expect(forged.status).toBe(403);
    expect(hook.refused()).toBe(1);

    await twitch.eventsub.revoke(data[0]!.id, 'authorization_revoked');
    expect(hook.got.at(-1)).toMatchObject({ type: 'revocation' });
    expect((hook.got.at(-1)!.body.subscription as { status: string }).status).toBe('authorization_revoked');
  });

  it('leaves a subscription failed when the callback does not echo the challenge', async () => {
    const secret = randomBytes(16).toString('hex');
    const hook = await receiver(secret, false);
    const token = await appToken();
    const created = await helix('/eventsub/subscriptions', token, {
      method: 'POST',
      body: JSON.stringify({
        type: 'stream.online',
        version: '1',
        condition: { broadcaster_user_id: streamer.id },
        transport: { method: 'webhook', callback: hook.url, secret },
      }),
    });
    const { data } = (await created.json()) as { data: { id: string }[] };
    expect((await twitch.eventsub.settled(data[0]!.id)).status).toBe('webhook_callback_verification_failed');
  });

  it('refuses subscriptions without an app token or the streamer’s authorization', async () => {
    const user = twitch.oauth.issueToken(streamer.id, ['chat:read']);
    const body = JSON.stringify({
      type: 'channel.subscribe',
      version: '1',
      condition: { broadcaster_user_id: streamer.id },
      transport: {
        method: 'webhook',
        callback: 'https://example.invalid/hook',
        secret: 'a-long-enough-secret',
      },
    });
    expect((await helix('/eventsub/subscriptions', user.access_token, { method: 'POST', body })).status).toBe(
      401,
    );
    const app = await appToken();
    const refused = await helix('/eventsub/subscriptions', app, { method: 'POST', body });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({
      error: 'Forbidden',
      status: 403,
      message: 'subscription missing proper authorization',
    });
  });
});

describe('OAuth and Helix', () => {
  it('runs authorize with PKCE, exchanges the code, validates, refreshes and ends on revoke', async () => {
    twitch.oauth.approveAs(streamer.id);
    const verifier = randomBytes(32).toString('base64url');
    const redirectUri = 'http://127.0.0.1:9/callback';
    const authorize = new URL(`${twitch.authBaseUrl}/oauth2/authorize`);
    authorize.search = new URLSearchParams({
      client_id: twitch.clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'chat:read channel:read:subscriptions',
      state: 'state-123',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    const redirect = await fetch(authorize, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    const back = new URL(redirect.headers.get('location')!);
    expect(back.searchParams.get('state')).toBe('state-123');
    const code = back.searchParams.get('code')!;

    const exchange = (params: Record<string, string>) =>
      fetch(`${twitch.authBaseUrl}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          client_id: twitch.clientId,
          client_secret: twitch.clientSecret,
          ...params,
        }),
      });
    const wrongVerifier = await exchange({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: 'wrong',
    });
    expect(wrongVerifier.status).toBe(400);

    const again = await fetch(authorize, { redirect: 'manual' });
    const code2 = new URL(again.headers.get('location')!).searchParams.get('code')!;
    const tokens = await exchange({
      grant_type: 'authorization_code',
      code: code2,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    });
    expect(tokens.status).toBe(200);
    const issued = (await tokens.json()) as { access_token: string; refresh_token: string; scope: string[] };
    expect(issued.scope).toEqual(['chat:read', 'channel:read:subscriptions']);

    const validate = (accessToken: string) =>
      fetch(`${twitch.authBaseUrl}/oauth2/validate`, { headers: { authorization: `OAuth ${accessToken}` } });
    const valid = await validate(issued.access_token);
    expect(valid.status).toBe(200);
    expect(await valid.json()).toMatchObject({
      client_id: twitch.clientId,
      login: 'streamer',
      user_id: streamer.id,
      scopes: ['chat:read', 'channel:read:subscriptions'],
    });

    const refreshed = await exchange({ grant_type: 'refresh_token', refresh_token: issued.refresh_token });
    expect(refreshed.status).toBe(200);
    const next = (await refreshed.json()) as { access_token: string; refresh_token: string };
    expect(next.access_token).not.toBe(issued.access_token);
    expect(next.refresh_token).toBe(issued.refresh_token);

    const me = await helix('/users', next.access_token);
    expect(me.status).toBe(200);
    expect(me.headers.get('ratelimit-limit')).toBe('800');
    expect(Number(me.headers.get('ratelimit-remaining'))).toBeLessThan(800);
    expect(((await me.json()) as { data: { login: string }[] }).data[0]!.login).toBe('streamer');
    const noClientId = await fetch(`${twitch.apiBaseUrl}/helix/users?login=streamer`, {
      headers: { authorization: `Bearer ${next.access_token}` },
    });
    expect(noClientId.status).toBe(401);

    twitch.oauth.revoke(streamer.id);
    const afterRevoke = await exchange({ grant_type: 'refresh_token', refresh_token: issued.refresh_token });
    expect(afterRevoke.status).toBe(400);
    expect(await afterRevoke.json()).toEqual({ status: 400, message: 'Invalid refresh token' });
    expect((await validate(next.access_token)).status).toBe(401);
  });
});
