/**
 * The sender on its own, with polling effectively off: deliveries must go out on the NOTIFY that
 * notify() sends, and a `resolved` merged into a delivery while it is being sent must still go out.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Pool } from '@homelab/db/client/pool';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../log';
import { privateDatabaseUrl, testPool, uniqueName } from '../testing/database';
import { waitFor } from '../testing/helpers';
import { createChannel } from './channels';
import { getDelivery, listDeliveries } from './deliveries';
import { notify } from './notify';
import { createSender, type Sender } from './sender';

const databaseUrl = await privateDatabaseUrl();
const encryptionKey = randomBytes(32).toString('base64');
const secret = 'a-webhook-secret-0123';

let pool: Pool;
let sender: Sender;
const bodies: { event: string; title: string; body: string }[] = [];
let hold = false;
const held: ServerResponse[] = [];
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    if (hold) held.push(res);
    else res.writeHead(200).end();
  });
});

beforeAll(async () => {
  pool = testPool(databaseUrl);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  sender = createSender({
    sql: pool.sql,
    log: createLogger({ level: 'error' }),
    encryptionKey,
    pollMs: 600_000,
  });
  sender.start();
});

afterAll(async () => {
  for (const res of held) res.end();
  await sender?.stop();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await pool?.sql.end();
});

async function webhookChannel() {
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return createChannel(pool.sql, encryptionKey, {
    name: uniqueName('hook'),
    enabled: true,
    config: { type: 'webhook', url, secret },
  });
}

it('sends as soon as notify() wakes it, without waiting for a poll', async () => {
  const channel = await webhookChannel();
  await notify(pool.sql, {
    groupKey: 'info:wake',
    kind: 'info',
    title: 'woken',
    body: 'b',
    channelIds: [channel.id],
    payload: {},
  });
  await waitFor(() => bodies.some((b) => b.title === 'woken'), 10_000);
  const [delivery] = await listDeliveries(pool.sql, { channelId: channel.id, limit: 10 });
  expect(await waitFor(async () => (await getDelivery(pool.sql, delivery?.id ?? 0))?.status === 'sent')).toBe(
    true,
  );
});

it('sends the merged message when the outage ends while its `opened` is on the wire', async () => {
  const channel = await webhookChannel();
  const event = { groupKey: `incident:${crypto.randomUUID()}`, channelIds: [channel.id], payload: {} };
  hold = true;
  await notify(pool.sql, { ...event, kind: 'opened', title: 'db down', body: 'refused' });
  await waitFor(() => held.length === 1, 10_000);
  await notify(pool.sql, { ...event, kind: 'resolved', title: 'db up', body: 'answering' });
  hold = false;
  held.shift()?.writeHead(200).end();
  await waitFor(() => bodies.some((b) => b.title === 'db up'), 10_000);
  const sent = bodies.filter((b) => b.title.startsWith('db '));
  expect(sent.map((b) => b.event)).toEqual(['opened', 'resolved']);
  expect(sent[1]?.body).toMatch(/Went down and came back/);
  const deliveries = await waitFor(async () => {
    const rows = await listDeliveries(pool.sql, { channelId: channel.id, limit: 10 });
    return rows.every((d) => d.status === 'sent') ? rows : undefined;
  });
  expect(deliveries).toHaveLength(1);
});

it('fails at once what waited for a channel that has since been disabled', async () => {
  const channel = await webhookChannel();
  const [row] = await pool.sql<{ id: string }[]>`
    insert into notification_deliveries (channel_id, event, group_key, title, body, payload)
    values (${channel.id}, 'info', 'info:disabled', 'late', 'b', '{}'::jsonb) returning id`;
  await pool.sql`update notification_channels set enabled = false where id = ${channel.id}`;
  sender.wake();
  const delivery = await waitFor(async () => {
    const d = await getDelivery(pool.sql, Number(row?.id));
    return d?.status === 'failed' ? d : undefined;
  });
  expect(delivery).toMatchObject({
    attempts: 1,
    lastError: 'The channel was disabled before this could be sent.',
  });
  expect(bodies.some((b) => b.title === 'late')).toBe(false);
});
