/**
 * The chat runner's internal routes, mounted at /chat: its status, a tenant's live events (SSE) and
 * sending into a channel this process holds. Functions may ask any process; one that does not hold
 * the channel answers 409 with the holder's name.
 */
import { chatSendSchema } from '@homelab/db/stream/events';
import type { Sql } from 'postgres';
import { z } from 'zod';
import { createRunnerRoutes, HttpError } from '../internal/errors';
import { parseInput, readBody } from '../internal/request-input';
import { streamFeed } from '../internal/sse';
import type { Logger } from '../log';
import type { OverlayHub } from '../overlays/hub';
import { leaseHolder } from './leases';
import type { ChatManager } from './manager';

export type ChatRoutesDeps = {
  sql: Sql;
  log: Logger;
  manager: ChatManager;
  /** Platforms left unconnected and the variables they miss. */
  unconfigured: Record<string, string[]>;
  heartbeatMs?: number;
  /** The tenants' OBS overlay feeds; without it the overlay route answers 503. */
  overlays?: OverlayHub;
};

const tenantParams = z.object({ tenantId: z.string().uuid() });
const sendBody = chatSendSchema.extend({ tenantId: z.string().uuid() });

export function createChatRoutes(deps: ChatRoutesDeps) {
  const { manager } = deps;
  const app = createRunnerRoutes();

  app.get('/status', (c) =>
    c.json({
      holder: manager.holder,
      channels: manager.channels(),
      connections: manager.connectionStatus(),
      unconfigured: deps.unconfigured,
      leases: manager.leases.status(),
      queue: manager.queue.stats(),
      ingest: manager.pipeline.stats(),
    }),
  );

  app.get('/tenants/:tenantId/events', (c) => {
    const { tenantId } = parseInput(tenantParams, c.req.param(), 'path');
    return streamFeed(c, manager.pipeline.feed(tenantId), (event) => ({ event: 'chat', data: event }), {
      heartbeatMs: deps.heartbeatMs ?? 15_000,
      first: 'connected',
      log: deps.log,
    });
  });

  app.get('/tenants/:tenantId/overlay', (c) => {
    const { tenantId } = parseInput(tenantParams, c.req.param(), 'path');
    if (!deps.overlays) throw new HttpError(503, 'unavailable', 'Overlays are not served by this process.');
    return streamFeed(c, deps.overlays.feed(tenantId), (event) => ({ event: 'overlay', data: event }), {
      heartbeatMs: deps.heartbeatMs ?? 15_000,
      first: 'connected',
      log: deps.log,
    });
  });

  app.post('/send', async (c) => {
    const body = await readBody(c, sendBody);
    const [channel] = await deps.sql<{ tenant_id: string }[]>`
      select tenant_id from stream_channels where id = ${body.channelId}`;
    if (!channel || channel.tenant_id !== body.tenantId)
      throw new HttpError(404, 'not_found', 'No such channel for this tenant.');
    const id = manager.send(body.channelId, body.text, body.replyTo);
    if (id === null) {
      const holder = await leaseHolder(deps.sql, body.channelId);
      const message = holder
        ? `The channel is served by the bot process ${holder}; send it there.`
        : 'No bot process serves this channel right now (it is disabled, or its platform is not connected).';
      return c.json({ error: { code: 'not_held_here', message }, holder }, 409);
    }
    return c.json({ queued: true, id }, 202);
  });

  return app;
}
