/**
 * `/api/smarthome`: Home Assistant. The smarthome runner holds the one connection; these routes
 * check who may call, validate every input against the shared schemas, name service calls for the
 * audit log and hand on the runner's answer, its "not configured"/"not connected" refusals or its
 * live stream of state changes.
 */
import {
  entityHistorySchema,
  entityIdSchema,
  historyHoursSchema,
  serviceCallInputSchema,
  serviceCallResultSchema,
  smartHomeOverviewSchema,
  smartHomeStatusSchema,
  testConnectionResultSchema,
} from '@homelab/db/smarthome';
import { createRoute, z } from '@hono/zod-openapi';
import { operator, reader } from '../auth/middleware';
import { auditAs } from '../lib/context';
import {
  createRouter,
  errors,
  jsonBody,
  jsonResponse,
  readErrors,
  sseResponse,
  writeErrors,
} from '../lib/router';
import { enc, query, relayJson, relayStream } from '../lib/runners';

const tags = ['smarthome'];
type Out<T extends z.ZodType> = z.output<T>;

const status = smartHomeStatusSchema.meta({ id: 'SmartHomeStatus' });

const statusRoute = createRoute({
  method: 'get',
  path: '/connection-status',
  tags,
  summary: 'Whether Home Assistant is configured and connected, and how many calls wait for it',
  middleware: [reader] as const,
  responses: { 200: jsonResponse(status, 'Connection status'), ...errors(...readErrors) },
});
const testRoute = createRoute({
  method: 'post',
  path: '/test-connection',
  tags,
  summary: 'Reach Home Assistant now (reconnecting if it was away) and measure the round trip',
  middleware: [operator] as const,
  responses: {
    200: jsonResponse(testConnectionResultSchema.meta({ id: 'SmartHomeTestResult' }), 'Result'),
    ...errors(...writeErrors),
  },
});
const overviewRoute = createRoute({
  method: 'get',
  path: '/overview',
  tags,
  summary: 'Rooms, devices, entities with their live states, and scenes',
  middleware: [reader] as const,
  responses: {
    200: jsonResponse(smartHomeOverviewSchema.meta({ id: 'SmartHomeOverview' }), 'Overview'),
    ...errors(...readErrors),
  },
});
const historyRoute = createRoute({
  method: 'get',
  path: '/entities/{entityId}/history',
  tags,
  summary: "One entity's state changes over the last hours (1 to 168)",
  middleware: [reader] as const,
  request: {
    params: z.object({ entityId: entityIdSchema }),
    query: z.object({ hours: historyHoursSchema.default(24) }),
  },
  responses: {
    200: jsonResponse(entityHistorySchema.meta({ id: 'SmartHomeEntityHistory' }), 'History'),
    ...errors(400, 404, ...readErrors),
  },
});
const serviceRoute = createRoute({
  method: 'post',
  path: '/services',
  tags,
  summary:
    'Call a service on one entity (light.turn_on, climate.set_temperature, ...); queued while Home Assistant is away',
  middleware: [operator] as const,
  request: { body: jsonBody(serviceCallInputSchema.meta({ id: 'SmartHomeServiceCall' })) },
  responses: {
    200: jsonResponse(serviceCallResultSchema.meta({ id: 'SmartHomeServiceResult' }), 'Applied or queued'),
    ...errors(...writeErrors),
  },
});
const eventsRoute = createRoute({
  method: 'get',
  path: '/events',
  tags,
  summary: 'Live `state` and `status` events (Server-Sent Events of SmartHomeEvent JSON)',
  middleware: [reader] as const,
  responses: { 200: sseResponse('text/event-stream of SmartHomeEvent JSON'), ...errors(...readErrors) },
});

export const smartHomeRoutes = createRouter()
  .openapi(statusRoute, async (c) =>
    c.json(await relayJson<Out<typeof status>>(c, 'smarthome', { path: '/status' }), 200),
  )
  .openapi(testRoute, async (c) => {
    auditAs(c, 'smarthome.test_connection');
    const result = await relayJson<Out<typeof testConnectionResultSchema>>(c, 'smarthome', {
      method: 'POST',
      path: '/test-connection',
      timeoutMs: 30_000,
    });
    return c.json(result, 200);
  })
  .openapi(overviewRoute, async (c) =>
    c.json(await relayJson<Out<typeof smartHomeOverviewSchema>>(c, 'smarthome', { path: '/overview' }), 200),
  )
  .openapi(historyRoute, async (c) => {
    const { entityId } = c.req.valid('param');
    const path = `/entities/${enc(entityId)}/history${query(c.req.valid('query'))}`;
    return c.json(
      await relayJson<Out<typeof entityHistorySchema>>(c, 'smarthome', { path, timeoutMs: 45_000 }),
      200,
    );
  })
  .openapi(serviceRoute, async (c) => {
    const body = c.req.valid('json');
    auditAs(c, 'smarthome.service.call', body.entityId, {
      domain: body.domain,
      service: body.service,
    });
    const result = await relayJson<Out<typeof serviceCallResultSchema>>(c, 'smarthome', {
      method: 'POST',
      path: '/services',
      body,
    });
    return c.json(result, 200);
  })
  .openapi(eventsRoute, async (c) => relayStream(c, 'smarthome', { path: '/events' }) as never);
