/**
 * `/api/incidents`, `/api/domains`, `/api/monitoring/events` and `/api/maintenance`: the views
 * across monitors (open outages, domains, the live feed) and the maintenance windows that silence
 * them. The monitors runner answers; writes are for owners and admins and are audited.
 */
import { maintenanceInputSchema } from '@homelab/db/monitoring';
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
import { query, relay, relayJson, relayStream } from '../lib/runners';
import { relayList } from './relay-helpers';
import { domainRow, incident, maintenanceWindow, type Out } from './schemas';

const tags = ['monitors'];

const incidentsRoute = createRoute({
  method: 'get',
  path: '/incidents',
  tags,
  summary: 'Incidents of every monitor and alert rule, newest first (`open=true`: unresolved only)',
  middleware: [reader] as const,
  request: { query: z.object({ open: z.enum(['true', 'false']).optional() }) },
  responses: {
    200: jsonResponse(z.object({ incidents: z.array(incident) }), 'Incidents'),
    ...errors(400, ...readErrors),
  },
});
const domainsRoute = createRoute({
  method: 'get',
  path: '/domains',
  tags,
  summary: 'Each domain monitors belong to, with how many are up and down',
  middleware: [reader] as const,
  responses: {
    200: jsonResponse(z.object({ domains: z.array(domainRow) }), 'Domains'),
    ...errors(...readErrors),
  },
});
const eventsRoute = createRoute({
  method: 'get',
  path: '/monitoring/events',
  tags,
  summary: 'Monitor changes as they happen, as Server-Sent Events (`monitor` events)',
  middleware: [reader] as const,
  responses: {
    200: sseResponse('text/event-stream of Monitor JSON'),
    ...errors(...readErrors),
  },
});
const listMaintenance = createRoute({
  method: 'get',
  path: '/maintenance',
  tags,
  summary: 'Maintenance windows, current and planned',
  middleware: [reader] as const,
  responses: {
    200: jsonResponse(z.object({ windows: z.array(maintenanceWindow) }), 'Maintenance windows'),
    ...errors(...readErrors),
  },
});
const createMaintenance = createRoute({
  method: 'post',
  path: '/maintenance',
  tags,
  summary: 'Plan a maintenance window: its monitors (or tags, or all) go quiet until it ends',
  middleware: [operator] as const,
  request: { body: jsonBody(maintenanceInputSchema.meta({ id: 'MaintenanceInput' })) },
  responses: { 201: jsonResponse(maintenanceWindow, 'Planned'), ...errors(...writeErrors) },
});
const deleteMaintenance = createRoute({
  method: 'delete',
  path: '/maintenance/{id}',
  tags,
  summary: 'Cancel or end a maintenance window',
  middleware: [operator] as const,
  request: { params: z.object({ id: z.uuid({ error: 'must be a maintenance window id' }) }) },
  responses: { 204: { description: 'Deleted' }, ...errors(...writeErrors) },
});

export const overviewRoutes = createRouter()
  .openapi(incidentsRoute, async (c) => {
    const path = `/incidents${query(c.req.valid('query'))}`;
    return c.json(await relayList<'incidents', Out<typeof incident>>(c, 'monitors', path, 'incidents'), 200);
  })
  .openapi(domainsRoute, async (c) =>
    c.json(await relayList<'domains', Out<typeof domainRow>>(c, 'monitors', '/domains', 'domains'), 200),
  )
  .openapi(eventsRoute, async (c) => relayStream(c, 'monitors', { path: '/events' }))
  .openapi(listMaintenance, async (c) =>
    c.json(
      await relayList<'windows', Out<typeof maintenanceWindow>>(c, 'monitors', '/maintenance', 'windows'),
      200,
    ),
  )
  .openapi(createMaintenance, async (c) => {
    const body = c.req.valid('json');
    auditAs(c, 'maintenance.create', body.name, { startsAt: body.startsAt, endsAt: body.endsAt });
    const created = await relayJson<Out<typeof maintenanceWindow>>(c, 'monitors', {
      method: 'POST',
      path: '/maintenance',
      body,
    });
    auditAs(c, 'maintenance.create', created.id, {
      name: body.name,
      startsAt: body.startsAt,
      endsAt: body.endsAt,
    });
    return c.json(created, 201);
  })
  .openapi(deleteMaintenance, async (c) => {
    const { id } = c.req.valid('param');
    auditAs(c, 'maintenance.delete', id);
    await relay(c, 'monitors', { method: 'DELETE', path: `/maintenance/${id}` });
    return c.body(null, 204);
  });
