import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamHarness } from '../stream/testing';

const broadcaster = 6001;

function keyPair() {
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}

/** Kick's public-key endpoint, serving whichever key is current (it can rotate). */
async function startKeyServer(initial: KeyObject) {
  let current = initial;
  let fetches = 0;
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/public/v1/public-key') {
      fetches += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          data: { public_key: current.export({ type: 'spki', format: 'pem' }) },
          message: 'OK',
        }),
      );
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    rotate(to: KeyObject) {
      current = to;
    },
    get fetches() {
      return fetches;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let sequence = 0;
function delivery(
  privateKey: KeyObject,
  type: string,
  body: unknown,
  init: { id?: string; timestamp?: string } = {},
) {
  const id = init.id ?? `01JTESTMESSAGE${String(++sequence).padStart(12, '0')}`;
  const timestamp = init.timestamp ?? new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const raw = JSON.stringify(body);
  const signature = createSign('RSA-SHA256').update(`${id}.${timestamp}.${raw}`).sign(privateKey, 'base64');
  return {
    raw,
    headers: {
      'content-type': 'application/json',
      'kick-event-message-id': id,
      'kick-event-subscription-id': '01JSUBSCRIPTION',
      'kick-event-signature': signature,
      'kick-event-message-timestamp': timestamp,
      'kick-event-type': type,
      'kick-event-version': '1',
    },
  };
}

const user = (id: number, username: string, badges: { type: string; text: string }[] = []) => ({
  is_anonymous: false,
  user_id: id,
  username,
  is_verified: false,
  profile_picture: '',
  channel_slug: username,
  identity: { username_color: '#FF00FF', badges },
});

const chat = (content: string) => ({
  message_id: `msg-${content.length}-${sequence}`,
  broadcaster: user(broadcaster, 'streamer'),
  sender: user(42, 'viewer', [{ type: 'moderator', text: 'Moderator' }]),
  content,
  emotes: [],
  created_at: '2026-01-02T03:04:05Z',
});

describe('Kick webhook', () => {
  let s: Awaited<ReturnType<typeof streamHarness>>;
  let keys: Awaited<ReturnType<typeof startKeyServer>>;
  let signing: ReturnType<typeof keyPair>;
  let tenantId: string;

  const post = (message: ReturnType<typeof delivery>) =>
    s.h.call('POST', '/webhooks/kick', { raw: message.raw, headers: message.headers, cookie: null });
  const events = () =>
    s.owner`select kind, user_id, user_name, text, detail, platform_event_id from chat_events where tenant_id = ${tenantId} order by id`;

  beforeAll(async () => {
    signing = keyPair();
    keys = await startKeyServer(signing.publicKey);
    s = await streamHarness({ KICK_API_BASE_URL: keys.url });
    tenantId = (await s.addTenant('kicker')).tenantId;
    await s.addChannel(tenantId, 'kick', String(broadcaster));
  });
  afterAll(async () => {
    await s.close();
    await keys.close();
  });

  it('records a signed chat message once, and a replay changes nothing', async () => {
    const message = delivery(signing.privateKey, 'chat.message.sent', chat('hello kick'));
    expect((await post(message)).status).toBe(204);
    expect((await post(message)).status).toBe(204);
    const rows = await events();
    expect(rows).toEqual([
      {
        kind: 'message',
        user_id: '42',
        user_name: 'viewer',
        text: 'hello kick',
        detail: { level: 'moderator', badges: [{ type: 'moderator', text: 'Moderator' }], color: '#FF00FF' },
        platform_event_id: expect.stringMatching(/^msg-/),
      },
    ]);
  });

  it("follows Kick's key when it rotates", async () => {
    const next = keyPair();
    keys.rotate(next.publicKey);
    const fetched = keys.fetches;
    const res = await post(delivery(next.privateKey, 'chat.message.sent', chat('after rotation')));
    expect(res.status).toBe(204);
    expect(keys.fetches).toBe(fetched + 1);
    expect((await events()).at(-1)).toMatchObject({ text: 'after rotation' });
    signing = next;
  });
  it('refuses a tampered body, a foreign key and a stale timestamp, writing nothing', async () => {
    const before = await events();
    const fetched = keys.fetches;
    const good = delivery(signing.privateKey, 'chat.message.sent', chat('legit'));
    const tampered = { ...good, raw: good.raw.replace('legit', 'spoof') };
    const foreign = delivery(keyPair().privateKey, 'chat.message.sent', chat('forged'));
    const stale = delivery(signing.privateKey, 'chat.message.sent', chat('stale'), {
      timestamp: new Date(Date.now() - 30 * 60_000).toISOString(),
    });
    const unsigned = { ...good, headers: { ...good.headers, 'kick-event-signature': '' } };
    for (const message of [tampered, foreign, stale, unsigned]) {
      const res = await post(message);
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe('invalid_signature');
    }
    expect(await events()).toEqual(before);
    // Forgeries do not make every request fetch the key again.
    expect(keys.fetches).toBeLessThanOrEqual(fetched + 1);
  });

  it('normalizes commands, follows, subs, gifts and stream status', async () => {
    await s.owner`delete from chat_events where tenant_id = ${tenantId}`;
    const ours = user(broadcaster, 'streamer');
    const sends: [string, unknown][] = [
      ['chat.message.sent', chat('!so  Someone   else')],
      ['channel.followed', { broadcaster: ours, follower: user(43, 'newfan') }],
      [
        'channel.subscription.new',
        {
          broadcaster: ours,
          subscriber: user(44, 'subber'),
          duration: 1,
          created_at: '2026-01-02T00:00:00Z',
          expires_at: '2026-02-02T00:00:00Z',
        },
      ],
      [
        'channel.subscription.renewal',
        {
          broadcaster: ours,
          subscriber: user(44, 'subber'),
          duration: 6,
          created_at: '2025-08-02T00:00:00Z',
          expires_at: '2026-02-02T00:00:00Z',
        },
      ],
      [
        'channel.subscription.gifts',
        {
          broadcaster: ours,
          gifter: user(45, 'santa'),
          giftees: [user(46, 'a'), user(47, 'b')],
          created_at: '2026-01-02T00:00:00Z',
          expires_at: '2026-02-02T00:00:00Z',
        },
      ],
      [
        'livestream.status.updated',
        {
          broadcaster: ours,
          is_live: true,
          title: 'Speedrun',
          started_at: '2026-01-02T00:00:00Z',
          ended_at: null,
        },
      ],
      [
        'livestream.status.updated',
        {
          broadcaster: ours,
          is_live: false,
          title: 'Speedrun',
          started_at: '2026-01-02T00:00:00Z',
          ended_at: '2026-01-02T02:00:00Z',
        },
      ],
    ];
    for (const [type, body] of sends)
      expect((await post(delivery(signing.privateKey, type, body))).status).toBe(204);
    const rows = (await events()).map(({ kind, user_name, text, detail }) => ({
      kind,
      user_name,
      text,
      detail,
    }));
    expect(rows).toEqual([
      {
        kind: 'command',
        user_name: 'viewer',
        text: '!so  Someone   else',
        detail: expect.objectContaining({ level: 'moderator', command: 'so', args: ['Someone', 'else'] }),
      },
      { kind: 'follow', user_name: 'newfan', text: null, detail: {} },
      { kind: 'sub', user_name: 'subber', text: null, detail: { tier: 1, months: 1, gifted: false } },
      { kind: 'sub', user_name: 'subber', text: null, detail: { tier: 1, months: 6, gifted: false } },
      {
        kind: 'gift',
        user_name: 'santa',
        text: null,
        detail: { tier: 1, count: 2, anonymous: false, giftees: ['a', 'b'] },
      },
      { kind: 'stream_online', user_name: null, text: null, detail: { title: 'Speedrun' } },
      { kind: 'stream_offline', user_name: null, text: null, detail: {} },
    ]);
  });

  it('drops chat for a channel reading it by socket, as handled, and still records its other events', async () => {
    const socketBroadcaster = 6002;
    const channelId = await s.addChannel(tenantId, 'kick', String(socketBroadcaster));
    await s.owner`update stream_channels set chat_mode = 'socket' where id = ${channelId}`;
    const theirs = user(socketBroadcaster, 'sockets');
    const channelEvents = () =>
      s.owner`select kind, user_name from chat_events where channel_id = ${channelId} order by id`;

    const line = delivery(signing.privateKey, 'chat.message.sent', {
      ...chat('by socket'),
      broadcaster: theirs,
    });
    expect((await post(line)).status).toBe(204);
    expect(await channelEvents()).toEqual([]);
    // Claimed like a stored one: a redelivery is a duplicate, not a second look.
    const claimed = await s.owner`
      select 1 from webhook_deliveries where provider = 'kick' and message_id = ${line.headers['kick-event-message-id']}`;
    expect(claimed).toHaveLength(1);
    expect((await post(line)).status).toBe(204);

    const follow = delivery(signing.privateKey, 'channel.followed', {
      broadcaster: theirs,
      follower: user(48, 'fan'),
    });
    expect((await post(follow)).status).toBe(204);
    expect(await channelEvents()).toEqual([{ kind: 'follow', user_name: 'fan' }]);

    // Back to webhooks: chat is stored again.
    await s.owner`update stream_channels set chat_mode = 'webhook' where id = ${channelId}`;
    const again = delivery(signing.privateKey, 'chat.message.sent', {
      ...chat('by webhook'),
      broadcaster: theirs,
    });
    expect((await post(again)).status).toBe(204);
    expect(await channelEvents()).toEqual([
      { kind: 'follow', user_name: 'fan' },
      { kind: 'message', user_name: 'viewer' },
    ]);
  });

  it("reads a body only as its own type, and drops other broadcasters' events", async () => {
    const before = await events();
    const mislabelled = delivery(signing.privateKey, 'channel.followed', chat('not a follow'));
    expect((await post(mislabelled)).status).toBe(204);
    const stranger = { ...chat('elsewhere'), broadcaster: user(99999, 'someone') };
    expect((await post(delivery(signing.privateKey, 'chat.message.sent', stranger))).status).toBe(204);
    expect(await events()).toEqual(before);
  });
});
