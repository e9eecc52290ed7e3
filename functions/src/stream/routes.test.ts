import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamHarness } from './testing';

type Seeded = { tenantId: string; cookie: string; channelId: string; eventId: number; noticeId: number };

describe('stream API', () => {
  let s: Awaited<ReturnType<typeof streamHarness>>;
  let a: Seeded;
  let b: Seeded;

  async function seed(name: string, twitchId: string): Promise<Seeded> {
    const tenant = await s.addTenant(name);
    const channelId = await s.addChannel(tenant.tenantId, 'twitch', twitchId);
    const eventId = await s.addEvent(tenant.tenantId, channelId, `hello from ${name}`);
    const noticeId = await s.addNotice(tenant.tenantId, `notice of ${name}`);
    return { tenantId: tenant.tenantId, cookie: tenant.cookie, channelId, eventId, noticeId };
  }

  /** Everything of tenant A, read past Row-Level Security. */
  async function snapshotOf(tenantId: string) {
    const channels = await s.owner`select * from stream_channels where tenant_id = ${tenantId} order by id`;
    const events = await s.owner`select * from chat_events where tenant_id = ${tenantId} order by id`;
    const notices = await s.owner`select * from stream_notices where tenant_id = ${tenantId} order by id`;
    return { channels, events, notices };
  }

  beforeAll(async () => {
    s = await streamHarness();
    a = await seed('alice', '1001');
    b = await seed('bob', '2002');
  });
  afterAll(() => s.close());

  it("answers 404 to every tenant route called with another tenant's ids, and changes nothing", async () => {
    const before = await snapshotOf(a.tenantId);
    const as = { cookie: b.cookie };
    const calls = [
      s.h.call('PATCH', `/api/stream/channels/${a.channelId}`, { ...as, body: { enabled: false } }),
      s.h.call('PATCH', `/api/stream/channels/${a.channelId}`, { ...as, body: {} }),
      s.h.call('DELETE', `/api/stream/channels/${a.channelId}`, as),
      s.h.call('GET', `/api/stream/events?channelId=${a.channelId}`, as),
      s.h.call('POST', `/api/stream/channels/${a.channelId}/messages`, { ...as, body: { text: 'hi' } }),
      s.h.call('POST', `/api/stream/notices/${a.noticeId}/read`, as),
    ];
    for (const res of await Promise.all(calls)) {
      expect(res.status).toBe(404);
      expect(res.json.error.code).toBe('not_found');
    }
    // The lists answer, without anything of A's.
    const channels = await s.h.call('GET', '/api/stream/channels', as);
    expect(channels.status).toBe(200);
    expect(channels.json.channels.map((ch: { id: string }) => ch.id)).toEqual([b.channelId]);
    const events = await s.h.call('GET', '/api/stream/events', as);
    expect(events.json.events.map((e: { id: number }) => e.id)).toEqual([b.eventId]);
    const paged = await s.h.call('GET', `/api/stream/events?before=${a.eventId + 1}`, as);
    expect(paged.json.events.every((e: { tenantId: string }) => e.tenantId === b.tenantId)).toBe(true);
    const notices = await s.h.call('GET', '/api/stream/notices', as);
    expect(notices.json.notices.map((n: { id: number }) => n.id)).toEqual([b.noticeId]);
    // The admin routes are mission control's, not a streamer's.
    const tokens = await s.h.call('GET', '/api/stream/admin/tokens', as);
    expect(tokens.status).toBe(403);
    expect(await snapshotOf(a.tenantId)).toEqual(before);
  });

  it('lets a streamer change, read and delete their own rows', async () => {
    const as = { cookie: a.cookie };
    const patched = await s.h.call('PATCH', `/api/stream/channels/${a.channelId}`, {
      ...as,
      body: { enabled: false },
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ id: a.channelId, platform: 'twitch', enabled: false, lease: null });
    const events = await s.h.call('GET', `/api/stream/events?channelId=${a.channelId}`, as);
    expect(events.json.events).toEqual([
      expect.objectContaining({
        id: a.eventId,
        kind: 'message',
        text: 'hello from alice',
        channelId: a.channelId,
      }),
    ]);
    const read = await s.h.call('POST', `/api/stream/notices/${a.noticeId}/read`, as);
    expect(read.status).toBe(200);
    expect(read.json.readAt).toEqual(expect.any(String));
    const unread = await s.h.call('GET', '/api/stream/notices?unread=true', as);
    expect(unread.json.notices).toEqual([]);
    const [audit] =
      await s.owner`select action, target, outcome from audit_log where action = 'stream.channel.update'
      and target = ${a.channelId} and outcome = 'success'`;
    expect(audit).toBeDefined();

    const channel = await s.addChannel(a.tenantId, 'kick', '3003');
    const removed = await s.h.call('DELETE', `/api/stream/channels/${channel}`, as);
    expect(removed.status).toBe(204);
    expect(await s.owner`select id from stream_channels where id = ${channel}`).toHaveLength(0);
  });

  it("lets a streamer choose how a Kick channel's chat is read, and refuses it for other platforms", async () => {
    const as = { cookie: a.cookie };
    const kick = await s.addChannel(a.tenantId, 'kick', '3006');
    const listed = await s.h.call('GET', '/api/stream/channels', as);
    expect(listed.json.channels.find((ch: { id: string }) => ch.id === kick)).toMatchObject({
      platform: 'kick',
      chatMode: 'webhook',
    });
    const chosen = await s.h.call('PATCH', `/api/stream/channels/${kick}`, {
      ...as,
      body: { chatMode: 'socket' },
    });
    expect(chosen.status).toBe(200);
    expect(chosen.json).toMatchObject({ id: kick, chatMode: 'socket', enabled: true });
    expect((await s.owner`select chat_mode from stream_channels where id = ${kick}`)[0]).toEqual({
      chat_mode: 'socket',
    });
    const [audit] = await s.owner`
      select outcome from audit_log where action = 'stream.channel.update' and target = ${kick}`;
    expect(audit).toMatchObject({ outcome: 'success' });

    const twitch = await s.h.call('PATCH', `/api/stream/channels/${a.channelId}`, {
      ...as,
      body: { chatMode: 'socket', enabled: false },
    });
    expect(twitch.status).toBe(400);
    expect(twitch.json.error.message).toMatch(/chatMode is for Kick channels only/);
    expect((await s.owner`select chat_mode from stream_channels where id = ${a.channelId}`)[0]).toEqual({
      chat_mode: 'webhook',
    });
    const unknownMode = await s.h.call('PATCH', `/api/stream/channels/${kick}`, {
      ...as,
      body: { chatMode: 'irc' },
    });
    expect(unknownMode.status).toBe(400);
    // Another tenant's Kick channel is not found, and keeps its mode.
    const foreign = await s.h.call('PATCH', `/api/stream/channels/${kick}`, {
      cookie: b.cookie,
      body: { chatMode: 'webhook' },
    });
    expect(foreign.status).toBe(404);
    expect((await s.owner`select chat_mode from stream_channels where id = ${kick}`)[0]).toEqual({
      chat_mode: 'socket',
    });
    await s.h.call('DELETE', `/api/stream/channels/${kick}`, as);
  });

  it('asks the tokens runner to update Twitch EventSub when a Twitch channel is switched or removed', async () => {
    const as = { cookie: a.cookie };
    const eventsubJobs = async () =>
      Number(
        (await s.owner`select count(*)::int as n from jobs where runner = 'tokens' and kind = 'eventsub'`)[0]!
          .n,
      );
    const before = await eventsubJobs();
    await s.h.call('PATCH', `/api/stream/channels/${a.channelId}`, { ...as, body: {} });
    expect(await eventsubJobs()).toBe(before);
    const switched = await s.h.call('PATCH', `/api/stream/channels/${a.channelId}`, {
      ...as,
      body: { enabled: true },
    });
    expect(switched.status).toBe(200);
    expect(await eventsubJobs()).toBe(before + 1);
    const kick = await s.addChannel(a.tenantId, 'kick', '3004');
    await s.h.call('DELETE', `/api/stream/channels/${kick}`, as);
    expect(await eventsubJobs()).toBe(before + 1);
    const twitch = await s.addChannel(a.tenantId, 'twitch', '3005');
    expect((await s.h.call('DELETE', `/api/stream/channels/${twitch}`, as)).status).toBe(204);
    expect(await eventsubJobs()).toBe(before + 2);
  });

  it('says the chat runner is down rather than pretending a message was sent', async () => {
    const res = await s.h.call('POST', `/api/stream/channels/${b.channelId}/messages`, {
      cookie: b.cookie,
      body: { text: 'hello chat' },
    });
    expect(res.status).toBe(503);
    const empty = await s.h.call('POST', `/api/stream/channels/${b.channelId}/messages`, {
      cookie: b.cookie,
      body: { text: '   ' },
    });
    expect(empty.status).toBe(400);
  });

  it('refuses callers without a tenant, without a session, and with bad ids', async () => {
    const stranger = await s.addUser('stranger');
    const none = await s.h.call('GET', '/api/stream/channels', { cookie: stranger.cookie });
    expect(none.status).toBe(404);
    expect(none.json.error).toEqual({
      code: 'no_tenant',
      message: 'Sign in with Twitch, Google or Kick first.',
    });
    expect((await s.h.call('GET', '/api/stream/channels', { cookie: null })).status).toBe(401);
    // An API key is not the streamer at a browser: the studio refuses it even for its owner.
    const [owner] = await s.owner<
      { owner_id: string }[]
    >`select owner_id from stream_tenants where id = ${b.tenantId}`;
    const keyId = 'abcdefghijkmnpqrstuvwxyz';
    const keySecret = 'A'.repeat(43);
    const hash = createHash('sha256').update(keySecret).digest();
    await s.owner`insert into api_keys (id, user_id, name, scope, secret_hash)
      values (${keyId}, ${owner!.owner_id}, 'bot', 'admin', ${hash})`;
    const withKey = await s.h.call('GET', '/api/stream/channels', {
      cookie: null,
      headers: { authorization: `Bearer hlk_${keyId}_${keySecret}` },
    });
    expect(withKey.status).toBe(403);
    const bad = await s.h.call('PATCH', '/api/stream/channels/not-a-uuid', { cookie: b.cookie, body: {} });
    expect(bad.status).toBe(400);
    const unknownField = await s.h.call('PATCH', `/api/stream/channels/${b.channelId}`, {
      cookie: b.cookie,
      body: { tenantId: a.tenantId },
    });
    expect(unknownField.status).toBe(400);
  });

  it('shows admins every stream account without tokens, and queues a forced refresh', async () => {
    const admin = await s.addUser('root', 'owner');
    const [account] = await s.owner<{ id: string }[]>`
      insert into oauth_accounts (user_id, provider, provider_user_id, username, access_token, refresh_token, last_error)
      values ((select owner_id from stream_tenants where id = ${a.tenantId}), 'twitch', '1001', 'alice', 'sealed-a', 'sealed-r', 'invalid_grant')
      returning id`;
    const list = await s.h.call('GET', '/api/stream/admin/tokens', { cookie: admin.cookie });
    expect(list.status).toBe(200);
    expect(list.json.accounts).toEqual([
      expect.objectContaining({
        id: account!.id,
        provider: 'twitch',
        username: 'alice',
        ownerUsername: 'alice',
        state: 'connected',
        hasRefreshToken: true,
        lastError: 'invalid_grant',
      }),
    ]);
    expect(JSON.stringify(list.json)).not.toContain('sealed-');
    const refresh = await s.h.call('POST', `/api/stream/admin/tokens/${account!.id}/refresh`, {
      cookie: admin.cookie,
    });
    expect(refresh.status).toBe(202);
    const [job] = await s.owner`select runner, kind, payload from jobs where id = ${refresh.json.jobId}`;
    expect(job).toEqual({ runner: 'tokens', kind: 'refresh', payload: { accountId: account!.id } });
    const missing = await s.h.call('POST', `/api/stream/admin/tokens/${a.tenantId}/refresh`, {
      cookie: admin.cookie,
    });
    expect(missing.status).toBe(404);
  });
});
