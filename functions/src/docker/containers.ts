/**
 * `/api/docker/containers…`, `/status`, `/events`, `/stats`: the docker runner does the work; these
 * routes check who may call, validate every input against the shared schemas, name the action for
 * the audit log and hand the runner's answer (or its refusal) on.
 */
import {
  containerActions,
  containerDetailSchema,
  containerListSchema,
  containerSummarySchema,
  engineRefSchema,
  engineStatusSchema,
  logsQuerySchema,
  removeContainerSchema,
  renameContainerSchema,
} from '@homelab/db/docker';
import { createRoute, z } from '@hono/zod-openapi';
import { operator } from '../auth/middleware';
import { auditAs } from '../lib/context';
import { createRouter, errors, jsonBody, jsonResponse, sseResponse } from '../lib/router';
import { query, relay, relayJson, relayStream } from '../lib/runners';

const idParam = z.object({ id: engineRefSchema });
const containerResult = z.object({ container: containerSummarySchema.meta({ id: 'ContainerSummary' }) });
const tags = ['docker'];

export const statusRoute = createRoute({
  method: 'get',
  path: '/status',
  tags,
  summary: 'Whether the container engine is reachable, and its version',
  middleware: [operator] as const,
  responses: { 200: jsonResponse(engineStatusSchema, 'Engine status'), ...errors(401, 403, 503) },
});

const listRoute = createRoute({
  method: 'get',
  path: '/containers',
  tags,
  summary: 'Every container with state, health, ports, uptime, restarts and compose project',
  middleware: [operator] as const,
  responses: { 200: jsonResponse(containerListSchema, 'Containers'), ...errors(401, 403, 503) },
});

const detailRoute = createRoute({
  method: 'get',
  path: '/containers/{id}',
  tags,
  summary: 'One container: its summary and the engine inspect document',
  middleware: [operator] as const,
  request: { params: idParam },
  responses: { 200: jsonResponse(containerDetailSchema, 'Container'), ...errors(400, 401, 403, 404, 503) },
});

const actionRoute = createRoute({
  method: 'post',
  path: '/containers/{id}/{action}',
  tags,
  summary: 'Start, stop, restart, kill, pause or unpause a container (409 when its state does not allow it)',
  middleware: [operator] as const,
  request: { params: idParam.extend({ action: z.enum(containerActions) }) },
  responses: {
    200: jsonResponse(containerResult, 'The container after the action'),
    ...errors(400, 401, 403, 404, 409, 429, 503),
  },
});

const renameRoute = createRoute({
  method: 'post',
  path: '/containers/{id}/rename',
  tags,
  summary: 'Rename a container',
  middleware: [operator] as const,
  request: { params: idParam, body: jsonBody(renameContainerSchema) },
  responses: { 200: jsonResponse(containerResult, 'Renamed'), ...errors(400, 401, 403, 404, 409, 429, 503) },
});

const removeRoute = createRoute({
  method: 'delete',
  path: '/containers/{id}',
  tags,
  summary: 'Remove a container (`confirm: true` required; `volumes` also removes its anonymous volumes)',
  middleware: [operator] as const,
  request: { params: idParam, body: jsonBody(removeContainerSchema) },
  responses: { 204: { description: 'Removed' }, ...errors(400, 401, 403, 404, 409, 429, 503) },
});

const logsRoute = createRoute({
  method: 'get',
  path: '/containers/{id}/logs',
  tags,
  summary: 'Logs as Server-Sent Events (`line` events, then `end` unless following)',
  middleware: [operator] as const,
  request: { params: idParam, query: logsQuerySchema },
  responses: { 200: sseResponse('text/event-stream of LogLine JSON'), ...errors(400, 401, 403, 404, 503) },
});

const downloadRoute = createRoute({
  method: 'get',
  path: '/containers/{id}/logs/download',
  tags,
  summary: 'Logs as a text file',
  middleware: [operator] as const,
  request: { params: idParam, query: logsQuerySchema },
  responses: {
    200: { description: 'The log lines as a text/plain attachment' },
    ...errors(400, 401, 403, 404, 503),
  },
});

