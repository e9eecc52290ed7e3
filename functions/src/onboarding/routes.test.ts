/**
 * The onboarding wizard's API against a real PostgreSQL: saving and resuming progress, the facts it
 * derives, the test message relayed to a recording chat runner, and tenant isolation.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { streamHarness } from '../stream/testing';
import { testMessage } from './routes';

type Seen = { url: string; body: Record<string, unknown> };

function recordingChatRunner() {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      seen.push({ url: req.url ?? '', body: body ? JSON.parse(body) : {} });
      res.writeHead(202, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ queued: true }));
    });
  });
  return {
    seen,
    async listen() {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('onboarding API', () => {
  const runner = recordingChatRunner();
  let s: Awaited<ReturnType<typeof streamHarness>>;
  let a: { tenantId: string; cookie: string; userId: string; channelId: string };
  let b: { tenantId: string; cookie: string; userId: string; channelId: string };

  beforeAll(async () => {
    s = await streamHarness({ RUNNERS_URL: await runner.listen() });
    const alice = await s.addTenant('alice');
    a = { ...alice, channelId: await s.addChannel(alice.tenantId, 'twitch', '1001') };
    const bob = await s.addTenant('bob');
    b = { ...bob, channelId: await s.addChannel(bob.tenantId, 'kick', '2002') };
    await s.owner`insert into oauth_accounts (user_id, provider, provider_user_id, username)
      values (${a.userId}, 'twitch', '1001', 'alice_tv'), (${b.userId}, 'kick', '2002', 'bobkick')`;
  });
  afterAll(async () => {
    await s.close();
    await runner.close();
  });

  const get = (as: { cookie: string }) => s.h.call('GET', '/api/stream/onboarding', { cookie: as.cookie });

  it('starts a new tenant at the first step, with its linked platforms and channels', async () => {
    const res = await get(a);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      step: 'account',
      features: [],
      done: false,
      doneAt: null,
      testedAt: null,
      testChannelId: null,
      tested: false,
      displayName: 'alice',
      linked: [{ provider: 'twitch', username: 'alice_tv', state: 'connected' }],
      channels: [{ id: a.channelId, platform: 'twitch', displayName: 'Channel 1001', enabled: true }],
    });
  });

  it('saves the step and features, and reopening continues there', async () => {
    const saved = await s.h.call('PUT', '/api/stream/onboarding', {
      cookie: a.cookie,
      body: { step: 'features', features: ['currency', 'games', 'currency'] },
    });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ step: 'features', features: ['currency', 'games'] });
    expect((await get(a)).json).toMatchObject({ step: 'features', features: ['currency', 'games'] });
    const [row] = await s.owner`select onboarding from stream_tenants where id = ${a.tenantId}`;
    expect(row!.onboarding).toEqual({ step: 'features', features: ['currency', 'games'] });
  });

  it('refuses unknown steps, features and fields', async () => {
    for (const body of [
      { step: 'launch', features: [] },
      { step: 'test', features: ['fireworks'] },
      { step: 'test' },
      { step: 'test', features: [], done: true },
    ]) {
      const res = await s.h.call('PUT', '/api/stream/onboarding', { cookie: a.cookie, body });
      expect(res.status).toBe(400);
    }
    const bad = await s.h.call('POST', '/api/stream/onboarding/test', {
      cookie: a.cookie,
      body: { channelId: 'nope' },
    });
    expect(bad.status).toBe(400);
  });

  it('sends the test message through the chat runner and remembers it went out', async () => {
    const res = await s.h.call('POST', '/api/stream/onboarding/test', {
      cookie: a.cookie,
      body: { channelId: a.channelId },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ tested: true, testChannelId: a.channelId, step: 'features' });
    expect(Date.parse(res.json.testedAt)).not.toBeNaN();
    expect(runner.seen.at(-1)).toEqual({
      url: '/chat/send',
      body: { text: testMessage, channelId: a.channelId, tenantId: a.tenantId },
    });
  });

  it('finishes the wizard', async () => {
    const res = await s.h.call('POST', '/api/stream/onboarding/done', { cookie: a.cookie });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ done: true, tested: true, features: ['currency', 'games'] });
    expect((await get(a)).json.done).toBe(true);
    const audit = await s.owner`select action from audit_log where action like 'stream.onboarding.%'
      and outcome = 'success' order by at`;
    expect(audit.map((r) => r.action)).toEqual(
      expect.arrayContaining(['stream.onboarding.save', 'stream.onboarding.test', 'stream.onboarding.done']),
    );
  });

  it("keeps tenants apart: another tenant's channel is a 404 and nothing of A shows or changes", async () => {
    const sent = runner.seen.length;
    const before = await s.owner`select onboarding from stream_tenants where id = ${a.tenantId}`;
    const res = await s.h.call('POST', '/api/stream/onboarding/test', {
      cookie: b.cookie,
      body: { channelId: a.channelId },
    });
    expect(res.status).toBe(404);
    expect(runner.seen.length).toBe(sent);
    await s.h.call('PUT', '/api/stream/onboarding', {
      cookie: b.cookie,
      body: { step: 'platforms', features: ['ai'] },
    });
    expect(await s.owner`select onboarding from stream_tenants where id = ${a.tenantId}`).toEqual(before);
    const bobs = (await get(b)).json;
    expect(bobs).toMatchObject({ step: 'platforms', features: ['ai'], done: false, tested: false });
    expect(bobs.linked).toEqual([{ provider: 'kick', username: 'bobkick', state: 'connected' }]);
    expect(bobs.channels.map((c: { id: string }) => c.id)).toEqual([b.channelId]);
  });

  it('refuses callers without a session or a tenant', async () => {
    expect((await s.h.call('GET', '/api/stream/onboarding', { cookie: null })).status).toBe(401);
    const stranger = await s.addUser('stranger');
    const none = await s.h.call('GET', '/api/stream/onboarding', { cookie: stranger.cookie });
    expect(none.status).toBe(404);
  });
});
