/**
 * The notifications runner against a private PostgreSQL and real local targets: channel routes with
 * sealed settings, test sends, grouping of an outage into one message, retries with backoff (a
 * short schedule passed to the constructor), slow targets not holding up others, and manual retry.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Pool } from '@homelab/db/client/pool';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DiscordWebhookFake, startDiscordWebhookFake } from '../../../e2e/fakes/discord-webhook/server';
import type { Config } from '../config';
import { toErrorResponse } from '../internal/errors';
import { createLogger } from '../log';
import type { RunnerHandle } from '../runner';
import { privateDatabaseUrl, testPool, uniqueName } from '../testing/database';
import { waitFor } from '../testing/helpers';
import type { ChannelView } from './channels';
import type { DeliveryView } from './deliveries';
import { embedColors } from './discord';
import { notify } from './notify';
import { createNotificationsRunner } from './service';
import { signBody } from './webhook';

const databaseUrl = await privateDatabaseUrl();
const encryptionKey = randomBytes(32).toString('base64');
const shortDelays = [50, 100, 150, 200, 250];

let pool: Pool;
let handle: RunnerHandle;
let discord: DiscordWebhookFake;

function context() {
  const config: Config = {
    databaseUrl,
    runnerSecret: 'x'.repeat(32),
    port: 0,
    host: '127.0.0.1',
    enabledRunners: ['notifications'],
    metricsIntervalMs: 5_000,
    logLevel: 'error',
    encryptionKey,
    backupDir: '/tmp',
  };
  return {
    pool,
    log: createLogger({ level: 'error' }),
    config,
    signal: new AbortController().signal,
    crash: (error: unknown) => {
      throw error;
    },
  };
}

async function call(method: string, route: string, body?: unknown) {
  try {
    const response = await handle.routes!.request(route, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  } catch (error) {
    const { status, body: errorBody } = toErrorResponse(error);
    return { status, body: errorBody as unknown };
  }
}

async function addChannel(config: Record<string, unknown>, name = uniqueName('ch')): Promise<ChannelView> {
  const created = await call('POST', '/channels', { name, config });
  expect(created.status).toBe(201);
  return (created.body as { channel: ChannelView }).channel;
}

async function deliveriesOf(channelId: string): Promise<DeliveryView[]> {
  const listed = await call('GET', `/deliveries?channelId=${channelId}`);
  return (listed.body as { deliveries: DeliveryView[] }).deliveries;
}

/** A webhook receiver that answers with whatever the test decides, and can hold requests open. */
async function webhookTarget(secret: string) {
  let answer: (res: ServerResponse) => void = (res) => res.writeHead(200).end('ok');
  const bodies: { body: string; signed: boolean }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      bodies.push({ body, signed: req.headers['x-homelabhub-signature'] === signBody(secret, body) });
      answer(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    bodies,
    answerWith(fn: (res: ServerResponse) => void) {
      answer = fn;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

beforeAll(async () => {
  pool = testPool(databaseUrl);
  discord = await startDiscordWebhookFake({ rateLimit: { limit: 1_000, windowMs: 1_000 } });
  handle = await createNotificationsRunner({ retryDelaysMs: shortDelays, pollMs: 50 }).start(context());
});

afterAll(async () => {
  await handle?.stop();
  await discord?.close();
  await pool?.sql.end();
});

describe('channels', () => {
  it('seals the settings and lists only a masked target', async () => {
    const webhook = discord.createWebhook();
    const channel = await addChannel({ type: 'discord', webhookUrl: webhook.url });
    expect(channel).toMatchObject({
      type: 'discord',
      enabled: true,
      target: `${new URL(webhook.url).host}/•••`,
    });

    const [row] = await pool.sql`select * from notification_channels where id = ${channel.id}`;
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(webhook.url);
    expect(stored).not.toContain(webhook.id);
    expect(row?.config_sealed).toMatch(/^v1:/);

    const listed = await call('GET', '/channels');
    const text = JSON.stringify(listed.body);
    expect(text).toContain(channel.id);
    expect(text).not.toContain(webhook.id);
  });

  it('updates, refuses duplicates and bad input, and deletes', async () => {
    const name = uniqueName('dup');
    const channel = await addChannel({ type: 'ntfy', topic: 'alerts-abc' }, name);
    expect(channel.target).toBe('ntfy.sh/al•••');
    const other = await addChannel({ type: 'ntfy', topic: 'other' });

    expect((await call('POST', '/channels', { name, config: { type: 'ntfy', topic: 'x' } })).status).toBe(
      409,
    );
    expect((await call('PUT', `/channels/${other.id}`, { name })).status).toBe(409);
    const bad = await call('POST', '/channels', {
      name: 'x',
      config: { type: 'webhook', url: 'ftp://x', secret: 's' },
    });
    expect(bad.status).toBe(400);

    const renamed = await call('PUT', `/channels/${channel.id}`, { name: `${name}-2`, enabled: false });
    expect(renamed.body).toMatchObject({
      channel: { name: `${name}-2`, enabled: false, target: 'ntfy.sh/al•••' },
    });
    const moved = await call('PUT', `/channels/${channel.id}`, {
      config: { type: 'ntfy', serverUrl: 'https://push.example.com', topic: 'zz-top' },
    });
    expect(moved.body).toMatchObject({ channel: { enabled: false, target: 'push.example.com/zz•••' } });

    expect((await call('DELETE', `/channels/${channel.id}`)).status).toBe(204);
    expect((await call('DELETE', `/channels/${channel.id}`)).status).toBe(404);
    expect((await call('PUT', `/channels/${channel.id}`, { enabled: true })).status).toBe(404);
    expect((await call('POST', `/channels/${channel.id}/test`)).status).toBe(404);
    expect((await call('POST', '/channels/not-an-id/test')).status).toBe(400);
  });
});

describe('sending', () => {
  it('sends a test message now and answers with its outcome', async () => {
    const webhook = discord.createWebhook();
    const channel = await addChannel({ type: 'discord', webhookUrl: webhook.url });
    const sent = await call('POST', `/channels/${channel.id}/test`);
    expect(sent.body).toMatchObject({
      delivery: { status: 'sent', event: 'test', attempts: 1, channelId: channel.id },
    });
    expect(discord.messages(webhook.id)).toHaveLength(1);

    discord.deleteWebhook(webhook.id);
    const failed = await call('POST', `/channels/${channel.id}/test`);
    expect(failed.body).toMatchObject({ delivery: { status: 'failed', attempts: 1 } });
    expect((failed.body as { delivery: DeliveryView }).delivery.lastError).toMatch(/404.*Unknown Webhook/);
  });

  it('turns an outage that ends while the channel fails into one message, once it recovers', async () => {
    const webhook = discord.createWebhook();
    const channel = await addChannel({ type: 'discord', webhookUrl: webhook.url });
    const groupKey = `incident:${crypto.randomUUID()}`;
    const event = { groupKey, channelIds: [channel.id], payload: { monitor: 'nas' } };
    discord.outage(503);
    try {
      await notify(pool.sql, { ...event, kind: 'opened', title: 'nas is down', body: 'Connection refused.' });
      await waitFor(async () => (await deliveriesOf(channel.id))[0]?.lastError);
      // The same outage reported again (a restarted runner) adds nothing.
      await notify(pool.sql, { ...event, kind: 'opened', title: 'nas is down', body: 'Connection refused.' });
      await notify(pool.sql, {
        ...event,
        kind: 'resolved',
        title: 'nas is up',
        body: 'Back after 2 minutes.',
      });
      const [merged, ...rest] = await deliveriesOf(channel.id);
      expect(rest).toHaveLength(0);
      expect(merged).toMatchObject({ event: 'resolved', status: 'pending', title: 'nas is up' });
      expect(merged?.body).toMatch(/Went down and came back/);
    } finally {
      discord.outage(null);
    }
    await waitFor(async () => (await deliveriesOf(channel.id))[0]?.status === 'sent', 10_000);
    const messages = discord.messages(webhook.id);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.embeds[0]).toMatchObject({ title: 'nas is up', color: embedColors.resolved });
    expect(messages[0]?.embeds[0]?.description).toContain('nas is down');

    // A later `resolved` of the same key is a duplicate as well.
    await notify(pool.sql, { ...event, kind: 'resolved', title: 'nas is up', body: 'again' });
    expect(await deliveriesOf(channel.id)).toHaveLength(1);
  });

  it('sends opened and resolved separately when the channel works, and skips disabled channels', async () => {
    const webhook = discord.createWebhook();
    const channel = await addChannel({ type: 'discord', webhookUrl: webhook.url });
    const disabled = await addChannel({ type: 'discord', webhookUrl: discord.createWebhook().url });
    await call('PUT', `/channels/${disabled.id}`, { enabled: false });
    const event = {
      groupKey: `incident:${crypto.randomUUID()}`,
      channelIds: [channel.id, disabled.id],
      payload: {},
    };
    await notify(pool.sql, { ...event, kind: 'opened', title: 'api down', body: 'HTTP 502' });
    await waitFor(() => discord.messages(webhook.id).length === 1);
    await notify(pool.sql, { ...event, kind: 'resolved', title: 'api up', body: 'HTTP 200' });
    await waitFor(() => discord.messages(webhook.id).length === 2);
    expect(discord.messages(webhook.id).map((m) => m.embeds[0]?.color)).toEqual([
      embedColors.opened,
      embedColors.resolved,
    ]);
    expect(await deliveriesOf(disabled.id)).toHaveLength(0);
  });

  it('retries with backoff until the target takes it, signing every try', async () => {
    const secret = 'n8n-shared-secret-123';
    const target = await webhookTarget(secret);
    try {
      let calls = 0;
      target.answerWith((res) => {
        calls++;
        res.writeHead(calls < 3 ? 500 : 200).end(calls < 3 ? 'n8n is restarting' : 'ok');
      });
      const channel = await addChannel({ type: 'webhook', url: target.url, secret });
      await notify(pool.sql, {
        groupKey: 'info:retry',
        kind: 'info',
        title: 'Backup finished',
        body: 'All good',
        channelIds: [channel.id],
        payload: { size: 12 },
      });
      const delivery = await waitFor(async () => {
        const [d] = await deliveriesOf(channel.id);
        return d?.status === 'sent' ? d : undefined;
      }, 10_000);
      expect(delivery).toMatchObject({ attempts: 3, lastError: null });
      expect(target.bodies).toHaveLength(3);
      expect(target.bodies.every((b) => b.signed)).toBe(true);
      expect(JSON.parse(target.bodies[2]?.body ?? '')).toMatchObject({
        event: 'info',
        payload: { size: 12 },
      });
    } finally {
      await target.close();
    }
  });

  it('gives up after six tries and can be retried by hand', async () => {
    const secret = 'n8n-shared-secret-456';
    const target = await webhookTarget(secret);
    try {
      target.answerWith((res) => res.writeHead(503).end('down'));
      const channel = await addChannel({ type: 'webhook', url: target.url, secret });
      await notify(pool.sql, {
        groupKey: 'info:give-up',
        kind: 'info',
        title: 'Disk almost full',
        body: '92 %',
        channelIds: [channel.id],
        payload: {},
      });
      const failed = await waitFor(async () => {
        const [d] = await deliveriesOf(channel.id);
        return d?.status === 'failed' ? d : undefined;
      }, 10_000);
      expect(failed).toMatchObject({ attempts: 6, lastError: 'The webhook answered 503: down' });
      expect(target.bodies).toHaveLength(6);

      target.answerWith((res) => res.writeHead(204).end());
      expect((await call('POST', `/deliveries/${failed?.id}/retry`)).status).toBe(200);
      expect((await call('POST', '/deliveries/999999999/retry')).status).toBe(404);
      const sent = await waitFor(async () => {
        const [d] = await deliveriesOf(channel.id);
        return d?.status === 'sent' ? d : undefined;
      }, 10_000);
      expect(sent).toMatchObject({ attempts: 1 });
      expect((await call('POST', `/deliveries/${failed?.id}/retry`)).status).toBe(409);
    } finally {
      await target.close();
    }
  });

  it('does not let a target that never answers hold up a healthy channel', async () => {
    const secret = 'n8n-shared-secret-789';
    const slow = await webhookTarget(secret);
    const held: ServerResponse[] = [];
    slow.answerWith((res) => held.push(res));
    try {
      const slowChannel = await addChannel({ type: 'webhook', url: slow.url, secret });
      const webhook = discord.createWebhook();
      const healthy = await addChannel({ type: 'discord', webhookUrl: webhook.url });
      // Several slow deliveries first, more than one send slot's worth.
      for (let i = 0; i < 3; i++) {
        await notify(pool.sql, {
          groupKey: `info:slow-${i}`,
          kind: 'info',
          title: `slow ${i}`,
          body: 'x',
          channelIds: [slowChannel.id],
          payload: {},
        });
      }
      await waitFor(() => held.length === 3);
      await notify(pool.sql, {
        groupKey: 'info:healthy',
        kind: 'info',
        title: 'healthy',
        body: 'y',
        channelIds: [healthy.id],
        payload: {},
      });
      await waitFor(() => discord.messages(webhook.id).length === 1);
      expect(held).toHaveLength(3);
      expect((await deliveriesOf(slowChannel.id)).every((d) => d.status === 'pending')).toBe(true);
      for (const res of held) res.writeHead(200).end();
      await waitFor(async () => (await deliveriesOf(slowChannel.id)).every((d) => d.status === 'sent'));
    } finally {
      await slow.close();
    }
  });

  it('lists deliveries newest first, a page at a time', async () => {
    const webhook = discord.createWebhook();
    const channel = await addChannel({ type: 'discord', webhookUrl: webhook.url });
    for (let i = 0; i < 3; i++)
      await notify(pool.sql, {
        groupKey: `info:page-${i}`,
        kind: 'info',
        title: `n${i}`,
        body: 'b',
        channelIds: [channel.id],
        payload: {},
      });
    const first = await call('GET', `/deliveries?channelId=${channel.id}&limit=2`);
    const page = (first.body as { deliveries: DeliveryView[] }).deliveries;
    expect(page.map((d) => d.title)).toEqual(['n2', 'n1']);
    const next = await call('GET', `/deliveries?channelId=${channel.id}&limit=2&before=${page[1]?.id}`);
    expect((next.body as { deliveries: DeliveryView[] }).deliveries.map((d) => d.title)).toEqual(['n0']);
    expect((await call('GET', '/deliveries?limit=0')).status).toBe(400);
  });
});
