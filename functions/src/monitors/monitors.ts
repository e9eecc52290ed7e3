/**
 * `/api/monitors…`: uptime monitors. The monitors runner stores, schedules and runs the checks;
 * these routes check who may call (anyone signed in reads, owners and admins change), validate
 * every input against the shared schemas before the runner is asked, name each change for the
 * audit log and hand the runner's answer (or its refusal) on.
 */
import { monitorInputSchema, monitorStates } from '@homelab/db/monitoring';
import { createRoute, z } from '@hono/zod-openapi';
import { operator, reader } from '../auth/middleware';
import { auditAs } from '../lib/context';
import { createRouter, errors, jsonBody, jsonResponse, readErrors, writeErrors } from '../lib/router';
import { query, relay, relayJson } from '../lib/runners';
import { relayList } from './relay-helpers';
import { checkResult, history, incident, monitor, type Out } from './schemas';

const tags = ['monitors'];
const input = jsonBody(monitorInputSchema.meta({ id: 'MonitorInput' }));
const idParam = z.object({ id: z.uuid({ error: 'must be a monitor id' }) });
const historyRanges = ['1h', '24h', '7d', '30d', '1y'] as const;

const listRoute = createRoute({
  method: 'get',
  path: '/monitors',
  tags,
  summary: 'Monitors with their state, last check and uptime; filter by tag, domain or state',
  middleware: [reader] as const,
  request: {
    query: z.object({
      tag: z.string().trim().min(1).max(40).optional(),
      domain: z.string().trim().min(1).max(253).optional(),
      state: z.enum(monitorStates).optional(),
    }),
  },
  responses: {
    200: jsonResponse(z.object({ monitors: z.array(monitor) }), 'Monitors'),
    ...errors(400, ...readErrors),
  },
});
const createMonitorRoute = createRoute({
  method: 'post',
  path: '/monitors',
  tags,
  summary: 'Create a monitor (checks no more often than every 20 s)',
  middleware: [operator] as const,
  request: { body: input },
  responses: { 201: jsonResponse(monitor, 'Created'), ...errors(...writeErrors) },
});
const testRoute = createRoute({
  method: 'post',
  path: '/monitors/test',
  tags,
  summary: 'Run a check once with these settings, without saving anything',
  middleware: [operator] as const,
  request: { body: input },
  responses: { 200: jsonResponse(checkResult, 'What the check found'), ...errors(...writeErrors) },
});
const getRoute = createRoute({
  method: 'get',
  path: '/monitors/{id}',
  tags,
  summary: 'One monitor',
  middleware: [reader] as const,
  request: { params: idParam },
  responses: { 200: jsonResponse(monitor, 'Monitor'), ...errors(400, 404, ...readErrors) },
});
const updateRoute = createRoute({
  method: 'put',
  path: '/monitors/{id}',
  tags,
  summary: 'Replace a monitor’s settings',
  middleware: [operator] as const,
  request: { params: idParam, body: input },
  responses: { 200: jsonResponse(monitor, 'Updated'), ...errors(...writeErrors) },
});
const deleteRoute = createRoute({
  method: 'delete',
  path: '/monitors/{id}',
  tags,
  summary: 'Delete a monitor with its history and incidents',
  middleware: [operator] as const,
  request: { params: idParam },
  responses: { 204: { description: 'Deleted' }, ...errors(...writeErrors) },
});
const switchRoute = createRoute({
  method: 'post',
  path: '/monitors/{id}/{action}',
  tags,
  summary: 'Pause or resume a monitor',
  middleware: [operator] as const,
  request: { params: idParam.extend({ action: z.enum(['pause', 'resume']) }) },
  responses: { 200: jsonResponse(monitor, 'The monitor after the change'), ...errors(...writeErrors) },
});
const checkRoute = createRoute({
  method: 'post',
  path: '/monitors/{id}/check',
  tags,
  summary: 'Check a monitor now; the result is recorded like a scheduled one',
  middleware: [operator] as const,
  request: { params: idParam },
  responses: { 200: jsonResponse(checkResult, 'What the check found'), ...errors(...writeErrors) },
});
const historyRoute = createRoute({
  method: 'get',
  path: '/monitors/{id}/history',
  tags,
  summary: 'Checks and latency over a range: raw for 1h/24h, per minute for 7d, per hour beyond',
  middleware: [reader] as const,
  request: { params: idParam, query: z.object({ range: z.enum(historyRanges).default('24h') }) },
  responses: { 200: jsonResponse(history, 'History'), ...errors(400, 404, ...readErrors) },
});
const incidentsRoute = createRoute({
  method: 'get',
  path: '/monitors/{id}/incidents',
  tags,
  summary: 'A monitor’s outages, newest first',
  middleware: [reader] as const,
  request: { params: idParam },
  responses: {
    200: jsonResponse(z.object({ incidents: z.array(incident) }), 'Incidents'),
    ...errors(400, 404, ...readErrors),
  },
});

