/**
 * `GET /metrics` at the root, where Prometheus looks: the monitors runner's exposition text. It
 * sits outside `/api`, so it applies the caller check itself: an API key (`Authorization: Bearer`)
 * or a session, never anonymous, because monitor names and targets are private.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { authenticate, reader } from '../auth/middleware';
import { createRouter, errors } from '../lib/router';
import { relay } from '../lib/runners';

const prometheusText = 'text/plain; version=0.0.4; charset=utf-8';

const metricsRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['monitors'],
  summary: 'Monitor states, latency and uptime in the Prometheus text format',
  middleware: [authenticate, reader] as const,
  responses: {
    200: { description: 'Prometheus exposition text', content: { 'text/plain': { schema: z.string() } } },
    ...errors(401, 403, 503),
  },
});

export const metricsRoutes = createRouter().openapi(metricsRoute, async (c) => {
  const res = await relay(c, 'monitors', { path: '/metrics', timeoutMs: 10_000 });
  return c.text(await res.text(), 200, { 'content-type': prometheusText, 'cache-control': 'no-store' });
});
