/**
 * The monitors runner's internal routes: monitors and their history, incidents, maintenance windows,
 * the domains overview, public status pages, push heartbeats, Prometheus metrics and a live stream
 * of monitor states. Handlers validate and call one function of the store or the service.
 */
import { maintenanceInputSchema, monitorInputSchema, monitorStates } from '@homelab/db/monitoring';
import { z } from 'zod';
import { createRunnerRoutes, HttpError } from '../internal/errors';
import { parseInput, readBody } from '../internal/request-input';
import { streamFeed } from '../internal/sse';
import { createMaintenance, deleteMaintenance, listMaintenance } from './maintenance';
import { metricsText } from './metrics';
import type { MonitorsService } from './service';
import {
  createMonitor,
  deleteMonitor,
  getMonitor,
  listMonitors,
  needsKey,
  setPaused,
  updateMonitor,
  uptimeOf,
  viewMonitors,
} from './store';
import { domainsOverview, historyRanges, listIncidents, monitorHistory, statusPage } from './views';

const idParam = z.object({ id: z.uuid('must be a monitor id') });
const listQuery = z.object({
  tag: z.string().max(40).optional(),
  domain: z.string().max(253).optional(),
  state: z.enum(monitorStates).optional(),
});
const historyQuery = z.object({
  range: z.enum(Object.keys(historyRanges) as [keyof typeof historyRanges]).default('24h'),
});
const incidentsQuery = z.object({ open: z.enum(['true', 'false']).optional() });
const pushQuery = z.object({
  status: z.enum(['up', 'down']).default('up'),
  msg: z.string().max(500).optional(),
});
const pushParam = z.object({ token: z.string().regex(/^[\w-]{16,64}$/, 'is not a push token') });
const domainParam = z.object({ domain: z.string().min(1).max(253) });

export function createMonitorsRoutes(service: MonitorsService) {
  const { sql, key } = service;
  const app = createRunnerRoutes();
  const view = async (rows: Parameters<typeof viewMonitors>[2]) =>
    viewMonitors(
      sql,
      key,
      rows.map((row) => service.current(row)),
    );

  app.get('/monitors', async (c) => {
    const filter = parseInput(listQuery, c.req.query(), 'query');
    return c.json({ monitors: await view(await listMonitors(sql, filter)) });
  });

  app.post('/monitors', async (c) => {
    const input = await readBody(c, monitorInputSchema);
    if (needsKey(input.config) && !key)
      throw new HttpError(
        503,
        'encryption_key_missing',
        'Set ENCRYPTION_KEY on the runners to store database URLs.',
      );
    const row = await createMonitor(sql, key, input);
    await service.changed(row.id);
    // The first check runs now rather than up to an interval later.
    if (!row.paused) void service.checkNow(row.id).catch(() => {});
    const [monitor] = await view([row]);
    return c.json(monitor, 201);
  });

  app.get('/monitors/:id', async (c) => {
    const { id } = parseInput(idParam, c.req.param(), 'path');
    const [monitor] = await view([await getMonitor(sql, id)]);
    return c.json(monitor);
  });

  app.put('/monitors/:id', async (c) => {
    const { id } = parseInput(idParam, c.req.param(), 'path');
    const input = await readBody(c, monitorInputSchema);
    const row = await updateMonitor(sql, key, id, input);
    await service.changed(id);
    const [monitor] = await view([row]);
    return c.json(monitor);
  });

  app.delete('/monitors/:id', async (c) => {
    const { id } = parseInput(idParam, c.req.param(), 'path');
    await deleteMonitor(sql, id);
    await service.changed(id);
    return c.body(null, 204);
  });

  for (const [action, paused] of [
    ['pause', true],
    ['resume', false],
  ] as const) {
    app.post(`/monitors/:id/${action}`, async (c) => {
      const { id } = parseInput(idParam, c.req.param(), 'path');
      const row = await setPaused(sql, id, paused);
      await service.changed(id);
      if (!paused) void service.checkNow(id).catch(() => {});
      const [monitor] = await view([row]);
      return c.json(monitor);
    });
  }

  app.post('/monitors/:id/check', async (c) => {
    const { id } = parseInput(idParam, c.req.param(), 'path');
    const row = await getMonitor(sql, id);
    if (row.paused) throw new HttpError(409, 'monitor_paused', 'Resume the monitor before checking it.');
    const result = await service.checkNow(id);
    if (!result) {
      if (row.type === 'push')
        return c.json({ status: 'up', latencyMs: null, message: 'Heartbeats arrive in time.', detail: {} });
      throw new HttpError(409, 'monitor_changed', 'The monitor changed while it was checked; try again.');
    }
    return c.json(result);
  });

  app.post('/test', async (c) => {
    const input = await readBody(c, monitorInputSchema);
    return c.json(await service.testConfig(input.config, input.timeoutMs));
  });

  app.get('/monitors/:id/history', async (c) => {
    const { id } = parseInput(idParam, c.req.param(), 'path');
    const { range } = parseInput(historyQuery, c.req.query(), 'query');
    await getMonitor(sql, id);
    return c.json(await monitorHistory(sql, id, range));
  });

  app.get('/monitors/:id/incidents', async (c) => {
    const { id } = parseInput(idParam, c.req.param(), 'path');
    await getMonitor(sql, id);
    return c.json({ incidents: await listIncidents(sql, { monitorId: id }) });
  });

  app.get('/incidents', async (c) => {
    const { open } = parseInput(incidentsQuery, c.req.query(), 'query');
    return c.json({ incidents: await listIncidents(sql, { open: open === 'true' }) });
  });

  app.get('/domains', async (c) => {
    const rows = (await listMonitors(sql)).map((row) => service.current(row));
    return c.json({ domains: domainsOverview(rows) });
  });

  app.get('/status/:domain', async (c) => {
    const { domain } = parseInput(domainParam, c.req.param(), 'path');
    return c.json(await statusPage(sql, domain.toLowerCase()));
  });

  // GET as well as POST: cron jobs and uptime pingers often only know how to fetch a URL.
  app.on(['GET', 'POST'], '/push/:token', async (c) => {
    const { token } = parseInput(pushParam, c.req.param(), 'path');
    const { status, msg } = parseInput(pushQuery, c.req.query(), 'query');
    if (!(await service.beat(token, status, msg)))
      throw new HttpError(404, 'push_token_unknown', 'No push monitor has this URL.');
    return c.json({ ok: true });
  });

  app.get('/maintenance', async (c) => c.json({ windows: await listMaintenance(sql) }));

  app.post('/maintenance', async (c) => {
    const input = await readBody(c, maintenanceInputSchema);
    const window = await createMaintenance(sql, input);
    await service.changed();
    return c.json(window, 201);
  });

  app.delete('/maintenance/:id', async (c) => {
    const { id } = parseInput(
      z.object({ id: z.uuid('must be a maintenance window id') }),
      c.req.param(),
      'path',
    );
    await deleteMaintenance(sql, id);
    await service.changed();
    return c.body(null, 204);
  });

  app.get('/metrics', async (c) => {
    const rows = (await listMonitors(sql)).map((row) => service.current(row));
    const uptime = await uptimeOf(
      sql,
      rows.map((row) => row.id),
    );
    const text = await metricsText(sql, rows, uptime, service.scheduler.lag);
    return c.body(text, 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
  });

  app.get('/events', (c) =>
    streamFeed(c, service.events, (event) => ({ event: 'monitor', data: event }), {
      heartbeatMs: service.heartbeatMs,
      first: 'monitor events',
    }),
  );

  return app;
}
