/**
 * `/api/gaming`: Sunshine on the gaming PC through the gaming runner. Members read the host's
 * status, applications and paired clients; owners and admins launch and stop applications, pair
 * and unpair Moonlight devices and wake the PC, each audited. A runner without Sunshine settings
 * answers 503 `not_configured`, which reaches the browser as is.
 */
import {
  gamingStatusSchema,
  launchInputSchema,
  pairedClientSchema,
  pinInputSchema,
  sunshineAppSchema,
  wakeProgressSchema,
} from '@homelab/db/gaming';
import { createRoute, z } from '@hono/zod-openapi';
import { operator, reader } from '../auth/middleware';
import { auditAs } from '../lib/context';
import { createRouter, errors, jsonBody, jsonResponse, readErrors, writeErrors } from '../lib/router';
import { relayJson } from '../lib/runners';

const tags = ['gaming'];
type Out<T extends z.ZodType> = z.infer<T>;

const status = gamingStatusSchema.meta({ id: 'GamingStatus' });
const app = sunshineAppSchema.meta({ id: 'SunshineApp' });
const client = pairedClientSchema.meta({ id: 'PairedClient' });
const currentApp = z.object({ name: z.string(), uuid: z.string(), launchedAt: z.string() });
const clientParam = z.object({
  id: z.string().regex(/^[0-9A-Za-z-]{1,128}$/, { error: 'must be the uuid of a paired client' }),
});

const statusRoute = createRoute({
  method: 'get',
  path: '/status',
  tags,
  summary: 'Sunshine: online, offline, refusing the login or not configured; the current app; Wake-on-LAN',
  middleware: [reader] as const,
  request: { query: z.object({ refresh: z.enum(['0', '1']).optional() }) },
  responses: { 200: jsonResponse(status, 'Status'), ...errors(400, ...readErrors) },
});
const appsRoute = createRoute({
  method: 'get',
  path: '/apps',
  tags,
  summary: "The applications in Sunshine's apps.json",
  middleware: [reader] as const,
  responses: {
    200: jsonResponse(z.object({ apps: z.array(app) }), 'Applications'),
    ...errors(...readErrors),
  },
});
const launchRoute = createRoute({
  method: 'post',
  path: '/apps/launch',
  tags,
  summary: 'Start an application on the host (hosts whose web API can launch: Apollo and newer forks)',
  middleware: [operator] as const,
  request: { body: jsonBody(launchInputSchema.meta({ id: 'GamingLaunchInput' })) },
  responses: {
    200: jsonResponse(z.object({ currentApp }), 'Started'),
    ...errors(...writeErrors),
  },
});
const closeRoute = createRoute({
  method: 'post',
  path: '/apps/close',
  tags,
  summary: 'Stop the running application',
  middleware: [operator] as const,
  responses: { 200: jsonResponse(z.object({ closed: z.boolean() }), 'Stopped'), ...errors(...writeErrors) },
});
const clientsRoute = createRoute({
  method: 'get',
  path: '/clients',
  tags,
  summary: 'Moonlight devices paired with the host',
  middleware: [reader] as const,
  responses: {
    200: jsonResponse(z.object({ clients: z.array(client) }), 'Paired clients'),
    ...errors(...readErrors),
  },
});
const unpairRoute = createRoute({
  method: 'post',
  path: '/clients/{id}/unpair',
  tags,
  summary: 'Unpair a device; it must pair again with a PIN to stream',
  middleware: [operator] as const,
  request: { params: clientParam },
  responses: {
    200: jsonResponse(z.object({ unpaired: z.boolean() }), 'Unpaired'),
    ...errors(...writeErrors),
  },
});
const pairRoute = createRoute({
  method: 'post',
  path: '/pair',
  tags,
  summary: 'Pair the Moonlight device that is waiting, with the 4-digit PIN it shows',
  middleware: [operator] as const,
  request: { body: jsonBody(pinInputSchema.meta({ id: 'GamingPinInput' })) },
  responses: { 200: jsonResponse(z.object({ client }), 'Paired'), ...errors(...writeErrors) },
});
const wakeRoute = createRoute({
  method: 'post',
  path: '/wake',
  tags,
  summary: 'Send the Wake-on-LAN packet; progress shows in the status',
  middleware: [operator] as const,
  responses: {
    202: jsonResponse(z.object({ progress: wakeProgressSchema }), 'Packet sent; waiting for Sunshine'),
    ...errors(...writeErrors),
  },
});

export const gamingRoutes = createRouter()
  .openapi(statusRoute, async (c) => {
    const { refresh } = c.req.valid('query');
    const path = refresh === '1' ? '/status?refresh=1' : '/status';
    const answer = await relayJson<{ status: Out<typeof status> }>(c, 'gaming', { path });
    return c.json(answer.status, 200);
  })
  .openapi(appsRoute, async (c) =>
    c.json(await relayJson<{ apps: Out<typeof app>[] }>(c, 'gaming', { path: '/apps' }), 200),
  )
  .openapi(launchRoute, async (c) => {
    const body = c.req.valid('json');
    auditAs(c, 'gaming.app.launch', body.uuid);
    const answer = await relayJson<{ currentApp: Out<typeof currentApp> }>(c, 'gaming', {
      method: 'POST',
      path: '/apps/launch',
      body,
    });
    auditAs(c, 'gaming.app.launch', body.uuid, { name: answer.currentApp.name });
    return c.json(answer, 200);
  })
  .openapi(closeRoute, async (c) => {
    auditAs(c, 'gaming.app.close');
    return c.json(
      await relayJson<{ closed: boolean }>(c, 'gaming', { method: 'POST', path: '/apps/close' }),
      200,
    );
  })
  .openapi(clientsRoute, async (c) =>
    c.json(await relayJson<{ clients: Out<typeof client>[] }>(c, 'gaming', { path: '/clients' }), 200),
  )
  .openapi(unpairRoute, async (c) => {
    const { id } = c.req.valid('param');
    auditAs(c, 'gaming.client.unpair', id);
    return c.json(
      await relayJson<{ unpaired: boolean }>(c, 'gaming', {
        method: 'POST',
        path: '/clients/unpair',
        body: { uuid: id },
      }),
      200,
    );
  })
  .openapi(pairRoute, async (c) => {
    const body = c.req.valid('json');
    // The PIN is single-use and worthless afterwards, but it still stays out of the audit log.
    auditAs(c, 'gaming.client.pair', body.name);
    const answer = await relayJson<{ client: Out<typeof client> }>(c, 'gaming', {
      method: 'POST',
      path: '/pair',
      body,
      timeoutMs: 20_000,
    });
    auditAs(c, 'gaming.client.pair', answer.client.uuid, { name: answer.client.name });
    return c.json(answer, 200);
  })
  .openapi(wakeRoute, async (c) => {
    auditAs(c, 'gaming.wake', 'gaming-pc');
    return c.json(
      await relayJson<{ progress: Out<typeof wakeProgressSchema> }>(c, 'gaming', {
        method: 'POST',
        path: '/wake',
      }),
      202,
    );
  });
