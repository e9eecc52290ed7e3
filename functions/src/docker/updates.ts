/**
 * `/api/docker/containers/{id}/update` and `/api/docker/updates…`: one-click container updates. The
 * docker runner pulls, snapshots, recreates and rolls back; these routes check who may call, name
 * the update for the audit log with who started it, and serve the history the page polls.
 */
import { engineRefSchema } from '@homelab/db/docker';
import { containerUpdateSchema, listUpdatesQuerySchema } from '@homelab/db/docker-updates';
import { createRoute, z } from '@hono/zod-openapi';
import { operator, reader } from '../auth/middleware';
import { auditAs } from '../lib/context';
import { createRouter, errors, jsonResponse } from '../lib/router';
import { query, relayJson } from '../lib/runners';

const tags = ['docker'];
const update = containerUpdateSchema.meta({ id: 'ContainerUpdate' });
const updateResult = z.object({ update });
const updateList = z.object({ updates: z.array(update) });

const startRoute = createRoute({
  method: 'post',
  path: '/containers/{id}/update',
  tags,
  summary:
    "Update a container to its tag's newest image: its volumes are snapshotted first and it is rolled back if the new one is not healthy (202; poll /updates/{id})",
  middleware: [operator] as const,
  request: { params: z.object({ id: engineRefSchema }) },
  responses: {
    202: jsonResponse(updateResult, 'The update, started'),
    ...errors(400, 401, 403, 404, 409, 429, 503),
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/updates',
  tags,
  summary: 'Container updates, newest first (`container` for one container)',
  middleware: [reader] as const,
  request: { query: listUpdatesQuerySchema },
  responses: { 200: jsonResponse(updateList, 'Updates'), ...errors(400, 401, 403, 503) },
});

const detailRoute = createRoute({
  method: 'get',
  path: '/updates/{id}',
  tags,
  summary: 'One container update with the steps it has gone through',
  middleware: [reader] as const,
  request: { params: z.object({ id: z.string().uuid() }) },
  responses: { 200: jsonResponse(updateResult, 'Update'), ...errors(400, 401, 403, 404, 503) },
});

export const updateRoutes = createRouter()
  .openapi(startRoute, async (c) => {
    const { id } = c.req.valid('param');
    auditAs(c, 'docker.container.update', id);
    const result = await relayJson<z.infer<typeof updateResult>>(c, 'docker', {
      method: 'POST',
      path: `/containers/${encodeURIComponent(id)}/update`,
      body: { startedBy: c.get('auth')?.user.username },
    });
    return c.json(result, 202);
  })
  .openapi(listRoute, async (c) => {
    const path = `/updates${query(c.req.valid('query'))}`;
    return c.json(await relayJson<z.infer<typeof updateList>>(c, 'docker', { path }), 200);
  })
  .openapi(detailRoute, async (c) => {
    const { id } = c.req.valid('param');
    const path = `/updates/${encodeURIComponent(id)}`;
    return c.json(await relayJson<z.infer<typeof updateResult>>(c, 'docker', { path }), 200);
  });
