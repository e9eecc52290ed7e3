import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamHarness } from '../stream/testing';

const secret = 'eventsub-secret-for-tests';
const broadcaster = '5001';

type Message = { type: string; body: unknown; id?: string; timestamp?: string; secret?: string };

function signed({
  type,
  body,
  id = randomUUID(),
  timestamp = new Date().toISOString(),
  secret: key = secret,
}: Message) {
  const raw = JSON.stringify(body);
  const signature = `sha256=${createHmac('sha256', key)
    .update(id + timestamp + raw)
    .digest('hex')}`;
  return {
    raw,
    headers: {
      'content-type': 'application/json',
      'twitch-eventsub-message-id': id,
      'twitch-eventsub-message-timestamp': timestamp,
      'twitch-eventsub-message-signature': signature,
      'twitch-eventsub-message-type': type,
      'twitch-eventsub-subscription-type': (body as { subscription: { type: string } }).subscription.type,
      'twitch-eventsub-subscription-version': '2',
    },
  };
}

const subscription = (
  type: string,
  condition: Record<string, string> = { broadcaster_user_id: broadcaster },
) => ({
  id: randomUUID(),
  status: 'enabled',
  type,
  version: '1',
  cost: 0,
  condition,
  transport: { method: 'webhook', callback: 'https://stream.example/webhooks/twitch/eventsub' },
  created_at: '2026-01-01T00:00:00.000Z',
});

const follow = {
  subscription: subscription('channel.follow'),
  event: {
    user_id: '777',
    user_login: 'viewer',
    user_name: 'Viewer',
    broadcaster_user_id: broadcaster,
    broadcaster_user_login: 'streamer',
    broadcaster_user_name: 'Streamer',
    followed_at: '2026-01-02T03:04:05.123456789Z',
  },
};

