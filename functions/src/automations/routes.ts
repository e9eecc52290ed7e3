/**
 * `/api/automations`: the hooks events go out through (n8n and the like), their delivery log with
 * replay, a test send, and what a workflow needs to call back in. The automations runner owns the
 * sending and seals the secrets; these routes validate, audit and relay.
 */
import {
  automationDeliveriesQuerySchema,
  automationDeliveryPageSchema,
  automationDeliverySchema,
  automationEventTypes,
  automationHookCreatedSchema,
  automationHookInputSchema,
  automationHookSchema,
  automationSummarySchema,
  inboundSignatureHeader,
  inboundTimestampHeader,
  inboundToleranceSeconds,
  subscribableEventTypes,
} from '@homelab/db/automations';
import { createRoute, z } from '@hono/zod-openapi';
import { operator, reader } from '../auth/middleware';
import { auditAs } from '../lib/context';
import { createRouter, errors, jsonBody, jsonResponse, readErrors, writeErrors } from '../lib/router';
import { query, relay, relayJson } from '../lib/runners';

type Out<T extends z.ZodType> = z.output<T>;

const tags = ['automations'];
const hookInput = jsonBody(automationHookInputSchema.meta({ id: 'AutomationHookInput' }));
const hook = automationHookSchema.meta({ id: 'AutomationHook' });
const delivery = automationDeliverySchema.meta({ id: 'AutomationDelivery' });
const hookParam = z.object({ id: z.uuid({ error: 'must be an automation hook id' }) });
const deliveryParam = z.object({ id: z.coerce.number().int().positive({ error: 'must be a delivery id' }) });

const summaryRoute = createRoute({
  method: 'get',
  path: '/summary',
  tags,
  summary: 'Hooks, how many are enabled, failed deliveries in the last 24 hours and pending ones',
  middleware: [reader] as const,
  responses: { 200: jsonResponse(automationSummarySchema, 'Summary'), ...errors(...readErrors) },
});
const listHooks = createRoute({
  method: 'get',
  path: '/hooks',
  tags,
  summary: 'Hooks (without their secrets), with their last delivery',
  middleware: [reader] as const,
  responses: { 200: jsonResponse(z.object({ hooks: z.array(hook) }), 'Hooks'), ...errors(...readErrors) },
});
const createHook = createRoute({
  method: 'post',
  path: '/hooks',
  tags,
  summary: 'Add a hook; its signing secret is generated unless given, and returned this once',
  middleware: [operator] as const,
  request: { body: hookInput },
  responses: {
    201: jsonResponse(automationHookCreatedSchema, 'Created, with the secret in clear'),
    ...errors(...writeErrors),
  },
});
const updateHook = createRoute({
  method: 'put',
  path: '/hooks/{id}',
  tags,
  summary: 'Replace a hook; a `secret` rotates the signing secret, none keeps it',
  middleware: [operator] as const,
  request: { params: hookParam, body: hookInput },
  responses: { 200: jsonResponse(hook, 'Updated'), ...errors(...writeErrors) },
});
const deleteHook = createRoute({
  method: 'delete',
  path: '/hooks/{id}',
  tags,
  summary: 'Delete a hook and its delivery log',
  middleware: [operator] as const,
  request: { params: hookParam },
  responses: { 204: { description: 'Deleted' }, ...errors(...writeErrors) },
});
const testHook = createRoute({
  method: 'post',
  path: '/hooks/{id}/test',
  tags,
  summary: 'Send a `test` event to this hook only',
  middleware: [operator] as const,
  request: { params: hookParam },
  responses: { 202: jsonResponse(delivery, 'Queued; sent within seconds'), ...errors(...writeErrors) },
});
const listDeliveries = createRoute({
  method: 'get',
  path: '/deliveries',
  tags,
  summary: 'The delivery log, newest first; page with `before`',
  middleware: [reader] as const,
  request: { query: automationDeliveriesQuerySchema },
  responses: {
    200: jsonResponse(automationDeliveryPageSchema, 'A page of deliveries'),
    ...errors(400, ...readErrors),
  },
});
const replayDelivery = createRoute({
  method: 'post',
  path: '/deliveries/{id}/replay',
  tags,
  summary: 'Send a delivery again now, with a fresh set of retries',
  middleware: [operator] as const,
  request: { params: deliveryParam },
  responses: { 202: jsonResponse(delivery, 'Queued again'), ...errors(...writeErrors) },
});
const eventTypes = createRoute({
  method: 'get',
  path: '/events/types',
  tags,
  summary: 'The event types a hook can subscribe to',
  middleware: [reader] as const,
  responses: {
    200: jsonResponse(
      z.object({ types: z.array(z.string()), subscribable: z.array(z.string()) }),
      'Event types',
    ),
    ...errors(401, 403),
  },
});
const inbound = createRoute({
  method: 'get',
  path: '/inbound',
  tags,
  summary: 'Where workflows call in (POST /webhooks/automations) and whether its secret is set',
  middleware: [reader] as const,
  responses: {
    200: jsonResponse(
      z.object({
        url: z.string(),
        configured: z.boolean(),
        signatureHeader: z.string(),
        timestampHeader: z.string(),
        toleranceSeconds: z.number().int(),
      }),
      'The inbound webhook',
    ),
    ...errors(401, 403),
  },
});

