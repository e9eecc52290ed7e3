/**
 * `GET /api/docker/containers/:id/exec`: the interactive console. The browser's WebSocket is passed
 * through to the docker runner, which attaches it to an exec in the container. A browser sends
 * cookies with a WebSocket from any site, so the Origin is checked here the way CSRF is for POSTs.
 */
import { engineRefSchema } from '@homelab/db/docker';
import { z } from '@hono/zod-openapi';
import { writeAudit } from '../audit/record';
import { isSameOrigin } from '../auth/csrf';
import { requireAuth } from '../auth/middleware';
import { auditAs } from '../lib/context';
import { ApiError, badRequest, forbidden } from '../lib/errors';
import { createRouter } from '../lib/router';
import { relay } from '../lib/runners';

const querySchema = z.object({
  cmd: z.string().max(4_096, 'the command must be at most 4 KB').optional(),
  cols: z.coerce.number().int().min(10).max(1_000).default(80),
  rows: z.coerce.number().int().min(5).max(500).default(24),
});

export const execRoutes = createRouter().get(
  '/containers/:id/exec',
  requireAuth({ role: ['owner', 'admin'], scope: 'admin' }),
  async (c) => {
    if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
      throw new ApiError(426, 'upgrade_required', 'Open this URL as a WebSocket.');
    }
    const origin = c.req.header('origin');
    if (origin !== undefined && !isSameOrigin(origin, c.req.url, c.get('config').PUBLIC_ORIGIN)) {
      throw forbidden('Cross-site WebSocket requests are refused.');
    }
    const id = engineRefSchema.safeParse(c.req.param('id'));
    if (!id.success) throw badRequest('Check the container id: it must be an id or a name.');
    const query = querySchema.safeParse(c.req.query());
    if (!query.success) {
      throw badRequest(`Check the request: ${query.error.issues[0]?.message ?? 'invalid query'}.`);
    }
    const search = new URLSearchParams({ cols: String(query.data.cols), rows: String(query.data.rows) });
    if (query.data.cmd) search.set('cmd', query.data.cmd);
    auditAs(c, 'docker.container.exec', id.data, { cmd: query.data.cmd ?? '/bin/sh' });
    const res = await relay(c, 'docker', {
      path: `/containers/${encodeURIComponent(id.data)}/exec?${search}`,
      headers: { upgrade: 'websocket' },
    });
    // Opening a shell changes nothing by itself but is as powerful as any mutation: it is audited too.
    await writeAudit(c).catch(() => {});
    // workerd hands the runner's socket over as `webSocket`; a fresh 101 response carries it to the
    // browser with headers the middleware may still add to.
    const webSocket = (res as Response & { webSocket?: unknown }).webSocket;
    if (!webSocket) throw new ApiError(502, 'runner_failed', 'The docker runner did not open the console.');
    return new Response(null, { status: 101, webSocket } as ResponseInit);
  },
);
