/**
 * /api/automations relays to the runner with members reading and owners acting, and appears in the
 * OpenAPI document; /webhooks/automations takes only calls signed within five minutes, starts a
 * Jarvis conversation for a runbook, posts to Discord without mentions, and audits every call.
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, owner } from '../../test/harness';
import { memberCookie, recordingRunner } from '../monitors/testing';

const secret = 'inbound-secret-inbound-secret-inbound-secret';

function signed(body: unknown, init: { timestamp?: number; key?: string } = {}) {
  const raw = JSON.stringify(body);
  const timestamp = String(init.timestamp ?? Math.floor(Date.now() / 1000));
  const signature = createHmac('sha256', init.key ?? secret)
    .update(`${timestamp}.${raw}`)
    .digest('hex');
  return {
    raw,
    cookie: null,
    headers: {
      'content-type': 'application/json',
      'x-homelabhub-timestamp': timestamp,
      'x-homelabhub-signature': `sha256=${signature}`,
    },
  };
}

describe('automations', () => {
  const runner = recordingRunner();
  const discordPosts: { path: string; body: Record<string, unknown> }[] = [];
  let discord: Server;
  let h: Awaited<ReturnType<typeof createHarness>>;
  let sql: postgres.Sql;

  beforeAll(async () => {
    discord = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        discordPosts.push({ path: req.url ?? '', body: JSON.parse(body || '{}') });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: '111122223333444455', channel_id: '123456789012345678' }));
      });
    });
    await new Promise<void>((resolve) => discord.listen(0, '127.0.0.1', resolve));
    h = await createHarness({
      RUNNERS_URL: await runner.listen(),
      AUTOMATION_INBOUND_SECRET: secret,
      DISCORD_BOT_TOKEN: 'bot-token-bot-token-bot-token',
      DISCORD_BASE_URL: `http://127.0.0.1:${(discord.address() as AddressInfo).port}`,
    });
    expect((await h.call('POST', '/api/auth/setup', { body: owner })).status).toBe(201);
    sql = postgres(h.ownerUrl, { max: 2, onnotice: () => {} });
  });
  afterAll(async () => {
    await sql.end();
    await runner.close();
    discord.close();
  });

  it('lets members read and only owners and admins change hooks', async () => {
    runner.reply({ status: 200, body: { hooks: [] } });
    const member = await memberCookie(h);
    expect((await h.call('GET', '/api/automations/hooks', { cookie: member })).status).toBe(200);
    const refused = await h.call('POST', '/api/automations/hooks', {
      cookie: member,
      body: { name: 'n8n', url: 'http://n8n:5678/webhook/x' },
    });
    expect(refused.status).toBe(403);
  });

  it('validates a hook before the runner sees it', async () => {
    const before = runner.seen.length;
    const bad = await h.call('POST', '/api/automations/hooks', {
      body: { name: 'n8n', url: 'ftp://n8n/x', events: ['incident.opened'] },
    });
    expect(bad.status).toBe(400);
    const unknownEvent = await h.call('POST', '/api/automations/hooks', {
      body: { name: 'n8n', url: 'http://n8n:5678/webhook/x', events: ['nope'] },
    });
    expect(unknownEvent.status).toBe(400);
    expect(runner.seen.length).toBe(before);
  });

  it('relays a replay and lists the event types and the inbound webhook', async () => {
    runner.reply({ status: 202, body: { id: 7, status: 'pending' } });
    expect((await h.call('POST', '/api/automations/deliveries/7/replay')).status).toBe(202);
    expect(runner.seen.at(-1)).toMatchObject({ method: 'POST', url: '/automations/deliveries/7/replay' });
    const types = await h.call('GET', '/api/automations/events/types');
    expect(types.json.subscribable).toContain('incident.opened');
    expect(types.json.subscribable).not.toContain('test');
    const inbound = await h.call('GET', '/api/automations/inbound');
    expect(inbound.json).toMatchObject({ configured: true });
    expect(inbound.json.url).toMatch(/\/webhooks\/automations$/);
  });

  it('documents its routes in the OpenAPI document', async () => {
    const doc = await h.call('GET', '/api/openapi.json');
    expect(Object.keys(doc.json.paths)).toEqual(
      expect.arrayContaining([
        '/api/automations/hooks',
        '/api/automations/hooks/{id}',
        '/api/automations/hooks/{id}/test',
        '/api/automations/deliveries',
        '/api/automations/deliveries/{id}/replay',
        '/api/automations/events/types',
      ]),
    );
  });

  it('refuses inbound calls with a bad signature or a stale timestamp, and audits them', async () => {
    const body = { action: 'discord_message', channelId: '123456789012345678', content: 'hi' };
    const forged = await h.call('POST', '/webhooks/automations', signed(body, { key: 'x'.repeat(40) }));
    expect(forged.status).toBe(401);
    const stale = await h.call(
      'POST',
      '/webhooks/automations',
      signed(body, { timestamp: Math.floor(Date.now() / 1000) - 301 }),
    );
    expect(stale.status).toBe(401);
    const unsigned = await h.call('POST', '/webhooks/automations', {
      raw: JSON.stringify(body),
      cookie: null,
    });
    expect(unsigned.status).toBe(401);
    expect(discordPosts).toHaveLength(0);
    const rows = await sql<{ outcome: string; actor_kind: string }[]>`
      select outcome, actor_kind from audit_log where action = 'automations.inbound'`;
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.every((row) => row.outcome === 'denied' && row.actor_kind === 'anonymous')).toBe(true);
  });

  it('posts a signed discord_message without mentions', async () => {
    const res = await h.call(
      'POST',
      '/webhooks/automations',
      signed({
        action: 'discord_message',
        channelId: '123456789012345678',
        content: 'Backup done @everyone',
      }),
    );
    expect(res.status).toBe(202);
    expect(discordPosts.at(-1)).toEqual({
      path: '/api/v10/channels/123456789012345678/messages',
      body: { content: 'Backup done @everyone', allowed_mentions: { parse: [] } },
    });
    const [row] = await sql<{ actor_kind: string; outcome: string }[]>`
      select actor_kind, outcome from audit_log where action = 'automations.inbound.discord_message'`;
    expect(row).toEqual({ actor_kind: 'system', outcome: 'success' });
  });

  it('starts a Jarvis conversation that follows a runbook named by title', async () => {
    const notices: { kind: string; conversationId: string }[] = [];
    await sql.listen('jarvis', (payload) => notices.push(JSON.parse(payload)));
    const res = await h.call(
      'POST',
      '/webhooks/automations',
      signed({ action: 'run_runbook', runbook: 'disk almost full', target: 'nas', note: 'nightly check' }),
    );
    expect(res.status).toBe(202);
    const [message] = await sql<{ content: string; origin: string }[]>`
      select m.content, c.origin from jarvis_messages m join jarvis_conversations c on c.id = m.conversation_id
      where c.id = ${res.json.conversationId}`;
    expect(message?.content).toContain('Follow the runbook "Disk almost full" for nas.');
    expect(message?.content).toContain('wait for approval');
    for (let i = 0; i < 50 && notices.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(notices).toContainEqual({ kind: 'turn', conversationId: res.json.conversationId });

    const missing = await h.call(
      'POST',
      '/webhooks/automations',
      signed({ action: 'run_runbook', runbook: 'nope' }),
    );
    expect(missing.status).toBe(404);
    const tooLong = await h.call(
      'POST',
      '/webhooks/automations',
      signed({ action: 'discord_message', channelId: '123456789012345678', content: 'x'.repeat(2001) }),
    );
    expect(tooLong.status).toBe(400);
  });

  it('answers 503 not_configured when no inbound secret is set', async () => {
    const off = await createHarness({ RUNNERS_URL: 'http://127.0.0.1:9' });
    const res = await off.call(
      'POST',
      '/webhooks/automations',
      signed({ action: 'run_runbook', runbook: 'x' }),
    );
    expect(res.status).toBe(503);
    expect(res.json.error.code).toBe('not_configured');
  });
});