const summaryOf = (body: Out<typeof automationHookInputSchema>) => ({
  name: body.name,
  url: body.url,
  events: body.events,
  enabled: body.enabled,
  secretGiven: body.secret !== undefined,
});

export const automationRoutes = createRouter()
  .openapi(summaryRoute, async (c) =>
    c.json(await relayJson<Out<typeof automationSummarySchema>>(c, 'automations', { path: '/summary' }), 200),
  )
  .openapi(listHooks, async (c) =>
    c.json(await relayJson<{ hooks: Out<typeof hook>[] }>(c, 'automations', { path: '/hooks' }), 200),
  )
  .openapi(createHook, async (c) => {
    const body = c.req.valid('json');
    auditAs(c, 'automations.hook.create', body.name, summaryOf(body));
    const created = await relayJson<Out<typeof automationHookCreatedSchema>>(c, 'automations', {
      method: 'POST',
      path: '/hooks',
      body,
    });
    auditAs(c, 'automations.hook.create', created.hook.id, summaryOf(body));
    return c.json(created, 201);
  })
  .openapi(updateHook, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    auditAs(c, 'automations.hook.update', id, summaryOf(body));
    const updated = await relayJson<Out<typeof hook>>(c, 'automations', {
      method: 'PUT',
      path: `/hooks/${id}`,
      body,
    });
    return c.json(updated, 200);
  })
  .openapi(deleteHook, async (c) => {
    const { id } = c.req.valid('param');
    auditAs(c, 'automations.hook.delete', id);
    await relay(c, 'automations', { method: 'DELETE', path: `/hooks/${id}` });
    return c.body(null, 204);
  })
  .openapi(testHook, async (c) => {
    const { id } = c.req.valid('param');
    auditAs(c, 'automations.hook.test', id);
    const queued = await relayJson<Out<typeof delivery>>(c, 'automations', {
      method: 'POST',
      path: `/hooks/${id}/test`,
    });
    return c.json(queued, 202);
  })
  .openapi(listDeliveries, async (c) => {
    const path = `/deliveries${query(c.req.valid('query'))}`;
    return c.json(await relayJson<Out<typeof automationDeliveryPageSchema>>(c, 'automations', { path }), 200);
  })
  .openapi(replayDelivery, async (c) => {
    const { id } = c.req.valid('param');
    auditAs(c, 'automations.delivery.replay', String(id));
    const queued = await relayJson<Out<typeof delivery>>(c, 'automations', {
      method: 'POST',
      path: `/deliveries/${id}/replay`,
    });
    return c.json(queued, 202);
  })
  .openapi(eventTypes, (c) =>
    c.json({ types: [...automationEventTypes], subscribable: [...subscribableEventTypes] }, 200),
  )
  .openapi(inbound, (c) =>
    c.json(
      {
        url: `${(c.get('config').PUBLIC_ORIGIN ?? new URL(c.req.url).origin).replace(/\/$/, '')}/webhooks/automations`,
        configured: Boolean(c.get('config').AUTOMATION_INBOUND_SECRET),
        signatureHeader: inboundSignatureHeader,
        timestampHeader: inboundTimestampHeader,
        toleranceSeconds: inboundToleranceSeconds,
      },
      200,
    ),
  );
