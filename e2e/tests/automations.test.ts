/**
 * Automations through the whole stack: a hook pointing at a fake n8n receives a correctly signed
 * incident.opened when an incident opens; a failing workflow makes the delivery fail after its
 * retries and a replay delivers it; a signed inbound call posts to (fake) Discord, while a bad
 * signature or a stale timestamp is refused with 401. The page shows it all and passes axe.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type FakeDiscord, startFakeDiscord } from '../fakes/discord/server';
import { type FakeN8n, startFakeN8n } from '../fakes/n8n/server';
import { seriousViolations } from '../support/axe';
import { launchBrowser, signedInPage } from '../support/browser';
import { artifacts, startTestStack } from '../support/stack';
import { until } from '../support/until';
import { signedInAs } from '../support/users';

const inboundSecret = 'e2e-inbound-secret-0123456789abcdef0123';
let stack: Awaited<ReturnType<typeof startTestStack>>;
let api: Awaited<ReturnType<typeof signedInAs>>;
let n8n: FakeN8n;
let discord: FakeDiscord;
let sql: postgres.Sql;
const ids = { channel: '', hook: '', secret: '' };

function signedBy(secret: string, raw: string, header: string | undefined) {
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`);
  const given = Buffer.from(header ?? '');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function inbound(body: unknown, init: { secret?: string; timestamp?: number } = {}) {
  const raw = JSON.stringify(body);
  const timestamp = String(init.timestamp ?? Math.floor(Date.now() / 1000));
  const signature = createHmac('sha256', init.secret ?? inboundSecret)
    .update(`${timestamp}.${raw}`)
    .digest('hex');
  const res = await fetch(`${stack.url}/webhooks/automations`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-homelabhub-timestamp': timestamp,
      'x-homelabhub-signature': `sha256=${signature}`,
    },
    body: raw,
  });
  return { status: res.status, json: await res.json() };
}

beforeAll(async () => {
  [n8n, discord] = await Promise.all([startFakeN8n(), startFakeDiscord({ heartbeatInterval: 5_000 })]);
  const owner = discord.addUser({ username: 'lab-owner' });
  const guild = discord.addGuild({ name: 'Home Lab', ownerId: owner.id });
  ids.channel = discord.addChannel(guild.id, { name: 'homelab-news' }).id;
  stack = await startTestStack({
    adminUrl: inject('e2eAdminUrl'),
    label: 'automations',
    env: {
      AUTOMATION_INBOUND_SECRET: inboundSecret,
      AUTOMATION_MAX_ATTEMPTS: '2',
      AUTOMATION_RETRY_BASE_MS: '500',
      DISCORD_BASE_URL: discord.url,
      DISCORD_APPLICATION_ID: discord.applicationId,
      DISCORD_PUBLIC_KEY: discord.publicKey,
      DISCORD_BOT_TOKEN: discord.botToken,
      DISCORD_CLIENT_SECRET: discord.clientSecret,
    },
  });
  api = await signedInAs(stack, 'owner', 'automations-owner');
  sql = postgres(stack.ownerUrl, { max: 2, onnotice: () => {} });
});
afterAll(async () => {
  await sql?.end();
  await stack?.stop();
  await Promise.all([n8n?.close(), discord?.close()]);
});

describe('automations through the stack', () => {
  it('creates a hook and shows its secret only once', async () => {
    const url = n8n.activate('homelab-events');
    const created = await api.call('POST', '/api/automations/hooks', {
      name: 'n8n events',
      url,
      events: ['incident.opened'],
    });
    expect(created.status).toBe(201);
    expect(created.json.secret).toMatch(/^[0-9a-f]{64}$/);
    ids.hook = created.json.hook.id;
    ids.secret = created.json.secret;
    const list = await api.call('GET', '/api/automations/hooks');
    expect(list.json.hooks).toMatchObject([{ id: ids.hook, events: ['incident.opened'], enabled: true }]);
    expect(JSON.stringify(list.json)).not.toContain(ids.secret);
  });

  it('sends a correctly signed incident.opened when an incident opens', async () => {
    // As the monitors runner records an outage: the row, whose trigger writes the outbox event.
    const [incident] = await sql<{ id: string }[]>`
      insert into incidents (cause, last_message) values ('http_status', '503 from /health') returning id`;
    const request = await until(
      'the webhook call',
      () => n8n.requests.find((r) => r.path === 'homelab-events' && r.status === 200),
      (r) => r !== undefined,
    );
    expect(request!.headers['x-homelabhub-event']).toBe('incident.opened');
    expect(signedBy(ids.secret, request!.rawBody, request!.headers['x-homelabhub-signature'] as string)).toBe(
      true,
    );
    expect(JSON.parse(request!.rawBody)).toMatchObject({
      event: 'incident.opened',
      payload: { incidentId: incident!.id, cause: 'http_status', message: '503 from /health' },
    });
    const log = await until(
      'the delivery logged',
      () => api.call('GET', `/api/automations/deliveries?hookId=${ids.hook}`),
      (res) => res.json.deliveries?.[0]?.status === 'delivered',
    );
    expect(log.json.deliveries[0]).toMatchObject({
      event: 'incident.opened',
      responseStatus: 200,
      attempts: 1,
    });
  });

  it('fails a delivery after its retries when the workflow errors, and a replay delivers it', async () => {
    n8n.failNext(2);
    const before = n8n.requests.length;
    await sql`insert into incidents (cause) values ('disk_full')`;
    const failed = await until(
      'the delivery failed',
      () => api.call('GET', `/api/automations/deliveries?status=failed&hookId=${ids.hook}`),
      (res) => res.json.deliveries?.length === 1,
    );
    expect(failed.json.deliveries[0]).toMatchObject({ status: 'failed', attempts: 2, responseStatus: 500 });
    expect(failed.json.deliveries[0].lastError).toContain('Error in workflow');
    expect(n8n.requests.length - before).toBe(2);

    const replay = await api.call(
      'POST',
      `/api/automations/deliveries/${failed.json.deliveries[0].id}/replay`,
    );
    expect(replay.status).toBe(202);
    await until(
      'the replay delivered',
      () => api.call('GET', `/api/automations/deliveries?hookId=${ids.hook}&status=delivered`),
      (res) =>
        res.json.deliveries?.some((d: { id: number }) => d.id === failed.json.deliveries[0].id) === true,
    );
  });

  it('posts a signed inbound discord_message and refuses bad signatures and stale timestamps', async () => {
    const message = { action: 'discord_message', channelId: ids.channel, content: 'Backups are done' };
    expect((await inbound(message, { secret: 'not-the-secret-not-the-secret-0000' })).status).toBe(401);
    expect((await inbound(message, { timestamp: Math.floor(Date.now() / 1000) - 600 })).status).toBe(401);
    expect(discord.messages(ids.channel).some((m) => m.content === 'Backups are done')).toBe(false);

    const sent = await inbound(message);
    expect(sent.status).toBe(202);
    expect(discord.messages(ids.channel).map((m) => m.content)).toContain('Backups are done');

    const audit = await api.call('GET', '/api/audit?limit=50');
    const actions = audit.json.entries.map((e: { action: string }) => e.action);
    expect(actions).toContain('automations.inbound.discord_message');
  });

  it('shows the hook, the delivery log and the inbound webhook on the page, accessibly', async () => {
    const browser = await launchBrowser();
    try {
      const page = await signedInPage(browser, stack.url, api.cookie!);
      await page.goto(`${stack.url}/automations`);
      await page.getByRole('row').filter({ hasText: 'n8n events' }).first().waitFor({ timeout: 30_000 });
      await page.getByText('Secret configured').waitFor({ timeout: 20_000 });
      await page
        .getByRole('button', { name: /^Replay Incident opened to n8n events/ })
        .first()
        .waitFor();
      await page.getByRole('button', { name: 'Send test to n8n events' }).click();
      await until(
        'the test event',
        () => n8n.requests.find((r) => JSON.parse(r.rawBody || '{}').event === 'test'),
        (r) => r !== undefined,
      );
      await page.screenshot({ path: path.join(artifacts, 'automations.png'), fullPage: true });
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
