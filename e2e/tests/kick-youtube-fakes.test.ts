/**
 * The Kick and Google/YouTube fakes speak their platforms' protocols: Kick's OAuth 2.1 insists on
 * PKCE S256 and checks the verifier, its webhooks verify against the served public key, its chat
 * endpoint records and rate-limits; YouTube's live chat pages with tokens and spends quota as
 * YouTube counts it; Google's OAuth round trip issues a refresh token that stops working once revoked.
 */
import { createHash, createVerify, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeKickApi, kickPayloads, startFakeKickApi } from '../fakes/kick-api/server';
import { type FakeYoutubeData, startFakeYoutubeData } from '../fakes/youtube-data/server';

type ChatPage = {
  kind?: string;
  items: {
    snippet: { type: string; superChatDetails?: unknown; membershipGiftingDetails?: unknown };
    authorDetails: Record<string, unknown>;
  }[];
  nextPageToken: string;
  pollingIntervalMillis: number;
  offlineAt?: string;
  error: { errors: { reason: string; domain: string }[] };
};

const redirectUri = 'http://127.0.0.1:9/callback';

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

describe('Kick', () => {
  let kick: FakeKickApi;
  beforeEach(async () => {
    kick = await startFakeKickApi();
  });
  afterEach(async () => {
    await kick.close();
  });

  async function authorize(params: Record<string, string>) {
    const url = new URL('/oauth/authorize', kick.url);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    return fetch(url, { redirect: 'manual' });
  }

  it('refuses an authorization request without PKCE S256 and checks the verifier at the token endpoint', async () => {
    const ada = kick.addChannel('ada');
    kick.oauth.approveAs(ada.broadcaster_user_id);
    const base = {
      client_id: kick.clientId,
      response_type: 'code',
      redirect_uri: redirectUri,
      state: 's1',
      scope: 'user:read chat:write',
    };
    expect((await authorize(base)).status).toBe(400);
    const { verifier, challenge } = pkce();
    expect(
      (await authorize({ ...base, code_challenge: challenge, code_challenge_method: 'plain' })).status,
    ).toBe(400);

    const ok = await authorize({ ...base, code_challenge: challenge, code_challenge_method: 'S256' });
    expect(ok.status).toBe(302);
    const back = new URL(ok.headers.get('location')!);
    expect(back.searchParams.get('state')).toBe('s1');
    const code = back.searchParams.get('code')!;
    const exchange = (codeVerifier: string, c = code) =>
      fetch(
        `${kick.url}/oauth/token`,
        form({
          grant_type: 'authorization_code',
          client_id: kick.clientId,
          client_secret: kick.clientSecret,
          redirect_uri: redirectUri,
          code: c,
          code_verifier: codeVerifier,
        }),
      );
    const wrong = await exchange(pkce().verifier);
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_grant' });

    // The failed attempt used the code up; a fresh authorization with the right verifier works.
    const again = await authorize({ ...base, code_challenge: challenge, code_challenge_method: 'S256' });
    const tokens = (await (
      await exchange(verifier, new URL(again.headers.get('location')!).searchParams.get('code')!)
    ).json()) as Record<string, string>;
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 7200, scope: 'user:read chat:write' });
    const me = await fetch(`${kick.url}/public/v1/users`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(await me.json()).toEqual({
      data: [
        expect.objectContaining({ user_id: ada.broadcaster_user_id, name: 'ada', email: 'ada@example.test' }),
      ],
      message: 'OK',
    });

    // Refresh tokens rotate: the new one works, the used one does not, and revoke ends them all.
    const refresh = (token: string) =>
      fetch(
        `${kick.url}/oauth/token`,
        form({
          grant_type: 'refresh_token',
          client_id: kick.clientId,
          client_secret: kick.clientSecret,
          refresh_token: token,
        }),
      );
    const rotated = (await (await refresh(tokens.refresh_token!)).json()) as Record<string, string>;
    expect(rotated.refresh_token).not.toBe(tokens.refresh_token);
    expect((await refresh(tokens.refresh_token!)).status).toBe(400);
    kick.oauth.revoke(ada.broadcaster_user_id);
    const revoked = await refresh(rotated.refresh_token!);
    expect(revoked.status).toBe(400);
    expect(await revoked.json()).toMatchObject({ error: 'invalid_grant' });
    const after = await fetch(`${kick.url}/public/v1/users`, {
      headers: { authorization: `Bearer ${rotated.access_token}` },
    });
    expect(after.status).toBe(401);
  });

  describe('webhooks', () => {
    let receiver: Server;
    let received: { headers: Record<string, string>; body: string }[];
    beforeEach(async () => {
      received = [];
      receiver = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          received.push({
            headers: req.headers as Record<string, string>,
            body: Buffer.concat(chunks).toString('utf8'),
          });
          res.writeHead(200).end();
        });
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      kick.webhooks.setTarget(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/kick`);
    });
    afterEach(async () => {
      await new Promise((resolve) => receiver.close(resolve));
    });

    const verify = (pem: string, r: { headers: Record<string, string>; body: string }) =>
      createVerify('RSA-SHA256')
        .update(
          `${r.headers['kick-event-message-id']}.${r.headers['kick-event-message-timestamp']}.${r.body}`,
        )
        .verify(pem, r.headers['kick-event-signature']!, 'base64');

    it('signs deliveries so they verify against the served public key, and not once tampered or forged', async () => {
      kick.addChannel('ada');
      kick.addChannel('viewer1');
      const payload = kickPayloads['chat.message.sent']({
        broadcaster: kick.person('ada'),
        sender: kick.person('viewer1'),
        content: '!uptime',
      });
      const sent = await kick.webhooks.send('chat.message.sent', payload);
      expect(sent.status).toBe(200);
      const keyAnswer = (await (await fetch(`${kick.url}/public/v1/public-key`)).json()) as {
        data: { public_key: string };
      };
      const pem = keyAnswer.data.public_key;
      expect(pem).toMatch(/^-----BEGIN PUBLIC KEY-----/);

      const [delivery] = received;
      expect(delivery!.headers).toMatchObject({
        'kick-event-message-id': sent.messageId,
        'kick-event-type': 'chat.message.sent',
        'kick-event-version': '1',
      });
      expect(delivery!.headers['kick-event-subscription-id']).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
      expect(JSON.parse(delivery!.body)).toMatchObject({
        content: '!uptime',
        sender: { username: 'viewer1' },
        broadcaster: { channel_slug: 'ada' },
      });
      expect(verify(pem, delivery!)).toBe(true);
      expect(verify(pem, { ...delivery!, body: delivery!.body.replace('!uptime', '!ban ada') })).toBe(false);

      await kick.webhooks.send(
        'channel.followed',
        kickPayloads['channel.followed']({
          broadcaster: kick.person('ada'),
          follower: kick.person('viewer1'),
        }),
        {
          badSignature: true,
        },
      );
      expect(verify(pem, received[1]!)).toBe(false);

      await kick.webhooks.replay(sent.messageId);
      expect(received[2]).toEqual(delivery);
    });
  });

  it('records chat sends from a user token and answers 429 past the per-channel limit', async () => {
    const ada = kick.addChannel('ada');
    const bot = kick.addChannel('snapplebot');
    kick.chat.setRateLimit({ limit: 2, windowMs: 60_000 });
    const { access_token } = kick.oauth.issueToken(bot.broadcaster_user_id);
    const say = (body: Record<string, unknown>, token = access_token) =>
      fetch(`${kick.url}/public/v1/chat`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const first = await say({
      type: 'bot',
      content: 'hello chat',
      broadcaster_user_id: ada.broadcaster_user_id,
    });
    expect(first.status).toBe(200);
    const answer = (await first.json()) as { data: { is_sent: boolean; message_id: string } };
    expect(answer.data.is_sent).toBe(true);
    expect(
      (await say({ type: 'bot', content: 'x'.repeat(501), broadcaster_user_id: ada.broadcaster_user_id }))
        .status,
    ).toBe(400);
    expect((await say({ type: 'user', content: 'no channel' })).status).toBe(400);
    const app = (await (
      await fetch(
        `${kick.url}/oauth/token`,
        form({
          grant_type: 'client_credentials',
          client_id: kick.clientId,
          client_secret: kick.clientSecret,
        }),
      )
    ).json()) as { access_token: string };
    expect(
      (
        await say(
          { type: 'bot', content: 'app token', broadcaster_user_id: ada.broadcaster_user_id },
          app.access_token,
        )
      ).status,
    ).toBe(401);

    expect(
      (
        await say({
          type: 'bot',
          content: 'second',
          broadcaster_user_id: ada.broadcaster_user_id,
          reply_to_message_id: 'm-1',
        })
      ).status,
    ).toBe(200);
    const limited = await say({
      type: 'bot',
      content: 'third',
      broadcaster_user_id: ada.broadcaster_user_id,
    });
    expect(limited.status).toBe(429);
    // The limit is per channel: the bot's own channel still takes messages.
    expect((await say({ type: 'bot', content: 'own channel' })).status).toBe(200);

    expect(
      kick.chat
        .messagesTo(ada.broadcaster_user_id)
        .map((m) => [m.content, m.reply_to_message_id, m.message_id === answer.data.message_id]),
    ).toEqual([
      ['hello chat', null, true],
      ['second', 'm-1', false],
    ]);
    expect(kick.chat.refused.map((m) => m.content)).toEqual(['third']);
  });
});

describe('YouTube and Google', () => {
  let yt: FakeYoutubeData;
  beforeEach(async () => {
    yt = await startFakeYoutubeData({ pollingIntervalMillis: 50 });
  });
  afterEach(async () => {
    await yt.close();
  });

  const scope = 'openid email https://www.googleapis.com/auth/youtube.force-ssl';

  async function signIn(extra: Record<string, string> = { access_type: 'offline', prompt: 'consent' }) {
    const { verifier, challenge } = pkce();
    const url = new URL('/o/oauth2/v2/auth', yt.url);
    for (const [k, v] of Object.entries({
      client_id: yt.oauth.clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope,
      state: 'st',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...extra,
    }))
      url.searchParams.set(k, v);
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const code = new URL(res.headers.get('location')!).searchParams.get('code')!;
    const token = await fetch(
      `${yt.url}/token`,
      form({
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        code_verifier: verifier,
        client_id: yt.oauth.clientId,
        client_secret: yt.oauth.clientSecret,
      }),
    );
    return (await token.json()) as Record<string, string | number>;
  }

  const api = (path: string, token: string, init: RequestInit = {}) =>
    fetch(`${yt.url}/youtube/v3/${path}`, {
      ...init,
      headers: {
        authorization: `Bearer ${token}`,
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
    });

  it('signs in with PKCE, finds the channel, refreshes, and refuses the refresh once revoked', async () => {
    const ada = yt.addChannel({ title: 'Ada Plays', customUrl: '@adaplays' });
    yt.oauth.approveAs(ada.sub);
    const tokens = await signIn();
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 3599, scope });
    expect(tokens.refresh_token).toEqual(expect.any(String));
    const claims = JSON.parse(
      Buffer.from(String(tokens.id_token).split('.')[1]!, 'base64url').toString('utf8'),
    );
    expect(claims).toMatchObject({ sub: ada.sub, aud: yt.oauth.clientId, email: expect.any(String) });
    // Without prompt=consent, a second sign-in gets no new refresh token, as with Google.
    expect((await signIn({ access_type: 'offline' })).refresh_token).toBeUndefined();

    const channels = await api('channels?part=snippet&mine=true', String(tokens.access_token));
    expect(await channels.json()).toMatchObject({
      kind: 'youtube#channelListResponse',
      items: [{ id: ada.id, snippet: { title: 'Ada Plays', customUrl: '@adaplays' } }],
    });

    const refresh = () =>
      fetch(
        `${yt.url}/token`,
        form({
          grant_type: 'refresh_token',
          refresh_token: String(tokens.refresh_token),
          client_id: yt.oauth.clientId,
          client_secret: yt.oauth.clientSecret,
        }),
      );
    const refreshed = (await (await refresh()).json()) as Record<string, string>;
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect((await api('channels?part=id&mine=true', refreshed.access_token!)).status).toBe(200);

    expect((await fetch(`${yt.url}/revoke`, form({ token: String(tokens.refresh_token) }))).status).toBe(200);
    const refused = await refresh();
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: 'invalid_grant' });
    expect((await api('channels?part=id&mine=true', refreshed.access_token!)).status).toBe(401);
  });

  it('refuses a wrong PKCE verifier', async () => {
    const ada = yt.addChannel({ title: 'Ada Plays' });
    yt.oauth.approveAs(ada.sub);
    const url = new URL('/o/oauth2/v2/auth', yt.url);
    url.search = new URLSearchParams({
      client_id: yt.oauth.clientId,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope,
    }).toString();
    expect((await fetch(url, { redirect: 'manual' })).status).toBe(400);
    url.searchParams.set('code_challenge', pkce().challenge);
    url.searchParams.set('code_challenge_method', 'S256');
    const code = new URL(
      (await fetch(url, { redirect: 'manual' })).headers.get('location')!,
    ).searchParams.get('code')!;
    const res = await fetch(
      `${yt.url}/token`,
      form({
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        code_verifier: pkce().verifier,
        client_id: yt.oauth.clientId,
        client_secret: yt.oauth.clientSecret,
      }),
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('pages live chat with tokens, counts quota as YouTube does, and answers quotaExceeded when spent', async () => {
    const ada = yt.addChannel({ title: 'Ada Plays' });
    const { access_token } = yt.oauth.issueToken(ada.sub);
    const token = String(access_token);
    const broadcast = yt.startBroadcast(ada.id, { title: 'Speedrun' });

    const live = (await (await api('liveBroadcasts?part=snippet&mine=true', token)).json()) as {
      items: { snippet: { liveChatId: string } }[];
    };
    expect(live.items.map((i) => i.snippet.liveChatId)).toEqual([broadcast.liveChatId]);
    expect(yt.quotaUsed()).toBe(1);

    yt.chat.say(broadcast.liveChatId, { author: { displayName: 'viewer1', moderator: true }, text: 'hello' });
    yt.chat.superChat(broadcast.liveChatId, {
      author: { displayName: 'whale' },
      amountMicros: 5_000_000,
      comment: 'gg',
    });
    const list = async (pageToken?: string) => {
      const q = new URLSearchParams({
        liveChatId: broadcast.liveChatId,
        part: 'snippet,authorDetails',
        ...(pageToken ? { pageToken } : {}),
      });
      const res = await fetch(`${yt.url}/youtube/v3/liveChat/messages?${q}&key=${yt.apiKey}`);
      return { status: res.status, body: (await res.json()) as ChatPage };
    };
    const first = await list();
    expect(first.body).toMatchObject({
      kind: 'youtube#liveChatMessageListResponse',
      pollingIntervalMillis: 50,
    });
    expect(first.body.items.map((i) => i.snippet.type)).toEqual(['textMessageEvent', 'superChatEvent']);
    expect(first.body.items[0]?.authorDetails).toMatchObject({
      displayName: 'viewer1',
      isChatModerator: true,
      isChatOwner: false,
    });
    expect(first.body.items[1]?.snippet.superChatDetails).toMatchObject({
      amountMicros: '5000000',
      currency: 'USD',
      userComment: 'gg',
      tier: 3,
    });
    expect(yt.quotaUsed()).toBe(6);
    expect(yt.quotaUsed({ key: yt.apiKey })).toBe(5);

    const empty = await list(first.body.nextPageToken);
    expect(empty.body.items).toEqual([]);
    yt.chat.newSponsor(broadcast.liveChatId, { author: { displayName: 'fan' }, level: 'Gold' });
    yt.chat.giftMemberships(broadcast.liveChatId, { author: { displayName: 'gifter' }, count: 5 });
    const insert = await api('liveChat/messages?part=snippet', token, {
      method: 'POST',
      body: JSON.stringify({
        snippet: {
          liveChatId: broadcast.liveChatId,
          type: 'textMessageEvent',
          textMessageDetails: { messageText: 'welcome!' },
        },
      }),
    });
    expect(insert.status).toBe(200);
    expect(yt.chat.inserted.map((m) => [m.text, m.authorChannelId])).toEqual([['welcome!', ada.id]]);
    const next = await list(empty.body.nextPageToken);
    expect(next.body.items.map((i) => i.snippet.type)).toEqual([
      'newSponsorEvent',
      'membershipGiftingEvent',
      'textMessageEvent',
    ]);
    expect(next.body.items[1]?.snippet.membershipGiftingDetails).toMatchObject({ giftMembershipsCount: 5 });
    expect(next.body.items[2]?.authorDetails).toMatchObject({ channelId: ada.id, isChatOwner: true });
    expect(yt.quotaUsed()).toBe(1 + 5 * 3 + 50);
    expect(yt.quotaUsed({ sub: ada.sub })).toBe(51);

    const left = yt.quota();
    yt.setQuota(4);
    const spent = await list(next.body.nextPageToken);
    expect(spent.status).toBe(403);
    expect(spent.body.error.errors[0]).toMatchObject({ reason: 'quotaExceeded', domain: 'youtube.quota' });
    yt.setQuota(left);

    yt.endBroadcast(ada.id);
    const offline = await list(next.body.nextPageToken);
    expect(offline.body.offlineAt).toEqual(expect.any(String));
    expect((await list(offline.body.nextPageToken)).body.error.errors[0]?.reason).toBe('liveChatEnded');
  });
});