/** A check may take its whole timeout (up to 120 s); the relay waits a little longer than that. */
const checkWait = (timeoutMs = 120_000) => ({ timeoutMs: timeoutMs + 5_000 });
const summary = (body: Out<typeof monitorInputSchema>) => ({ name: body.name, type: body.config.type });

export const monitorRoutes = createRouter()
  .openapi(listRoute, async (c) => {
    const path = `/monitors${query(c.req.valid('query'))}`;
    return c.json(await relayList<'monitors', Out<typeof monitor>>(c, 'monitors', path, 'monitors'), 200);
  })
  .openapi(createMonitorRoute, async (c) => {
    const body = c.req.valid('json');
    auditAs(c, 'monitors.create', body.name, summary(body));
    const created = await relayJson<Out<typeof monitor>>(c, 'monitors', {
      method: 'POST',
      path: '/monitors',
      body,
    });
    auditAs(c, 'monitors.create', created.id, summary(body));
    return c.json(created, 201);
  })
  .openapi(testRoute, async (c) => {
    const body = c.req.valid('json');
    auditAs(c, 'monitors.test', body.name, summary(body));
    const result = await relayJson<Out<typeof checkResult>>(c, 'monitors', {
      method: 'POST',
      // The runner's dry run lives beside /monitors, not under it (/monitors/:id would take it).
      path: '/test',
      body,
      ...checkWait(body.timeoutMs),
    });
    return c.json(result, 200);
  })
  .openapi(getRoute, async (c) => {
    const { id } = c.req.valid('param');
    return c.json(await relayJson<Out<typeof monitor>>(c, 'monitors', { path: `/monitors/${id}` }), 200);
  })
  .openapi(updateRoute, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    auditAs(c, 'monitors.update', id, summary(body));
    const updated = await relayJson<Out<typeof monitor>>(c, 'monitors', {
      method: 'PUT',
      path: `/monitors/${id}`,
      body,
    });
    return c.json(updated, 200);
  })
  .openapi(deleteRoute, async (c) => {
    const { id } = c.req.valid('param');
    auditAs(c, 'monitors.delete', id);
    await relay(c, 'monitors', { method: 'DELETE', path: `/monitors/${id}` });
    return c.body(null, 204);
  })
  .openapi(checkRoute, async (c) => {
    const { id } = c.req.valid('param');
    auditAs(c, 'monitors.check', id);
    const result = await relayJson<Out<typeof checkResult>>(c, 'monitors', {
      method: 'POST',
      path: `/monitors/${id}/check`,
      ...checkWait(),
    });
    return c.json(result, 200);
  })
  .openapi(switchRoute, async (c) => {
    const { id, action } = c.req.valid('param');
    auditAs(c, `monitors.${action}`, id);
    const result = await relayJson<Out<typeof monitor>>(c, 'monitors', {
      method: 'POST',
      path: `/monitors/${id}/${action}`,
    });
    return c.json(result, 200);
  })
  .openapi(historyRoute, async (c) => {
    const { id } = c.req.valid('param');
    const path = `/monitors/${id}/history${query(c.req.valid('query'))}`;
    return c.json(await relayJson<Out<typeof history>>(c, 'monitors', { path }), 200);
  })
  .openapi(incidentsRoute, async (c) => {
    const { id } = c.req.valid('param');
    const path = `/monitors/${id}/incidents`;
    return c.json(await relayList<'incidents', Out<typeof incident>>(c, 'monitors', path, 'incidents'), 200);
  });
