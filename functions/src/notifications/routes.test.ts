/**
 * The edge of notifications: channels and the delivery log. Who may call, what is refused before
 * the notifications runner is asked, signed relays, audits that never carry a channel's secrets,
 * and refusals handed on. The runner is a recording HTTP server.
 */
import { describe, expect, it } from 'vitest';
import { runnerRouteSuite } from '../monitors/testing';

const id = '0b7c9d2e-1f3a-4b5c-8d6e-7f8091a2b3c4';
const webhookUrl = 'https://discord.com/api/webhooks/123/very-secret-token';
const discord = { name: 'Ops', config: { type: 'discord', webhookUrl } };
const channel = { id, name: 'Ops', type: 'discord', enabled: true, createdAt: '2026-11-01T00:00:00Z' };

describe('/api/notifications', () => {
  const { runner, h, member } = runnerRouteSuite({ reply: { status: 200, body: {} }, member: true });

  it('lets members read channels and deliveries but not change them', async () => {
    expect((await h.call('GET', '/api/notifications/channels', { cookie: null })).status).toBe(401);
    runner.reply({ status: 200, body: [channel] });
    const list = await h.call('GET', '/api/notifications/channels', { cookie: member() });
    expect(list.json).toEqual({ channels: [channel] });
    runner.seen.length = 0;
    const refused = [
      await h.call('POST', '/api/notifications/channels', { body: discord, cookie: member() }),
      await h.call('POST', `/api/notifications/channels/${id}/test`, { cookie: member() }),
      await h.call('POST', '/api/notifications/deliveries/7/retry', { cookie: member() }),
    ];
    expect(refused.map((res) => res.status)).toEqual([403, 403, 403]);
    expect(runner.seen).toHaveLength(0);
  });

  it('refuses bad input before asking the runner', async () => {
    const unknown = await h.call('POST', '/api/notifications/channels', {
      body: { name: 'Pager', config: { type: 'pagerduty', key: 'x' } },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.fields['config.type']).toBeDefined();
    const url = await h.call('POST', '/api/notifications/channels', {
      body: { name: 'Ops', config: { type: 'discord', webhookUrl: 'ftp://discord.com/x' } },
    });
    expect(url.status).toBe(400);
    expect(url.json.error.fields['config.webhookUrl']).toBeDefined();
    const secret = await h.call('PUT', `/api/notifications/channels/${id}`, {
      body: {
        name: 'Hook',
        config: { type: 'webhook', url: 'https://n8n.example.com/hook', secret: 'short' },
      },
    });
    expect(secret.status).toBe(400);
    expect(secret.json.error.fields['config.secret'][0]).toMatch(/16 characters/);
    expect((await h.call('POST', '/api/notifications/deliveries/abc/retry')).status).toBe(400);
    expect((await h.call('GET', '/api/notifications/deliveries?limit=5000')).status).toBe(400);
    const byTime = await h.call('GET', '/api/notifications/deliveries?before=2026-11-01T00:00:00Z');
    expect(byTime.status).toBe(400);
    expect((await h.call('DELETE', '/api/notifications/channels/ops')).status).toBe(400);
    expect(runner.seen).toHaveLength(0);
  });

  it('signs the call, relays the answer and audits without the secrets', async () => {
    // The runner wraps one object ({channel}, {delivery}); the edge answers it bare.
    runner.reply({ status: 201, body: { channel } });
    const res = await h.call('POST', '/api/notifications/channels', { body: discord });
    expect(res.status).toBe(201);
    expect(res.json).toEqual(channel);
    expect(runner.seen[0]).toMatchObject({ method: 'POST', url: '/notifications/channels', signed: true });
    expect(JSON.parse(runner.seen[0]!.body)).toEqual({ ...discord, enabled: true });
    const audit = await h.call('GET', '/api/audit?limit=1');
    expect(audit.json.entries[0]).toMatchObject({
      action: 'notifications.channel.create',
      target: id,
      outcome: 'success',
    });
    expect(JSON.stringify(audit.json)).not.toContain('very-secret-token');

    // Disabling sends only that: the sealed settings are never shown, so they cannot be echoed.
    runner.reply({ status: 200, body: { channel: { ...channel, enabled: false } } });
    const disabled = await h.call('PUT', `/api/notifications/channels/${id}`, { body: { enabled: false } });
    expect(disabled.status).toBe(200);
    expect(disabled.json).toEqual({ ...channel, enabled: false });
    expect(runner.seen.at(-1)).toMatchObject({ method: 'PUT', url: `/notifications/channels/${id}` });
    expect(JSON.parse(runner.seen.at(-1)!.body)).toEqual({ enabled: false });

    runner.reply({ status: 200, body: { delivery: { id: 9, channelId: id, status: 'sent' } } });
    expect((await h.call('POST', `/api/notifications/channels/${id}/test`)).json).toEqual({
      id: 9,
      channelId: id,
      status: 'sent',
    });
    runner.reply({ status: 200, body: { deliveries: [{ id: 9, channelId: id, status: 'sent' }] } });
    const log = await h.call('GET', `/api/notifications/deliveries?channelId=${id}&limit=20&before=100`, {
      cookie: member(),
    });
    expect(log.json.deliveries).toHaveLength(1);
    expect(runner.seen.at(-1)!.url).toBe(`/notifications/deliveries?channelId=${id}&limit=20&before=100`);
    const actions = await h.call('GET', '/api/audit?limit=2');
    expect(actions.json.entries[0]).toMatchObject({ action: 'notifications.channel.test', target: id });
  });

  it("hands on the runner's refusals with their code", async () => {
    runner.reply({
      status: 404,
      body: { error: { code: 'not_found', message: 'No channel with this id.' } },
    });
    expect((await h.call('DELETE', `/api/notifications/channels/${id}`)).status).toBe(404);
    runner.reply({
      status: 409,
      body: { error: { code: 'not_failed', message: 'Only a failed delivery can be retried.' } },
    });
    const retry = await h.call('POST', '/api/notifications/deliveries/7/retry');
    expect(retry.status).toBe(409);
    expect(retry.json.error).toEqual({
      code: 'not_failed',
      message: 'Only a failed delivery can be retried.',
    });
    const audit = await h.call('GET', '/api/audit?limit=1');
    expect(audit.json.entries[0]).toMatchObject({
      action: 'notifications.delivery.retry',
      target: '7',
      outcome: 'failure',
    });
  });
});
