/**
 * The notifications runner's internal routes: channels (settings never shown back), a test send
 * that waits for its outcome, and the delivery log with a manual retry.
 */
import { channelConfigSchema, channelInputSchema } from '@homelab/db/monitoring';
import type { Sql } from 'postgres';
import { z } from 'zod';
import { createRunnerRoutes, HttpError } from '../internal/errors';
import { parseInput, readBody } from '../internal/request-input';
import {
  ChannelNameTaken,
  createChannel,
  deleteChannel,
  getChannel,
  listChannels,
  updateChannel,
} from './channels';
import { getDelivery, insertTestDelivery, listDeliveries, requeueDelivery } from './deliveries';
import type { Sender } from './sender';

export type NotificationRoutesOptions = {
  sql: Sql;
  encryptionKey: string;
  sender: Sender;
  /** How long POST /channels/:id/test waits for the outcome before answering with the pending delivery. */
  testWaitMs?: number;
};

const channelPatchSchema = z.object({
  name: channelInputSchema.shape.name.optional(),
  enabled: z.boolean().optional(),
  /** Omitted: the sealed settings stay as they are (the API never shows them, so it cannot echo them). */
  config: channelConfigSchema.optional(),
});
const idParam = z.object({ id: z.uuid('must be a channel id') });
const deliveryIdParam = z.object({ id: z.coerce.number().int().positive('must be a delivery id') });
const deliveriesQuery = z.object({
  channelId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  before: z.coerce.number().int().positive().optional(),
});

export function createNotificationRoutes(options: NotificationRoutesOptions) {
  const { sql, encryptionKey: key, sender, testWaitMs = 15_000 } = options;
  const app = createRunnerRoutes();
  const channelNotFound = (id: string) =>
    new HttpError(404, 'channel_not_found', `No notification channel ${id}.`);

  app.get('/channels', async (c) => c.json({ channels: await listChannels(sql, key) }));

  app.post('/channels', async (c) => {
    const input = await readBody(c, channelInputSchema);
    return c.json({ channel: await nameConflicts(createChannel(sql, key, input)) }, 201);
  });

  app.put('/channels/:id', async (c) => {
    const { id } = parseInput(idParam, c.req.param(), 'path');
    const patch = await readBody(c, channelPatchSchema);
    const channel = await nameConflicts(updateChannel(sql, key, id, patch));
    if (!channel) throw channelNotFound(id);
    return c.json({ channel });
  });

  app.delete('/channels/:id', async (c) => {
    const { id } = parseInput(idParam, c.req.param(), 'path');
    if (!(await deleteChannel(sql, id))) throw channelNotFound(id);
    return c.body(null, 204);
  });

  app.post('/channels/:id/test', async (c) => {
    const { id } = parseInput(idParam, c.req.param(), 'path');
    const channel = await getChannel(sql, id);
    if (!channel) throw channelNotFound(id);
    const deliveryId = await insertTestDelivery(sql, id, channel.name);
    const settled = sender.settled(deliveryId, testWaitMs);
    sender.wake();
    await settled;
    return c.json({ delivery: await getDelivery(sql, deliveryId) });
  });

  app.get('/deliveries', async (c) => {
    const query = parseInput(deliveriesQuery, c.req.query(), 'query');
    return c.json({ deliveries: await listDeliveries(sql, query) });
  });

  app.post('/deliveries/:id/retry', async (c) => {
    const { id } = parseInput(deliveryIdParam, c.req.param(), 'path');
    const outcome = await requeueDelivery(sql, id);
    if (outcome === 'not_found') throw new HttpError(404, 'delivery_not_found', `No delivery ${id}.`);
    if (outcome === 'not_failed')
      throw new HttpError(
        409,
        'delivery_not_failed',
        `Delivery ${id} has not failed; only failed deliveries are retried.`,
      );
    sender.wake();
    return c.json({ delivery: await getDelivery(sql, id) });
  });

  return app;
}

async function nameConflicts<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof ChannelNameTaken) throw new HttpError(409, 'channel_exists', error.message);
    throw error;
  }
}