const statsRoute = createRoute({
  method: 'get',
  path: '/containers/{id}/stats',
  tags,
  summary: 'Live CPU, memory, network and block I/O of one container (`stats` events)',
  middleware: [operator] as const,
  request: { params: idParam },
  responses: {
    200: sseResponse('text/event-stream of ContainerStats JSON'),
    ...errors(400, 401, 403, 404, 503),
  },
});

const allStatsRoute = createRoute({
  method: 'get',
  path: '/stats',
  tags,
  summary: 'Live stats of every running container, about once a second (`stats` events)',
  middleware: [operator] as const,
  responses: { 200: sseResponse('text/event-stream of {at, containers}'), ...errors(401, 403, 503) },
});

const eventsRoute = createRoute({
  method: 'get',
  path: '/events',
  tags,
  summary: 'Container changes and engine connection changes as they happen (`event` events)',
  middleware: [operator] as const,
  responses: { 200: sseResponse('text/event-stream of DockerEvent JSON'), ...errors(401, 403, 503) },
});

export const containerRoutes = createRouter()
  .openapi(statusRoute, async (c) =>
    c.json(await relayJson<z.infer<typeof engineStatusSchema>>(c, 'docker', { path: '/status' }), 200),
  )
  .openapi(listRoute, async (c) =>
    c.json(await relayJson<z.infer<typeof containerListSchema>>(c, 'docker', { path: '/containers' }), 200),
  )
  .openapi(detailRoute, async (c) => {
    const { id } = c.req.valid('param');
    const path = `/containers/${encodeURIComponent(id)}`;
    return c.json(await relayJson<z.infer<typeof containerDetailSchema>>(c, 'docker', { path }), 200);
  })
  .openapi(renameRoute, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    auditAs(c, 'docker.container.rename', id, { name: body.name });
    const path = `/containers/${encodeURIComponent(id)}/rename`;
    const result = await relayJson<z.infer<typeof containerResult>>(c, 'docker', {
      method: 'POST',
      path,
      body,
    });
    return c.json(result, 200);
  })
  .openapi(actionRoute, async (c) => {
    const { id, action } = c.req.valid('param');
    auditAs(c, `docker.container.${action}`, id);
    const path = `/containers/${encodeURIComponent(id)}/${action}`;
    // Stopping waits for the container's grace period (10 s by default) before the engine kills it.
    const result = await relayJson<z.infer<typeof containerResult>>(c, 'docker', {
      method: 'POST',
      path,
      timeoutMs: 30_000,
    });
    return c.json(result, 200);
  })
  .openapi(removeRoute, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    auditAs(c, 'docker.container.remove', id, { volumes: body.volumes, force: body.force });
    await relay(c, 'docker', {
      method: 'DELETE',
      path: `/containers/${encodeURIComponent(id)}`,
      body,
      timeoutMs: 30_000,
    });
    return c.body(null, 204);
  })
  .openapi(logsRoute, async (c) => {
    const { id } = c.req.valid('param');
    const path = `/containers/${encodeURIComponent(id)}/logs${query(c.req.valid('query'))}`;
    return relayStream(c, 'docker', { path });
  })
  .openapi(downloadRoute, async (c) => {
    const { id } = c.req.valid('param');
    const path = `/containers/${encodeURIComponent(id)}/logs/download${query(c.req.valid('query'))}`;
    const res = await relay(c, 'docker', { path, timeoutMs: 30_000 });
    return new Response(res.body, {
      status: 200,
      headers: {
        'content-type': 'text/plain; charset=utf-8',
        'content-disposition':
          res.headers.get('content-disposition') ?? `attachment; filename="${id.slice(0, 64)}.log"`,
        'cache-control': 'no-store',
      },
    });
  })
  .openapi(statsRoute, async (c) => {
    const { id } = c.req.valid('param');
    return relayStream(c, 'docker', { path: `/containers/${encodeURIComponent(id)}/stats` });
  })
  .openapi(allStatsRoute, async (c) => relayStream(c, 'docker', { path: '/stats' }))
  .openapi(eventsRoute, async (c) => relayStream(c, 'docker', { path: '/events' }));
