/**
 * The smarthome runner's internal routes, mounted at /smarthome: the connection status, a test
 * of it now, rooms/devices/entities from the live cache, one entity's history, service calls
 * (queued while Home Assistant is away) and the live stream of state changes.
 */
import {
  entityIdSchema,
  historyHoursSchema,
  type SmartHomeEvent,
  serviceCallInputSchema,
} from '@homelab/db/smarthome';
import { createRunnerRoutes, HttpError } from '../internal/errors';
import { parseInput, readBody } from '../internal/request-input';
import { streamFeed } from '../internal/sse';
import type { Logger } from '../log';
import type { SmartHomeClient } from './client';

export function createSmartHomeRoutes(client: SmartHomeClient, log: Logger, heartbeatMs = 15_000) {
  const app = createRunnerRoutes();
  app.get('/status', (c) => c.json(client.status()));
  app.post('/test-connection', async (c) => c.json(await client.testConnection()));
  app.get('/overview', async (c) => c.json(await client.overview()));
  app.get('/entities/:entityId', (c) => {
    const entityId = parseInput(entityIdSchema, c.req.param('entityId'), 'entityId');
    const entity = client.entity(entityId);
    if (entity) return c.json(entity);
    throw new HttpError(404, 'not_found', `Home Assistant has no entity ${entityId}.`);
  });
  app.get('/entities/:entityId/history', async (c) => {
    const entityId = parseInput(entityIdSchema, c.req.param('entityId'), 'entityId');
    const hours = parseInput(historyHoursSchema, c.req.query('hours') ?? '24', 'hours');
    return c.json(await client.history(entityId, hours));
  });
  app.post('/services', async (c) => {
    const input = await readBody(c, serviceCallInputSchema);
    return c.json(await client.callService(input));
  });
  app.get('/events', (c) =>
    streamFeed(c, { subscribe: client.subscribe }, (event) => ({ event: event.type, data: event }), {
      heartbeatMs,
      first: null,
      log,
      initial: (): SmartHomeEvent => ({ type: 'status', status: client.status() }),
    }),
  );
  return app;
}
