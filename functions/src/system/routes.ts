/** Host metrics: the latest sample and the live stream come from the system runner; history from PostgreSQL. */

import { metricPointSchema, metricSampleSchema } from '@homelab/db';
import { createRoute, z } from '@hono/zod-openapi';
import { reader, requireAuth } from '../auth/middleware';
import { auditAs, db } from '../lib/context';
import { createRouter, errors, jsonResponse, sseResponse } from '../lib/router';
import { callRunner, enqueueJob, relayStream } from '../lib/runners';
import { bucketSeconds, type Range, ranges, readHistory, resolutionOf } from './history';

const sampleSchema = metricSampleSchema.meta({ id: 'MetricSample' });

const latestRoute = createRoute({
  method: 'get',
  path: '/latest',
  tags: ['system'],
  summary: 'The newest host metrics sample',
  middleware: [reader] as const,
  responses: { 200: jsonResponse(sampleSchema, 'Latest sample'), ...errors(401, 403, 503) },
});

const historyRoute = createRoute({
  method: 'get',
  path: '/history',
  tags: ['system'],
  summary: 'Host metrics history, about 300 points over the range',
  middleware: [reader] as const,
  request: {
    query: z.object({
      range: z.enum(Object.keys(ranges) as [Range, ...Range[]]).default('1h'),
    }),
  },
  responses: {
    200: jsonResponse(
      z.object({
        range: z.string(),
        resolution: z.enum(['raw', 'minute', 'hour']),
        bucketSeconds: z.number(),
        points: z.array(metricPointSchema.meta({ id: 'MetricPoint' })),
      }),
      'History',
    ),
    ...errors(400, 401, 403, 503),
  },
});

const streamRoute = createRoute({
  method: 'get',
  path: '/stream',
  tags: ['system'],
  summary: 'Live samples as Server-Sent Events (`event: sample`)',
  middleware: [reader] as const,
  responses: {
    200: sseResponse('text/event-stream of MetricSample JSON'),
    ...errors(401, 403, 503),
  },
});

const compactRoute = createRoute({
  method: 'post',
  path: '/compact',
  tags: ['system'],
  summary: 'Queue a downsampling and retention pass now (it also runs every 10 minutes)',
  middleware: [requireAuth({ role: ['owner', 'admin'], scope: 'admin' })] as const,
  responses: {
    202: jsonResponse(z.object({ jobId: z.number() }), 'Queued for the system runner'),
    ...errors(401, 403, 429),
  },
});

export const systemRoutes = createRouter()
  .openapi(latestRoute, async (c) => {
    // Before its first sample the runner answers 503 `no_sample`, which relay() hands on.
    const res = await callRunner(c, 'system', '/latest', 2_000);
    return c.json(metricSampleSchema.parse(await res.json()), 200);
  })
  .openapi(historyRoute, async (c) => {
    const { range } = c.req.valid('query');
    const bucket = bucketSeconds(range);
    const points = await readHistory(db(c), range);
    return c.json({ range, resolution: resolutionOf(bucket), bucketSeconds: bucket, points }, 200);
  })
  .openapi(streamRoute, async (c) => relayStream(c, 'system', { path: '/stream', timeoutMs: 3_000 }))
  .openapi(compactRoute, async (c) => {
    const job = await enqueueJob(c, 'system', 'compact');
    auditAs(c, 'system.compact', `job:${job.id}`);
    return c.json({ jobId: job.id }, 202);
  });
