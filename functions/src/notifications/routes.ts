/**
 * `/api/notifications`: where alerts go (Discord, a signed webhook, e-mail, ntfy) and what was
 * sent. The notifications runner seals each channel's settings and delivers; these routes check
 * the caller, validate against the shared schemas, audit each change and hand answers on. Channel
 * secrets never come back: the runner answers without them.
 */
import { channelConfigSchema, channelInputSchema } from '@homelab/db/monitoring';
import { createRoute, z } from '@hono/zod-openapi';
import { operator, reader } from '../auth/middleware';
import { auditAs } from '../lib/context';
import { createRouter, errors, jsonBody, jsonResponse, readErrors, writeErrors } from '../lib/router';
import { query, relay } from '../lib/runners';
import { relayList, relayOne } from '../monitors/relay-helpers';
import { channel, delivery, type Out } from '../monitors/schemas';

const tags = ['notifications'];
const input = jsonBody(channelInputSchema.meta({ id: 'NotificationChannelInput' }));
/**
 * A change names only what changes: the settings never come back (secrets), so a rename or an
 * enable/disable must not have to send them again. A whole ChannelInput is a valid patch too.
 */
const patch = jsonBody(
  z
    .object({
      name: channelInputSchema.shape.name.optional(),
      config: channelConfigSchema.optional(),
      enabled: z.boolean().optional(),
    })
    .meta({ id: 'NotificationChannelPatch' }),
);
const idParam = z.object({ id: z.uuid({ error: 'must be a channel id' }) });
const deliveryParam = z.object({ id: z.string().regex(/^\d{1,18}$/, 'must be a delivery id') });

const listChannels = createRoute({
  method: 'get',
  path: '/channels',
  tags,
  summary: 'Notification channels (without their secrets)',
  middleware: [reader] as const,
  responses: {
    200: jsonResponse(z.object({ channels: z.array(channel) }), 'Channels'),
    ...errors(...readErrors),
  },
});
const createChannel = createRoute({
  method: 'post',
  path: '/channels',
  tags,
  summary: 'Add a channel; its settings are stored encrypted',
  middleware: [operator] as const,
  request: { body: input },
  responses: { 201: jsonResponse(channel, 'Created'), ...errors(...writeErrors) },
});
const updateChannel = createRoute({
  method: 'put',
  path: '/channels/{id}',
  tags,
  summary: 'Change a channel’s name, settings or whether it is enabled; omitted settings stay as they are',
  middleware: [operator] as const,
  request: { params: idParam, body: patch },
  responses: { 200: jsonResponse(channel, 'Updated'), ...errors(...writeErrors) },
});
const deleteChannel = createRoute({
  method: 'delete',
  path: '/channels/{id}',
  tags,
  summary: 'Delete a channel and its delivery log',
  middleware: [operator] as const,
  request: { params: idParam },
  responses: { 204: { description: 'Deleted' }, ...errors(...writeErrors) },
});
const testChannel = createRoute({
  method: 'post',
  path: '/channels/{id}/test',
  tags,
  summary: 'Send a test message through a channel now',
  middleware: [operator] as const,
  request: { params: idParam },
  responses: { 200: jsonResponse(delivery, 'The test delivery and its outcome'), ...errors(...writeErrors) },
});
const listDeliveries = createRoute({
  method: 'get',
  path: '/deliveries',
  tags,
  summary: 'What was sent (or failed), newest first; `before` (a delivery id) pages back',
  middleware: [reader] as const,
  request: {
    query: z.object({
      channelId: z.uuid({ error: 'must be a channel id' }).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      // The runner pages by delivery id (ids only grow), not by time.
      before: z
        .string()
        .regex(/^\d{1,18}$/, 'must be a delivery id')
        .optional(),
    }),
  },
  responses: {
    200: jsonResponse(z.object({ deliveries: z.array(delivery) }), 'Deliveries'),
    ...errors(400, ...readErrors),
  },
});
const retryDelivery = createRoute({
  method: 'post',
  path: '/deliveries/{id}/retry',
  tags,
  summary: 'Send a failed delivery again now',
  middleware: [operator] as const,
  request: { params: deliveryParam },
  responses: { 200: jsonResponse(delivery, 'Queued again'), ...errors(...writeErrors) },
});

/** A test waits for the channel's answer (an SMTP server may take a while). */
const sending = { timeoutMs: 35_000 };

export const notificationRoutes = createRouter()
  .openapi(listChannels, async (c) =>
    c.json(
      await relayList<'channels', Out<typeof channel>>(c, 'notifications', '/channels', 'channels'),
      200,
    ),
  )
  .openapi(createChannel, async (c) => {
    const body = c.req.valid('json');
    auditAs(c, 'notifications.channel.create', body.name, { type: body.config.type });
    const created = await relayOne<Out<typeof channel>>(
      c,
      'notifications',
      {
        method: 'POST',
        path: '/channels',
        body,
      },
      'channel',
    );
    auditAs(c, 'notifications.channel.create', created.id, { name: body.name, type: body.config.type });
    return c.json(created, 201);
  })
  .openapi(updateChannel, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    auditAs(c, 'notifications.channel.update', id, {
      name: body.name,
      type: body.config?.type,
      enabled: body.enabled,
    });
    const updated = await relayOne<Out<typeof channel>>(
      c,
      'notifications',
      {
        method: 'PUT',
        path: `/channels/${id}`,
        body,
      },
      'channel',
    );
    return c.json(updated, 200);
  })
  .openapi(deleteChannel, async (c) => {
    const { id } = c.req.valid('param');
    auditAs(c, 'notifications.channel.delete', id);
    await relay(c, 'notifications', { method: 'DELETE', path: `/channels/${id}` });
    return c.body(null, 204);
  })
  .openapi(testChannel, async (c) => {
    const { id } = c.req.valid('param');
    auditAs(c, 'notifications.channel.test', id);
    const result = await relayOne<Out<typeof delivery>>(
      c,
      'notifications',
      {
        method: 'POST',
        path: `/channels/${id}/test`,
        ...sending,
      },
      'delivery',
    );
    return c.json(result, 200);
  })
  .openapi(listDeliveries, async (c) => {
    const path = `/deliveries${query(c.req.valid('query'))}`;
    return c.json(
      await relayList<'deliveries', Out<typeof delivery>>(c, 'notifications', path, 'deliveries'),
      200,
    );
  })
  .openapi(retryDelivery, async (c) => {
    const { id } = c.req.valid('param');
    auditAs(c, 'notifications.delivery.retry', id);
    const result = await relayOne<Out<typeof delivery>>(
      c,
      'notifications',
      {
        method: 'POST',
        path: `/deliveries/${id}/retry`,
        ...sending,
      },
      'delivery',
    );
    return c.json(result, 200);
  });