describe('Twitch EventSub webhook', () => {
  let s: Awaited<ReturnType<typeof streamHarness>>;
  let tenantId: string;
  let channelId: string;

  const post = (message: ReturnType<typeof signed>) =>
    s.h.call('POST', '/webhooks/twitch/eventsub', {
      raw: message.raw,
      headers: message.headers,
      cookie: null,
    });
  const events = () => s.owner`select * from chat_events where tenant_id = ${tenantId} order by id`;

  beforeAll(async () => {
    s = await streamHarness({ TWITCH_EVENTSUB_SECRET: secret });
    const tenant = await s.addTenant('streamer');
    tenantId = tenant.tenantId;
    channelId = await s.addChannel(tenantId, 'twitch', broadcaster);
  });
  afterAll(() => s.close());

  it('records a signed follow once, however often Twitch redelivers it', async () => {
    const message = signed({ type: 'notification', body: follow });
    const first = await post(message);
    expect(first.status).toBe(204);
    expect(await events()).toEqual([
      expect.objectContaining({
        tenant_id: tenantId,
        channel_id: channelId,
        platform: 'twitch',
        kind: 'follow',
        user_id: '777',
        user_name: 'Viewer',
        platform_event_id: message.headers['twitch-eventsub-message-id'],
        at: new Date('2026-01-02T03:04:05.123Z'),
      }),
    ]);
    const again = await post(message);
    expect(again.status).toBe(204);
    expect(await events()).toHaveLength(1);
  });

  it('refuses a bad signature, a wrong secret and an old timestamp, writing nothing', async () => {
    const before = await events();
    const deliveries = await s.owner`select count(*)::int as n from webhook_deliveries`;
    const good = signed({ type: 'notification', body: follow });
    const tampered = { ...good, raw: good.raw.replace('"Viewer"', '"Someone"') };
    const wrongKey = signed({ type: 'notification', body: follow, secret: 'not-the-secret-at-all' });
    const old = signed({
      type: 'notification',
      body: follow,
      timestamp: new Date(Date.now() - 11 * 60_000).toISOString(),
    });
    const unsigned = { ...good, headers: { ...good.headers, 'twitch-eventsub-message-signature': '' } };
    for (const message of [tampered, wrongKey, old, unsigned]) {
      const res = await post(message);
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe('invalid_signature');
    }
    expect(await events()).toEqual(before);
    expect(await s.owner`select count(*)::int as n from webhook_deliveries`).toEqual(deliveries);
  });

  it('echoes the verification challenge as plain text', async () => {
    const res = await post(
      signed({
        type: 'webhook_callback_verification',
        body: {
          challenge: 'pogchamp-kappa-360noscope',
          subscription: {
            ...subscription('channel.follow'),
            status: 'webhook_callback_verification_pending',
          },
        },
      }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.json).toBe('pogchamp-kappa-360noscope');
  });

  it('tells the streamer when Twitch revokes a subscription', async () => {
    const res = await post(
      signed({
        type: 'revocation',
        body: { subscription: { ...subscription('channel.follow'), status: 'authorization_revoked' } },
      }),
    );
    expect(res.status).toBe(204);
    const notices =
      await s.owner`select kind, message, detail from stream_notices where tenant_id = ${tenantId}`;
    expect(notices).toEqual([
      expect.objectContaining({
        kind: 'token_revoked',
        detail: expect.objectContaining({
          platform: 'twitch',
          subscriptionType: 'channel.follow',
          status: 'authorization_revoked',
        }),
      }),
    ]);
  });

  it('normalizes subs, gifts, raids, cheers, redemptions and stream status', async () => {
    await s.owner`delete from chat_events where tenant_id = ${tenantId}`;
    const user = { user_id: '888', user_login: 'fan', user_name: 'Fan' };
    const ours = {
      broadcaster_user_id: broadcaster,
      broadcaster_user_login: 'streamer',
      broadcaster_user_name: 'Streamer',
    };
    const notifications: [string, Record<string, unknown>][] = [
      ['channel.subscribe', { ...user, ...ours, tier: '2000', is_gift: false }],
      [
        'channel.subscription.message',
        {
          ...user,
          ...ours,
          tier: '1000',
          message: { text: 'ten months!', emotes: [] },
          cumulative_months: 10,
          streak_months: 3,
          duration_months: 1,
        },
      ],
      [
        'channel.subscription.gift',
        {
          user_id: null,
          user_login: null,
          user_name: null,
          ...ours,
          total: 5,
          tier: '1000',
          cumulative_total: null,
          is_anonymous: true,
        },
      ],
      [
        'channel.raid',
        {
          from_broadcaster_user_id: '999',
          from_broadcaster_user_login: 'raider',
          from_broadcaster_user_name: 'Raider',
          to_broadcaster_user_id: broadcaster,
          to_broadcaster_user_login: 'streamer',
          to_broadcaster_user_name: 'Streamer',
          viewers: 42,
        },
      ],
      ['channel.cheer', { is_anonymous: false, ...user, ...ours, message: 'Cheer100 nice', bits: 100 }],
      [
        'channel.channel_points_custom_reward_redemption.add',
        {
          id: 'r1',
          ...user,
          ...ours,
          user_input: 'play a song',
          status: 'unfulfilled',
          reward: { id: 'rw1', title: 'Song request', cost: 500, prompt: '' },
          redeemed_at: '2026-01-02T03:04:05Z',
        },
      ],
      ['stream.online', { id: 's1', ...ours, type: 'live', started_at: '2026-01-02T03:00:00Z' }],
      ['stream.offline', { ...ours }],
    ];
    for (const [type, event] of notifications) {
      const res = await post(
        signed({ type: 'notification', body: { subscription: subscription(type), event } }),
      );
      expect(res.status).toBe(204);
    }
    const rows =
      await s.owner`select kind, user_name, text, detail from chat_events where tenant_id = ${tenantId} order by id`;
    expect(rows).toEqual([
      { kind: 'sub', user_name: 'Fan', text: null, detail: { tier: 2, months: 1, gifted: false } },
      {
        kind: 'sub',
        user_name: 'Fan',
        text: 'ten months!',
        detail: { tier: 1, months: 10, gifted: false, streak: 3 },
      },
      { kind: 'gift', user_name: null, text: null, detail: { tier: 1, count: 5, anonymous: true } },
      { kind: 'raid', user_name: 'Raider', text: null, detail: { viewers: 42, fromLogin: 'raider' } },
      { kind: 'cheer', user_name: 'Fan', text: 'Cheer100 nice', detail: { bits: 100, anonymous: false } },
      {
        kind: 'redemption',
        user_name: 'Fan',
        text: 'play a song',
        detail: {
          reward: 'Song request',
          rewardId: 'rw1',
          cost: 500,
          redemptionId: 'r1',
          input: 'play a song',
        },
      },
      { kind: 'stream_online', user_name: null, text: null, detail: { type: 'live' } },
      { kind: 'stream_offline', user_name: null, text: null, detail: {} },
    ]);
  });

  it('drops notifications for broadcasters no tenant has, writing nothing', async () => {
    const before = await s.owner`select count(*)::int as n from webhook_deliveries`;
    const stranger = { ...follow, event: { ...follow.event, broadcaster_user_id: '123456' } };
    const res = await post(signed({ type: 'notification', body: stranger }));
    expect(res.status).toBe(204);
    expect(await s.owner`select count(*)::int as n from webhook_deliveries`).toEqual(before);
  });

  it('caps the body and says when EventSub is not configured', async () => {
    const huge = signed({ type: 'notification', body: { ...follow, padding: 'x'.repeat(70 * 1024) } });
    expect((await post(huge)).status).toBe(413);
    const { createHarness } = await import('../../test/harness');
    const bare = await createHarness();
    const res = await bare.call('POST', '/webhooks/twitch/eventsub', {
      raw: '{}',
      headers: signed({ type: 'notification', body: follow }).headers,
    });
    expect(res.status).toBe(503);
    expect(res.json.error.code).toBe('twitch_not_configured');
  });
});
