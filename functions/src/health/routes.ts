/** `GET /api/health`: for the dashboard banner, monitors and compose healthchecks; 503 while PostgreSQL is down. */
import { createRoute, z } from '@hono/zod-openapi';
import { createRouter, jsonResponse } from '../lib/router';
import { readHealth } from './check';

const runnerSchema = z.object({
  name: z.string(),
  state: z.enum(['starting', 'running', 'crashed', 'stopped', 'disabled']),
  restarts: z.number(),
  startedAt: z.string().nullable(),
  heartbeatAt: z.string().nullable(),
  lastError: z.string().nullable(),
});

export const healthSchema = z
  .object({
    status: z.enum(['ok', 'degraded', 'down']),
    version: z.string(),
    checkedAt: z.string(),
    database: z.object({ ok: z.boolean(), latencyMs: z.number().nullable(), error: z.string().optional() }),
    runners: z.object({
      ok: z.boolean(),
      error: z.string().optional(),
      runners: z.array(runnerSchema),
      queue: z.object({
        depth: z.number(),
        oldestQueuedAt: z.string().nullable(),
        running: z.number(),
        failed24h: z.number(),
      }),
    }),
  })
  .openapi('Health');

const healthRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['health'],
  summary: 'Database, runners, queue and version',
  responses: {
    200: jsonResponse(healthSchema, 'The database is up (runners may be degraded)'),
    503: jsonResponse(healthSchema, 'The database is down'),
  },
});

export const healthRoutes = createRouter().openapi(healthRoute, async (c) => {
  const health = await readHealth(c.get('config'), c.get('requestId'));
  c.header('cache-control', 'no-store');
  return health.database.ok ? c.json(health, 200) : c.json(health, 503);
});
